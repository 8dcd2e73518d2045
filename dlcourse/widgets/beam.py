"""Chapter 08 explorer: beam search's tree for one written date, level by level.

Pick a date, a beam width k and a length-normalisation exponent α, and walk the levels
with the step slider: at every level each kept node is expanded by every target
character, the candidates are sorted by score and the k best kept (blue; green when they
end with END), the rest pruned (grey: the best pruned drawn, the others counted). Each node
shows its character and the cumulative log-probability of the output up to it; on the right,
the beam after that level ranked, and after the last level the finished outputs ranked by
score log P / L^α. Searches are cached by (date, k, α), so moving the step slider only
redraws (``dlcourse.models.seq2seq.search_tree``, ``dlcourse.plots.beam.plot_search_tree``).
"""

from __future__ import annotations

from functools import lru_cache

from dlcourse.checks import int_in_range, number_in_range
from dlcourse.models.seq2seq import (
    END,
    TARGET_NAMES,
    DateTranslator,
    search_tree,
    text_problem,
)
from dlcourse.plots.beam import plot_search_tree
from dlcourse.train import check_model
from dlcourse.widgets.explorer import Explorer, dropdown, set_range, slider

MAX_WIDTH = 10
MAX_ALPHA = 2.0


def beam_explorer(model: DateTranslator, texts, beam_width: int = 3, alpha: float = 0.0,
                  pruned_shown: int = 2) -> Explorer:
    """Date (one of ``texts``), beam width (1-10), α (0-2) and the level shown (1-levels)."""
    check_model(model)
    texts = [] if isinstance(texts, str) else list(texts)
    if not texts or not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must be a non-empty list of date texts, e.g. ['3 May 1979'].")
    for text in texts:
        if text_problem(text):
            raise ValueError(text_problem(text))
    beam_width = int_in_range(beam_width, "beam_width", 1, MAX_WIDTH)
    alpha = number_in_range(alpha, "alpha", 0.0, MAX_ALPHA)

    @lru_cache(maxsize=256)
    def search(text, width, alpha):
        return search_tree(model, text, width, alpha)

    levels = len(search(texts[0], beam_width, alpha)[1].levels)
    controls = {
        "text": dropdown("date", texts, texts[0]),
        "beam_width": slider("beam width k", beam_width, 1, MAX_WIDTH, 1),
        "alpha": slider("α (length normalisation)", alpha, 0.0, MAX_ALPHA, 0.1),
        "step": slider("level shown", levels, 1, levels, 1),
    }

    def constrain(controls, changed):
        step = controls["step"]
        at_end = step.value == step.max
        values = {name: controls[name].value for name in ("text", "beam_width", "alpha")}
        levels = len(search(values["text"], values["beam_width"], round(values["alpha"], 6))[1]
                     .levels)
        set_range(step, 1, levels)
        if at_end and changed != "step":
            step.value = levels

    def render(text, beam_width, alpha, step):
        hypotheses, tree = search(text, beam_width, round(alpha, 6))
        best = hypotheses[0]
        written = "".join(TARGET_NAMES[t] for t in best.tokens if t != END)
        title = (f"{text!r}: beam width {beam_width}, α = {alpha:.1f}; best {written} "
                 f"(log P {best.log_prob:.2f})")
        return plot_search_tree(tree, TARGET_NAMES, upto=min(step, len(tree.levels)),
                                hypotheses=hypotheses, pruned_shown=pruned_shown, title=title,
                                eos=END)

    return Explorer(controls, render, constrain=constrain, columns=4)
