"""Headless execution: parameters, failures named by cell, atomic outputs, the report."""

import errno
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import dlcourse.runner
from dlcourse.cli import main
from dlcourse.report import METRIC_MIME, collect_metrics, record
from dlcourse.runner import Result, format_report, read_rows, run_notebooks, select


def make_notebook(path, body: str, smoke: dict | None = None):
    nb = new_notebook(cells=[
        new_markdown_cell("# 99 · Test (测试)"),
        new_code_cell("SEED = 0  # seed [≥ 0]\nSTEPS = 3  # how many steps [1 to 10]",
                      metadata={"tags": ["parameters"]}),
        new_code_cell("from dlcourse.report import record"),
        new_code_cell(body),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"},
                 "dlcourse": {"smoke": smoke or {"STEPS": 1}}})
    nbformat.write(nb, path)
    return path


@pytest.fixture()
def course(tmp_path, monkeypatch):
    root = tmp_path / "notebooks"
    root.mkdir()
    make_notebook(root / "01_good.ipynb", "record('steps_done', STEPS * 1.5)")
    make_notebook(root / "02_bad.ipynb", "x = 1\nraise ValueError('boom at step ' + str(STEPS))")
    monkeypatch.setenv("DLCOURSE_NOTEBOOKS", str(root))
    return root


def test_select_by_number_stem_or_topic(course):
    assert [p.name for p in select(["1"])] == ["01_good.ipynb"]
    assert [p.name for p in select(["02_bad", "good"])] == ["02_bad.ipynb", "01_good.ipynb"]
    with pytest.raises(ValueError, match="no chapter called 'x'; chapters are: 01_good, 02_bad"):
        select(["x"])


