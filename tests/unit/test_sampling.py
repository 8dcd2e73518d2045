"""Temperature sampling: equal to torch, the limits the chapter states, draws by frequency."""

import math

import numpy as np
import torch

from dlcourse.nn.sampling import draw, entropy, with_temperature

LOGITS = np.array([[2.0, 1.0, 0.0, -1.0], [0.5, 0.5, 3.0, -2.0]])


def test_with_temperature_equals_torch_softmax_of_scaled_logits():
    for temperature in (0.1, 0.5, 1.0, 2.0):
        expected = torch.softmax(torch.tensor(LOGITS) / temperature, dim=-1).numpy()
        np.testing.assert_allclose(with_temperature(LOGITS, temperature), expected, rtol=1e-12)


def test_temperature_limits_greedy_and_uniform():
    np.testing.assert_allclose(with_temperature(LOGITS[0], 0.01), [1, 0, 0, 0], atol=1e-40)
    np.testing.assert_allclose(with_temperature(LOGITS[0], 1e6), np.full(4, 0.25), rtol=1e-5)


def test_entropy_equals_torch_categorical_and_bounds():
    probs = with_temperature(LOGITS, 1.0)
    expected = torch.distributions.Categorical(probs=torch.tensor(probs)).entropy().numpy()
    np.testing.assert_allclose(entropy(probs), expected, rtol=1e-12)
    assert entropy([1.0, 0.0, 0.0]) == 0.0
    assert math.isclose(entropy(np.full(65, 1 / 65)), math.log(65), rel_tol=1e-12)


def test_entropy_grows_with_temperature():
    values = [float(entropy(with_temperature(LOGITS[0], t))) for t in (0.1, 0.5, 1.0, 2.0)]
    assert values == sorted(values) and values[0] < 0.01 < math.log(4) - values[-1]


def test_draw_follows_the_distribution_and_the_seed():
    probs = np.array([0.7, 0.2, 0.1])
    rng = np.random.default_rng(0)
    counts = np.bincount([draw(probs, rng) for _ in range(4000)], minlength=3) / 4000
    np.testing.assert_allclose(counts, probs, atol=0.02)
    first = [draw(probs, np.random.default_rng(5)) for _ in range(3)]
    assert first == [draw(probs, np.random.default_rng(5))] * 3
