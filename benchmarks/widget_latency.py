"""How fast every explorer answers in a real JupyterLab: from a control's change to the new figure.

    .venv/bin/python benchmarks/widget_latency.py [--changes 5] [--chapters 01 02]

Runs each chapter in JupyterLab in headless Chromium (the browser test's
harness, tests/browser/lab.py), then changes every control of every explorer
``--changes`` times as a learner's next move would (a slider one step further,
the next option, another kernel; at a slider's end it turns back), and
prints the median and 95th percentile per control and over all, with the
load average. Needs Chromium (`make chromium`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from lab import CHAPTERS, change, controls, explorers, launch_chromium, open_chapter, running_lab  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def measure(chapters: list[str], changes: int) -> list[dict]:
    rows = []
    with running_lab() as (url, token), sync_playwright() as p:
        browser = launch_chromium(p)
        for notebook in chapters:
            page, panel, _ = open_chapter(browser, url, token, notebook)
            for e, explorer in enumerate(explorers(panel)):
                explorer.scroll_into_view_if_needed()
                for control in controls(explorer):
                    times, outcomes = [], []
                    for step in range(changes):
                        result = change(page, control, step)
                        outcomes.append(result["outcome"])
                        if result["outcome"] != "nothing":  # no answer: counted, not timed
                            times.append(result["seconds"] * 1000)
                    rows.append({"chapter": notebook[:2], "explorer": e, "control": control.label,
                                 "ms": times or [float("nan")],
                                 "messages": outcomes.count("message"),
                                 "unanswered": outcomes.count("nothing")})
                    print(f"{notebook[:2]} explorer {e} {control.label:<28} median "
                          f"{np.median(rows[-1]['ms']):6.0f} ms  max {max(rows[-1]['ms']):6.0f} ms"
                          f"  ({rows[-1]['messages']} messages, {rows[-1]['unanswered']} "
                          f"unanswered)", flush=True)
            page.close()
        browser.close()
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=5, help="changes per control")
    parser.add_argument("--chapters", nargs="*", default=None, help="e.g. 01 05 (default: all)")
    args = parser.parse_args(argv)
    chapters = [c for c in CHAPTERS if args.chapters is None or c[:2] in args.chapters]
    load_before = os.getloadavg()[0]
    rows = measure(chapters, args.changes)
    every = np.concatenate([r["ms"] for r in rows])
    every = every[~np.isnan(every)]
    print(f"\n{len(rows)} controls, {len(every)} changes; load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after, {os.cpu_count()} cores")
    print(f"overall: median {np.median(every):.0f} ms, p95 {np.percentile(every, 95):.0f} ms, "
          f"max {every.max():.0f} ms")
    slowest = sorted(rows, key=lambda r: -np.median(r["ms"]))[:5]
    print("slowest (median): " + "; ".join(
        f"{r['chapter']} {r['control']} {np.median(r['ms']):.0f} ms" for r in slowest))


if __name__ == "__main__":
    main()
