"""Reference solutions, one module per chapter, written as a learner would write them.

``solution(n)`` of a chapter's exercise module prints one of these functions' source.
They take what the exercise gives and check nothing (the checkers do), so they stay
as short as the answer a learner is asked for.
"""
