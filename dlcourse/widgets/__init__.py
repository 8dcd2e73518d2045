"""Explorers: one per chapter, each wiring sliders to a compute function and a plot.

Every explorer is an :class:`~dlcourse.widgets.explorer.Explorer`, so tests can
set a control's value and read back ``explorer.figure`` and ``explorer.message``
without a browser.
"""
