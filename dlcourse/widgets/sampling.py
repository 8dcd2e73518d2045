"""Chapter 06 explorer: sample a character model at a temperature, from a prime text and a seed.

The bars show the next character's distribution after the prime at the chosen
temperature against the model's own (T = 1), with its entropy; below them, the
text the model writes from the prime with the same temperature and seed
(``dlcourse.models.charlm.sample``). Greedy decoding is the argmax at every step.
"""

from __future__ import annotations

import ipywidgets as widgets

from dlcourse.checks import int_in_range, number_in_range, positive_int
from dlcourse.models.charlm import CharLM, Vocabulary, next_char_logits, sample
from dlcourse.nn.sampling import with_temperature
from dlcourse.plots.sampling import plot_next_char
from dlcourse.widgets.explorer import Explorer, dropdown, slider

DECODING = {"sampled": False, "greedy (argmax)": True}


def temperature_explorer(model: CharLM, vocab: Vocabulary, prime: str = "ROMEO:\n",
                         temperature: float = 0.8, seed: int = 0, length: int = 200) -> Explorer:
    """Temperature (0.1-2), prime text, seed (0-99) and decoding of ``model``'s samples."""
    temperature = number_in_range(temperature, "temperature", 0.1, 2.0)
    seed = int_in_range(seed, "seed", 0, 99)
    length = positive_int(length, "length")
    vocab.encode(prime)  # a clear error now for characters the model does not know
    controls = {
        "temperature": slider("temperature T", temperature, 0.1, 2.0, 0.05),
        "prime": widgets.Text(value=prime, description="prime text", continuous_update=False,
                              style={"description_width": "initial"}),
        "seed": slider("seed", seed, 0, 99, 1),
        "greedy": dropdown("decoding", DECODING, False),
    }

    def render(temperature, prime, seed, greedy):
        prime = prime.replace("\\n", "\n")  # a text box has one line: "\n" types a newline
        logits = next_char_logits(model, vocab, prime)  # ValueError: empty, unknown characters
        text = sample(model, vocab, prime, length, temperature, seed, greedy=greedy)
        how = ("greedy: the likeliest character at every step" if greedy
               else f"sampled at T = {temperature:g}, seed {seed}")
        return plot_next_char(with_temperature(logits, temperature),
                              with_temperature(logits, 1.0), vocab.chars, temperature, prime,
                              text, how)

    return Explorer(controls, render, columns=4)
