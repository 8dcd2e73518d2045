"""Figure functions: take arrays, draw, return a matplotlib Figure. One module per topic.

Figures are :class:`~dlcourse.plots.base.CourseFigure` objects (no pyplot), so they
are never shown twice in a notebook and never leak between widget redraws.
"""
