"""pytest plugin for the notebook layer: the cells after a failed cell fail too, loudly.

When a cell times out, nbval stops the kernel and marks every later cell of
that notebook ``xfail``, so a chapter that was never checked reads as nearly
green ("1 failed, 42 xfailed"). This plugin reports those cells as failed,
"not checked", and the summary names each notebook that was cut short.
Loaded by ``make test-notebooks`` (``-p strict_cells``).
"""

from __future__ import annotations

from collections import Counter

import pytest

unchecked: Counter[str] = Counter()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if type(item).__name__ == "IPyNbCell" and hasattr(report, "wasxfail"):
        reason = report.wasxfail
        del report.wasxfail
        report.outcome = "failed"
        report.longrepr = f"not checked: {reason} (an earlier cell of this notebook failed)"
        if call.when == "call":
            unchecked[item.parent.name] += 1


def pytest_terminal_summary(terminalreporter):
    for notebook, count in unchecked.items():
        terminalreporter.write_line(f"{notebook}: a cell failed and the {count} cells after it "
                                    f"were not checked", red=True)
