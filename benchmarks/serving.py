"""Chapter 10: latency and throughput of every route of the service, over loopback HTTP.

    .venv/bin/python benchmarks/serving.py [--requests 300] [--clients 4] [--threads 2]

Starts the service (``dlcourse serve``) on 127.0.0.1 in a process of its own (``--in-process``:
in a thread of this one, as the chapter does), then for each route
sends ``--requests`` requests from one client (keep-alive, one at a time) and the same number
from ``--clients`` concurrent clients, and prints p50 and p99 latency and requests per second.
Then batches: ``POST /digits`` with 1, 16 and 256 digits a request (digits per second).
Last, the model's own time for the same call in process, against the HTTP round trip, as a
ratio. Only 127.0.0.1; every loop is bounded by ``--requests`` and ``--seconds``.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time

import httpx
import torch

from dlcourse.data.mnist import load_mnist
from dlcourse.models.io import predict_digit
from dlcourse.models.seq2seq import translate
from dlcourse.nn.similarity import nearest_words
from dlcourse.serve.app import create_app
from dlcourse.serve.background import BackgroundServer, free_port
from dlcourse.serve.client import Timing, time_requests
from dlcourse.serve.models import load_served_models


def describe(timing: Timing, per_request: int = 1) -> str:
    rate = timing.per_second * per_request
    return (f"p50 {timing.p50_ms:6.2f} ms  p99 {timing.p99_ms:6.2f} ms  "
            f"{rate:8.0f} {'req' if per_request == 1 else 'digits'}/s  "
            f"({len(timing.seconds)} requests)")


@contextlib.contextmanager
def service_process(port: int):
    """``dlcourse serve`` on 127.0.0.1:``port``, a child process; yields its URL once it answers."""
    url = f"http://127.0.0.1:{port}"
    child = subprocess.Popen([sys.executable, "-m", "dlcourse", "serve", "--port", str(port)],
                             stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/health", timeout=1)
                break
            except httpx.TransportError:
                if child.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("dlcourse serve did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        child.terminate()
        child.wait(timeout=30)


def model_time(call, repeats: int = 50) -> float:
    """Median seconds of ``call()`` in process."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60, help="most seconds per measurement")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--in-process", action="store_true",
                        help="serve from a thread of this process (clients and server share it)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    models = load_served_models()
    images = load_mnist("test").images[:256]
    routes = {
        "GET /health": [("GET", "/health", None)],
        "GET /similar/{word}": [("GET", f"/similar/{w}", None)
                                for w in ("holmes", "war", "king", "said", "france")],
        "POST /digit": [("POST", "/digit", {"image": im.tolist()}) for im in images[:10]],
        "POST /date": [("POST", "/date", {"text": t})
                       for t in ("3 May 1979", "1979年5月3日", "Thursday, May 3, 1979")],
    }
    in_process = {
        "GET /similar/{word}": lambda: nearest_words(models.vectors, models.words, "holmes", 5),
        "POST /digit": lambda: predict_digit(models.digits, images[0]),
        "POST /date": lambda: translate(models.dates, ["3 May 1979"]),
    }
    serving = (BackgroundServer(create_app(models)) if args.in_process
               else service_process(free_port()))
    with serving as server:
        url = server.url if args.in_process else server
        print(f"service at {url} ({'this process' if args.in_process else 'its own process'}), "
              f"torch threads {args.threads}, {args.requests} requests per row")
        for route, calls in routes.items():
            one = time_requests(url, calls, args.requests, 1, args.seconds)
            many = time_requests(url, calls, args.requests, args.clients, args.seconds)
            print(f"{route:22} 1 client:  {describe(one)}")
            print(f"{'':22} {args.clients} clients: {describe(many)}")
            if route in in_process:
                model_s = model_time(in_process[route])
                http_s = one.p50_ms / 1000
                print(f"{'':22} model alone {1000 * model_s:.2f} ms: the HTTP round trip is "
                      f"{http_s / model_s:.1f}x the model's time")
        for batch in (1, 16, 256):
            body = {"images": images[:batch].tolist()}
            timing = time_requests(url, [("POST", "/digits", body)],
                                   max(10, args.requests // batch * 4), 1, args.seconds)
            print(f"POST /digits x{batch:<4}      1 client:  {describe(timing, batch)}")


if __name__ == "__main__":
    main()
