"""NumPy conv2d (chapter 03) against torch on the same input, in one process, as ratios.

Run: ``.venv/bin/python benchmarks/conv2d.py [--repeats 20] [--threads 1]``. Prints
the BLAS that NumPy uses (threadpoolctl), then the median time of the vectorised
NumPy forward and backward (dL/dX, dL/dW, dL/db) and of torch's forward and
backward, each in float64 and in float32 (NumPy float32 is compared with torch
float32, float64 with float64), and of the plain loop
:func:`dlcourse.nn.conv.conv2d_loop` (timed on a few images and scaled to the
batch, because it is hundreds of times slower). Not part of the test run; the
times depend on the machine and its load, the ratios less so.
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


def numpy_times(X, W, b, dLdY, padding: int, dtype, repeats: int) -> tuple[float, float]:
    """Median seconds of the NumPy layer's forward and backward, all arrays cast to ``dtype``."""
    X, W, b, dLdY = (a.astype(dtype) for a in (X, W, b, dLdY))
    layer = Conv2d(W, b, padding=padding)
    assert layer.forward(X).dtype == dtype  # float32 in, float32 computed
    forward = median_seconds(lambda: layer.forward(X), repeats)
    return forward, median_seconds(lambda: layer.backward(dLdY), repeats)


def bench(x_shape, w_shape, padding: int, repeats: int, loop_images: int) -> dict:
    """Seconds for each implementation on one random input, in float64 and float32."""
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0])
    dLdY = rng.normal(size=Conv2d(W, b, padding=padding).forward(X).shape)
    times = {}
    for bits, np_dtype, torch_dtype in ((64, np.float64, torch.float64),
                                        (32, np.float32, torch.float32)):
        for label, timer in ((f"numpy{bits}", numpy_times), (f"torch{bits}", torch_times)):
            dtype = np_dtype if label.startswith("numpy") else torch_dtype
            forward, backward = timer(X, W, b, dLdY, padding, dtype, repeats)
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
    print("Same input for NumPy and torch, once in float64 and once in float32 (torch's "
          "default dtype). Loop time (float64) scaled from a few images to the batch.\n")
    for name, (x_shape, w_shape, padding) in CASES.items():
        t = bench(x_shape, w_shape, padding, args.repeats, args.loop_images)
        print(f"{name}: X {x_shape}, W {w_shape}, padding {padding}")
        for key, seconds in t.items():
            print(f"  {key:16s} {seconds * 1e3:9.2f} ms")
        for bits in (64, 32):
            print(f"  NumPy{bits} / torch{bits}: forward "
                  f"{t[f'numpy{bits} forward'] / t[f'torch{bits} forward']:.1f}×, backward "
                  f"{t[f'numpy{bits} backward'] / t[f'torch{bits} backward']:.1f}×")
        print(f"  loop / NumPy64 forward: {t['loop forward'] / t['numpy64 forward']:.0f}×\n")


if __name__ == "__main__":
    main()
