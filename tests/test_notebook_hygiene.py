"""Every chapter notebook follows the conventions of CONTRIBUTING.md."""

import colorsys
import re
from pathlib import Path

import nbformat
import pytest
from matplotlib.colors import to_rgb

from dlcourse.plots.boundary import CLASS_COLOURS
from dlcourse.runner import discover, parameters_of, smoke_parameters_of

NOTEBOOKS = discover()
IDS = [p.stem for p in NOTEBOOKS]
CJK = re.compile(r"[\u4e00-\u9fff]")
LINK = re.compile(r"\]\((?!https?:)([^)#\s]+\.ipynb)\)")


def load(path: Path):
    return nbformat.read(path, as_version=4)


def test_there_are_chapters():
    assert [p.name[:2] for p in NOTEBOOKS][:1] == ["01"]
    assert len({p.name[:2] for p in NOTEBOOKS}) == len(NOTEBOOKS), "two notebooks share a number"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_opening_cell(path):
    first = load(path).cells[0]
    assert first.cell_type == "markdown"
    title = first.source.splitlines()[0]
    match = re.match(r"^# (\d\d) · (.+) \((.+)\)$", title)
    assert match, f"title {title!r} must look like '# 01 · Topic (中文)'"
    assert match.group(1) == path.name[:2], "chapter number in the title must match the file name"
    assert CJK.search(match.group(3)), "the title must give the Chinese term in parentheses"
    for part in ("[Contents](../README.md#chapters)", "**Learning goals.**",
                 "**Prerequisites.**", "**Run time.**", "mybinder.org"):
        assert part in first.source, f"opening cell lacks {part!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_closing_cells(path):
    cells = load(path).cells
    headings = [line.strip() for c in cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")]
    assert "## Summary" in headings and "## Exercises" in headings
    assert headings.index("## Summary") < headings.index("## Exercises")
    last = cells[-1]
    assert last.cell_type == "markdown" and "[Contents](../README.md#chapters)" in last.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_links_to_chapters_exist(path):
    for cell in load(path).cells:
        if cell.cell_type == "markdown":
            for target in LINK.findall(cell.source):
                assert (path.parent / target).is_file(), f"{path.name} links to missing {target}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_parameters_cell_and_smoke_parameters(path):
    nb = load(path)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    declared = parameters_of(path)  # raises unless every number declares its range
    assert "SEED" in declared
    assert all(p.help for p in declared.values()), "every parameter needs a comment"
    smoke = smoke_parameters_of(path)
    assert smoke, "metadata.dlcourse.smoke must give quick-check parameters"
    assert set(smoke) <= set(declared), f"smoke names {set(smoke) - set(declared)} undeclared"
    for name, value in smoke.items():
        declared[name].check(value)  # the smoke values are allowed values


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_with_outputs_in_order_and_no_errors(path):
    nb = load(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "every code cell must be executed"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "cells must be run once, top to bottom"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert "papermill" not in nb.metadata, "run metadata (paths, timings) must be stripped"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_ignored_cells_are_followed_by_a_check(path):
    """A machine-dependent cell hides its output; the next code cell must assert what holds."""
    code = [c for c in load(path).cells if c.cell_type == "code"]
    for cell, following in zip(code, code[1:]):
        ignored = cell.source.startswith("# NBVAL_IGNORE_OUTPUT")
        is_widget = any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                        for o in cell.outputs)
        if ignored and not is_widget:
            assert "assert" in following.source, (
                f"{path.name}: the cell after an output-ignored cell must assert what holds:\n"
                f"{cell.source[:200]}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_control_characters_in_cells(path):
    """A control character (e.g. "\\a" of a LaTeX "\\approx" in a plain string) never belongs."""
    found = [(i, repr(m.group())) for i, cell in enumerate(load(path).cells)
             for m in re.finditer(r"[\x00-\x08\x0b-\x1f\x7f]", cell.source)]
    assert not found, f"control characters in (cell, char): {found}"
    tabs = [i for i, cell in enumerate(load(path).cells)
            if cell.cell_type == "markdown" and "\t" in cell.source]
    assert not tabs, f"a TAB in markdown cells {tabs} (a '\\t' of '\\text' in a plain string?)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_collapsed_cells_are_checks_that_say_what_they_check(path):
    """A cell with its source hidden is out of the reading path: a comment line, then asserts."""
    for i, cell in enumerate(load(path).cells):
        if cell.metadata.get("jupyter", {}).get("source_hidden"):
            assert cell.cell_type == "code", f"cell {i}: only code cells may be collapsed"
            first = cell.source.splitlines()[0] if cell.source else ""
            assert re.match(r"# \w", first) and not first.startswith("# NBVAL"), (
                f"cell {i}: a collapsed cell starts with a comment on what it checks: {first!r}")
            assert re.search(r"^\s*assert\b", cell.source, re.MULTILINE), f"cell {i}: no assert"


WIDGET = "application/vnd.jupyter.widget-view+json"


def test_every_chapter_has_an_explorer():
    assert all(any(WIDGET in o.get("data", {}) for c in load(path).cells
                   if c.cell_type == "code" for o in c.outputs) for path in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_widget_outputs_hold_a_picture_for_viewers_that_cannot_run_them(path):
    """Untrusted JupyterLab, GitHub and nbviewer show the image/png and the text, not a repr."""
    for i, cell in enumerate(load(path).cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET in data:
                assert data.get("image/png", "").startswith("iVBORw0KGgo"), f"cell {i}: no PNG"
                assert "run the cell to explore" in data["text/plain"], f"cell {i}"



HUES = {"red": (345, 15), "orange": (15, 45), "yellow": (45, 70), "green": (70, 170),  # degrees
        "blue": (170, 250), "purple": (250, 300), "magenta": (300, 345)}  # on the colour wheel
CLASS_COLOUR_WORD = re.compile(
    rf"\bclass ([01]) \(({'|'.join(HUES)})\)"    # "class 1 (purple)"
    rf"|\b({'|'.join(HUES)}): near ([01])\b",     # "(purple: near 1, ...)" of a P(class 1) shading
    re.IGNORECASE)


def hue_name(colour) -> str:
    """The colour word for a matplotlib colour, from its hue."""
    hue = 360 * colorsys.rgb_to_hsv(*to_rgb(colour))[0]
    return next(name for name, (lo, hi) in HUES.items()
                if (lo <= hue < hi if lo < hi else hue >= lo or hue < hi))


def test_hue_names():
    assert [hue_name(c) for c in ("#ff0000", "#e66101", "#00a000", "#0000ff", "#5e3c99")] == [
        "red", "orange", "green", "blue", "purple"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_class_colour_words_match_the_palette(path):
    """Prose that names the colour of class 0 or 1 uses the colour the figures draw it in."""
    drawn = [hue_name(c) for c in CLASS_COLOURS]
    wrong = []
    for i, cell in enumerate(load(path).cells):
        if cell.cell_type == "markdown":
            for m in CLASS_COLOUR_WORD.finditer(cell.source):
                label, word = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
                if word.lower() != drawn[int(label)]:
                    wrong.append(f"cell {i}: {m.group()!r}, but class {label} is drawn "
                                 f"{drawn[int(label)]}")
    assert not wrong, "\n".join(wrong)
