"""Layer 3: `dlcourse run --smoke` executes every chapter headlessly and reports its results."""

import subprocess
import sys

import nbformat

from dlcourse.runner import discover


def test_every_chapter_runs_headless_with_small_parameters(tmp_path):
    out = tmp_path / "run"
    proc = subprocess.run([sys.executable, "-m", "dlcourse", "run", "--smoke", "--quiet",
                           "--out", str(out)], capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = (out / "report.md").read_text()
    chapters = discover()
    for path in chapters:
        row = next(line for line in report.splitlines() if line.startswith(f"| {path.name} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] == "ok", row
        assert cells[4] != "—", f"{path.name} records no key result: {row}"
        executed = nbformat.read(out / path.name, as_version=4)
        assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    assert f"{len(chapters)} notebooks, 0 failed" in report
