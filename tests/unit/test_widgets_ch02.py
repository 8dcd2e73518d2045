"""Chapter 02 explorers driven without a browser: set a control, the figure changes."""

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


def test_descent_explorer_redraws_and_reports_a_start_outside_the_window():
    explorer = descent_explorer()
    assert isinstance(explorer.figure, Figure)
    explorer.controls["lr"].value = 0.3
    assert "sgd: diverged after" in explorer.figure.axes[0].get_title()
    explorer.controls["optimizer"].value = "all three"
    assert len(explorer.figure.axes[0].get_legend().get_texts()) == 5  # minimum, 3 paths, start
    explorer.controls["surface"].value = "two_minima"  # x0 = -4 is outside [-2, 2]
    assert explorer.figure is None
    assert "start (-4, 1.5) is outside the 'two_minima' surface's window" in explorer.message
    explorer.controls["x0"].value = 1.8
    assert explorer.message == "" and isinstance(explorer.figure, Figure)