def test_run_applies_parameters_and_collects_metrics(course, tmp_path):
    [result] = run_notebooks(select(["01"]), {"STEPS": 4}, out_dir=tmp_path / "out",
                             progress=False, echo=lambda s: None)
    assert result.status == "ok" and result.metrics == {"steps_done": 6.0}
    executed = nbformat.read(tmp_path / "out" / "01_good.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)


def test_smoke_parameters_are_used(course, tmp_path):
    [result] = run_notebooks(select(["01"]), smoke=True, out_dir=tmp_path / "out",
                             progress=False, echo=lambda s: None)
    assert result.metrics == {"steps_done": 1.5} and result.parameters == {"STEPS": 1}


def test_failure_names_the_cell_and_keeps_the_committed_notebook(course, tmp_path):
    before = (course / "02_bad.ipynb").read_text()
    [result] = run_notebooks(select(["02"]), in_place=True, out_dir=tmp_path / "failed",
                             progress=False, echo=lambda s: None)
    assert result.status == "failed"
    assert result.error.startswith("cell 4 (execution count 3): ValueError: boom at step 3")
    assert (course / "02_bad.ipynb").read_text() == before
    assert result.output == tmp_path / "failed" / "02_bad.failed.ipynb" and result.output.exists()
    assert sorted(p.name for p in course.iterdir()) == ["01_good.ipynb", "02_bad.ipynb"]


def test_in_place_strips_run_metadata(course):
    run_notebooks(select(["01"]), in_place=True, progress=False, echo=lambda s: None)
    nb = nbformat.read(course / "01_good.ipynb", as_version=4)
    assert "papermill" not in nb.metadata
    assert all("papermill" not in c.metadata and "execution" not in c.metadata for c in nb.cells)
    assert collect_metrics(nb) == {"steps_done": 4.5}


def test_unknown_parameter_is_an_error(course, tmp_path):
    with pytest.raises(ValueError, match=r"unknown parameter\(s\) \['EPOCS'\].*Declared "
                                         r"parameters: \['SEED', 'STEPS'\]"):
        run_notebooks(select([]), {"EPOCS": 2}, out_dir=tmp_path, echo=lambda s: None)


def test_cli_run_writes_report_and_exits_nonzero_on_failure(course, tmp_path, capsys):
    code = main(["run", "--out", str(tmp_path / "run"), "-p", "STEPS", "2", "--quiet"])
    out = capsys.readouterr().out
    assert code == 1
    # the learner's numbers: papermill's injected cell is not counted
    assert "FAILED 02_bad.ipynb: cell 4 (execution count 3): ValueError: boom at step 2" in out
    report = (tmp_path / "run" / "report.md").read_text()
    assert "| 01_good.ipynb | ok |" in report and "steps_done = 3" in report
    assert "2 notebooks, 1 failed" in report


def test_cli_list_shows_parameters_with_help(course, capsys):
    assert main(["list", "01"]) == 0
    out = capsys.readouterr().out
    assert "01_good" in out
    assert "STEPS = 3  (smoke: 1)  # how many steps [an int from 1 to 10]" in out


def test_cli_reports_bad_names_cleanly(course, capsys):
    assert main(["run", "nope"]) == 2
    assert "dlcourse: error: no chapter called 'nope'" in capsys.readouterr().err


def test_format_report_table():
    text = format_report([Result("01_a.ipynb", "ok", 1.25, None, {"EPOCHS": 1},
                                 {"test_accuracy": 0.99312}),
                          Result("02_b.ipynb", "failed", 2.0, None, {}, {}, "cell 3: A|B")])
    assert "| 01_a.ipynb | ok | 1.2 | EPOCHS=1 | test_accuracy = 0.9931 |" in text
    assert "| 02_b.ipynb | failed: cell 3: A\\|B | 2.0 | defaults | — |" in text
    assert text.rstrip().endswith("2 notebooks, 1 failed, 3.2 s in all.")


def test_record_shows_value_and_carries_mime():
    metric = record("test_accuracy", 0.99312)
    data, metadata = metric._repr_mimebundle_()
    assert data == {"text/plain": "test_accuracy = 0.99312"}
    assert metadata[METRIC_MIME] == {"name": "test_accuracy", "value": 0.99312}
    with pytest.raises(ValueError, match="name == 'test accuracy', must be an identifier"):
        record("test accuracy", 1.0)
    with pytest.raises(TypeError, match="value must be a real number, got str"):
        record("acc", "0.9")
    with pytest.raises(ValueError, match="value == nan, must be finite"):
        record("acc", float("nan"))


@pytest.mark.parametrize("name, value, message", [
    ("STEPS", "-5", "02_bad.ipynb: parameter STEPS == -5, must be an int from 1 to 10."),
    ("STEPS", "2.5", "parameter STEPS == 2.5, must be an int from 1 to 10."),
    ("SEED", "abc", "parameter SEED == 'abc', must be an int ≥ 0."),
    ("SEED", "{", "-p SEED '{': not a value"),
])
def test_bad_parameter_values_stop_before_anything_runs(course, tmp_path, capsys, name, value,
                                                        message):
    assert main(["run", "02", "--out", str(tmp_path / "run"), "-p", name, value]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "run").exists()


def test_report_merges_rows_by_chapter_across_runs(course, tmp_path):
    report = tmp_path / "run" / "report.md"
    run_notebooks(select(["01"]), out_dir=tmp_path / "run", progress=False, echo=lambda s: None,
                  report=report)
    run_notebooks(select(["02"]), out_dir=tmp_path / "run", progress=False, echo=lambda s: None,
                  report=report)
    text = report.read_text()
    assert "| 01_good.ipynb | ok |" in text and "| 02_bad.ipynb | failed: cell 4" in text
    assert "2 notebooks, 1 failed" in text
    assert sorted(read_rows(report)) == ["01_good.ipynb", "02_bad.ipynb"]


def test_a_full_disk_fails_the_chapter_in_one_line_and_drops_the_stale_report(
        course, tmp_path, monkeypatch):
    report = tmp_path / "run" / "report.md"
    run_notebooks(select(["01"]), out_dir=tmp_path / "run", progress=False, echo=lambda s: None,
                  report=report)
    assert "| 01_good.ipynb | ok |" in report.read_text()

    def full_disk(nb, f):
        f.write("{")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(dlcourse.runner.nbformat, "write", full_disk)
    monkeypatch.setattr(dlcourse.runner.json, "dump", lambda *a, **k: full_disk(None, a[1]))
    said = []
    [result] = run_notebooks(select(["01"]), out_dir=tmp_path / "run", progress=False,
                             echo=said.append, report=report)
    assert result.status == "failed"
    assert result.error == (f"no space left on the device while writing "
                            f"{tmp_path / 'run' / '01_good.ipynb'}")
    assert not report.exists()  # the old "ok" is gone rather than left to mislead
    rows = tmp_path / "run" / "report.json"
    assert said[-1] == (f"no space left on the device while writing {rows}; "
                        f"the old report was removed")
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == ["01_good.ipynb"]  # no .tmp


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_run_says_where_in_one_line_and_leaves_nothing_behind(
        course, tmp_path, signum, code):
    started = tmp_path / "started"
    make_notebook(course / "03_slow.ipynb",
                  f"open({str(started)!r}, 'w').close()\nimport time\ntime.sleep(120)")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-m", "dlcourse", "run", "--quiet", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(scratch)})
    deadline = time.monotonic() + 120
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert stderr.strip().splitlines() == [
        f"interrupted in chapter 03, cell 4; report of what finished: {out / 'report.md'}"]
    report = (out / "report.md").read_text()
    assert "| 01_good.ipynb | ok |" in report and "| 02_bad.ipynb | failed: cell 4" in report
    assert "| 03_slow.ipynb | interrupted: interrupted in chapter 03, cell 4 |" in report
    assert list(scratch.iterdir()) == []  # no kernel sockets, no connection file
    assert sorted(p.name for p in out.iterdir()) == ["01_good.ipynb", "02_bad.ipynb",
                                                     "report.json", "report.md"]
    assert str(scratch) not in subprocess.run(["ps", "-eo", "args"], capture_output=True,
                                              text=True).stdout  # no kernel left running


def test_sigterm_while_writing_a_notebook_leaves_no_hidden_temporary_file(
        course, tmp_path, monkeypatch):
    real_write = dlcourse.runner.nbformat.write

    def write_then_terminated(nb, f):
        real_write(nb, f)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(dlcourse.runner.nbformat, "write", write_then_terminated)
    with pytest.raises(dlcourse.runner.Interrupted, match="interrupted in chapter 01") as stop:
        run_notebooks(select(["01"]), out_dir=tmp_path / "run", progress=False,
                      echo=lambda s: None, report=tmp_path / "run" / "report.md")
    assert stop.value.code == 143
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == ["report.json", "report.md"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back


def test_list_into_a_pipe_closed_early_stops_quietly():
    """`dlcourse list | head -1`: the reader leaves after one line; no traceback."""
    listing = subprocess.run(f"{sys.executable} -m dlcourse list | head -1", shell=True,
                             capture_output=True, text=True, timeout=60)
    assert listing.stdout == "01_neurons_and_activations\n"
    assert listing.stderr == ""


def test_the_kernels_own_stderr_stays_off_the_terminal_and_names_why_it_died(course, tmp_path):
    # what the kernel process writes to its stderr itself (ipykernel's shutdown races after
    # Ctrl-C, a crash message) is logged, not printed; a dead kernel's last line is the error.
    # (Under pytest ipykernel leaves fd 2 alone, so the cell writes to the process's stderr.)
    make_notebook(course / "03_dies.ipynb",
                  "import os\nos.write(2, b'noise\\nkilled by the test\\n')\nos._exit(1)")
    proc = subprocess.run([sys.executable, "-m", "dlcourse", "run", "03", "--quiet",
                           "--out", str(tmp_path / "run")], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 1
    assert "killed by the test" not in proc.stderr and "noise" not in proc.stderr
    error = read_rows(tmp_path / "run" / "report.json")["03_dies.ipynb"].error
    assert error.startswith("DeadKernelError: ")
    assert error.endswith("(the kernel's last words: killed by the test)")
