"""Run the service on 127.0.0.1 in a background thread, beside a notebook or a test (chapter 10).

::

    with BackgroundServer(create_app()) as server:      # started, listening
        httpx.get(f"{server.url}/health").json()
    # stopped: the port is free again

In a notebook, ``server = BackgroundServer(app).start()`` in one cell and ``server.stop()``
in a later one; the server stops with the kernel too (its thread is a daemon and it is
stopped at interpreter exit), so a failing cell leaves no port or process behind.
"""

from __future__ import annotations

import atexit
import socket
import threading
import time

import uvicorn

from dlcourse.checks import int_in_range, positive_number

LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class BackgroundServer:
    """uvicorn serving ``app`` on ``host``:``port`` (0: a free port) in a daemon thread."""

    def __init__(self, app, host: str = LOOPBACK, port: int = 0, start_timeout: float = 20.0):
        if not isinstance(host, str) or not host:
            raise TypeError(f"host must be an address such as {LOOPBACK!r}, got {host!r}.")
        port = int_in_range(port, "port", 0, 65535, " (0 picks a free port)")
        self.host, self.port = host, port or free_port(host)
        self.start_timeout = positive_number(start_timeout, "start_timeout")
        self._server = uvicorn.Server(uvicorn.Config(app, host=host, port=self.port,
                                                     log_level="warning", lifespan="off"))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> BackgroundServer:
        """Start serving and return once the port listens (RuntimeError if it cannot)."""
        if self.running:
            raise RuntimeError(f"the server at {self.url} is already running.")
        with socket.socket() as probe:  # a taken port: say so here, not in uvicorn's thread
            try:
                probe.bind((self.host, self.port))
            except OSError as exc:
                raise RuntimeError(f"the server could not start on {self.url}: {exc.strerror} "
                                   f"(pick another port, or port=0 for a free one).") from None
        self._thread = threading.Thread(target=self._server.run, name=f"dlcourse-serve-{self.port}",
                                        daemon=True)
        self._thread.start()
        deadline = time.monotonic() + self.start_timeout
        while not self._server.started:
            if not self._thread.is_alive():  # uvicorn logged why
                raise RuntimeError(f"the server could not start on {self.url}.")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not start on {self.url} within "
                                   f"{self.start_timeout:g} s.")
            time.sleep(0.02)
        atexit.register(self.stop)
        return self

    def stop(self) -> None:
        """Stop serving and wait until the port is free; stopping twice does nothing."""
        if self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._thread = None
        atexit.unregister(self.stop)

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
