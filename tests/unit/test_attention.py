"""dlcourse.nn.attention against torch in float64: scaled dot-product attention (batch and head
axes, broadcasting, bool/additive/causal masks, scale) equal to
torch.nn.functional.scaled_dot_product_attention and its gradients equal to autograd;
AdditiveAttention equal to the same formula written with torch autograd; MultiheadAttention
equal to torch.nn.MultiheadAttention (outputs, weights, every gradient). Tolerance rtol 1e-10
(atol 1e-13 for entries near zero) throughout; check_layer below gradcheck.TOLERANCE."""

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from numpy.testing import assert_allclose, assert_array_equal

from dlcourse.nn.attention import (
    AdditiveAttention,
    MultiheadAttention,
    causal_mask,
    scaled_dot_product_attention,
    scaled_dot_product_attention_backward,
)
from dlcourse.nn.gradcheck import TOLERANCE, check_layer

RTOL, ATOL = 1e-10, 1e-13


def close(actual, expected):
    """assert_allclose at the file's tolerance, expected a tensor or an array."""
    if isinstance(expected, torch.Tensor):
        expected = expected.detach().numpy()
    assert_allclose(actual, expected, rtol=RTOL, atol=ATOL)


def leaves(*arrays):
    """float64 torch tensors that collect gradients, one per array."""
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]


def random_qkv(rng, q_shape, k_shape, v_shape):
    return rng.normal(size=q_shape), rng.normal(size=k_shape), rng.normal(size=v_shape)


def torch_mask(mask):
    return None if mask is None else torch.tensor(mask)


# ---------------------------------------------------------------- scaled dot-product
SHAPES = {  # q, k, v
    "plain": ((4, 5), (6, 5), (6, 3)),
    "batch": ((2, 4, 5), (2, 6, 5), (2, 6, 3)),
    "heads": ((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 2)),
    "broadcast": ((2, 3, 4, 5), (3, 6, 5), (1, 6, 2)),
    "one-query": ((3, 1, 4), (3, 7, 4), (3, 7, 4)),
}


def make_mask(kind, rng, shape):
    """A mask of ``kind`` for scores of ``shape`` (..., L, S): every row keeps key 0."""
    if kind is None:
        return None
    keep = rng.random(shape) < 0.6
    keep[..., 0] = True
    if kind == "bool":
        return keep
    if kind == "bool-2d":
        return keep.reshape(-1, *shape[-2:])[0]  # (L, S), broadcast over the batch
    return np.where(keep, rng.normal(size=shape), -np.inf)  # "float": a bias with -inf holes


@pytest.mark.parametrize("mask_kind", [None, "bool", "bool-2d", "float"])
@pytest.mark.parametrize("shapes", SHAPES.values(), ids=SHAPES.keys())
def test_sdpa_and_its_gradients_equal_torch(shapes, mask_kind):
    rng = np.random.default_rng(0)
    q, k, v = random_qkv(rng, *shapes)
    scores_shape = (*np.broadcast_shapes(q.shape[:-2], k.shape[:-2]), q.shape[-2], k.shape[-2])
    mask = make_mask(mask_kind, rng, scores_shape)
    Y = scaled_dot_product_attention(q, k, v, mask=mask)
    tq, tk, tv = leaves(q, k, v)
    expected = F.scaled_dot_product_attention(tq, tk, tv, attn_mask=torch_mask(mask))
    assert Y.shape == expected.shape
    close(Y, expected)

    G = rng.normal(size=Y.shape)
    expected.backward(torch.from_numpy(G))
    grads = scaled_dot_product_attention_backward(G, q, k, v, mask=mask)
    for grad, leaf in zip(grads, (tq, tk, tv)):
        assert grad.shape == leaf.shape  # summed back over broadcast axes
        close(grad, leaf.grad)


