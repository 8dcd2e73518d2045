"""The output-size exercise of chapters 03 and 05: one answer, one argument order, both checkers."""

from dlcourse.exercises.ch03 import check_output_size
from dlcourse.exercises.ch05 import OUTPUT_SIZE_CASES, check_conv_output_size
from dlcourse.nn.windows import output_size


def my_output_size(n, f, stride, padding):
    """A learner's chapter-03 answer, reused unchanged in chapter 05."""
    return (n + 2 * padding - f) // stride + 1


def test_one_correct_answer_passes_both_checkers():
    assert check_output_size(my_output_size).passed
    assert check_conv_output_size(my_output_size).passed


def test_both_checkers_refuse_padding_and_stride_swapped():
    def swapped(n, f, padding, stride):
        return (n + 2 * padding - f) // stride + 1

    assert not check_output_size(swapped).passed
    assert not check_conv_output_size(swapped).passed


def test_chapter_05_cases_are_in_output_size_order():
    for case in OUTPUT_SIZE_CASES:
        assert output_size(*case.args) == case.expected, case.label
