"""dlcourse.nn.gradcheck: finds correct gradients correct and wrong ones wrong."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from dlcourse.data.toy import eight_points
from dlcourse.nn.activations import ACTIVATIONS
from dlcourse.nn.attention import AdditiveAttention, MultiheadAttention
from dlcourse.nn.conv import Conv2d
from dlcourse.nn.embedding import Embedding
from dlcourse.nn.gradcheck import (
    TOLERANCE,
    check_layer,
    check_network,
    numerical_gradient,
    relative_error,
)
from dlcourse.nn.mlp import MLP, ActivationLayer, Dense
from dlcourse.nn.pooling import AvgPool2d, MaxPool2d
from dlcourse.nn.rnn import GRUCell, RNNCell


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda: float(np.sum(x**3)), x)
    assert_allclose(grad, 3 * x**2, rtol=1e-8)
    assert_allclose(x, [[1.0, -2.0], [0.5, 3.0]], rtol=0)  # restored


def test_relative_error_values():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0, 0.0], [-1.0, 0.0]) == 1.0
    assert relative_error([0.0], [0.0]) == 0.0
    assert_allclose(relative_error([1.0], [1.1]), 0.1 / 2.1)


@pytest.mark.parametrize("layer", [Dense(3, 4, rng=np.random.default_rng(1)),
                                   Dense(3, 4, bias=False), ActivationLayer("tanh"),
                                   ActivationLayer("sigmoid")])
def test_correct_layers_pass(layer):
    X = np.random.default_rng(2).normal(size=(5, 3))
    errors = check_layer(layer, X)
    expected_names = {"dLdX", "dLdW", "dLdb"} if isinstance(layer, Dense) else {"dLdX"}
    if isinstance(layer, Dense) and layer.b is None:
        expected_names = {"dLdX", "dLdW"}
    assert set(errors) == expected_names
    assert max(errors.values()) < TOLERANCE


def every_layer():
    """One of each NumPy layer, with an input it accepts (ids name them)."""
    rng = np.random.default_rng(3)
    dense = [(Dense(3, 4, rng=rng), (5, 3)), (Dense(3, 2, bias=False, rng=rng), (5, 3))]
    activations = [(ActivationLayer(name), (5, 3)) for name in ACTIVATIONS]
    convs = [(Conv2d(rng.normal(size=(4, 2, 3, 3)), rng.normal(size=4)), (2, 2, 6, 5)),
             (Conv2d(rng.normal(size=(3, 2, 3, 2)), rng.normal(size=3), stride=2, padding=1),
              (2, 2, 7, 6)),
             (Conv2d(rng.normal(size=(2, 3, 2, 3)), None, stride=(2, 1), padding=(0, 2),
                     dilation=(2, 1)), (1, 3, 7, 5))]
    pools = [(MaxPool2d(2), (2, 3, 6, 6)), (MaxPool2d(3, stride=2, padding=1), (1, 2, 7, 7)),
             (AvgPool2d(2), (2, 3, 6, 6)), (AvgPool2d((3, 2), stride=1, padding=1), (1, 2, 5, 6))]
    # the cells whose forward(X) returns one array, h' (the LSTM's pair and the sequence layers'
    # (output, h_n) do not fit check_layer; tests/unit/test_rnn.py compares them with torch)
    cells = [(RNNCell(3, 4, seed=1), (5, 3)), (RNNCell(3, 4, bias=False, nonlinearity="relu"),
                                               (5, 3)), (GRUCell(3, 4, seed=2), (5, 3))]
    # an embedding reads integer ids (drawn below), which have no gradient: no "dLdX"
    embeddings = [(Embedding(7, 3, seed=1), (4, 5)), (Embedding(7, 2, padding_idx=6), (2, 3, 2))]
    # attention as self-attention, forward(X) with key = value = X (tests/unit/test_attention.py
    # compares the cross-attention gradients with torch)
    attention = [(AdditiveAttention(3, 3, 4, seed=1), (2, 4, 3)),
                 (MultiheadAttention(6, 2, seed=1), (2, 3, 6)),
                 (MultiheadAttention(4, 2, bias=False, seed=2), (1, 5, 4))]
    return dense + activations + convs + pools + cells + embeddings + attention


@pytest.mark.parametrize(("layer", "x_shape"), every_layer(), ids=repr)
def test_check_layer_passes_on_every_layer(layer, x_shape):
    rng = np.random.default_rng(4)
    takes_ids = isinstance(layer, Embedding)
    # ids below padding_idx: the padding row is frozen although read (tests/unit/test_embedding.py)
    X = rng.integers(0, 6, size=x_shape) if takes_ids else rng.normal(size=x_shape)
    errors = check_layer(layer, X)
    inputs = set() if takes_ids else {"dLdX"}
    assert set(errors) == inputs | {f"dLd{name}" for name in layer.params}
    assert sorted(layer.grads) == sorted(layer.params)
    assert max(errors.values()) < TOLERANCE, errors


def test_check_layer_names_every_parameter_of_a_conv_layer():
    layer = Conv2d(np.random.default_rng(0).normal(size=(2, 1, 3, 3)), np.zeros(2), padding=1)
    assert list(check_layer(layer, np.ones((1, 1, 4, 4)))) == ["dLdX", "dLdW", "dLdb"]


def test_check_layer_rejects_what_is_not_a_layer():
    with pytest.raises(TypeError, match=r"layer must be a dlcourse.nn.layer.Layer \(forward, "
                                        r"backward, params, grads\), got MLP"):
        check_layer(MLP((2, 1)), np.ones((1, 2)))


class ForgetsTranspose(Dense):
    """A buggy layer: dLdX uses W instead of W.T (only works for square W)."""

    def backward(self, dLdY):
        super().backward(dLdY)
        return dLdY @ self.W


def test_a_buggy_backward_is_caught_and_named():
    layer = ForgetsTranspose(3, 3, rng=np.random.default_rng(0))
    errors = check_layer(layer, np.random.default_rng(1).normal(size=(4, 3)))
    assert errors["dLdX"] > 0.1
    assert errors["dLdW"] < TOLERANCE and errors["dLdb"] < TOLERANCE


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_whole_network_gradients_pass(activation):
    X, y = eight_points()
    net = MLP((2, 4, 3, 1), activation=activation, seed=1)
    errors = check_network(net, X / 8, y, "bce")
    assert list(errors) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert max(errors.values()) < TOLERANCE


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(TypeError, match="x must be a float64 ndarray .*, got list"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="got an array of dtype int64"):
        numerical_gradient(lambda: 0.0, np.array([1, 2]))
    with pytest.raises(ValueError, match="eps == 0, must be > 0"):
        numerical_gradient(lambda: 0.0, np.zeros(2), eps=0)
    with pytest.raises(ValueError, match=r"analytic has shape \(2,\) but numeric has shape"):
        relative_error(np.zeros(2), np.zeros(3))


def test_check_layer_still_nudges_integers_a_layer_treats_as_numbers():
    layer = Dense(3, 2, rng=np.random.default_rng(5))
    errors = check_layer(layer, np.arange(6).reshape(2, 3))  # int input to Dense: dLdX checked
    assert list(errors) == ["dLdX", "dLdW", "dLdb"]
    assert max(errors.values()) < TOLERANCE, errors
