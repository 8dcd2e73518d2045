"""NumPy conv2d (chapter 03) against torch on the same input, in one process, as ratios.

Run: ``.venv/bin/python benchmarks/conv2d.py [--repeats 20]``. Prints the BLAS
that NumPy uses (threadpoolctl), then the median time of the vectorised NumPy
forward and backward (dL/dX, dL/dW, dL/db), of torch's forward and backward,
and of the plain loop :func:`dlcourse.nn.conv.conv2d_loop` (timed on a few
images and scaled to the batch, because it is hundreds of times slower). Not part of the
test run; the times depend on the machine and its load, the ratios less so.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from threadpoolctl import threadpool_info, threadpool_limits

from dlcourse.nn.conv import Conv2d, conv2d_loop

CASES = {  # name: (N, C, H, W), (F, C, kh, kw), padding
    "MNIST first layer": ((128, 1, 28, 28), (32, 1, 3, 3), 0),
    "second layer": ((128, 32, 13, 13), (64, 32, 3, 3), 1),
}


def median_seconds(fn, repeats: int) -> float:
    """Median wall time of ``fn()`` over ``repeats`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def torch_times(X, W, b, dLdY, padding: int, dtype, repeats: int) -> tuple[float, float]:
    """Median seconds of torch's conv2d forward, and of its backward alone, in ``dtype``."""
    Xt, Wt, bt = (torch.tensor(a, dtype=dtype, requires_grad=True) for a in (X, W, b))
    gt = torch.tensor(dLdY, dtype=dtype)
    with torch.no_grad():
        forward = median_seconds(lambda: F.conv2d(Xt, Wt, bt, padding=padding), repeats)

    def forward_backward():
        Y = F.conv2d(Xt, Wt, bt, padding=padding)
        torch.autograd.grad(Y, (Xt, Wt, bt), gt)

    return forward, median_seconds(forward_backward, repeats) - forward


def bench(x_shape, w_shape, padding: int, repeats: int, loop_images: int) -> dict:
    """Seconds for each implementation on one random input (NumPy works in float64)."""
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0])
    layer = Conv2d(W, b, padding=padding)
    dLdY = rng.normal(size=layer.forward(X).shape)
    times = {"numpy forward": median_seconds(lambda: layer.forward(X), repeats),
             "numpy backward": median_seconds(lambda: layer.backward(dLdY), repeats)}
    for dtype, label in ((torch.float64, "torch64"), (torch.float32, "torch32")):
        forward, backward = torch_times(X, W, b, dLdY, padding, dtype, repeats)
        times[f"{label} forward"], times[f"{label} backward"] = forward, backward
    loop = median_seconds(lambda: conv2d_loop(X[:loop_images], W, b, padding=padding), 1)
    times["loop forward"] = loop * x_shape[0] / loop_images  # scaled to the whole batch
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="timed calls per measurement")
    parser.add_argument("--loop-images", type=int, default=2,
                        help="images the plain loop is timed on (then scaled to the batch)")
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="threads for torch and for NumPy's BLAS (default: all cores; use 1 "
                             "on a machine other jobs share)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    threadpool_limits(limits=args.threads)
    for pool in threadpool_info():
        print(f"BLAS: {pool['internal_api']} {pool.get('version')} ({pool['user_api']}), "
              f"{pool['num_threads']} threads, kernel {pool.get('architecture')}, "
              f"library {os.path.basename(pool['filepath'])}")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; NumPy "
          f"{np.__version__}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print("Same float64 input for NumPy and torch64; torch32 (torch's default dtype) for "
          "reference. Loop time scaled from a few images to the batch.\n")
    for name, (x_shape, w_shape, padding) in CASES.items():
        t = bench(x_shape, w_shape, padding, args.repeats, args.loop_images)
        print(f"{name}: X {x_shape}, W {w_shape}, padding {padding}")
        for key, seconds in t.items():
            print(f"  {key:15s} {seconds * 1e3:9.2f} ms")
        for label in ("torch64", "torch32"):
            print(f"  NumPy / {label}: forward "
                  f"{t['numpy forward'] / t[f'{label} forward']:.1f}×, backward "
                  f"{t['numpy backward'] / t[f'{label} backward']:.1f}×")
        print(f"  loop / NumPy forward: {t['loop forward'] / t['numpy forward']:.0f}×\n")


if __name__ == "__main__":
    main()
