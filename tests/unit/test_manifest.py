"""The MANIFEST parser and checker: every damage names the file, the line and the repair."""

import builtins
import errno
import hashlib
from pathlib import Path

import pytest

from dlcourse.data.manifest import (
    DataFileError,
    Entry,
    check_files,
    read_manifest,
    verified_path,
    write_manifest,
)

RESTORE = r"Restore it with `git checkout -- data/`\.$"


@pytest.fixture
def root(tmp_path):
    """A data folder with two files, ``a.bin`` and ``sub/b.bin``, and their MANIFEST."""
    entries = []
    for name, blob in (("a.bin", b"alpha"), ("sub/b.bin", b"bravo!")):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(blob)
        entries.append(Entry(name, len(blob), hashlib.sha256(blob).hexdigest(), "made up", "CC0"))
    write_manifest(entries, tmp_path)
    return tmp_path


def set_line(root: Path, number: int, line: bytes) -> None:
    """Replace (or, one past the end, append) line ``number`` (1-based) of the MANIFEST."""
    lines = (root / "MANIFEST").read_bytes().split(b"\n")[:-1]
    lines[number - 1:number] = [line]
    (root / "MANIFEST").write_bytes(b"\n".join(lines) + b"\n")


def test_round_trip(root):
    entries = read_manifest(root)
    assert list(entries) == ["a.bin", "sub/b.bin"]
    assert entries["sub/b.bin"] == Entry("sub/b.bin", 6, hashlib.sha256(b"bravo!").hexdigest(),
                                         "made up", "CC0")
    assert (root / "MANIFEST").read_text().splitlines()[0] == "file\tsize\tsha256\tsource\tlicence"
    assert verified_path("sub/b.bin", root) == root / "sub" / "b.bin"


@pytest.mark.parametrize("number, line, problem", [
    (3, b"garbage", r"line 3: 1 fields, expected 5 separated by tabs"),
    (2, b"a.bin\t5\tabc", r"line 2: 3 fields, expected 5"),
    (2, b"a.bin\tabc\t" + b"0" * 64 + b"\tx\ty", r"line 2: size 'abc' is not a whole number"),
    (2, b"a.bin\t-5\t" + b"0" * 64 + b"\tx\ty", r"line 2: size '-5' is not a whole number"),
    (3, b"a.bin\t5\tnothex\tx\ty", r"line 3: sha256 'nothex' is not 64 hexadecimal digits"),
    (3, b"../etc/passwd\t5\t" + b"0" * 64 + b"\tx\ty", r"line 3: file '../etc/passwd' is not a "
                                                      r"path inside the data folder"),
    (4, b"a.bin\t5\t" + b"0" * 64 + b"\tx\ty", r"line 4: file 'a.bin' is listed twice "
                                              r"\(also at line 2\)"),
    (1, b"file,size,sha256", r"line 1: header 'file,size,sha256', expected the tab-separated"),
])
def test_a_bad_line_is_named_with_its_number(root, number, line, problem):
    set_line(root, number, line)
    with pytest.raises(DataFileError, match=f"MANIFEST: {problem}.*{RESTORE}"):
        read_manifest(root)


def test_binary_bytes_name_their_line(root):
    set_line(root, 3, b"sub/b.bin\t6\t\xff\xfe\x00\x89PNG")
    with pytest.raises(DataFileError, match=f"MANIFEST is not UTF-8 text \\(binary bytes at line "
                                            f"3\\)\\. {RESTORE}"):
        read_manifest(root)


def test_blank_lines_and_windows_line_ends_are_harmless(root):
    text = (root / "MANIFEST").read_text()
    (root / "MANIFEST").write_bytes(text.replace("\n", "\r\n").encode() + b"\r\n")
    assert list(read_manifest(root)) == ["a.bin", "sub/b.bin"]


def test_missing_and_empty_manifest(root):
    (root / "MANIFEST").write_bytes(b"")
    with pytest.raises(DataFileError, match=f"MANIFEST is empty, expected a header line .*"
                                            f"{RESTORE}"):
        read_manifest(root)
    (root / "MANIFEST").unlink()
    with pytest.raises(DataFileError, match=f"MANIFEST is missing\\. {RESTORE}"):
        read_manifest(root)


@pytest.fixture
def no_permission(monkeypatch):
    """Make opening ``name`` fail with 'permission denied' (tests may run as root)."""
    def install(path: Path):
        real = builtins.open

        def fake_open(file, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real(file, *args, **kwargs)
        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(Path, "read_bytes", lambda self: fake_open(self, "rb").read())
    return install


def test_an_unreadable_manifest(root, no_permission):
    no_permission(root / "MANIFEST")
    with pytest.raises(DataFileError, match=r"MANIFEST cannot be read \(permission denied\)\. "
                                            r"Make it readable \(`chmod a\+r .*MANIFEST`\), or "
                                            r"delete it and restore it with `git checkout -- "
                                            r"data/`\."):
        read_manifest(root)


def test_an_unreadable_data_file(root, no_permission):
    no_permission(root / "a.bin")
    with pytest.raises(DataFileError, match=r"a\.bin cannot be read \(permission denied\)"):
        verified_path("a.bin", root)


def test_a_wrong_sha_names_both_suspects(root):
    set_line(root, 2, b"a.bin\t5\t" + b"0" * 64 + b"\tmade up\tCC0")
    with pytest.raises(DataFileError, match=r"a\.bin does not match its MANIFEST row: sha256 "
                                            r"[0-9a-f]{16}\.\.\., MANIFEST says 0{16}\.\.\. \(both "
                                            r"5 bytes\), so the file or the MANIFEST is damaged\. "
                                            r"Restore both with `git checkout -- data/`, or "
                                            r"run make\.$"):
        verified_path("a.bin", root, rebuild_hint="run make")


def test_check_files_reports_rows_and_required_files(root):
    (root / "sub" / "b.bin").unlink()
    checks = check_files({"a.bin": "", "c.bin": "rebuild it with c.py"}, root)
    assert [c.file for c in checks] == ["a.bin", "c.bin", "sub/b.bin"]
    ok, unlisted, missing = checks
    assert ok.problem is None and ok.entry.size == 5
    assert unlisted.entry is None
    assert str(unlisted.problem) == (f"c.bin is needed by the course but has no row in "
                                     f"{root / 'MANIFEST'}. Restore the MANIFEST with "
                                     f"`git checkout -- data/`, or rebuild it with c.py.")
    assert str(missing.problem) == (f"{root / 'sub' / 'b.bin'} is missing. Restore it with "
                                    f"`git checkout -- data/`.")


def test_write_manifest_refuses_a_tab_in_a_field(tmp_path):
    with pytest.raises(ValueError, match=r"source == 'a\\tb' \(row 'x'\) holds a tab or a line "
                                         r"break"):
        write_manifest([Entry("x", 1, "0" * 64, "a\tb", "CC0")], tmp_path)
    assert list(tmp_path.iterdir()) == []
