"""Pixel scaling shared by every chapter that reads 8-bit images (MNIST, the photo)."""

import numpy as np
import pytest

from dlcourse.data.images import to_unit_interval


def test_to_unit_interval_divides_by_255_in_the_requested_dtype():
    pixels = np.arange(256, dtype=np.uint8)
    np.testing.assert_array_equal(to_unit_interval(pixels), pixels.astype(np.float64) / 255.0)
    single = to_unit_interval(pixels, np.float32)
    assert single.dtype == np.float32
    np.testing.assert_array_equal(single, pixels.astype(np.float32) / 255.0)  # bit for bit
    assert to_unit_interval(np.full((2, 3), 255.0)).tolist() == [[1.0] * 3] * 2  # floats 0..255


@pytest.mark.parametrize(("pixels", "error", "message"), [
    (np.array([0.0, 256.0]), ValueError, r"pixels has values in \[0, 256\], must be in \[0, 255\]"),
    (np.array([-1, 3]), ValueError, r"pixels has values in \[-1, 3\], must be in \[0, 255\]"),
    (np.array([0.0, np.nan]), ValueError, "pixels has values in"),
    (np.array(["a"]), TypeError, "pixels must hold real numbers"),
])
def test_to_unit_interval_rejects_values_that_are_not_8_bit(pixels, error, message):
    with pytest.raises(error, match=message):
        to_unit_interval(pixels)