@pytest.mark.parametrize(("L", "S"), [(5, 5), (3, 6), (6, 3)])
@pytest.mark.parametrize("scale", [None, 0.3, 2.0])
def test_causal_and_scale_equal_torch(L, S, scale):
    rng = np.random.default_rng(1)
    q, k, v = random_qkv(rng, (2, 2, L, 4), (2, 2, S, 4), (2, 2, S, 3))
    Y, weights = scaled_dot_product_attention(q, k, v, is_causal=True, scale=scale,
                                              need_weights=True)
    tq, tk, tv = leaves(q, k, v)
    expected = F.scaled_dot_product_attention(tq, tk, tv, is_causal=True, scale=scale)
    close(Y, expected)
    assert_array_equal(weights > 0, np.broadcast_to(causal_mask(L, S), weights.shape))
    G = rng.normal(size=Y.shape)
    expected.backward(torch.from_numpy(G))
    grads = scaled_dot_product_attention_backward(G, q, k, v, is_causal=True, scale=scale)
    for grad, leaf in zip(grads, (tq, tk, tv)):
        close(grad, leaf.grad)
    # is_causal is the bool mask causal_mask(L, S), top-left aligned like torch's
    close(Y, scaled_dot_product_attention(q, k, v, mask=causal_mask(L, S), scale=scale))


def test_causal_mask_is_top_left_aligned():
    assert_array_equal(causal_mask(2, 4), [[1, 0, 0, 0], [1, 1, 0, 0]])
    assert_array_equal(causal_mask(3, 2), [[1, 0], [1, 1], [1, 1]])
    assert causal_mask(3).shape == (3, 3) and causal_mask(3).dtype == bool


def test_weights_are_the_softmax_of_the_scaled_scores():
    rng = np.random.default_rng(2)
    q, k, v = random_qkv(rng, (2, 3, 4), (2, 5, 4), (2, 5, 6))
    bias = rng.normal(size=(3, 5))
    Y, weights = scaled_dot_product_attention(q, k, v, mask=bias, scale=0.5, need_weights=True)
    expected = torch.softmax(0.5 * torch.from_numpy(q) @ torch.from_numpy(k).transpose(-1, -2)
                             + torch.from_numpy(bias), dim=-1)
    close(weights, expected)
    assert_allclose(weights.sum(axis=-1), 1.0, rtol=1e-14)
    close(Y, weights @ v)
    # the default scale is 1 / sqrt(E)
    close(scaled_dot_product_attention(q, k, v), scaled_dot_product_attention(q, k, v, scale=0.5))


def test_huge_scores_do_not_overflow():
    rng = np.random.default_rng(3)
    q, k, v = random_qkv(rng, (3, 4), (5, 4), (5, 2))
    Y, weights = scaled_dot_product_attention(1e3 * q, k, v, need_weights=True)
    assert np.isfinite(Y).all()
    close(Y, F.scaled_dot_product_attention(*(torch.from_numpy(a) for a in (1e3 * q, k, v))))
    assert_allclose(weights.max(axis=-1), 1.0, rtol=1e-12)  # one key takes everything


@pytest.mark.parametrize("kind", ["bool", "float"])
def test_a_fully_masked_row_gives_zeros_as_torch_does(kind):
    rng = np.random.default_rng(4)
    q, k, v = random_qkv(rng, (2, 3, 4), (2, 5, 4), (2, 5, 3))
    keep = rng.random((2, 3, 5)) < 0.7
    keep[..., 0] = True
    keep[1, 2] = False  # batch item 1, query 2: no key at all
    mask = keep if kind == "bool" else np.where(keep, 0.0, -np.inf)
    Y, weights = scaled_dot_product_attention(q, k, v, mask=mask, need_weights=True)
    tq, tk, tv = leaves(q, k, v)
    expected = F.scaled_dot_product_attention(tq, tk, tv, attn_mask=torch.from_numpy(mask))
    assert not expected[1, 2].any()  # torch 2.13: zeros, not NaN
    close(Y, expected)
    assert not Y[1, 2].any() and not weights[1, 2].any()
    assert_allclose(np.delete(weights.reshape(6, 5), 5, axis=0).sum(axis=-1), 1.0, rtol=1e-14)
    G = rng.normal(size=Y.shape)
    expected.backward(torch.from_numpy(G))
    dq, dk, dv = scaled_dot_product_attention_backward(G, q, k, v, mask=mask)
    assert not dq[1, 2].any()
    for grad, leaf in zip((dq, dk, dv), (tq, tk, tv)):
        close(grad, leaf.grad)


