"""Execute chapters headlessly with papermill and write a Markdown report.

Used by ``dlcourse run`` (teachers checking the course) and ``make notebooks``
(maintainers refreshing the committed outputs, ``in_place=True``). Each
notebook runs with its own folder as working directory; its output is written
atomically, so a failed run never replaces a good notebook. Parameter values
are checked against the types and ranges the parameters cell declares
(:mod:`dlcourse.parameters`) before anything runs. Ctrl-C or SIGTERM stop the
run cleanly: the kernel and its scratch folder (sockets, connection file)
are removed, and the report keeps every chapter that finished.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from dlcourse.atomic import NO_SPACE, atomic_write
from dlcourse.parameters import Parameter, parse
from dlcourse.report import collect_metrics

NAME_PATTERN = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")


def notebooks_dir() -> Path:
    """The course's ``notebooks/`` folder (``$DLCOURSE_NOTEBOOKS`` overrides it)."""
    env = os.environ.get("DLCOURSE_NOTEBOOKS")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "notebooks"


def discover(root: Path | None = None) -> list[Path]:
    """All chapter notebooks ``NN_topic.ipynb`` in ``root``, in chapter order."""
    root = notebooks_dir() if root is None else Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"notebook folder {root} does not exist; run from a checkout "
                                f"of the course or set DLCOURSE_NOTEBOOKS.")
    return sorted(p for p in root.iterdir() if NAME_PATTERN.match(p.name))


def select(names: list[str], root: Path | None = None) -> list[Path]:
    """Chapters matching ``names`` (``"05"``, ``"5"``, a stem or a file name); all if empty."""
    chapters = discover(root)
    if not names:
        return chapters
    chosen = []
    for name in names:
        key = name.removesuffix(".ipynb")
        hits = [p for p in chapters if p.stem == key or p.stem.split("_")[0] == key.zfill(2)
                or p.stem.split("_", 1)[1] == key]
        if not hits:
            raise ValueError(f"no chapter called {name!r}; chapters are: "
                             f"{', '.join(p.stem for p in chapters)}.")
        chosen.extend(h for h in hits if h not in chosen)
    return chosen


def parameters_of(path: Path) -> dict[str, Parameter]:
    """The notebook's ``parameters`` cell as {name: :class:`~dlcourse.parameters.Parameter`}."""
    import papermill

    found = papermill.inspect_notebook(str(path))
    try:
        return {name: parse(name, p["default"], p["help"]) for name, p in found.items()}
    except ValueError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc


def smoke_parameters_of(path: Path) -> dict:
    """The small parameters the notebook declares for quick checks (``metadata.dlcourse.smoke``)."""
    nb = nbformat.read(path, as_version=4)
    return dict(nb.metadata.get("dlcourse", {}).get("smoke", {}))


@dataclass
class Result:
    """How one notebook run went."""

    name: str
    status: str  # "ok", "failed" or "interrupted"
    seconds: float
    output: Path | None
    parameters: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    error: str = ""


class Interrupted(KeyboardInterrupt):
    """The run was stopped by Ctrl-C or SIGTERM; ``str()`` says where, ``code`` is the exit code."""

    def __init__(self, message: str = "", code: int = 130):
        super().__init__(message)
        self.code = code


def _terminate(signum, frame):
    raise Interrupted("terminated", code=128 + signum)


@contextmanager
def sigterm_as_interrupt():
    """Turn SIGTERM into :class:`Interrupted` (in the main thread), so clean-up code runs."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def strip_run_metadata(nb) -> None:
    """Remove timings and paths papermill and nbclient add, so committed diffs stay clean."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def _forget_abandoned_tasks() -> None:
    """After an interrupt, the cell's task in papermill's event loop ends with the kernel's
    KeyboardInterrupt that nobody awaits; asyncio would print its traceback at exit."""
    from jupyter_core.utils import ensure_event_loop

    def handler(loop, context):
        if context.get("message") != "Task exception was never retrieved":
            loop.default_exception_handler(context)

    ensure_event_loop().set_exception_handler(handler)


def injected_at(path: Path, parameters: dict) -> int | None:
    """Where papermill inserts its injected-parameters cell: after the ``parameters`` cell
    (at the top if there is none); None when no parameters are given."""
    if not parameters:
        return None
    cells = nbformat.read(path, as_version=4).cells
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])]
    return tagged[0] + 1 if tagged else 0


def learner_cell(index: int, injected: int | None) -> int:
    """The 1-based number, in the notebook the learner sees, of executed cell ``index``."""
    return index if injected is not None and index >= injected else index + 1


