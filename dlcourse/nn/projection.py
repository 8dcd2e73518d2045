r"""Word vectors on a page (chapter 07): a 2-D PCA projection, and a custom axis between two words.

PCA centres the rows of ``vectors`` (V, d) and keeps the two directions along which they
spread most: with the centred rows :math:`X_c = X - \bar x` and their SVD
:math:`X_c = U S V^\top`, the coordinates are :math:`X_c V_{:, :2} = U_{:, :2} S_{:2}` and
direction j carries the fraction :math:`s_j^2 / \sum_i s_i^2` of the total variance.

A custom axis (the Embedding Projector's "custom" mode) measures every row along the
direction from one word to another, e.g. she -> he:

.. math:: t(v) = \left(v - \frac{a + b}{2}\right) \cdot \frac{b - a}{\lVert b - a \rVert}

so a lands at :math:`-\lVert b - a \rVert / 2`, b at :math:`+\lVert b - a \rVert / 2`, and a
word with t > 0 lies nearer b's side.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array


def _rows(vectors, min_rows: int, min_columns: int) -> np.ndarray:
    """``vectors`` as a float array (V, d) with V >= min_rows, d >= min_columns, else ValueError."""
    vectors = as_float_array(vectors, "vectors", ndim=2)
    V, d = vectors.shape
    if V < min_rows or d < min_columns:
        raise ValueError(f"vectors has shape {vectors.shape}, expected (V, d) with V >= "
                         f"{min_rows} rows and d >= {min_columns} columns.")
    if not np.isfinite(vectors).all():
        raise ValueError("vectors holds nan or inf: every entry must be a finite number.")
    return vectors


def pca_2d(vectors) -> tuple[np.ndarray, np.ndarray]:
    r"""The rows of ``vectors`` on their first two principal components.

    Parameters
    ----------
    vectors : array_like of shape (V, d)
        V >= 2 rows (words) of d >= 2 numbers, not all the same.

    Returns
    -------
    coords : ndarray of shape (V, 2)
        :math:`(X - \bar x) W`, where the columns of W (d, 2) are the top two right
        singular vectors of the centred rows. Signs are fixed as scikit-learn's
        ``PCA`` fixes them: the entry of largest magnitude of each column of W is
        positive (the first such entry, on a tie), so the same data always gives the
        same picture.
    ratio : ndarray of shape (2,)
        The explained-variance ratio :math:`s_j^2 / \sum_i s_i^2` of the two
        directions (``PCA.explained_variance_ratio_``).
    """
    vectors = _rows(vectors, 2, 2)
    centred = vectors - vectors.mean(axis=0)  # (V, d) - (d,) -> (V, d)
    _, s, Vt = np.linalg.svd(centred, full_matrices=False)  # s (r,), Vt (r, d), r = min(V, d)
    total = float(np.sum(s**2))
    rounding = 16 * np.finfo(centred.dtype).eps * float(np.abs(vectors).max())  # per entry
    if total <= centred.size * rounding**2:  # what is left is rounding error of the mean
        raise ValueError(f"vectors has {len(vectors)} rows that are all the same: they do "
                         f"not spread in any direction, so there are no principal components.")
    components = Vt[:2]  # (2, d)
    biggest = np.argmax(np.abs(components), axis=1)  # (2,): where each direction is largest
    signs = np.sign(components[np.arange(2), biggest])  # (2,)
    signs[signs == 0] = 1.0
    components = components * signs[:, None]  # (2, d)
    coords = centred @ components.T  # (V, d) @ (d, 2) -> (V, 2)
    ratio = s[:2] ** 2 / total  # (2,)
    return coords, ratio


def axis_projection(vectors, a_vec, b_vec) -> np.ndarray:
    r"""Each row's coordinate along the direction from ``a_vec`` to ``b_vec``.

    :math:`t = (v - (a + b)/2) \cdot (b - a) / \lVert b - a \rVert`: the unit direction
    b - a (as the Embedding Projector's custom axes), with 0 half-way between a and b.
    The Projector's raw :math:`v \cdot (b - a)/\lVert b - a \rVert` differs from t by one
    constant for all rows: the same picture, its origin moved.

    Parameters
    ----------
    vectors : array_like of shape (V, d) or (d,)
    a_vec, b_vec : array_like of shape (d,)
        The two ends of the axis, e.g. the vectors of "she" and "he"; they must differ.

    Returns
    -------
    t : ndarray of shape (V,) (a number for one vector (d,))
    """
    a_vec = as_float_array(a_vec, "a_vec", ndim=1)
    b_vec = as_float_array(b_vec, "b_vec", ndim=1)
    single = np.ndim(vectors) == 1
    rows = _rows(np.atleast_2d(vectors) if single else vectors, 1, 1)
    d = rows.shape[1]
    if a_vec.shape != (d,) or b_vec.shape != (d,):
        raise ValueError(f"a_vec has shape {a_vec.shape} and b_vec has shape {b_vec.shape}, "
                         f"expected ({d},) each: as long as the rows of vectors {rows.shape}.")
    direction = b_vec - a_vec  # (d,)
    length = float(np.linalg.norm(direction))
    if length == 0.0:
        raise ValueError("a_vec and b_vec are the same vector: b - a is zero, so it gives no "
                         "direction to measure along (pick two different words).")
    t = (rows - (a_vec + b_vec) / 2) @ (direction / length)  # (V, d) @ (d,) -> (V,)
    return t[0] if single else t
