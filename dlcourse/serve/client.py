"""The caller's side of chapter 10: show an answer as a learner reads it, and time requests.

::

    http = httpx.Client(base_url=server.url)
    print(shown(http.get("/similar/holmes")))        # GET /similar/holmes → 200, then the JSON
    timing = time_requests(server.url, [("GET", "/health", None)], n=200, clients=4)
    timing.p50_ms, timing.p99_ms, timing.per_second
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass

import httpx
import numpy as np

from dlcourse.checks import positive_int, positive_number


def rounded(value, places: int = 3):
    """``value`` (parsed JSON) with every float rounded to ``places`` decimals."""
    if isinstance(value, float):
        return round(value, places)
    if isinstance(value, list):
        return [rounded(v, places) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v, places) for k, v in value.items()}
    return value


def shown(response: httpx.Response, places: int = 3) -> str:
    """The request line, the status and the JSON answer (floats to ``places`` decimals)."""
    if not isinstance(response, httpx.Response):
        raise TypeError(f"response must be an httpx.Response (http.get(...)), got "
                        f"{type(response).__name__}.")
    request = response.request
    body = json.dumps(rounded(response.json(), places), ensure_ascii=False)
    return f"{request.method} {request.url.raw_path.decode()} → {response.status_code}\n{body}"


@dataclass(frozen=True)
class Timing:
    """Round-trip ``seconds`` of each request, and the ``wall`` time of them all."""

    seconds: np.ndarray
    wall: float
    clients: int

    @property
    def p50_ms(self) -> float:
        return float(1000 * np.percentile(self.seconds, 50))

    @property
    def p99_ms(self) -> float:
        return float(1000 * np.percentile(self.seconds, 99))

    @property
    def per_second(self) -> float:
        """Requests answered per second of wall time."""
        return len(self.seconds) / self.wall


def time_requests(url: str, calls, n: int, clients: int = 1, seconds: float = 60.0) -> Timing:
    """Send ``n`` requests (cycling through ``calls``: (method, path, json or None)) from
    ``clients`` concurrent clients, each waiting for its answer; stop early after ``seconds``.

    Each client keeps its connection open (keep-alive), as a real caller would. An answer
    that is not 200 raises RuntimeError naming it.
    """
    n, clients = positive_int(n, "n"), positive_int(clients, "clients")
    seconds = positive_number(seconds, "seconds")
    calls = list(calls)
    if not calls:
        raise ValueError("calls is empty: give at least one (method, path, json) request.")
    latencies, failures, lock, order = [], [], threading.Lock(), iter(range(n))
    deadline = time.perf_counter() + seconds

    def client():
        with httpx.Client(base_url=url, timeout=30) as http:
            while time.perf_counter() < deadline and not failures:
                with lock:
                    i = next(order, None)
                if i is None:
                    return
                method, path, body = calls[i % len(calls)]
                start = time.perf_counter()
                response = http.request(method, path, json=body)
                elapsed = time.perf_counter() - start
                with lock:
                    if response.status_code != 200:
                        failures.append(f"{method} {path} → {response.status_code}: "
                                        f"{response.text[:200]}")
                    latencies.append(elapsed)

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError(f"the service did not answer 200: {failures[0]}")
    return Timing(np.array(latencies), time.perf_counter() - start, clients)
