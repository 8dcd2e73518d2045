"""Figures for chapter 03: 1-D modes as a sliding kernel, a 2-D convolution step, feature maps.

The grid helpers :func:`draw_grid`, :func:`shade_unread` and :func:`size_formula` are
reused by :mod:`dlcourse.plots.pooling`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle

from dlcourse.nn.conv import MODES, convolve1d, pad_for_mode
from dlcourse.nn.window_steps import ConvStep
from dlcourse.nn.windows import leftover_cells, output_size
from dlcourse.plots.base import new_figure

WINDOW = "#e7298a"  # magenta: the current window and the output cell it makes
PAD = "#d9d9d9"  # light grey: zero padding
KERNEL = "#a6cee3"  # light blue: kernel cells
UNREAD = "#ff7f00"  # orange, hatched: input cells no window reads
VALUE_FONT = 9.0  # pt: the numbers in the cells of a grid, when they fit
SMALLEST_FONT = 6.0  # pt: below this the numbers are left out


def size_formula(n: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> str:
    """The output-size formula with the numbers filled in, e.g. ``⌊(5 + 2·1 − 3)/2⌋ + 1 = 3``.

    When the stride does not fit, says which cells at the end of the axis the
    window never reads (:func:`unread_text`). Raises ValueError (from
    :func:`dlcourse.nn.windows.output_size`) for impossible combinations.
    """
    out = output_size(n, k, stride, padding, dilation)
    k_text = f"{dilation}·({k}−1) − 1" if dilation > 1 else f"{k}"
    text = f"⌊({n} + 2·{padding} − {k_text})/{stride}⌋ + 1 = {out}"
    unread = leftover_cells(n, k, stride, padding, dilation)
    if unread:
        text += f"  (stride does not fit: {unread_text(unread, padding)})"
    return text


def unread_text(unread: int, padding: int) -> str:
    """Which of the last ``unread`` rows/columns of an axis padded by ``padding`` no window reads.

    Examples
    --------
    >>> unread_text(2, 0)
    'the last 2 rows/columns are never read'
    >>> unread_text(1, 2)
    'the last padding row/column is never read'
    >>> unread_text(3, 1)
    'the last 3 rows/columns are never read: 1 of padding, 2 of the image'
    """
    if unread == 1:
        kind = "padding " if padding else ""
        return f"the last {kind}row/column is never read"
    if unread <= padding:
        return f"the last {unread} padding rows/columns are never read"
    text = f"the last {unread} rows/columns are never read"
    return text + (f": {padding} of padding, {unread - padding} of the image" if padding else "")


def shade_unread(ax: Axes, shape: tuple[int, int], rows: int, cols: int) -> None:
    """Hatch the last ``rows`` rows and ``cols`` columns of a grid of ``shape`` (h, w) drawn by
    :func:`draw_grid`, labelled "never read", with a legend below the axes when any are shaded."""
    h, w = shape
    boxes = []
    if cols:
        boxes.append(((w - cols - 0.5, -0.5), cols, h))  # full-height band on the right
    if rows:
        boxes.append(((-0.5, h - rows - 0.5), w - cols, rows))  # bottom band, corner once
    for k, (corner, width, height) in enumerate(boxes):
        ax.add_patch(Rectangle(corner, width, height, facecolor=UNREAD, alpha=0.35,
                               edgecolor=UNREAD, hatch="///", linewidth=0,
                               label="never read (the stride does not fit)" if k == 0 else None))
    if boxes:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), frameon=False, fontsize=9,
                  handlelength=1.5)


def value_fontsize(text_size, cell: float) -> float | None:
    """Font size (pt) at which a label fits a square cell of ``cell`` pixels, None if too small.

    ``text_size`` is the (width, height) in pixels of the widest label at
    ``VALUE_FONT``; the label may fill 85 % of the cell's width and 70 % of its
    height. The result is at most ``VALUE_FONT``, and None below ``SMALLEST_FONT``.
    """
    width, height = text_size
    size = VALUE_FONT * min(1.0, 0.85 * cell / max(width, 1e-9), 0.7 * cell / max(height, 1e-9))
    return size if size >= SMALLEST_FONT else None


class CellValues(Artist):
    """Sizes the numbers written in the cells of a grid when the figure is drawn.

    The cell size in pixels is known only then (after the layout engine, or
    axes positions reused by an explorer), so this artist, drawn just before
    the texts (lower zorder), sets their font size with :func:`value_fontsize`,
    or hides them all when they would be smaller than ``SMALLEST_FONT``.
    """

    zorder = 2.9  # texts are drawn at zorder 3

    def __init__(self, texts):
        super().__init__()
        self.texts = list(texts)
        self.set_in_layout(False)  # it draws nothing itself

    def draw(self, renderer) -> None:
        if not self.texts:
            return
        (x0, y0), (x1, y1) = self.axes.transData.transform([(0, 0), (1, 1)])
        cell = min(abs(x1 - x0), abs(y1 - y0))  # pixels per cell
        font = FontProperties(size=VALUE_FONT)
        sizes = [renderer.get_text_width_height_descent(label, font, ismath=False)[:2]
                 for label in {t.get_text() for t in self.texts}]
        size = value_fontsize((max(w for w, _ in sizes), max(h for _, h in sizes)), cell)
        for text in self.texts:
            text.set_visible(size is not None)
            if size is not None:
                text.set_fontsize(size)


def draw_grid(ax: Axes, A: np.ndarray, title: str = "", cmap: str = "gray", vmin=None,
              vmax=None, annotate: bool | None = None, fmt: str = "{:g}",
              padding: int = 0) -> Axes:
    """Show a matrix A (h, w) as an image with cell borders; write the values if it is small.

    ``annotate=None`` writes values when A has at most 12 rows and columns. The
    values are written as large as the cells allow (at most 9 pt), and left out
    when that would be below 6 pt (:class:`CellValues`). The outer ``padding``
    rows and columns are zero padding: drawn light grey (``PAD``, as in
    :func:`plot_conv1d_modes`), so they do not look like the image's own zeros.
    """
    A = np.asarray(A, dtype=float)
    if vmin is None and np.nanmax(A) == np.nanmin(A):  # a constant map: draw it mid-grey
        vmin, vmax = A.flat[0] - 1, A.flat[0] + 1
    ax.imshow(A, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    h, w = A.shape
    inside = np.zeros(A.shape, dtype=bool)
    inside[padding:h - padding, padding:w - padding] = True
    if padding:
        frame = np.ma.masked_array(np.ones(A.shape), mask=inside)  # only the padding cells
        ax.imshow(frame, cmap=ListedColormap([PAD]), interpolation="nearest")
    small = max(A.shape) <= 12
    if annotate if annotate is not None else small:
        lo = np.nanmin(A) if vmin is None else vmin
        hi = np.nanmax(A) if vmax is None else vmax
        texts = []
        for (r, c), v in np.ndenumerate(A):
            t = (v - lo) / (hi - lo) if hi > lo else 0.5  # position on the colour scale
            dark = (t < 0.5 if cmap == "gray" else abs(t - 0.5) > 0.3) and inside[r, c]
            texts.append(ax.text(c, r, fmt.format(round(v, 2)), ha="center", va="center",
                                 fontsize=VALUE_FONT, color="white" if dark else "black"))
        ax.add_artist(CellValues(texts))
    if small:
        ax.set_xticks(np.arange(-0.5, A.shape[1]), minor=True)
        ax.set_yticks(np.arange(-0.5, A.shape[0]), minor=True)
        ax.grid(which="minor", color="#888888", linewidth=0.6)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.set_title(title, fontsize=10)
    return ax


def outline_cells(ax: Axes, cells, colour: str = WINDOW, linewidth: float = 2.5) -> None:
    """Draw a box around each (row, col) in ``cells`` (image coordinates of :func:`draw_grid`)."""
    for r, c in cells:
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=colour,
                               linewidth=linewidth))


def _cell(ax: Axes, x: float, y: float, text: str, colour: str) -> None:
    ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=colour, edgecolor="k",
                           linewidth=0.8))
    ax.text(x, y, text, ha="center", va="center", fontsize=9)


def plot_conv1d_modes(x, h, modes=MODES):
    """Each mode as a staircase: the padded signal on top, the flipped kernel at every position.

    Row i under the signal shows the flipped kernel where it sits for output
    ``y[i]``, with the value it produces on the right; zero padding is grey.

    Parameters
    ----------
    x : array_like of shape (n,)
    h : array_like of shape (m,), m <= n
    modes : sequence of {"valid", "same", "full"}
    """
    x, h = np.asarray(x, dtype=float), np.asarray(h, dtype=float)
    n, m = len(x), len(h)
    outs = [convolve1d(x, h, mode) for mode in modes]
    heights = [len(y) + 2 for y in outs]
    fig, axes = new_figure(len(modes), 1, figsize=(6.5, 0.32 * sum(heights) + 0.6 * len(modes)),
                           gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, mode, y in zip(axes[:, 0], modes, outs, strict=True):
        left, right = pad_for_mode(n, m, mode)
        for col in range(-left, n + right):
            inside = 0 <= col < n
            _cell(ax, col, 0, f"{x[col]:g}" if inside else "0", "white" if inside else PAD)
        for i, value in enumerate(y):
            for k in range(m):
                _cell(ax, i - left + k, i + 1.5, f"{h[::-1][k]:g}", KERNEL)
            ax.text(i - left + m - 0.2, i + 1.5, f"→ y[{i}] = {value:g}", va="center",
                    fontsize=9)
        length = {"valid": "n − m + 1", "same": "n", "full": "n + m − 1"}[mode]
        values = ", ".join(f"{v:.3g}" for v in y)  # 8 not "8.", as a learner writes it
        ax.set_title(f"{mode}: {len(y)} = {length} outputs   y = [{values}]", fontsize=10,
                     loc="left")
        ax.set_xlim(-(m - 1) - 0.6, n + m + 3.5)
        ax.set_ylim(len(y) + 1.1, -0.6)
        ax.set_aspect("equal")
        ax.axis("off")
    return fig


def plot_conv2d_step(step: ConvStep, title: str = "", cmap: str = "gray"):
    """Three panels: padded input (padding grey) with one window outlined, the kernel, the output.

    Parameters
    ----------
    step : ConvStep
        From :func:`dlcourse.nn.window_steps.conv_step`.

    Returns
    -------
    Figure
        Output values written in the cells for small images; the output-size
        formula (:func:`size_formula`) in the panel title.
    """
    if not isinstance(step, ConvStep):
        raise TypeError(f"step must be a ConvStep, e.g. conv_step(image, kernel), got "
                        f"{type(step).__name__}.")
    padded, kernel, Y, (i, j) = step.padded, step.kernel, step.output, step.cell
    H, W = step.image_shape
    widths = [padded.shape[1], max(kernel.shape[1], padded.shape[1] / 4),
              max(Y.shape[1], padded.shape[1] / 3)]  # columns, so cells are the same size
    fig, axes = new_figure(1, 3, figsize=(10, 3.9), width_ratios=widths)
    draw_grid(axes[0], padded, f"input {H}×{W}, padding {step.padding}"
              + (" (grey)" if step.padding else ""), cmap=cmap, padding=step.padding)
    if step.padding:
        axes[0].add_patch(Rectangle((step.padding - 0.5, step.padding - 0.5), W, H, fill=False,
                                    edgecolor="#1f78b4", linewidth=1.5, linestyle="--"))
    outline_cells(axes[0], step.taps, linewidth=2.5 if padded.shape[0] <= 40 else 1.2)
    (kh, kw), args = kernel.shape, (step.stride, step.padding, step.dilation)
    shade_unread(axes[0], padded.shape, leftover_cells(H, kh, *args), leftover_cells(W, kw, *args))
    limit = np.abs(kernel).max() or 1.0
    draw_grid(axes[1], kernel, "kernel", cmap="RdBu_r", vmin=-limit, vmax=limit,
              annotate=True)
    draw_grid(axes[2], Y, f"output {Y.shape[0]}×{Y.shape[1]}\ny[{i},{j}] = {Y[i, j]:.3g}",
              cmap=cmap)
    outline_cells(axes[2], [(i, j)])
    formula = size_formula(W, kernel.shape[1], step.stride, step.padding, step.dilation)
    fig.suptitle(title or f"output width {formula}", fontsize=10)
    return fig


def plot_image_grid(images, titles, ncols: int = 4, cmap: str = "gray", size: float = 2.4,
                    suptitle: str = "", signed=()):
    """Images (each (h, w)) in a grid with titles; the figure has ⌈len/ncols⌉ rows.

    ``signed`` holds the indices of images whose values have a sign (e.g. a
    difference of two channels): they are drawn with a red-blue colour map
    centred on 0 (white = 0, red > 0, blue < 0) and get their own colour bar.
    """
    images = list(images)
    if len(images) != len(titles):
        raise ValueError(f"got {len(images)} images but {len(titles)} titles; give one title "
                         f"per image.")
    bad = [i for i in signed if not 0 <= i < len(images)]
    if bad:
        raise ValueError(f"signed == {tuple(signed)}, must hold image indices 0 to "
                         f"{len(images) - 1}; got {bad}.")
    nrows = -(-len(images) // ncols)
    fig, axes = new_figure(nrows, ncols, figsize=(size * ncols, size * nrows + 0.3),
                           squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for k, (ax, img, title) in enumerate(zip(axes.flat, images, titles, strict=False)):
        if k in signed:
            limit = float(np.abs(img).max()) or 1.0  # symmetric, so 0 is the middle colour
            shown = ax.imshow(img, cmap="RdBu_r", vmin=-limit, vmax=limit,
                              interpolation="nearest")
            fig.colorbar(shown, ax=ax, shrink=0.8)
        else:
            ax.imshow(img, cmap=cmap, interpolation="nearest")
        ax.set_title(title, fontsize=9)
    if suptitle:
        fig.suptitle(suptitle, fontsize=10)
    return fig


def plot_kernels(kernels: dict, size: float = 1.9):
    """Kernels side by side as red-blue grids with their values, on one shared colour scale.

    The scale is symmetric about 0 (white = 0, red > 0, blue < 0) and the same
    for every kernel, with a colour bar, so equal colours mean equal weights
    across panels (blur's 1/9 is pale, sharpen's 5 deep red).

    Parameters
    ----------
    kernels : dict of str -> array_like of shape (kh, kw)
        Title -> kernel.
    """
    arrays = {name: np.asarray(k, dtype=float) for name, k in kernels.items()}
    limit = max(float(np.abs(k).max()) for k in arrays.values()) or 1.0
    fig, axes = new_figure(1, len(arrays), figsize=(size * len(arrays) + 0.8, size + 0.3),
                           squeeze=False)
    for ax, (name, k) in zip(axes[0], arrays.items(), strict=True):
        draw_grid(ax, k, name, cmap="RdBu_r", vmin=-limit, vmax=limit, annotate=True)
    fig.colorbar(axes[0, 0].images[0], ax=list(axes[0]), shrink=0.8, label="weight")
    return fig
