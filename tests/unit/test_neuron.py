"""One neuron and the perceptron rule on the 8-point dataset of seed 003."""

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose

from dlcourse.data.toy import eight_points, sum_below_one
from dlcourse.nn.neuron import count_correct, fires, neuron, perceptron, weighted_sum


def test_weighted_sum_and_activation_match_torch_linear():
    rng = np.random.default_rng(0)
    X, w, b = rng.normal(size=(5, 3)), rng.normal(size=3), 0.7
    layer = torch.nn.Linear(3, 1, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(w).reshape(1, 3))
        layer.bias.fill_(b)
    expected = torch.sigmoid(layer(torch.tensor(X))).detach().numpy().ravel()
    assert_allclose(neuron(X, w, b), expected, rtol=1e-12)
    assert_allclose(weighted_sum(X, w, b), X @ w + b)


def test_the_line_x2_equals_x1_separates_the_eight_points():
    X, y = eight_points()
    assert fires(X, [-1.0, 1.0], 0.0).tolist() == y.tolist()
    assert count_correct(X, y, [-1.0, 1.0], 0.0) == 8
    assert count_correct(X, y, [1.0, -1.0], 0.0) == 0


def test_perceptron_converges_in_three_passes():
    X, y = eight_points()
    w, b, mistakes = perceptron(X, y, epochs=50)
    assert mistakes == [3, 1, 0] and w.tolist() == [-4.0, 5.0] and b == 0.0


def test_perceptron_never_converges_on_xor():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    _, _, mistakes = perceptron(X, np.array([0, 1, 1, 0]), epochs=30)
    assert len(mistakes) == 30 and min(mistakes) > 0


def test_sum_below_one_is_seed_003s_dataset():
    X, y = sum_below_one()
    assert X.shape == (32, 2) and y.shape == (32, 1)
    assert_allclose(X[0], np.random.RandomState(23455).rand(2))
    assert y.ravel().tolist() == (X.sum(axis=1) < 1).astype(float).tolist()


def test_bad_inputs_are_explained():
    X, y = eight_points()
    with pytest.raises(ValueError, match=r"w has shape \(3,\), expected \(2,\)"):
        weighted_sum(X, [1.0, 2.0, 3.0], 0.0)
    with pytest.raises(ValueError, match=r"X has shape \(2,\); expected 2-D .* X.reshape\(1, -1\)"):
        weighted_sum([1.0, 2.0], [1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="b must be a single number"):
        weighted_sum(X, [1.0, 2.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="y has 3 labels but X has 8 rows"):
        count_correct(X, [0, 1, 0], [1.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="lr == 0, must be > 0"):
        perceptron(X, y, lr=0)
    with pytest.raises(ValueError, match=r"y must hold labels 0 and 1, got values \[-1, 1\]"):
        perceptron(X, 2 * y - 1)
    with pytest.raises(ValueError, match="n == 0, must be >= 1"):
        sum_below_one(0)


def test_perceptron_explains_a_one_dimensional_x_and_keeps_w0():
    with pytest.raises(ValueError, match=r"X has shape \(4,\); expected 2-D \(n_ex, n_in\)"):
        perceptron([1.0, 2.0, 3.0, 4.0], [0, 1, 0, 1])
    w0 = np.array([0.5, -0.5])
    perceptron([[1.0, 0.0], [0.0, 1.0]], [1, 0], w0=w0)
    assert w0.tolist() == [0.5, -0.5]


def test_labels_and_bias_are_checked_before_training():
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match="y has 3 labels but X has 4 rows"):
        perceptron(X, [0, 1, 0])
    with pytest.raises(TypeError, match="b must hold real numbers .* got dtype <U1"):
        weighted_sum(X, [1.0, 1.0], b="1")
    with pytest.raises(TypeError, match="lr must be a real number, got bool"):
        perceptron(X, [0, 1, 0, 1], lr=True)
