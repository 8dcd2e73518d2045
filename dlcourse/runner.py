"""Execute chapters headlessly with papermill and write a Markdown report.

Used by ``dlcourse run`` (teachers checking the course) and ``make notebooks``
(maintainers refreshing the committed outputs, ``in_place=True``). Each
notebook runs with its own folder as working directory; its output is written
atomically, so a failed run never replaces a good notebook.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from dlcourse.atomic import atomic_write
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


def parameters_of(path: Path) -> dict[str, dict]:
    """The notebook's ``parameters`` cell as {name: {"default": ..., "help": ...}}."""
    import papermill

    found = papermill.inspect_notebook(str(path))
    return {name: {"default": p["default"], "help": p["help"], "type": p["inferred_type_name"]}
            for name, p in found.items()}


def smoke_parameters_of(path: Path) -> dict:
    """The small parameters the notebook declares for quick checks (``metadata.dlcourse.smoke``)."""
    nb = nbformat.read(path, as_version=4)
    return dict(nb.metadata.get("dlcourse", {}).get("smoke", {}))


@dataclass
class Result:
    """How one notebook run went."""

    name: str
    status: str  # "ok" or "failed"
    seconds: float
    output: Path | None
    parameters: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    error: str = ""


def strip_run_metadata(nb) -> None:
    """Remove timings and paths papermill and nbclient add, so committed diffs stay clean."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def run_one(path: Path, out_path: Path, parameters: dict, timeout: int,
            progress: bool = True, failed_dir: Path | None = None) -> Result:
    """Execute ``path`` with ``parameters``; write the executed notebook to ``out_path``.

    When ``out_path`` is ``path`` itself (in place) and the run fails, the
    committed notebook is kept and the failed run goes to ``failed_dir``.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    scratch = Path(tempfile.mkdtemp(prefix=f"dlcourse-{out_path.stem}-"))
    tmp = scratch / "executed.ipynb"  # papermill writes here as it goes; copied atomically below
    # Unix sockets in the scratch folder instead of TCP ports (no port races between runs), and
    # a client that cannot miss a reply (see dlcourse.kernel_client)
    kernel = Config({"KernelManager": {
        "transport": "ipc", "ip": str(scratch / "kernel"),
        "client_class": "dlcourse.kernel_client.SlicedPollKernelClient"}})
    start = time.perf_counter()
    error = ""
    try:
        papermill.execute_notebook(
            str(path), str(tmp), parameters=parameters or None, cwd=str(path.parent),
            progress_bar=progress, execution_timeout=timeout, kernel_name="python3",
            request_save_on_cell_execute=False,  # written once at the end, atomically
            config=kernel)
    except PapermillExecutionError as exc:
        first_line = str(exc.evalue).splitlines()[0] if exc.evalue else ""
        error = (f"cell {exc.cell_index + 1} (execution count {exc.exec_count}): "  # 1-based
                 f"{exc.ename}: {first_line}")
    except Exception as exc:  # kernel died, timeout, bad parameter type ...
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    seconds = time.perf_counter() - start
    try:
        nb = nbformat.read(tmp, as_version=4)
    except Exception:
        return Result(path.name, "failed", seconds, None, parameters, {}, error or "no output")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    metrics = collect_metrics(nb)
    if error and out_path == path:  # never overwrite a good committed notebook with a failure
        out_path = Path(failed_dir or tempfile.gettempdir()) / f"{path.stem}.failed.ipynb"
    if out_path == path:
        strip_run_metadata(nb)
    with atomic_write(out_path, "w") as f:
        nbformat.write(nb, f)
    return Result(path.name, "failed" if error else "ok", seconds, out_path, parameters,
                  metrics, error)


def run_notebooks(paths: list[Path], parameters: dict | None = None, out_dir: Path | None = None,
                  smoke: bool = False, in_place: bool = False, timeout: int = 1800,
                  progress: bool = True, echo=print) -> list[Result]:
    """Run each notebook with the parameters it declares; return one :class:`Result` each.

    ``parameters`` apply to the notebooks that have them (a name no selected
    notebook declares is an error). ``smoke`` first applies each notebook's own
    small parameters. ``in_place`` writes back over the committed notebooks
    (``out_dir`` then only receives the notebooks of failed runs).
    """
    if not in_place and out_dir is None:
        raise ValueError("give out_dir for the executed notebooks, or in_place=True.")
    parameters = dict(parameters or {})
    declared = {p: parameters_of(p) for p in paths}
    known = set().union(*declared.values())
    unknown = set(parameters) - known
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)}: no selected notebook declares "
                         f"them. Declared parameters: {sorted(known)}.")
    results = []
    for path in paths:
        chosen = smoke_parameters_of(path) if smoke else {}
        chosen.update({k: v for k, v in parameters.items() if k in declared[path]})
        out_path = path if in_place else Path(out_dir) / path.name
        shown = " ".join(f"{k}={v!r}" for k, v in chosen.items())
        echo(f"▶ {path.name} {shown}".rstrip())
        result = run_one(path, out_path, chosen, timeout, progress, failed_dir=out_dir)
        mark = "✓" if result.status == "ok" else "✗"
        echo(f"{mark} {path.name}: {result.status} in {result.seconds:.1f} s"
             + (f" — {result.error}" if result.error else ""))
        results.append(result)
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


def write_report(results: list[Result], path: Path) -> Path:
    """Write :func:`format_report` to ``path`` atomically and return the path."""
    with atomic_write(path, "w") as f:
        f.write(format_report(results))
    return Path(path)
