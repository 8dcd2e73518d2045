"""Chapter 09's date box: type any written date, see its translation and where the model looked.

    DateBox(model, text="Thursday, May 3, 1979")

Wiring only: the text goes to :func:`dlcourse.models.seq2seq.translate` (greedy decoding of
an attention model), the result to :func:`dlcourse.plots.attention.plot_translation`. A text
the model cannot read (empty, longer than it reads, characters it never saw:
:func:`dlcourse.models.seq2seq.text_problem`) is answered in the explorer's message line.
One translation and one heatmap take a few tens of milliseconds on a CPU.
"""

from __future__ import annotations

import ipywidgets as widgets

from dlcourse.models.seq2seq import DateTranslator, translate
from dlcourse.plots.attention import plot_translation
from dlcourse.widgets.explorer import Explorer


class DateBox(Explorer):
    """A text box → the translation, its probability and the attention heatmap.

    Parameters
    ----------
    model : DateTranslator
        A trained translator with attention ("additive" or "dot").
    text : str
        The date shown first.
    """

    def __init__(self, model, text: str = "Thursday, May 3, 1979"):
        if not isinstance(model, DateTranslator):
            raise TypeError(f"model must be a DateTranslator, got {type(model).__name__}.")
        if model.attention == "none":
            raise ValueError("model has attention='none': it reads one fixed vector, so there "
                             "are no weights to show; give a model with additive or dot "
                             "attention.")
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}.")
        self.model = model
        box = widgets.Text(value=text, description="written date", continuous_update=False,
                           placeholder="e.g. 3 May 1979 or 1979年5月3日",
                           style={"description_width": "initial"})
        super().__init__({"text": box}, self.draw, columns=1)

    def draw(self, text: str):
        """The translation of ``text`` and its alignment; ``translate`` raises ValueError (the
        message of :func:`~dlcourse.models.seq2seq.text_problem`) for text it cannot read."""
        return plot_translation(translate(self.model, [text])[0])
