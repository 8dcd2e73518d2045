"""Every exercise's reference answer passes its checker and every notebook starter fails it.

The starters are read from the notebooks' exercise sections and run as the notebook runs
them, so a starter that passes by accident (or a checker that accepts anything) fails here.
"""

import ast
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlcourse.exercises import ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09, ch10
from dlcourse.exercises.checker import Report
from dlcourse.exercises.sheet import Reveal
from dlcourse.nn.activations import sigmoid_grad

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CHAPTERS = {"01": ch01, "02": ch02, "03": ch03, "04": ch04, "05": ch05, "06": ch06, "07": ch07,
            "08": ch08, "09": ch09, "10": ch10}
EXERCISES = [pytest.param(module, number, id=f"ch{chapter}-{number}")
             for chapter, module in CHAPTERS.items() for number in module.SHEET.exercises]


def notebook(chapter: str):
    (path,) = NOTEBOOKS.glob(f"{chapter}_*.ipynb")
    return nbformat.read(path, 4)


def run_exercise_cells(chapter: str) -> tuple[dict, list[tuple[str, object]]]:
    """Run the parameters, the imports and the exercise cells; return (namespace, results).

    ``results`` pairs each exercise code cell's source with the value of its last line
    (None when the cell ends in a statement), as the notebook shows it.
    """
    cells = notebook(chapter).cells
    start = next(i for i, c in enumerate(cells)
                 if c.cell_type == "markdown" and "## Exercises" in c.source)
    setup = [c for c in cells[:start] if c.cell_type == "code"
             and ("parameters" in c.metadata.get("tags", [])
                  or "from dlcourse.exercises" in c.source)]
    namespace: dict = {}
    for cell in setup:
        exec(cell.source, namespace)
    results = []
    for cell in cells[start:]:
        if cell.cell_type != "code":
            continue
        body = ast.parse(cell.source).body
        value = None
        if body and isinstance(body[-1], ast.Expr):
            exec(compile(ast.Module(body[:-1], []), "<cell>", "exec"), namespace)
            value = eval(compile(ast.Expression(body[-1].value), "<cell>", "eval"), namespace)
        else:
            exec(cell.source, namespace)
        results.append((cell.source, value))
    return namespace, results


@pytest.fixture(scope="module", params=sorted(CHAPTERS))
def chapter_run(request):
    return request.param, *run_exercise_cells(request.param)


@pytest.mark.parametrize("module, number", EXERCISES)
def test_every_reference_answer_passes_its_checker(module, number, reference_report):
    exercise = module.SHEET[number]
    if exercise.check is None:
        assert exercise.worked  # a discussion item: a worked answer instead
        return
    report = reference_report(module, number)
    assert report.passed, repr(report)


def test_every_starter_fails_its_checker(chapter_run):
    chapter, namespace, results = chapter_run
    reports = [(source, value) for source, value in results if isinstance(value, Report)]
    assert reports
    for source, report in reports:
        assert not report.passed, source
    sheet = CHAPTERS[chapter].SHEET
    for number, exercise in sheet.exercises.items():
        if exercise.check is None:
            continue
        assert any(f"{exercise.check.__name__}(" in source for source, _ in reports), number
        if callable(exercise.answer):  # the starter has the reference solution's name
            assert callable(namespace.get(exercise.answer.__name__)), exercise.answer.__name__


def test_the_notebooks_point_at_existing_hints_and_solutions(chapter_run):
    chapter, _, results = chapter_run
    sheet = CHAPTERS[chapter].SHEET
    cells = notebook(chapter).cells
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    pointed = {int(n) for n in re.findall(r"`(?:hint|solution)\((\d+)\)`", text)}
    assert pointed == set(sheet.exercises)
    assert all("solution(" not in source for source, _ in results)  # never revealed in outputs


def test_hint_and_solution_read_as_text():
    assert repr(ch03.hint(5)) == (
        "Chapter 03, exercise 5: a hint\n\n"
        "Put n_out = n and s = 1 into ⌊(n + 2p − d(f − 1) − 1)/s⌋ + 1 and solve for p.")
    shown = repr(ch01.solution(4))
    assert shown.startswith("Chapter 01, exercise 4: a reference answer\n\ndef my_softmax(z):\n")
    assert shown.endswith("    return e / e.sum()")
    recall = repr(ch04.solution(1))
    assert "check_recall(\n    parameters_of_a_pooling_layer=0,\n    fraction_kept=0.25," in recall
    assert isinstance(ch05.hint(6), Reveal) and "worked answer" not in repr(ch05.hint(6))


def test_every_rung_of_the_ladder_in_chapters_01_to_05():
    for module in (ch01, ch02, ch03, ch04, ch05):
        rungs = [e.rung for e in module.SHEET.exercises.values()]
        assert {"recall", "implement", "derive", "experiment"} <= set(rungs), module.__name__
        checked = [e.rung for e in module.SHEET.exercises.values() if e.check is not None]
        assert rungs[0] == "recall" and "experiment" in checked


def test_the_numbers_of_the_worked_answers():
    # chapter 01, exercise 8: σ' at z = 2 and at z = 6, "about 40 times less"
    slope2, slope6 = sigmoid_grad(np.array([2.0, 6.0]))
    assert round(slope2, 3) == 0.105 and round(slope6, 4) == 0.0025
    assert 40 <= slope2 / slope6 < 45
    # chapter 01, exercise 9: tanh about 28 orders of magnitude, sigmoid 12, ELU 7.5
    drops = ch01.saturation_drops()
    assert round(drops["tanh"]) == 28 and round(drops["sigmoid"]) == 12
    assert round(drops["elu"] * 2) / 2 == 7.5
    # chapter 02, exercise 5 (a): 1 + β − 10η = 1.4, 1.4² = 1.96 < 3.6, √β ≈ 0.95
    beta, lr = 0.9, 0.05
    assert np.isclose(1 + beta - 10 * lr, 1.4) and (1 + beta - 10 * lr) ** 2 < 4 * beta
    assert round(np.sqrt(beta), 2) == 0.95
    # chapter 02, exercise 7: 0.021 and 4.3e-6, a shrink of 3 to 4 per layer either way
    r3, r10 = ch02.sigmoid_gradient_ratio(3), ch02.sigmoid_gradient_ratio(10)
    assert round(r3, 3) == 0.021 and round(r10, 7) == 4.3e-6
    assert 3 < (1 / r3) ** (1 / 3) < 4 and 3 < (1 / r10) ** (1 / 10) < 4
    # chapter 03, exercise 6: columns 6, 7 and 2, 5, 8
    assert ch03._unseen(8, 3, 3) == [6, 7] and ch03._unseen(9, 2, 3) == [2, 5, 8]
    # chapter 04, exercise 5: about 55 % and 44 %
    change = ch04.SHEET[5].answer
    assert round(change["change_2x2"], 2) == 0.55
    assert round(change["change_3x3_stride_2"], 2) == 0.44