# ---------------------------------------------------------------- additive attention
def torch_additive(layer, query, key, value, mask=None):
    """The Bahdanau formula in torch, from the layer's weights: output, weights, parameters."""
    W_q, W_k, v = leaves(layer.W_q, layer.W_k, layer.v)
    T = torch.tanh((query @ W_q.T)[..., :, None, :] + (key @ W_k.T)[..., None, :, :])
    scores = T @ v
    if mask is not None:
        scores = scores.masked_fill(~torch.from_numpy(mask), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ value, weights, {"W_q": W_q, "W_k": W_k, "v": v}


@pytest.mark.parametrize("masked", [False, True])
def test_additive_attention_equals_torch_autograd(masked):
    rng = np.random.default_rng(5)
    layer = AdditiveAttention(query_dim=4, key_dim=3, hidden_dim=6, seed=1)
    query, key, value = random_qkv(rng, (2, 5, 4), (2, 7, 3), (2, 7, 2))
    mask = rng.random((2, 5, 7)) < 0.6 if masked else None
    if masked:
        mask[..., 3] = True
    Y, weights = layer.forward(query, key, value, mask=mask, need_weights=True)
    tquery, tkey, tvalue = leaves(query, key, value)
    expected, expected_weights, params = torch_additive(layer, tquery, tkey, tvalue, mask)
    close(Y, expected)
    close(weights, expected_weights)

    G = rng.normal(size=Y.shape)
    expected.backward(torch.from_numpy(G))
    grads = layer.backward(G)
    assert len(grads) == 3
    for grad, leaf in zip(grads, (tquery, tkey, tvalue)):
        close(grad, leaf.grad)
    assert sorted(layer.grads) == sorted(layer.params) == ["W_k", "W_q", "v"]
    for name, leaf in params.items():
        close(layer.grads[name], leaf.grad)


def test_additive_self_attention_returns_the_sum_over_the_three_roles():
    rng = np.random.default_rng(6)
    layer = AdditiveAttention(3, 3, 4, seed=2)
    X, G = rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 4, 3))
    Y = layer.forward(X)
    d_all = layer.backward(G)
    close(layer.forward(X, X, X), Y)
    d_query, d_key, d_value = layer.backward(G)
    close(d_all, d_query + d_key + d_value)
    layer.forward(X, X)  # value defaults to key: two inputs, two gradients
    d_query2, d_key2 = layer.backward(G)
    close(d_query2, d_query)
    close(d_key2, d_key + d_value)


@pytest.mark.parametrize("X_shape", [(4, 3), (2, 5, 3), (2, 2, 3, 3)])
def test_check_layer_on_additive_attention(X_shape):
    layer = AdditiveAttention(3, 3, 5, seed=3)
    errors = check_layer(layer, np.random.default_rng(7).normal(size=X_shape))
    assert set(errors) == {"dLdX", "dLdW_q", "dLdW_k", "dLdv"}
    assert max(errors.values()) < TOLERANCE, errors


def test_additive_attention_broadcasts_keys_over_the_batch_and_masks_rows_to_zero():
    rng = np.random.default_rng(8)
    layer = AdditiveAttention(2, 3, 4, seed=4)
    query, key, value = random_qkv(rng, (3, 2, 2), (4, 3), (4, 5))  # one key set for all three
    mask = np.ones((3, 2, 4), dtype=bool)
    mask[0, 1] = False
    Y = layer.forward(query, key, value, mask=mask)
    assert Y.shape == (3, 2, 5) and not Y[0, 1].any()
    tquery, tkey, tvalue = leaves(query, key, value)
    expected, _, params = torch_additive(layer, tquery, tkey, tvalue)
    close(np.delete(Y.reshape(6, 5), 1, axis=0),
          np.delete(expected.detach().numpy().reshape(6, 5), 1, axis=0))
    G = rng.normal(size=Y.shape)
    # the reference runs unmasked (torch's softmax of a row of -inf is NaN); with dL/dY zero
    # on the masked row, the two agree on every gradient
    G[0, 1] = 0.0
    expected.backward(torch.from_numpy(G))
    grads = layer.backward(G)
    assert grads[1].shape == (4, 3)
    for grad, leaf in zip(grads, (tquery, tkey, tvalue)):
        close(grad, leaf.grad)
    for name, leaf in params.items():
        close(layer.grads[name], leaf.grad)


# ---------------------------------------------------------------- multi-head attention
def torch_mha(E, h, bias=True, seed=0):
    torch.manual_seed(seed)
    module = torch.nn.MultiheadAttention(E, h, bias=bias, batch_first=True, dtype=torch.float64)
    if bias:  # torch starts the biases at zero: give them values, so their use is tested
        with torch.no_grad():
            module.in_proj_bias.normal_()
            module.out_proj.bias.normal_()
    return module


