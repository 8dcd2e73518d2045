"""dlcourse.nn.embedding against torch.nn.Embedding: lookup exact, gradient of W (repeated ids,
padding row) equal to torch autograd in float64 to rtol 1e-12, one-hot product exact."""

import re

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose, assert_array_equal

from dlcourse.nn.embedding import Embedding, one_hot
from dlcourse.nn.gradcheck import TOLERANCE, check_layer, numerical_gradient
from dlcourse.nn.optim import SGD

SEED_IDS = [[1, 2, 4, 5], [4, 3, 2, 9]]  # the seed's example: two sequences of four tokens


def torch_twin(layer: Embedding) -> torch.nn.Embedding:
    """A float64 torch.nn.Embedding holding ``layer``'s table and padding_idx."""
    module = torch.nn.Embedding(layer.num_embeddings, layer.embedding_dim,
                                padding_idx=layer.padding_idx, dtype=torch.float64)
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(layer.W))
    return module


def test_forward_equals_torch_on_the_seeds_example():
    torch.manual_seed(0)
    module = torch.nn.Embedding(10, 3)
    layer = Embedding.from_torch(module)
    Y = layer.forward(SEED_IDS)
    expected = module(torch.tensor(SEED_IDS)).detach().double().numpy()
    assert Y.shape == expected.shape == (2, 4, 3)
    assert_array_equal(Y, expected)  # float32 weights copied to float64 exactly: no rounding
    assert_array_equal(Y[0, 2], Y[1, 0])  # id 4 twice: the same row
    assert layer.W.dtype == np.float64 and layer.W.shape == (10, 3)


@pytest.mark.parametrize("shape", [(), (7,), (3, 5), (2, 3, 4)])
def test_forward_takes_ids_of_any_shape(shape):
    layer = Embedding(6, 4, seed=1)
    ids = np.random.default_rng(2).integers(0, 6, size=shape)
    Y = layer.forward(ids)
    assert Y.shape == (*shape, 4)
    assert_array_equal(Y, torch_twin(layer)(torch.from_numpy(ids)).detach().numpy())


@pytest.mark.parametrize("padding_idx", [None, 0, 3, -1])
def test_backward_equals_torch_autograd(padding_idx):
    layer = Embedding(8, 5, padding_idx=padding_idx, seed=3)
    ids = np.array([[0, 3, 3, 7], [3, 1, 0, 3], [7, 7, 2, 3]])  # 3 four times, 7 three times
    G = np.random.default_rng(4).normal(size=(3, 4, 5))
    layer.forward(ids)
    assert layer.backward(G) is None  # integer ids have no gradient

    module = torch_twin(layer)
    module(torch.from_numpy(ids)).backward(torch.from_numpy(G))
    expected = module.weight.grad.numpy()
    assert_allclose(layer.grads["W"], expected, rtol=1e-12, atol=0)
    assert_allclose(layer.grads["W"][3], G[ids == 3].sum(axis=0) if layer.padding_idx != 3
                    else 0.0, rtol=1e-12)  # repeated ids accumulate
    assert not layer.grads["W"][[4, 5, 6]].any()  # ids not in the batch get nothing
    if padding_idx is not None:
        assert layer.padding_idx == module.padding_idx == padding_idx % 8
        assert not layer.grads["W"][layer.padding_idx].any()


def test_padding_row_starts_at_zero_and_the_rest_is_standard_normal():
    layer = Embedding(1000, 8, padding_idx=2, seed=5)
    assert not layer.W[2].any()
    rest = np.delete(layer.W, 2, axis=0)
    assert abs(rest.mean()) < 0.05 and abs(rest.std() - 1.0) < 0.05  # N(0, 1), like torch
    assert_array_equal(Embedding(4, 2, seed=7).W, Embedding(4, 2, seed=7).W)
    assert not np.array_equal(Embedding(4, 2, seed=7).W, Embedding(4, 2, seed=8).W)


def test_one_hot_times_W_equals_the_lookup_exactly():
    layer = Embedding(10, 3, seed=6)
    H = one_hot(SEED_IDS, 10)
    assert H.shape == (2, 4, 10) and H.dtype == np.float64
    assert_array_equal(H.sum(axis=-1), 1.0)
    assert_array_equal(H.argmax(axis=-1), SEED_IDS)
    assert_array_equal(H @ layer.W, layer.forward(SEED_IDS))  # (2, 4, 10) @ (10, 3), exact
    # and the gradient of W is the transposed product, the scatter-add written as a matmul
    G = np.random.default_rng(7).normal(size=(2, 4, 3))
    layer.backward(G)
    assert_allclose(layer.grads["W"], H.reshape(-1, 10).T @ G.reshape(-1, 3), rtol=1e-12)


