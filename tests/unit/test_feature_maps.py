"""Chapter 04's hand-made first-layer feature map of a digit."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from dlcourse.nn.conv import conv2d_single
from dlcourse.nn.feature_maps import feature_map
from dlcourse.nn.kernels import KERNELS


def test_feature_map_is_a_non_negative_28_by_28_edge_map():
    digit = np.zeros((28, 28))
    digit[:, :14] = 255.0  # bright left half, dark right half
    fmap = feature_map(digit)
    assert fmap.shape == (28, 28) and fmap.min() == 0.0
    assert_allclose(fmap[10, [5, 13, 14, 20]], [0.0, 3.0, 3.0, 0.0])  # left − right, 3 rows


def test_feature_map_scales_uint8_pixels_and_uses_the_named_kernel():
    digit = np.random.default_rng(0).integers(0, 256, size=(6, 5)).astype(np.uint8)
    expected = np.maximum(conv2d_single(digit / 255.0, KERNELS["horizontal edge"], padding=1), 0)
    assert_allclose(feature_map(digit, "horizontal edge"), expected, rtol=1e-12)
    with pytest.raises(ValueError, match="kernel == 'edge', must be one of"):
        feature_map(digit, "edge")
    with pytest.raises(ValueError, match=r"pixels has values in \[0, 300\], must be in \[0, 255\]"):
        feature_map(np.array([[0.0, 300.0]]))