def torch_grads(module):
    return {"in_proj_weight": module.in_proj_weight.grad,
            "in_proj_bias": getattr(module.in_proj_bias, "grad", None),
            "out_proj_weight": module.out_proj.weight.grad,
            "out_proj_bias": getattr(module.out_proj.bias, "grad", None)}


MHA_MASKS = ["none", "attn-bool", "attn-bool-3d", "attn-float", "padding-bool",
             "padding-float", "attn-and-padding", "causal"]


def mha_masks(kind, rng, N, h, L, S):
    """(our kwargs, torch's kwargs) for a mask of ``kind``; True = masked out, as in torch."""
    blocked = rng.random((N * h, L, S)) < 0.4
    blocked[..., 0] = False  # every query keeps key 0
    padding = rng.random((N, S)) < 0.4
    padding[:, 0] = False
    ours = {"none": {}, "attn-bool": {"attn_mask": blocked[0]},
            "attn-bool-3d": {"attn_mask": blocked},
            "attn-float": {"attn_mask": rng.normal(size=(L, S))},
            "padding-bool": {"key_padding_mask": padding},
            "padding-float": {"key_padding_mask": np.where(padding, -np.inf, 0.5)},
            "attn-and-padding": {"attn_mask": blocked[0], "key_padding_mask": padding},
            "causal": {"is_causal": True}}[kind]
    theirs = {name: torch.from_numpy(value) for name, value in ours.items()
              if name != "is_causal"}
    if kind == "causal":  # torch takes is_causal as a hint only and wants the mask itself
        theirs = {"attn_mask": torch.from_numpy(~causal_mask(L, S)), "is_causal": True}
    return ours, theirs


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("kind", MHA_MASKS)
def test_multihead_attention_equals_torch(kind, bias):
    E, h, N, L = 8, 2, 3, 4
    S = L if kind == "causal" else 5
    rng = np.random.default_rng(9)
    module = torch_mha(E, h, bias=bias)
    layer = MultiheadAttention.from_torch(module)
    query, key, value = random_qkv(rng, (N, L, E), (N, S, E), (N, S, E))
    ours, theirs = mha_masks(kind, rng, N, h, L, S)
    Y, weights = layer.forward(query, key, value, need_weights=True, **ours)
    tquery, tkey, tvalue = leaves(query, key, value)
    expected, expected_weights = module(tquery, tkey, tvalue, **theirs)
    assert Y.shape == (N, L, E) and weights.shape == (N, L, S)
    close(Y, expected)
    close(weights, expected_weights)  # averaged over the heads, as torch

    G = rng.normal(size=Y.shape)
    expected.backward(torch.from_numpy(G))
    grads = layer.backward(G)
    for grad, leaf in zip(grads, (tquery, tkey, tvalue)):
        close(grad, leaf.grad)
    expected_grads = torch_grads(module)
    assert sorted(layer.grads) == sorted(layer.params) == sorted(
        name for name, grad in expected_grads.items() if grad is not None)
    for name, grad in layer.grads.items():
        close(grad, expected_grads[name])


def test_multihead_per_head_weights_and_self_attention_equal_torch():
    rng = np.random.default_rng(10)
    module = torch_mha(12, 3, seed=1)
    layer = MultiheadAttention.from_torch(module)
    X = rng.normal(size=(2, 5, 12))
    Y, weights = layer.forward(X, need_weights=True, average_attn_weights=False)
    (tX,) = leaves(X)
    expected, expected_weights = module(tX, tX, tX, average_attn_weights=False)
    assert weights.shape == (2, 3, 5, 5)
    close(Y, expected)
    close(weights, expected_weights)
    G = rng.normal(size=Y.shape)
    expected.backward(torch.from_numpy(G))
    close(layer.backward(G), tX.grad)  # self-attention: one input, one gradient
    for name, grad in layer.grads.items():
        close(grad, torch_grads(module)[name])
    assert_array_equal(layer.forward(X), Y)  # need_weights=False: Y alone


@pytest.mark.parametrize("bias", [True, False])
def test_check_layer_on_multihead_attention(bias):
    layer = MultiheadAttention(6, 3, bias=bias, seed=5)
    if bias:
        layer.in_proj_bias[:] = np.random.default_rng(11).normal(size=18)
    errors = check_layer(layer, np.random.default_rng(12).normal(size=(2, 4, 6)))
    assert set(errors) == {"dLdX"} | {f"dLd{name}" for name in layer.params}
    assert len(errors) == (5 if bias else 3)
    assert max(errors.values()) < TOLERANCE, errors


