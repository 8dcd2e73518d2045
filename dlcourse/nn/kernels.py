"""Classic 3 × 3 image kernels (chapter 03): edges, Sobel, blur, sharpen.

Used with :func:`dlcourse.nn.conv.conv2d` (cross-correlation, so a kernel is
applied as written). Seed 003's edge kernels are the rows of (1, 0, −1):
they subtract the right column from the left one and so respond to
*vertical* edges; their transpose responds to *horizontal* edges.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array

KERNELS: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=float),
    "vertical edge": np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=float),
    "horizontal edge": np.array([[1, 1, 1], [0, 0, 0], [-1, -1, -1]], dtype=float),
    "sobel x": np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float),
    "sobel y": np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]], dtype=float),
    "box blur": np.full((3, 3), 1 / 9),
    "gaussian blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], dtype=float) / 16,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float),
}


def kernel(name: str) -> np.ndarray:
    """A copy of the 3 × 3 kernel called ``name`` (one of :data:`KERNELS`)."""
    if not isinstance(name, str) or name not in KERNELS:
        raise ValueError(f"kernel == {name!r}, must be one of {sorted(KERNELS)}.")
    return KERNELS[name].copy()


def parse_kernel(text: str) -> np.ndarray:
    """A 3 × 3 kernel from text: rows separated by ``;`` or new lines, numbers by spaces/commas.

    Examples
    --------
    >>> parse_kernel("1 0 -1; 1 0 -1; 1 0 -1")[0]
    array([ 1.,  0., -1.])
    """
    if not isinstance(text, str):
        raise TypeError(f"kernel text must be a str of 3 rows of 3 numbers, e.g. "
                        f"'1 0 -1; 1 0 -1; 1 0 -1', got {type(text).__name__} {text!r}.")
    rows = [r.replace(",", " ").split() for r in text.replace("\n", ";").split(";") if r.strip()]
    try:
        values = np.array([[float(v) for v in row] for row in rows])
    except ValueError:
        raise ValueError(f"kernel text {text!r} is not 3 rows of 3 numbers, e.g. "
                         f"'1 0 -1; 1 0 -1; 1 0 -1'.") from None
    if values.shape != (3, 3) or not np.all(np.isfinite(values)):
        raise ValueError(f"kernel text {text!r} gives shape {values.shape}, expected 3 rows of 3 "
                         f"finite numbers, e.g. '1 0 -1; 1 0 -1; 1 0 -1'.")
    return values


def kernel_text(weights) -> str:
    """``weights`` (kh, kw) as text :func:`parse_kernel` reads, to 3 significant digits.

    Examples
    --------
    >>> kernel_text(kernel("vertical edge"))
    '1 0 -1; 1 0 -1; 1 0 -1'
    """
    weights = as_float_array(weights, "weights", ndim=2)
    return "; ".join(" ".join(f"{v:.3g}" for v in row) for row in weights)