def test_check_layer_finds_the_gradient_of_W():
    layer = Embedding(6, 3, seed=8)
    errors = check_layer(layer, np.array([[0, 5, 5], [2, 0, 5]]))
    assert set(errors) == {"dLdW"}  # no dLdX: ids are integers
    assert errors["dLdW"] < TOLERANCE, errors


def test_the_padding_row_is_frozen_although_the_lookup_reads_it():
    # torch's convention: the padding row is looked up (its value counts in the loss) but
    # not trained; the finite difference differs from backward in that row only
    layer = Embedding(5, 2, padding_idx=1, seed=9)
    layer.W[1] = [0.5, -0.5]
    ids = np.array([1, 3, 1, 4])
    G = np.random.default_rng(10).normal(size=(4, 2))
    layer.forward(ids)
    layer.backward(G)
    numeric = numerical_gradient(lambda: float(np.sum(layer.forward(ids) * G)), layer.W)
    assert_allclose(np.delete(layer.grads["W"], 1, axis=0), np.delete(numeric, 1, axis=0),
                    rtol=1e-8)
    assert_allclose(numeric[1], G[0] + G[2], rtol=1e-8)
    assert not layer.grads["W"][1].any()


def test_an_sgd_step_equals_torchs():
    layer = Embedding(6, 4, padding_idx=0, seed=11)
    module = torch_twin(layer)
    ids = np.array([[0, 1, 1], [5, 1, 0]])
    G = np.random.default_rng(12).normal(size=(2, 3, 4))
    layer.forward(ids)
    layer.backward(G)
    SGD(lr=0.1).step(layer.params, layer.grads)
    module(torch.from_numpy(ids)).backward(torch.from_numpy(G))
    torch.optim.SGD(module.parameters(), lr=0.1).step()
    assert_allclose(layer.W, module.weight.detach().numpy(), rtol=1e-12, atol=1e-15)


def test_from_torch_keeps_padding_idx_and_copies():
    module = torch.nn.Embedding(7, 2, padding_idx=-2)
    layer = Embedding.from_torch(module)
    assert layer.padding_idx == module.padding_idx == 5
    layer.W[0] = 100.0
    assert module.weight[0, 0].item() != 100.0  # a copy, not a view of torch's memory
    assert repr(layer) == "Embedding(W: (7, 2))"


@pytest.mark.parametrize(("ids", "exc", "message"), [
    ([[1, 2], [3, -1]], ValueError,
     "ids holds -1 at index (1, 1), must be in 0..9 (num_embeddings == 10)."),
    ([4, 10], ValueError, "ids holds 10 at index (1,), must be in 0..9 (num_embeddings == 10)."),
    (np.array(12), ValueError, "ids holds 12 at index (), must be in 0..9 (num_embeddings == 10)."),
    ([1.0, 2.0], TypeError, "ids must hold integer token ids, got dtype float64 (use "
                            "ids.astype(int) if they are whole numbers)."),
    ([True, False], TypeError, "ids must hold integer token ids, got dtype bool."),
    ("the cat", TypeError, "ids must hold integer token ids, got dtype <U7."),
    ([], ValueError, "ids has shape (0,), an empty axis: give at least one token id."),
    (np.zeros((2, 0), dtype=int), ValueError,
     "ids has shape (2, 0), an empty axis: give at least one token id."),
    ([[1, 2], [3]], ValueError,
     "ids is ragged: its rows have different lengths; pad every sequence to the same length."),
])
def test_bad_ids_are_named_with_the_allowed_range(ids, exc, message):
    with pytest.raises(exc, match=f"^{re.escape(message)}$"):
        Embedding(10, 3).forward(ids)


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"^ids holds 3 at index \(0,\), must be in 0\.\.2 "
                                         r"\(num_classes == 3\)\.$"):
        one_hot([3], 3)
    with pytest.raises(ValueError, match=r"^padding_idx == 10, must be in -10\.\.9 "
                                         r"\(num_embeddings == 10\)\.$"):
        Embedding(10, 3, padding_idx=10)
    with pytest.raises(ValueError, match=r"^embedding_dim == 0, must be >= 1\.$"):
        Embedding(10, 0)
    layer = Embedding(4, 2)
    with pytest.raises(RuntimeError, match=r"^Embedding\.backward called before forward"):
        layer.backward(np.ones((3, 2)))
    layer.forward([1, 2, 3])
    with pytest.raises(ValueError, match=r"^dLdY has shape \(3,\), expected \(3, 2\)"):
        layer.backward(np.ones(3))
    with pytest.raises(TypeError, match=r"^module must be a torch\.nn\.Embedding, got Linear\.$"):
        Embedding.from_torch(torch.nn.Linear(2, 3))
    with pytest.raises(ValueError, match=r"only max_norm=None and scale_grad_by_freq=False"):
        Embedding.from_torch(torch.nn.Embedding(4, 2, max_norm=1.0))