def test_a_query_with_every_key_masked_raises_where_torch_returns_nan():
    module = torch_mha(4, 2)
    layer = MultiheadAttention.from_torch(module)
    X = np.random.default_rng(13).normal(size=(2, 3, 4))
    padding = np.array([[False, False, True], [True, True, True]])  # item 1: every key padded
    assert torch.isnan(module(*(torch.from_numpy(X),) * 3,
                              key_padding_mask=torch.from_numpy(padding))[0][1]).all()
    message = ("query 0 of batch item 1 (head 0) has every key masked by "
               "attn_mask/key_padding_mask: nothing to attend to (torch returns NaN there); "
               "leave it at least one key.")
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        layer.forward(X, key_padding_mask=padding)


def test_from_torch_copies_and_init_matches_torchs_layout():
    module = torch_mha(4, 2)
    layer = MultiheadAttention.from_torch(module)
    layer.in_proj_weight[0, 0] = 100.0
    assert module.in_proj_weight[0, 0].item() != 100.0  # a copy, not a view of torch's memory
    assert repr(layer) == ("MultiheadAttention(in_proj_weight: (12, 4), in_proj_bias: (12,), "
                           "out_proj_weight: (4, 4), out_proj_bias: (4,), num_heads=2)")
    fresh = MultiheadAttention(4, 2, bias=False, seed=1)
    assert fresh.in_proj_bias is None and fresh.out_proj_bias is None
    assert abs(fresh.in_proj_weight).max() <= np.sqrt(6 / 16)  # Xavier-uniform bound
    assert_array_equal(MultiheadAttention(4, 2, seed=3).in_proj_weight,
                       MultiheadAttention(4, 2, seed=3).in_proj_weight)


# ---------------------------------------------------------------- bad input
Q, K, V = np.zeros((2, 3, 4)), np.zeros((2, 5, 4)), np.zeros((2, 5, 6))