def run_one(path: Path, out_path: Path, parameters: dict, timeout: int,
            progress: bool = True, failed_dir: Path | None = None) -> Result:
    """Execute ``path`` with ``parameters``; write the executed notebook to ``out_path``.

    When ``out_path`` is ``path`` itself (in place) and the run fails, the
    committed notebook is kept and the failed run goes to ``failed_dir``.
    Raises :class:`Interrupted` (naming the cell) on Ctrl-C or SIGTERM, after
    removing the kernel's scratch folder; nothing is written then.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    from dlcourse.kernel_client import last_line

    injected = injected_at(path, parameters)
    scratch = Path(tempfile.mkdtemp(prefix=f"dlcourse-{out_path.stem}-"))
    tmp = scratch / "executed.ipynb"  # papermill writes here; copied atomically below
    # Unix sockets, the connection file (it holds the kernel's key) and the kernel's stderr
    # in the scratch folder, which every way out removes; no TCP ports to race for; a client
    # that cannot miss a reply (see dlcourse.kernel_client)
    kernel_log = scratch / "kernel.log"
    kernel = Config({
        "NotebookClient": {"kernel_manager_class": "dlcourse.kernel_client.LoggedKernelManager"},
        "LoggedKernelManager": {
            "transport": "ipc", "ip": str(scratch / "kernel"),
            "connection_file": str(scratch / "kernel.json"), "stderr_path": str(kernel_log),
            "client_class": "dlcourse.kernel_client.SlicedPollKernelClient"}})
    running = [0]  # index of the cell executing now

    def on_cell_start(cell, cell_index):
        running[0] = cell_index

    start = time.perf_counter()
    error = ""
    try:
        papermill.execute_notebook(
            str(path), str(tmp), parameters=parameters or None, cwd=str(path.parent),
            progress_bar=progress, execution_timeout=timeout, kernel_name="python3",
            request_save_on_cell_execute=False,  # written once at the end, atomically
            config=kernel, on_cell_start=on_cell_start)
    except KeyboardInterrupt as exc:
        _forget_abandoned_tasks()
        code = exc.code if isinstance(exc, Interrupted) else 130
        where = f"chapter {path.stem[:2]}, cell {learner_cell(running[0], injected)}"
        raise Interrupted(f"interrupted in {where}", code) from None
    except PapermillExecutionError as exc:
        count = exc.exec_count - (injected is not None and exc.cell_index > injected)
        first_line = str(exc.evalue).splitlines()[0] if exc.evalue else ""
        error = (f"cell {learner_cell(exc.cell_index, injected)} (execution count {count}): "
                 f"{exc.ename}: {first_line}")
    except Exception as exc:  # kernel died, timeout ...
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if said := last_line(kernel_log):
            error += f" (the kernel's last words: {said})"
    finally:
        seconds = time.perf_counter() - start
        try:
            nb = nbformat.read(tmp, as_version=4)
        except Exception:
            nb = None
        shutil.rmtree(scratch, ignore_errors=True)
    if nb is None:
        return Result(path.name, "failed", seconds, None, parameters, {}, error or "no output")
    metrics = collect_metrics(nb)
    if error and out_path == path:  # never overwrite a good committed notebook with a failure
        out_path = Path(failed_dir or tempfile.gettempdir()) / f"{path.stem}.failed.ipynb"
    if out_path == path:
        strip_run_metadata(nb)
    try:
        with atomic_write(out_path, "w") as f:
            nbformat.write(nb, f)
    except OSError as exc:  # e.g. a full disk: atomic_write has removed its half-written file
        return Result(path.name, "failed", seconds, None, parameters, metrics,
                      write_error(out_path, exc))
    return Result(path.name, "failed" if error else "ok", seconds, out_path, parameters,
                  metrics, error)


def check_parameters(paths: list[Path], parameters: dict) -> dict[Path, dict]:
    """The parameters each notebook gets, after checking every value against its declaration.

    Raises ValueError naming the parameter, the value and what is allowed
    (or the unknown names and the declared ones), before anything runs.
    """
    declared = {p: parameters_of(p) for p in paths}
    known = set().union(*declared.values())
    unknown = set(parameters) - known
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)}: no selected notebook declares "
                         f"them. Declared parameters: {sorted(known)}.")
    chosen = {}
    for path, specs in declared.items():
        values = {k: v for k, v in parameters.items() if k in specs}
        try:
            chosen[path] = {k: specs[k].check(v) for k, v in values.items()}
        except ValueError as exc:
            raise ValueError(f"{path.name}: {exc}") from None
    return chosen


def run_notebooks(paths: list[Path], parameters: dict | None = None, out_dir: Path | None = None,
                  smoke: bool = False, in_place: bool = False, timeout: int = 1800,
                  progress: bool = True, echo=print,
                  report: Path | None = None) -> list[Result]:
    """Run each notebook with the parameters it declares; return one :class:`Result` each.

    ``parameters`` apply to the notebooks that have them (a name no selected
    notebook declares is an error; every value is checked first). ``smoke``
    first applies each notebook's own small parameters. ``in_place`` writes
    back over the committed notebooks (``out_dir`` then only receives the
    notebooks of failed runs). ``report``, when given, is rewritten after each
    chapter (see :func:`update_report`). On Ctrl-C or SIGTERM the report
    records the interrupted chapter and :class:`Interrupted` is raised.
    """
    if not in_place and out_dir is None:
        raise ValueError("give out_dir for the executed notebooks, or in_place=True.")
    given = check_parameters(paths, dict(parameters or {}))
    results = []
    with sigterm_as_interrupt():
        for path in paths:
            chosen = smoke_parameters_of(path) if smoke else {}
            chosen.update(given[path])
            out_path = path if in_place else Path(out_dir) / path.name
            shown = " ".join(f"{k}={v!r}" for k, v in chosen.items())
            echo(f"▶ {path.name} {shown}".rstrip())
            start = time.perf_counter()
            try:
                result = run_one(path, out_path, chosen, timeout, progress, failed_dir=out_dir)
            except KeyboardInterrupt as exc:
                located = str(exc).startswith("interrupted in")  # run_one names the cell
                stop = exc if located else Interrupted(f"interrupted in chapter {path.stem[:2]}",
                                                       getattr(exc, "code", 130))
                results.append(Result(path.name, "interrupted", time.perf_counter() - start,
                                      None, chosen, {}, str(stop)))
                if report is not None:
                    update_report(results[-1:], report, echo)
                raise stop from None
            mark = "✓" if result.status == "ok" else "✗"
            echo(f"{mark} {path.name}: {result.status} in {result.seconds:.1f} s"
                 + (f" — {result.error}" if result.error else ""))
            results.append(result)
            if report is not None:
                update_report([result], report, echo)
    return results


def format_report(results: list[Result]) -> str:
    """A Markdown table: notebook, status, seconds, parameters and recorded metrics."""
    lines = ["# dlcourse run report", "",
             "| notebook | status | seconds | parameters | metrics |",
             "|---|---|---:|---|---|"]
    for r in results:
        params = ", ".join(f"{k}={v}" for k, v in r.parameters.items()) or "defaults"
        metrics = ", ".join(f"{k} = {v:.4g}" for k, v in r.metrics.items()) or "—"
        status = r.status if not r.error else f"{r.status}: {r.error}".replace("|", "\\|")
        lines.append(f"| {r.name} | {status} | {r.seconds:.1f} | {params} | {metrics} |")
    total = sum(r.seconds for r in results)
    failed = sum(r.status != "ok" for r in results)
    lines += ["", f"{len(results)} notebooks, {failed} failed, {total:.1f} s in all."]
    return "\n".join(lines) + "\n"


def write_error(path: Path, exc: OSError) -> str:
    """One line saying why ``path`` could not be written."""
    if exc.errno in NO_SPACE:
        return exc.strerror  # atomic_write's "no space left on the device while writing ..."
    return f"could not write {path}: {exc.strerror or exc}"


def _rows_path(report: Path) -> Path:
    return report.with_suffix(".json")  # the rows behind report.md, so later runs can merge


def read_rows(report: Path) -> dict[str, Result]:
    """The rows of an earlier report in the same folder, by notebook (none if unreadable)."""
    try:
        rows = json.loads(_rows_path(report).read_text(encoding="utf-8"))
        return {r["name"]: Result(**{**r, "output": None}) for r in rows}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def update_report(results: list[Result], report: Path, echo=print) -> Path | None:
    """Merge ``results`` into ``report`` (Markdown) and its rows (JSON), by notebook.

    Rows of other chapters from earlier runs are kept, in chapter order. If
    the report cannot be written (a full disk), the old one is removed, so it
    can never say "ok" for a chapter that just failed; returns None then.
    """
    rows = read_rows(report)
    rows.update({r.name: r for r in results})
    ordered = [rows[name] for name in sorted(rows)]
    try:
        with atomic_write(_rows_path(report), "w") as f:
            json.dump([{**asdict(r), "output": None} for r in ordered], f, indent=1)
        with atomic_write(report, "w") as f:
            f.write(format_report(ordered))
    except OSError as exc:
        for stale in (report, _rows_path(report)):
            stale.unlink(missing_ok=True)
        echo(f"{write_error(report, exc)}; the old report was removed")
        return None
    return Path(report)
