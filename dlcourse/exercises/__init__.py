"""Exercise checkers: run a learner's function on known cases and say what is wrong.

``dlcourse.exercises.checker`` holds the machinery; one module per chapter
(``ch01`` ...) holds that chapter's checks.
"""
