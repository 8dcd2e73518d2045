"""Chapter 06: the next character's distribution at a temperature, and the text sampled with it."""

from __future__ import annotations

import textwrap

import numpy as np

from dlcourse.checks import as_float_array, positive_int, positive_number
from dlcourse.nn.sampling import entropy
from dlcourse.plots.base import new_figure

SHOWN = "#1f78b4"  # blue: the distribution at the chosen temperature
MODEL = "#999999"  # grey outline: the model's own distribution (T = 1)
TEXT_WIDTH = 76  # characters per line of the sampled text
SHOWN_LINES = 10  # lines of it shown, the last ones


def shown_char(char: str) -> str:
    """A character as a bar label: the invisible ones named (space, newline)."""
    return {" ": "␣", "\n": "↵"}.get(char, char)


def plot_next_char(probs, model_probs, chars: str, temperature: float, prime: str,
                   continuation: str, how: str = "", top: int = 20):
    """The ``top`` likeliest next characters at ``temperature`` beside T = 1, and a sample.

    Parameters
    ----------
    probs, model_probs : array_like of shape (V,)
        softmax(logits / temperature) and softmax(logits), indexed like ``chars``.
    chars : str
        The V characters of the vocabulary, in id order.
    prime, continuation : str
        The text the model read and the text it wrote after it (shown below the bars).
    how : str
        How the continuation was written, for its title (default "sampled at T = ...").
    """
    probs = as_float_array(probs, "probs", ndim=1)
    model_probs = as_float_array(model_probs, "model_probs", ndim=1)
    if not len(probs) == len(model_probs) == len(chars):
        raise ValueError(f"probs, model_probs and chars have lengths {len(probs)}, "
                         f"{len(model_probs)} and {len(chars)}, must be equal (the vocabulary).")
    temperature = positive_number(temperature, "temperature")
    top = min(positive_int(top, "top"), len(chars))
    order = np.argsort(-model_probs, kind="stable")[:top]  # the model's own ranking
    fig, (bars, text) = new_figure(2, 1, figsize=(8.0, 4.4), height_ratios=(1.0, 0.75))
    positions = np.arange(top)
    shown = bars.bar(positions, probs[order], color=SHOWN, label=f"T = {temperature:g}")
    model = bars.hlines(model_probs[order], positions - 0.4, positions + 0.4, color=MODEL,
                linewidth=2.0, label="T = 1 (the model)")  # one collection: cheaper than bars
    bars.set_xticks([])  # each bar's character is a text below it: 20 ticks cost 3x more
    under = bars.get_xaxis_transform()  # x in data, y in axes fractions
    for x, i in zip(positions, order):
        bars.text(x, -0.03, shown_char(chars[i]), transform=under, ha="center", va="top",
                  fontsize=11)
    bars.set_ylim(0, 1)
    bars.set_ylabel("probability")
    bars.legend(handles=[shown, model], loc="upper right", fontsize=9)
    shown_prime = "".join(shown_char(c) for c in prime[-12:])
    bars.set_title(f"next character after “{shown_prime}”: entropy "
                   f"{float(entropy(probs)):.2f} "
                   f"nats (uniform over {len(chars)}: {np.log(len(chars)):.2f})", fontsize=10,
                   y=1.0)  # a fixed y: no search for the tick labels' extent (fast)
    text.axis("off")
    lines = [textwrap.fill(line, TEXT_WIDTH) for line in (prime + continuation).splitlines()]
    lines = "\n".join(lines).splitlines()  # the wrapped lines
    text.text(0.0, 1.0, "\n".join(lines[-SHOWN_LINES:]), va="top", ha="left",
              family="monospace", fontsize=8.5, transform=text.transAxes)
    how = how or f"sampled at T = {temperature:g}"
    cut = f" (the last {SHOWN_LINES} lines)" if len(lines) > SHOWN_LINES else ""
    text.set_title(how + cut, fontsize=10, loc="left", y=1.0)
    return fig
