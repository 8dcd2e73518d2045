"""The notebook layer reports the cells after a timed-out cell as failed, never as xfail."""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

pytest_plugins = ["pytester"]


PLUGIN_DIR = Path(__file__).resolve().parents[1] / "notebooks"


def test_cells_after_a_timeout_fail_instead_of_xfail(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(PLUGIN_DIR))
    nb = new_notebook(cells=[new_code_cell("import time\ntime.sleep(30)"),
                             new_code_cell("1 + 1", execution_count=2,
                                           outputs=[new_output("execute_result",
                                                               {"text/plain": "2"},
                                                               execution_count=2)]),
                             new_code_cell("2 + 2")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nbformat.write(nb, pytester.path / "slow.ipynb")
    result = pytester.runpytest_subprocess("-p", "strict_cells", "--nbval", "slow.ipynb",
                                           "--nbval-cell-timeout=2", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(["*slow.ipynb: a cell failed and the 2 cells after it were not "
                                 "checked*"])
