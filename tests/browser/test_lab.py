"""Layer 4: a real JupyterLab in headless Chromium runs every chapter, with its smoke
parameters (nbval runs the defaults), and every control of every explorer changes the
figure or shows a message saying why not; a text box gets what a learner would type and
must draw it, and in an explorer with word boxes, a word picked from their suggestions
must change the figure at least once. The page is 1024 px wide with the file browser
open, as Lab starts on a small laptop: no control may overlap another.

The harness is :mod:`lab` (shared with ``benchmarks/widget_latency.py``).
Screenshots go to build/browser/ for a person to look at.
"""

from __future__ import annotations

import subprocess

import pytest
from lab import (
    CHAPTERS,
    ROOT,
    TEXT_VALUES,
    change,
    controls,
    explorers,
    launch_chromium,
    layout_problems,
    open_chapter,
    running_lab,
)
from playwright.sync_api import sync_playwright

from dlcourse.serve.app import create_app
from dlcourse.serve.background import BackgroundServer

SHOTS = ROOT / "build" / "browser"
SHOWN = "(img) => img.complete && img.naturalWidth > 0 && img.src.length > 0"


@pytest.fixture(scope="module")
def lab():
    with running_lab(smoke=True) as server:  # nbval runs the chapters' defaults
        yield server


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


def test_a_cjk_font_draws_the_chinese_headings():
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no CJK font: Chinese headings show as boxes (make chromium)"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[c[:2] for c in CHAPTERS])
def test_every_control_redraws_or_explains(lab, browser, notebook):
    page, panel, errors = open_chapter(browser, *lab, notebook, width=1024, file_browser=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    boxes = explorers(panel)
    assert boxes, f"{notebook} shows no explorer after running"
    problems = []
    for e, explorer in enumerate(boxes):
        explorer.scroll_into_view_if_needed()
        assert explorer.locator("img").first.evaluate(SHOWN), f"explorer {e} shows no figure"
        explorer.screenshot(path=str(SHOTS / f"{notebook[:2]}_{e}_before.png"))
        problems += [f"explorer {e} at 1024 px: {p}" for p in layout_problems(explorer)]
        picks = []  # the outcomes of words picked from a word box's suggestions
        for step, control in enumerate(controls(explorer)):
            result = change(page, control, step)
            where = f"explorer {e}, control {control.label!r}"
            if result["value_after"] == result["value_before"]:
                problems.append(f"{where}: the control did not move ({result['value_before']})")
            elif result["outcome"] == "nothing":
                problems.append(f"{where}: neither a new figure nor a message "
                                f"({result['value_before']} -> {result['value_after']})")
            elif control.label in TEXT_VALUES and result["outcome"] != "figure":
                problems.append(f"{where}: typing {result['value_after']!r} drew no figure "
                                f"({result['message']})")
            if result["suggested"]:
                picks.append(result["outcome"])
        if picks and "figure" not in picks:
            problems.append(f"explorer {e}: no word picked from a word box's suggestions "
                            f"changed the figure ({picks})")
        explorer.screenshot(path=str(SHOTS / f"{notebook[:2]}_{e}_after.png"))
    page.screenshot(path=str(SHOTS / f"{notebook[:2]}_page.png"))
    assert not problems, "\n".join(problems)
    assert not errors, f"JavaScript errors in the page: {errors}"
    page.close()


def test_the_draw_page_sends_a_drawn_digit_to_the_service(browser):
    with BackgroundServer(create_app()) as server:
        page = browser.new_page(viewport={"width": 1024, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{server.url}/draw")
        page.click("#ask")
        assert page.inner_text("#answer") == "Draw a digit first."
        pad = page.locator("#pad").bounding_box()
        x, top = pad["x"] + pad["width"] / 2, pad["y"] + 40
        page.mouse.move(x, top)
        page.mouse.down()
        page.mouse.move(x, pad["y"] + pad["height"] - 40, steps=12)  # one vertical stroke: a 1
        page.mouse.up()
        page.click("#ask")
        page.wait_for_function("document.getElementById('bars').children.length === 10")
        page.screenshot(path=str(SHOTS / "10_draw_page.png"))
        assert page.inner_text("#answer").startswith("The model reads 1 (probability ")
        assert not errors, f"JavaScript errors in the page: {errors}"
        page.close()
