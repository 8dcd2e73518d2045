"""dlcourse: the helper package of an interactive deep-learning course.

Pure NumPy computation lives in :mod:`dlcourse.nn`, figures in
:mod:`dlcourse.plots`, widgets in :mod:`dlcourse.widgets`, data loaders in
:mod:`dlcourse.data`. Importing this package is fast: torch is imported only
by the modules that need it.
"""

__version__ = "0.1.0"
