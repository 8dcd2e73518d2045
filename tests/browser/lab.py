"""A real JupyterLab in headless Chromium, driven as a learner would: the browser test and
``benchmarks/widget_latency.py`` share it.

JupyterLab serves a temporary copy of the notebooks on 127.0.0.1; Python
Playwright drives Debian's Chromium (Playwright cannot download a browser
here). An explorer is the ``.dlcourse-explorer`` box of
:class:`dlcourse.widgets.explorer.Explorer`: its controls, a status line
(``.dlcourse-explorer-status``) and the figure (an ``<img>`` whose ``src`` is
a new blob URL for every new picture).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHAPTERS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


class LabError(RuntimeError):
    """JupyterLab or Chromium could not be started, or a chapter failed to run."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_lab(smoke: bool = False):
    """A JupyterLab server on 127.0.0.1 over a copy of the notebooks; yields (url, token).

    ``smoke`` gives each copy its own small parameters (``metadata.dlcourse.smoke``, as
    ``dlcourse run --smoke``), injected but not run, so a chapter trains briefly in Lab.
    """
    if not Path(CHROMIUM).exists():
        raise LabError("Chromium is missing: run `make chromium` (apt-get install chromium).")
    with tempfile.TemporaryDirectory(prefix="dlcourse-lab-") as tmp:
        base = Path(tmp)
        root, settings = base / "notebooks", base / "settings"
        shutil.copytree(ROOT / "notebooks", root)
        if smoke:
            inject_smoke_parameters(root)
        notification = settings / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        port, token = free_port(), secrets.token_hex(16)
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(base / "config"),
                   JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"))
        with open(base / "lab.log", "w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                 "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
                 f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
                 "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
                env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                url = f"http://127.0.0.1:{port}"
                wait_for_server(url, token, server, base / "lab.log")
                yield url, token
            finally:
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()


def inject_smoke_parameters(root: Path) -> None:
    """Rewrite each chapter under ``root`` with its smoke parameters injected (not executed)."""
    import papermill

    from dlcourse.runner import smoke_parameters_of

    for path in sorted(root.glob("[0-9][0-9]_*.ipynb")):
        papermill.execute_notebook(str(path), str(path), parameters=smoke_parameters_of(path),
                                   prepare_only=True, progress_bar=False)


def wait_for_server(url: str, token: str, server: subprocess.Popen, log: Path,
                    timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            return
        except OSError:
            if server.poll() is not None:
                raise LabError(f"JupyterLab exited: {log.read_text()[-2000:]}") from None
            time.sleep(0.5)
    raise LabError(f"JupyterLab did not start within {timeout_s:.0f} s")


def launch_chromium(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run"])


RUN_ALL = """
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

TRACEBACKS = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] "
              ".jp-RenderedText:has-text('Traceback')")


def open_chapter(browser, url: str, token: str, notebook: str, width: int = 1400,
                 height: int = 1000, file_browser: bool = False):
    """A page with ``notebook`` open and every cell run; returns (page, panel, errors).

    ``errors`` collects the page's JavaScript errors as they happen;
    ``file_browser`` opens the file browser beside the notebook, as Lab starts.
    """
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/lab/tree/{notebook}?reset&token={token}",  # reset: no restored tabs
              wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext",
                           timeout=60_000)
    if file_browser:
        page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
    page.evaluate(RUN_ALL)
    page.wait_for_timeout(1000)
    page.wait_for_function(KERNEL_DONE, timeout=300_000, polling=500)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")  # this chapter's tab only
    if panel.locator(TRACEBACKS).count():
        raise LabError(f"a cell of {notebook} raised an error in JupyterLab")
    return page, panel, errors


@dataclass
class Control:
    """One control of an explorer: its label, kind ("slider", "dropdown", "toggle" or "text")."""

    explorer: object  # the explorer's Locator
    index: int        # position among the explorer's controls
    kind: str
    label: str

    @property
    def box(self):
        return self.explorer.locator(CONTROL_SELECTOR).nth(self.index)


CONTROL_SELECTOR = (".widget-gridbox > .widget-slider, .widget-gridbox > .widget-dropdown, "
                    ".widget-gridbox > .widget-toggle-buttons, .widget-gridbox > .widget-text")
KINDS = {"widget-slider": "slider", "widget-dropdown": "dropdown",
         "widget-toggle-buttons": "toggle", "widget-text": "text"}


def explorers(panel) -> list:
    """The chapter's explorers (Locators), in reading order."""
    found = panel.locator(".dlcourse-explorer")
    return [found.nth(i) for i in range(found.count())]


def controls(explorer) -> list[Control]:
    """Every control of ``explorer``."""
    boxes = explorer.locator(CONTROL_SELECTOR)
    found = []
    for i in range(boxes.count()):
        box = boxes.nth(i)
        classes = box.get_attribute("class") or ""
        kind = next(k for css, k in KINDS.items() if css in classes.split())
        found.append(Control(explorer, i, kind, box.locator(".widget-label").first.inner_text()))
    return found


LAYOUT = """
(box) => {
  const edges = e => e.getBoundingClientRect();
  const cells = [...box.querySelectorAll('.widget-gridbox > .widget-inline-hbox')];
  const problems = [];
  const outer = edges(box);
  cells.forEach((cell, i) => {
    const c = edges(cell);
    const label = cell.querySelector('.widget-label');
    const name = label ? label.innerText : String(i);
    if (c.right > outer.right + 1) problems.push(`${name}: sticks out ${c.right - outer.right} px`);
    if (!label || !label.innerText.trim()) problems.push(`control ${i}: no visible label`);
    else if (label.scrollWidth > label.clientWidth + 1) problems.push(`${name}: label cut off`);
    [...cell.children].forEach(part => {
      if (edges(part).right > c.right + 1) problems.push(`${name}: ${part.className} spills over`);
    });
    cells.slice(0, i).forEach(other => {
      const o = edges(other);
      if (c.left < o.right - 1 && o.left < c.right - 1 && c.top < o.bottom - 1
          && o.top < c.bottom - 1) problems.push(`${name} overlaps another control`);
    });
  });
  const img = edges(box.querySelector('img'));
  if (img.right > outer.right + 1) problems.push('the figure is wider than the explorer');
  return problems;
}
"""


def layout_problems(explorer) -> list[str]:
    """Controls that overlap, spill out of their cell or lose their label; a figure too wide."""
    return explorer.evaluate(LAYOUT)


def figure_state(explorer) -> tuple[str, str]:
    """(the figure's src, the status line's text): one of them changes after every change."""
    return (explorer.locator("img").first.get_attribute("src") or "",
            explorer.locator(".dlcourse-explorer-status").first.inner_text())


WAIT_FOR_CHANGE = """
([box, src, status]) => {
  const img = box.querySelector('img');
  const line = box.querySelector('.dlcourse-explorer-status');
  return (img && img.getAttribute('src') !== src) || (line && line.innerText !== status);
}
"""


def change(page, control: Control, step: int, timeout_ms: int = 30_000) -> dict:
    """Change ``control`` once as a learner would; wait for the new figure or a message.

    ``step`` varies the change (the next option, the next kernel). Returns
    ``{"seconds", "value_before", "value_after", "outcome", "suggested"}`` where outcome is
    "figure" (a new picture), "message" (the status line explains why not) or
    "nothing" (neither within ``timeout_ms``). A word box with suggestions (a Combobox)
    gets its next suggestion, as a learner picks one ("suggested": True); other text
    boxes get one of their :data:`TEXT_VALUES` (by label; else one of :data:`KERNELS`).
    A toggle gets its next button clicked.
    """
    src, status = figure_state(control.explorer)
    value_before = control_value(control)
    suggestions = []
    started = time.perf_counter()
    if control.kind == "slider":
        handle = control.box.locator(".noUi-handle").first
        now = float(handle.get_attribute("aria-valuenow"))
        top = float(handle.get_attribute("aria-valuemax"))
        handle.focus()
        handle.press("ArrowLeft" if now >= top else "ArrowRight")
    elif control.kind == "dropdown":
        select = control.box.locator("select")
        options = select.locator("option")
        current = select.evaluate("s => s.selectedIndex")
        select.select_option(index=(current + 1) % options.count())
    elif control.kind == "toggle":
        control.box.locator("button:not(.mod-active)").first.click()
    else:
        field = control.box.locator("input")
        suggestions = control.box.locator("datalist option").evaluate_all(
            "options => options.map(o => o.value)")
        typed = TEXT_VALUES.get(control.label, KERNELS)
        field.fill(next_suggestion(suggestions, value_before, step) if suggestions
                   else typed[step % len(typed)])
        field.press("Enter")
    suggested = bool(suggestions)
    try:
        page.wait_for_function(WAIT_FOR_CHANGE, timeout=timeout_ms, polling="raf",
                               arg=[control.explorer.element_handle(), src, status])
    except PlaywrightTimeout:
        return {"seconds": timeout_ms / 1000, "value_before": value_before,
                "value_after": control_value(control), "outcome": "nothing", "message": "",
                "new_picture": False, "suggested": suggested}
    seconds = time.perf_counter() - started
    src_after, status_after = figure_state(control.explorer)
    outcome = "message" if status_after.strip() else "figure"
    return {"seconds": seconds, "value_before": value_before,
            "value_after": control_value(control), "outcome": outcome,
            "message": status_after.strip(), "new_picture": src_after != src,
            "suggested": suggested}


def next_suggestion(suggestions: list[str], current: str, step: int) -> str:
    """The suggestion after ``current`` (a word box's next word), else the step-th one."""
    if current in suggestions:
        return suggestions[(suggestions.index(current) + 1) % len(suggestions)]
    return suggestions[step % len(suggestions)]


KERNELS = ["1 2 1; 0 0 0; -1 -2 -1", "0 -1 0; -1 5 -1; 0 -1 0", "1 0 -1; 2 0 -2; 1 0 -1"]
TEXT_VALUES = {  # a text box's label -> what a learner types into it (each draws a new figure)
    "3×3 kernel": KERNELS,
    "prime text": ["JULIET:", "To be, or not to be"],
    "written date": ["Thursday, May 3, 1979", "1979年5月3日", "3. Mai 1979"],
}


def control_value(control: Control) -> str:
    """What the control shows now (a slider's readout, the selected option, the text)."""
    if control.kind == "slider":
        return control.box.locator(".widget-readout").first.inner_text()
    if control.kind == "dropdown":
        return control.box.locator("select").evaluate("s => s.options[s.selectedIndex].text")
    if control.kind == "toggle":
        return control.box.locator("button.mod-active").first.inner_text()
    return control.box.locator("input").input_value()
