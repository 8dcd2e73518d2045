"""Data augmentation: exact shifts and rotations, random draws within their bounds."""

import pytest
import torch

from dlcourse.augment import RandomShiftRotate, shift_rotate


def dot(row, col, size=9):
    """One image (1, 1, size, size), black except one white pixel."""
    image = torch.zeros(1, 1, size, size)
    image[0, 0, row, col] = 1.0
    return image


def where(image):
    return tuple(int(i) for i in (image[0, 0] > 0.5).nonzero()[0])


def test_whole_pixel_shifts_move_the_image_exactly():
    moved = shift_rotate(dot(4, 4), torch.tensor([[2.0, -1.0]]), torch.zeros(1))  # 2 right, 1 up
    assert where(moved) == (3, 6)
    torch.testing.assert_close(moved, dot(3, 6), atol=1e-6, rtol=0)


def test_rotation_turns_counter_clockwise_about_the_centre():
    right_of_centre = dot(4, 7)  # 3 pixels right of the centre (4, 4)
    quarter = shift_rotate(right_of_centre, torch.zeros(1, 2), torch.tensor([90.0]))
    torch.testing.assert_close(quarter, dot(1, 4), atol=1e-5, rtol=0)  # now 3 pixels above
    half = shift_rotate(right_of_centre, torch.zeros(1, 2), torch.tensor([180.0]))
    torch.testing.assert_close(half, dot(4, 1), atol=1e-5, rtol=0)


def test_rotation_keeps_distances_on_a_wide_image():
    image = torch.zeros(1, 1, 8, 16)  # H != W: rotating in pixels, not in the -1..1 square
    image[0, 0, 3:5, 9:11] = 1.0  # a 2x2 block 2 pixels right of the centre (4, 8)
    turned = shift_rotate(image, torch.zeros(1, 2), torch.tensor([90.0]))
    expected = torch.zeros_like(image)
    expected[0, 0, 1:3, 7:9] = 1.0  # now 2 pixels above the centre
    torch.testing.assert_close(turned, expected, atol=1e-5, rtol=0)


def test_no_shift_no_rotation_is_the_identity_and_shapes_are_checked():
    images = torch.rand(5, 3, 28, 28)
    torch.testing.assert_close(shift_rotate(images, torch.zeros(5, 2), torch.zeros(5)), images)
    torch.testing.assert_close(RandomShiftRotate(0, 0)(images), images)
    with pytest.raises(ValueError, match=r"shifts \(4, 2\) and degrees \(5,\) must be \(5, 2\)"):
        shift_rotate(images, torch.zeros(4, 2), torch.zeros(5))
    with pytest.raises(ValueError, match=r"images has shape \(28, 28\), must be \(N, C, H, W\)"):
        shift_rotate(images[0, 0], torch.zeros(1, 2), torch.zeros(1))


def test_random_draws_stay_within_bounds_differ_per_image_and_repeat_with_the_seed():
    images = dot(14, 14, size=29).repeat(200, 1, 1, 1)
    augment = RandomShiftRotate(max_shift=3, max_degrees=0)
    torch.manual_seed(0)
    moved = augment(images)
    mass = moved.sum(dim=(1, 2, 3))
    torch.testing.assert_close(mass, torch.ones(200))  # bilinear weights sum to 1
    grid = torch.arange(29.0)
    centre_row = (moved[:, 0].sum(dim=2) * grid).sum(dim=1)
    centre_col = (moved[:, 0].sum(dim=1) * grid).sum(dim=1)
    assert (centre_row - 14).abs().max() <= 3 + 1e-4 and (centre_col - 14).abs().max() <= 3 + 1e-4
    assert (centre_col - 14).abs().max() > 2.5  # the whole range is used
    assert len({round(float(c), 3) for c in centre_col}) > 150  # a new draw per image
    torch.manual_seed(0)
    torch.testing.assert_close(augment(images), moved)


def test_bad_bounds_are_named():
    with pytest.raises(ValueError, match=r"max_shift == -1, must be >= 0 and finite"):
        RandomShiftRotate(max_shift=-1)
    with pytest.raises(TypeError, match=r"max_degrees must be a real number, got str"):
        RandomShiftRotate(max_degrees="10")
    assert repr(RandomShiftRotate()) == "RandomShiftRotate(max_shift=2.0, max_degrees=10.0)"
