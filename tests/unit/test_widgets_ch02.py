"""Chapter 02 explorers driven without a browser: set a control, the figure changes."""

import re

import pytest
from matplotlib.figure import Figure

from dlcourse.widgets.boundary_trainer import boundary_trainer
from dlcourse.widgets.descent import descent_explorer


def test_boundary_trainer_redraws_on_every_control():
    explorer = boundary_trainer(epochs=200)
    assert isinstance(explorer.figure, Figure) and explorer.renders == 1
    first = explorer.figure
    explorer.controls["hidden"].value = 2
    explorer.controls["activation"].value = "tanh"
    explorer.controls["dataset"].value = "XOR (four clusters)"
    explorer.controls["epochs"].value = 100
    assert explorer.renders == 5 and explorer.message == ""
    assert explorer.figure is not first
    assert "2-2-1 tanh" in explorer.figure.axes[0].get_title()


def test_boundary_trainer_title_has_two_lines_and_three_digits_of_the_learning_rate():
    explorer = boundary_trainer(epochs=200)
    explorer.controls["lr"].value = 10 ** -0.5  # the log slider's 0.31622776601683794
    assert explorer.figure.axes[0].get_title() == \
        "2-4-1 sigmoid, η = 0.316\naccuracy 100%, loss 0.0461"


def ranges(explorer):
    """(min, max, value) of the start sliders x0 and y0."""
    return [(c.min, c.max, c.value) for c in (explorer.controls["x0"], explorer.controls["y0"])]


def test_descent_explorer_redraws_and_titles_each_path_on_its_own_line():
    explorer = descent_explorer(steps=10)
    assert isinstance(explorer.figure, Figure)
    assert explorer.figure.axes[0].get_title() == "η = 0.1, 10 steps\nsgd: f = 0.973"
    explorer.controls["lr"].value = 0.3
    explorer.controls["steps"].value = 50
    explorer.controls["optimizer"].value = "all three"
    assert explorer.figure.axes[0].get_title() == (
        "η = 0.3, 50 steps\nsgd: diverged after 20 steps\nmomentum: f = 0.221\nadam: f = 0.0664")
    assert len(explorer.figure.axes[0].get_legend().get_texts()) == 5  # minimum, 3 paths, start


def test_descent_start_sliders_follow_the_surface_window_without_extra_renders():
    explorer = descent_explorer()
    assert ranges(explorer) == [(-4.5, 4.5, -4.0), (-2.0, 2.0, 1.5)]
    changes = [("surface", "two_minima", [(-2.0, 2.0, 1.8), (-1.5, 1.5, 1.2)]),  # to its start
               ("surface", "rosenbrock", [(-2.0, 2.0, 1.8), (-1.0, 3.0, 1.2)]),  # inside: kept
               ("y0", 2.5, [(-2.0, 2.0, 1.8), (-1.0, 3.0, 2.5)]),
               ("surface", "valley", [(-4.5, 4.5, -4.0), (-2.0, 2.0, 1.5)]),  # y0 2.5 is outside
               ("surface", "rosenbrock", [(-2.0, 2.0, -1.5), (-1.0, 3.0, 2.5)])]
    for renders, (name, value, expected) in enumerate(changes, start=2):
        explorer.controls[name].value = value
        assert ranges(explorer) == expected, (name, value)
        assert explorer.message == "" and explorer.renders == renders


def test_descent_explorer_starts_where_it_is_told():
    explorer = descent_explorer("two_minima", "momentum", x0=-1.5)
    assert ranges(explorer) == [(-2.0, 2.0, -1.5), (-1.5, 1.5, 1.2)]
    assert explorer.message == "" and explorer.renders == 1
    with pytest.raises(ValueError, match=re.escape(
            "x0 == -4.0, must be in [-2, 2] (the 'two_minima' surface's window).")):
        descent_explorer("two_minima", x0=-4.0)
    with pytest.raises(ValueError, match=re.escape(
            "y0 == 3.0, must be in [-2, 2] (the 'valley' surface's window).")):
        descent_explorer(y0=3.0)
