r"""Token embeddings from scratch (chapter 07): a lookup table, equal to ``torch.nn.Embedding``.

An embedding layer holds one learnable row per symbol of the vocabulary, W (V, d), and
replaces each integer id by its row:

.. math:: Y_{\dots} = W_{\mathrm{ids}_{\dots}}, \qquad Y = \mathrm{onehot}(\mathrm{ids})\, W

The second form, a one-hot matrix times W, is what the lookup computes without building the
one-hots (:func:`one_hot` builds them, for the comparison). The gradient of W follows from it:
row v receives the sum of dL/dY over every position holding id v (a scatter-add, so a token
repeated in the batch collects several contributions). The ids are integers, so they have no
gradient: :meth:`Embedding.backward` sets ``grads["W"]`` and returns None.

Shape symbols: V ``num_embeddings`` (vocabulary size), d ``embedding_dim``, ``...`` any
shape of ids, e.g. (N, L) for N sequences of L tokens.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array, int_in_range, positive_int
from dlcourse.nn.layer import Layer, check_grad_shape


def _check_ids(ids, n: int, n_name: str) -> np.ndarray:
    """``ids`` as an integer array with every entry in 0..n-1, else TypeError/ValueError.

    Any shape, a single id (0-D) too, but no empty axis. Negative ids are refused although
    NumPy indexing would accept them (-1 would silently pick the last row).
    """
    try:
        arr = np.asarray(ids)
    except ValueError as exc:  # NumPy's "inhomogeneous shape": rows of different lengths
        raise ValueError("ids is ragged: its rows have different lengths; pad every "
                         "sequence to the same length.") from exc
    if arr.size == 0:
        raise ValueError(f"ids has shape {arr.shape}, an empty axis: give at least one "
                         f"token id.")
    if arr.dtype.kind not in "iu":
        hint = (" (use ids.astype(int) if they are whole numbers)" if arr.dtype.kind == "f"
                else "")
        raise TypeError(f"ids must hold integer token ids, got dtype {arr.dtype}{hint}.")
    bad = (arr < 0) | (arr >= n)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"ids holds {arr[where]} at index {where}, must be in 0..{n - 1} "
                         f"({n_name} == {n}).")
    return arr


def one_hot(ids, num_classes: int) -> np.ndarray:
    """One-hot rows of the ids: ids (...) -> (..., num_classes) float64, a single 1 per row.

    ``one_hot(ids, V) @ W`` equals ``W[ids]`` exactly, which :class:`Embedding` computes.
    """
    num_classes = positive_int(num_classes, "num_classes")
    ids = _check_ids(ids, num_classes, "num_classes")
    return np.eye(num_classes)[ids]  # (V, V)[(...)] -> (..., V)


class Embedding(Layer):
    """A table of V learnable vectors of length d, looked up by id: ids (...) -> Y (..., d).

    Parameters
    ----------
    num_embeddings : int
        V, the vocabulary size.
    embedding_dim : int
        d, the length of each vector.
    padding_idx : int or None, default None
        An id whose row starts at zero and receives no gradient (the padding token), as in
        torch; negative values count from the end (-1 is V - 1).
    seed : int, default 0
        Seeds W ~ N(0, 1), torch's initialisation (not its random numbers).

    Attributes
    ----------
    W : ndarray of shape (V, d)
        The table (torch's ``weight``).
    """

    param_names = ("W",)

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 seed: int = 0):
        super().__init__()
        self.num_embeddings = positive_int(num_embeddings, "num_embeddings")
        self.embedding_dim = positive_int(embedding_dim, "embedding_dim")
        V = self.num_embeddings
        if padding_idx is not None:
            padding_idx = int_in_range(padding_idx, "padding_idx", -V, V - 1,
                                       f" (num_embeddings == {V})") % V  # -1 -> V - 1
        self.padding_idx = padding_idx
        rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
        self.W = rng.normal(size=(V, self.embedding_dim))  # (V, d)
        if padding_idx is not None:
            self.W[padding_idx] = 0.0

    @classmethod
    def from_torch(cls, module):
        """A copy of a ``torch.nn.Embedding`` (weights as float64, padding_idx kept)."""
        import torch

        if type(module) is not torch.nn.Embedding:
            raise TypeError(f"module must be a torch.nn.Embedding, got {type(module).__name__}.")
        if module.max_norm is not None or module.scale_grad_by_freq:
            raise ValueError(f"module == {module}: only max_norm=None and "
                             f"scale_grad_by_freq=False have a NumPy twin here.")
        layer = cls(module.num_embeddings, module.embedding_dim, module.padding_idx)
        layer.W = module.weight.detach().cpu().double().numpy().copy()  # (V, d)
        return layer

    def forward(self, ids) -> np.ndarray:
        """Y = W[ids]: integer ids (...) in 0..V-1 -> Y (..., d)."""
        ids = _check_ids(ids, self.num_embeddings, "num_embeddings")
        self.cache = {"ids": ids}
        return self.W[ids]  # (V, d)[(...)] -> (..., d), a copy

    def backward(self, dLdY) -> None:
        """Set ``grads["W"]``, the scatter-add of dL/dY (..., d) into (V, d); return None.

        dL/dW_v = sum of dL/dY over the positions holding id v; the padding row gets zero.
        None, because integer ids have no gradient: nothing flows back to whatever made them
        (a tokenizer, an argmax), wherever in a network the lookup sits.
        """
        ids = self.cached()["ids"]
        dLdY = as_float_array(dLdY, "dLdY")
        check_grad_shape(dLdY, (*ids.shape, self.embedding_dim))
        dLdW = np.zeros(self.W.shape)  # (V, d)
        np.add.at(dLdW, ids.reshape(-1), dLdY.reshape(-1, self.embedding_dim))  # (n,) (n, d)
        if self.padding_idx is not None:
            dLdW[self.padding_idx] = 0.0
        self.grads = {"W": dLdW}
        return None