@pytest.mark.parametrize(("call", "exc", "message"), [
    (lambda: scaled_dot_product_attention(np.zeros(4), K, V), ValueError,
     "q has shape (4,), expected (..., L, E): at least 2 axes, none empty."),
    (lambda: scaled_dot_product_attention(Q, np.zeros((2, 0, 4)), V), ValueError,
     "k has shape (2, 0, 4), expected (..., S, E): at least 2 axes, none empty."),
    (lambda: scaled_dot_product_attention(Q, np.zeros((2, 5, 3)), V), ValueError,
     "q has shape (2, 3, 4) but k has shape (2, 5, 3): a dot product needs the same number of "
     "features E (axis -1)."),
    (lambda: scaled_dot_product_attention(Q, K, np.zeros((2, 4, 6))), ValueError,
     "k has shape (2, 5, 4) but v has shape (2, 4, 6): they must hold the same number of keys "
     "S (axis -2)."),
    (lambda: scaled_dot_product_attention(Q, np.zeros((3, 5, 4)), V), ValueError,
     "q, k and v have batch shapes (2,), (3,), (2,), which do not broadcast."),
    (lambda: scaled_dot_product_attention(Q, K, V, mask=np.ones((3, 5), dtype=int)), TypeError,
     "mask must be bool (True = takes part) or float (added to the scores), got dtype int64."),
    (lambda: scaled_dot_product_attention(Q, K, V, mask=np.ones((5, 3), dtype=bool)),
     ValueError, "mask has shape (5, 3), which does not broadcast to the scores' shape "
                 "(2, 3, 5) = (..., L, S)."),
    (lambda: scaled_dot_product_attention(Q, K, V, mask=np.ones((4, 2, 3, 5), dtype=bool)),
     ValueError, "mask has shape (4, 2, 3, 5), which does not broadcast to the scores' shape "
                 "(2, 3, 5) = (..., L, S)."),
    (lambda: scaled_dot_product_attention(Q, K, V, mask=causal_mask(3, 5), is_causal=True),
     ValueError, "give mask or is_causal=True, not both (torch refuses both too); for a causal "
                 "mask combined with another, pass causal_mask(L, S) & mask."),
    (lambda: scaled_dot_product_attention(Q, K, V, is_causal=1), TypeError,
     "is_causal must be True or False, got int 1."),
    (lambda: scaled_dot_product_attention(Q, K, V, scale=0), ValueError,
     "scale == 0, must be > 0 and finite."),
    (lambda: scaled_dot_product_attention_backward(np.zeros((2, 3, 4)), Q, K, V), ValueError,
     "dLdY has shape (2, 3, 4), expected (2, 3, 6) (the shape of forward's output)."),
    (lambda: causal_mask(0), ValueError, "L == 0, must be >= 1."),
    (lambda: AdditiveAttention(4, 4, 3).forward(np.zeros((2, 3, 5))), ValueError,
     "query has shape (2, 3, 5), expected 4 features on axis -1 (W_q has shape (3, 4))."),
    (lambda: AdditiveAttention(4, 2, 3).forward(Q), ValueError,
     "key has shape (2, 3, 4), expected 2 features on axis -1 (W_k has shape (3, 2))."),
    (lambda: AdditiveAttention(4, 4, 3).forward(Q, value=V), ValueError,
     "value is given but key is not: give key too (or neither, for self-attention)."),
    (lambda: AdditiveAttention(4, 4, 0), ValueError, "hidden_dim == 0, must be >= 1."),
    (lambda: MultiheadAttention(6, 4), ValueError,
     "embed_dim == 6 is not divisible by num_heads == 4: each head gets embed_dim / num_heads "
     "features."),
    (lambda: MultiheadAttention(4, 2).forward(np.zeros((3, 4))), ValueError,
     "query has shape (3, 4), expected (N, T, 4) = (batch, sequence, embed_dim)."),
    (lambda: MultiheadAttention(4, 2).forward(Q, np.zeros((1, 5, 4)), np.zeros((1, 5, 4))),
     ValueError, "query, key and value have batch sizes 2, 1, 1; they must be equal."),
    (lambda: MultiheadAttention(4, 2).forward(Q, attn_mask=np.ones((2, 3, 3), dtype=bool)),
     ValueError, "attn_mask has shape (2, 3, 3), expected (3, 3) = (L, S) or (4, 3, 3) = "
                 "(N·num_heads, L, S)."),
    (lambda: MultiheadAttention(4, 2).forward(Q, attn_mask=np.zeros((3, 3), dtype=int)),
     TypeError, "attn_mask must be bool (True = masked out) or float (added to the scores), "
                "got dtype int64."),
    (lambda: MultiheadAttention(4, 2).forward(Q, key_padding_mask=np.zeros((2, 4), dtype=bool)),
     ValueError, "key_padding_mask has shape (2, 4), expected (2, 3) = (N, S)."),
    (lambda: MultiheadAttention(4, 2).forward(Q, attn_mask=~causal_mask(3), is_causal=True),
     ValueError, "give attn_mask or is_causal=True, not both: is_causal builds the causal mask "
                 "(torch takes it only as a hint about attn_mask)."),
    (lambda: MultiheadAttention.from_torch(torch.nn.Linear(2, 3)), TypeError,
     "module must be a torch.nn.MultiheadAttention, got Linear."),
])
def test_bad_input_is_named(call, exc, message):
    with pytest.raises(exc, match=f"^{re.escape(message)}$"):
        call()


def test_unsupported_torch_options_and_backward_before_forward():
    with pytest.raises(ValueError, match=r"only batch_first=True, kdim = vdim = embed_dim, "
                                         r"dropout=0\.0, add_bias_kv=False and "
                                         r"add_zero_attn=False have a NumPy twin here\.$"):
        MultiheadAttention.from_torch(torch.nn.MultiheadAttention(4, 2))  # batch_first=False
    with pytest.raises(ValueError, match=r"have a NumPy twin here"):
        MultiheadAttention.from_torch(torch.nn.MultiheadAttention(4, 2, batch_first=True,
                                                                  dropout=0.1))
    with pytest.raises(ValueError, match=r"have a NumPy twin here"):
        MultiheadAttention.from_torch(torch.nn.MultiheadAttention(4, 2, batch_first=True,
                                                                  kdim=3))
    for layer in (MultiheadAttention(4, 2), AdditiveAttention(4, 4, 2)):
        with pytest.raises(RuntimeError, match=rf"^{type(layer).__name__}\.backward called "
                                               rf"before forward"):
            layer.backward(np.zeros((2, 3, 4)))
        layer.forward(Q)
        with pytest.raises(ValueError, match=r"^dLdY has shape \(2, 3\), expected \(2, 3, 4\)"):
            layer.backward(np.zeros((2, 3)))
