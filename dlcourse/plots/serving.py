"""Figures for chapter 10: a digit sent to the service and the answer that came back, and the
latency of the service's routes.

The answer is the ``data`` of ``POST /digit`` (:mod:`dlcourse.serve.app`); this module draws it.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import as_float_array
from dlcourse.plots.base import new_figure

ANSWER, OTHER = "#3b6ea5", "#b8c4d6"


def plot_service_answer(image, probabilities, digit: int, status: int = 200, title: str = ""):
    """The 28 × 28 image that was sent (left) and the ten probabilities that came back (right).

    Parameters
    ----------
    image : array (28, 28)
        Grey levels 0..255, as sent in the request's JSON.
    probabilities : array (10,)
        The answer's ``data["probabilities"]``; ``digit`` its ``data["digit"]`` (highlighted).
    """
    image = as_float_array(image, "image", ndim=2)
    probabilities = as_float_array(probabilities, "probabilities", ndim=1)
    if image.shape != (28, 28) or probabilities.shape != (10,):
        raise ValueError(f"image must be (28, 28) and probabilities (10,), got {image.shape} "
                         f"and {probabilities.shape}.")
    fig, (left, right) = new_figure(1, 2, figsize=(8.0, 3.2), width_ratios=[1, 1.7])
    left.imshow(image, cmap="gray", vmin=0, vmax=255)
    left.set(xticks=[], yticks=[], title="sent: 28 × 28 grey levels")
    colours = [ANSWER if d == digit else OTHER for d in range(10)]
    right.bar(range(10), probabilities, color=colours)
    right.set(xticks=range(10), ylim=(0, 1.05), xlabel="digit", ylabel="probability",
              title=f"the answer: status {status}, digit {digit} "
                    f"(p = {probabilities[digit]:.3f})")
    right.spines[["top", "right"]].set_visible(False)
    if title:
        fig.suptitle(title)
    return fig


def plot_latencies(latencies: dict, title: str = "Loopback round trips, one client"):
    """One box per route: the spread of its latencies in milliseconds, p50 and p99 marked.

    ``latencies`` maps a route ("POST /digit") to its round-trip times in seconds.
    """
    if not isinstance(latencies, dict) or not latencies:
        raise ValueError("latencies must be a dict route -> list of seconds, with one route "
                         "at least.")
    names = list(latencies)
    ms = [1000 * as_float_array(latencies[n], f"latencies[{n!r}]", ndim=1) for n in names]
    fig, ax = new_figure(1, 1, figsize=(8.0, 0.6 + 0.55 * len(names)))
    ax.boxplot(ms, orientation="horizontal", showfliers=False, widths=0.5,
               medianprops={"color": "black"})
    for row, times in enumerate(ms, start=1):
        p50, p99 = np.percentile(times, [50, 99])
        ax.plot([p99], [row], marker="|", markersize=14, color="#d95f02")
        ax.annotate(f"p50 {p50:.1f} ms · p99 {p99:.1f} ms", (p99, row), xytext=(8, -4),
                    textcoords="offset points", fontsize=8)
    ax.set_yticks(range(1, len(names) + 1), names)
    ax.set(xlabel="milliseconds per request (box: quartiles and median; orange: p99)", title=title,
           xlim=(0, 1.6 * max(np.percentile(t, 99) for t in ms)))
    ax.invert_yaxis()
    return fig
