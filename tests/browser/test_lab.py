"""Layer 4: a real JupyterLab in headless Chromium runs a chapter and a slider redraws its figure.

JupyterLab serves a temporary copy of the notebooks on 127.0.0.1; Python
Playwright drives Debian's Chromium (Playwright cannot download a browser
here). Screenshots go to build/browser/ for a person to look at.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# (notebook, how many ArrowRight presses to move its first explorer's first slider)
CHAPTERS = [
    ("01_neurons_and_activations.ipynb", 5),
    ("02_forward_and_backprop.ipynb", 3),
    ("03_convolution_modes.ipynb", 1),
    ("04_pooling.ipynb", 1),
    ("05_cnn_on_mnist.ipynb", 1),  # trains on the full MNIST first: about a minute
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 over a copy of the notebooks; yields (url, token)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make chromium` (apt-get install chromium).")
    base = tmp_path_factory.mktemp("lab")
    root, settings = base / "notebooks", base / "settings"
    shutil.copytree(ROOT / "notebooks", root)
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(base / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"))
    log = open(base / "lab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.expose_app_in_browser=True", "--LabServerApp.check_for_updates_class="
         "jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(base / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    else:
        pytest.fail("JupyterLab did not start within 90 s")
    yield url, token
    server.terminate()
    server.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


RUN_ALL_AND_WAIT = """
async () => {
  const app = window.jupyterapp;
  await app.started; await app.restored;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
}
"""

KERNEL_DONE = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const busy = [...document.querySelectorAll('.jp-InputArea-prompt')]
      .some(p => p.textContent.includes('*'));
  return kernel && kernel.status === 'idle' && !busy;
}
"""


def settled_src(page, explorer, quiet_ms: int = 1500, timeout_s: float = 60) -> str:
    """The explorer's figure once it has stopped changing (each key press redraws once)."""
    src, deadline = None, time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(quiet_ms)
        now = explorer.locator("img").first.get_attribute("src")
        if now == src:
            return now
        src = now
    pytest.fail("the explorer kept redrawing for a minute")


@pytest.mark.parametrize("notebook,presses", CHAPTERS, ids=[c[0][:2] for c in CHAPTERS])
def test_slider_redraws_the_figure(lab, browser, notebook, presses):
    url, token = lab
    if not (ROOT / "notebooks" / notebook).exists():
        pytest.fail(f"{notebook} is listed in CHAPTERS but does not exist")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/lab/tree/{notebook}?reset&token={token}",  # reset: no restored tabs
              wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext",
                           timeout=60_000)
    page.evaluate(RUN_ALL_AND_WAIT)
    page.wait_for_timeout(1000)
    page.wait_for_function(KERNEL_DONE, timeout=240_000, polling=500)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")  # this chapter's tab only
    assert not panel.locator(".jp-OutputArea-output[data-mime-type="
                            "'application/vnd.jupyter.stderr'] .jp-RenderedText:has-text("
                            "'Traceback')").count(), "a cell raised an error in JupyterLab"

    explorer = panel.locator(".widget-vbox:has(.widget-slider):has(img)").first
    explorer.scroll_into_view_if_needed()
    image = explorer.locator("img").first
    before = image.get_attribute("src")
    assert before and before.startswith("data:image/png"), "the explorer shows no figure"
    SHOTS.mkdir(parents=True, exist_ok=True)
    explorer.screenshot(path=str(SHOTS / f"{notebook[:2]}_before.png"))

    handle = explorer.locator(".widget-slider .noUi-handle").first
    readout = explorer.locator(".widget-slider .widget-readout").first
    value_before = readout.inner_text()
    handle.focus()
    for _ in range(presses):
        handle.press("ArrowRight")
    page.wait_for_function(  # the output is redrawn: a new <img> replaces the old one
        "([box, old]) => { const img = box.querySelector('img');"
        " return img && img.getAttribute('src') !== old; }",
        arg=[explorer.element_handle(), before], timeout=60_000)
    assert readout.inner_text() != value_before, "the slider did not move"
    after = settled_src(page, explorer)
    assert after != before and after.startswith("data:image/png")
    explorer.screenshot(path=str(SHOTS / f"{notebook[:2]}_after.png"))
    page.screenshot(path=str(SHOTS / f"{notebook[:2]}_page.png"))
    assert not errors, f"JavaScript errors in the page: {errors}"
    page.close()
