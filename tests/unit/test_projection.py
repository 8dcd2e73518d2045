"""dlcourse.nn.projection: the 2-D PCA against scikit-learn's PCA and a hand-made example, and
the custom axis on points whose coordinates along it are known exactly."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.decomposition import PCA

from dlcourse.nn.projection import axis_projection, pca_2d

# Four points in 3-D, centred on (5, 5, 5): spread 2 along x, 1 along y, none along z.
CROSS = np.array([[2.0, 0.0, 0.0], [-2.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, -1.0, 0.0]]) + 5.0


def test_pca_of_a_hand_made_cross():
    coords, ratio = pca_2d(CROSS)
    assert_allclose(coords, [[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]], atol=1e-14)
    assert_allclose(ratio, [8 / 10, 2 / 10], rtol=1e-14)  # s² = 2² + 2² and 1² + 1² of 10


def test_pca_finds_rotated_directions_and_makes_their_largest_entry_positive():
    c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    turn = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])  # 30° in the x, y plane
    rotated = (CROSS - 5.0) @ turn.T + [1.0, -3.0, 0.5]  # x -> (c, s, 0), y -> (-s, c, 0)
    coords, ratio = pca_2d(rotated)
    assert_allclose(coords, [[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]], atol=1e-14)
    assert_allclose(ratio, [0.8, 0.2], rtol=1e-14)
    mirrored, _ = pca_2d(rotated * [1.0, -1.0, 1.0])  # y -> (-s, -c, 0): flipped to (s, c, 0)
    assert_allclose(mirrored, coords * [1.0, -1.0], atol=1e-14)


@pytest.mark.parametrize("solver", ["full", "covariance_eigh", "arpack"])
def test_pca_equals_scikit_learn_with_its_signs(solver):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 12)) @ rng.normal(size=(12, 12)) + rng.normal(size=12)
    pca = PCA(n_components=2, svd_solver=solver, random_state=0).fit(X)
    coords, ratio = pca_2d(X)
    assert_allclose(coords, pca.transform(X), rtol=1e-9, atol=1e-9)
    assert_allclose(ratio, pca.explained_variance_ratio_, rtol=1e-9)


def test_pca_signs_do_not_depend_on_the_svd():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 5))
    coords, _ = pca_2d(X)
    flipped, _ = pca_2d(-X)  # the same directions: the convention picks the same signs
    assert_allclose(flipped, -coords, atol=1e-12)
    shuffled, _ = pca_2d(X[::-1])  # row order does not matter either
    assert_allclose(shuffled, coords[::-1], atol=1e-12)


def test_pca_of_two_rows_is_one_direction():
    coords, ratio = pca_2d([[0.0, 0.0], [3.0, 4.0]])
    assert_allclose(coords[:, 0], [-2.5, 2.5], atol=1e-14)
    assert_allclose(ratio, [1.0, 0.0], atol=1e-15)


def test_axis_projection_of_hand_made_points():
    a, b = np.array([0.0, 0.0]), np.array([2.0, 0.0])
    t = axis_projection([[0.0, 0.0], [2.0, 0.0], [3.0, 5.0], [1.0, -7.0]], a, b)
    assert_allclose(t, [-1.0, 1.0, 2.0, 0.0], atol=1e-15)  # a, b at ∓|b - a|/2; 0 half-way
    assert axis_projection([3.0, 5.0], a, b) == pytest.approx(2.0)  # one vector: one number
    assert_allclose(axis_projection([[0.0, 0.0]], a, 3 * b), [-3.0])  # unit direction


def test_axis_projection_equals_a_dot_product_with_the_unit_direction():
    rng = np.random.default_rng(2)
    V, a, b = rng.normal(size=(20, 7)), rng.normal(size=7), rng.normal(size=7)
    unit = (b - a) / np.linalg.norm(b - a)
    t = axis_projection(V, a, b)
    assert_allclose(t, V @ unit - (a + b) @ unit / 2, rtol=1e-12)  # the Projector's, shifted
    assert_allclose(axis_projection(V, b, a), -t, rtol=1e-12)  # the other way round: mirrored


@pytest.mark.parametrize("call, message", [
    (lambda: pca_2d(np.ones((4, 3))), "vectors has 4 rows that are all the same"),
    (lambda: pca_2d(np.full((3, 4), 0.1)), "vectors has 3 rows that are all the same"),
    (lambda: pca_2d(np.ones((1, 3))), "vectors has shape (1, 3), expected (V, d) with V >= 2"),
    (lambda: pca_2d(np.ones((5, 1))), "and d >= 2 columns."),
    (lambda: pca_2d([[0.0, np.nan], [1.0, 2.0]]), "vectors holds nan or inf"),
    (lambda: axis_projection(np.eye(3), [1.0, 0.0], [0.0, 1.0]),
     "a_vec has shape (2,) and b_vec has shape (2,), expected (3,) each"),
    (lambda: axis_projection(np.eye(2), [1.0, 0.0], [1.0, 0.0]),
     "a_vec and b_vec are the same vector: b - a is zero"),
])
def test_bad_input(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)
