"""The kernel plumbing of headless runs (used by ``dlcourse.runner``).

A client that never misses a message: jupyter_client's asyncio channel waits
for a message with one long poll of the socket. Under CPU load that poll can
miss its wake-up: the reply sits in the socket while the run waits until the
cell times out, with the kernel idle (seen here with papermill on a busy 2-core
machine). Polling in short slices re-checks the socket, so a missed wake-up
costs at most one slice.

A manager that keeps the kernel process's own stderr out of the terminal: a
cell's output reaches the notebook over iopub either way, but after Ctrl-C
ipykernel's shutdown can race its own sockets and print a ZMQError traceback
there. The kernel's stderr goes to a log file instead, which the runner reads
when a kernel dies.
"""

from __future__ import annotations

import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import Type, Unicode

SLICE_SECONDS = 0.5


class SlicedPollChannel(AsyncZMQSocketChannel):
    """An asyncio channel whose ``get_msg`` polls in slices of ``SLICE_SECONDS``."""

    async def get_msg(self, timeout: float | None = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE_SECONDS if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise Empty
            if await self.socket.poll(int(min(left, SLICE_SECONDS) * 1000)):
                return await self._recv()


class SlicedPollKernelClient(AsyncKernelClient):
    """An asyncio kernel client whose shell, iopub and control channels poll in slices."""

    shell_channel_class = Type(SlicedPollChannel)
    iopub_channel_class = Type(SlicedPollChannel)
    control_channel_class = Type(SlicedPollChannel)


class LoggedKernelManager(AsyncKernelManager):
    """An asyncio kernel manager starting the kernel with its stderr appended to ``stderr_path``."""

    stderr_path = Unicode("", help="File the kernel process's stderr goes to ('' = inherited)."
                          ).tag(config=True)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        if not self.stderr_path:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        with open(self.stderr_path, "ab") as log:  # the kernel holds its own copy of the file
            return await super()._async_launch_kernel(kernel_cmd, **kw, stderr=log)


def last_line(path: str | Path) -> str:
    """The last non-blank line of a text file; "" when it is missing or empty."""
    try:
        lines = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return next((line.strip() for line in reversed(lines) if line.strip()), "")
