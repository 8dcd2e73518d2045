"""The Explorer pattern: controls -> render -> picture, with messages, constraints and a cache."""

import base64

from matplotlib.layout_engine import ConstrainedLayoutEngine

from dlcourse.plots.activations import plot_activation
from dlcourse.widgets.explorer import STATIC_CAPTION, Explorer, dropdown, set_range, slider

PNG = b"\x89PNG\r\n\x1a\n"


def counting_explorer(constrain=None):
    """An explorer over plot_activation that counts its renders; z range < 2 is refused."""
    calls = []

    def render(name, z_max):
        calls.append((name, z_max))
        if z_max < 2:
            raise ValueError(f"z range ±{z_max:g} is too narrow; pick 2 or more.")
        return plot_activation(name, z_max=z_max)

    controls = {"name": dropdown("activation", ["sigmoid", "relu"]),
                "z_max": slider("z range ±", 6.0, 1.0, 20.0, 0.5)}
    return Explorer(controls, render, constrain=constrain), calls


def test_each_change_shows_a_new_picture():
    explorer, calls = counting_explorer()
    first = bytes(explorer.image.value)
    assert first.startswith(PNG) and explorer.renders == 1
    explorer.controls["name"].value = "relu"
    assert bytes(explorer.image.value) != first and explorer.renders == 2
    assert "relu" in explorer.figure.axes[0].get_title()


def test_a_failing_render_shows_its_message_and_hides_the_picture_in_place():
    explorer, _ = counting_explorer()
    explorer.controls["z_max"].value = 1.5
    assert explorer.figure is None
    assert explorer.message == "z range ±1.5 is too narrow; pick 2 or more."
    assert "z range ±1.5 is too narrow" in explorer.status.value
    assert explorer.image.layout.visibility == "hidden"
    explorer.controls["z_max"].value = 3.0
    assert explorer.message == "" and explorer.status.value == ""
    assert explorer.image.layout.visibility == "visible"


def test_a_message_that_still_holds_names_the_change_it_answers():
    explorer, _ = counting_explorer()
    explorer.controls["z_max"].value = 1.5
    assert "(after z range ± → 1.5)" in explorer.status.value
    explorer.controls["name"].value = "relu"  # still too narrow: the line answers this move
    assert "z range ±1.5 is too narrow" in explorer.status.value
    assert "(after activation → relu)" in explorer.status.value


def test_a_state_seen_before_is_not_rendered_again():
    explorer, calls = counting_explorer()
    explorer.controls["name"].value = "relu"
    explorer.controls["name"].value = "sigmoid"
    assert calls == [("sigmoid", 6.0), ("relu", 6.0)] and explorer.renders == 3
    assert explorer.figure.axes[0].get_title().startswith("sigmoid")


def test_constrain_adjusts_other_controls_without_renders_of_its_own():
    told = []

    def constrain(controls, changed):  # relu's range is capped at 4
        told.append(changed)
        controls["z_max"].max = 4.0 if controls["name"].value == "relu" else 20.0

    explorer, calls = counting_explorer(constrain)
    explorer.controls["name"].value = "relu"  # z_max 6 is clamped to 4 inside constrain
    assert explorer.controls["z_max"].value == 4.0
    assert calls == [("sigmoid", 6.0), ("relu", 4.0)]
    assert told == [None, "name"]  # the first picture, then the control that changed


def test_set_range_moves_a_range_past_the_old_one_and_clamps_the_value():
    control = slider("i", 3, 0, 5, 1)
    set_range(control, 8, 12)  # wholly above: min 8 > the old max 5
    assert (control.min, control.max, control.value) == (8, 12, 8)
    set_range(control, 0, 2)  # wholly below
    assert (control.min, control.max, control.value) == (0, 2, 2)
    set_range(control, 0, 9)
    assert (control.min, control.max, control.value) == (0, 9, 2)


def test_viewers_without_widgets_get_the_starting_picture_and_a_line_of_text():
    explorer, _ = counting_explorer()
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == f"Explorer: {STATIC_CAPTION}"
    png = bundle["image/png"]
    assert png.startswith(PNG) and png != bytes(explorer.image.value)  # the figure plus its caption
    width, height = (int.from_bytes(png[16 + 4 * i:20 + 4 * i], "big") for i in range(2))
    assert (width, height) == (600, 380 + 30)  # 6 x 3.8 inches at 100 dpi, 0.3 inch caption
    base64.b64encode(png)  # what the notebook stores


def test_controls_fill_their_grid_cell():
    explorer, _ = counting_explorer()
    grid = explorer.children[0]
    assert all(control.layout.width == "auto" for control in grid.children)
    assert "auto-fit" in grid.layout.grid_template_columns


def test_figures_laid_out_alike_reuse_the_first_layout_and_others_get_their_own():
    def render(lines, z_max):
        fig = plot_activation("sigmoid", z_max=z_max)
        fig.axes[0].set_title("\n".join(["a title line"] * lines))
        return fig

    explorer = Explorer({"lines": slider("title lines", 1, 1, 3, 1),
                         "z_max": slider("z range ±", 6.0, 2.0, 10.0, 1.0)}, render)
    first = explorer.figure.axes[0].get_position(original=True)
    assert isinstance(explorer.figure.get_layout_engine(), ConstrainedLayoutEngine)
    explorer.controls["z_max"].value = 8.0  # other ticks along x, the same space around the axes
    assert not isinstance(explorer.figure.get_layout_engine(), ConstrainedLayoutEngine)
    assert explorer.figure.axes[0].get_position(original=True).bounds == first.bounds
    explorer.controls["lines"].value = 3  # a taller title: laid out anew, the axes lower
    assert isinstance(explorer.figure.get_layout_engine(), ConstrainedLayoutEngine)
    assert explorer.figure.axes[0].get_position(original=True).y1 < first.y1 - 0.05
    assert len(explorer.layouts) == 2
    assert all(isinstance(png, bytes) for png in explorer.pictures.values())  # no figures kept
