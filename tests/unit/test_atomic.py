"""atomic_write: complete or absent, and one clear message for a full disk or a bad path."""

import errno
import os

import pytest

from dlcourse.atomic import atomic_write


class FullDisk:
    """A file object whose ``write`` fails like a full disk (or quota) after ``room`` bytes."""

    def __init__(self, f, room: int, code: int):
        self.f, self.room, self.code = f, room, code

    def write(self, data):
        if len(data) > self.room:
            raise OSError(self.code, os.strerror(self.code))
        self.room -= len(data)
        return self.f.write(data)

    def __getattr__(self, name):
        return getattr(self.f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()


@pytest.fixture
def full_disk(monkeypatch):
    """Make every file atomic_write opens fail like a full disk after 10 bytes."""
    def install(code=errno.ENOSPC):
        real = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: FullDisk(real(*a, **k), 10, code))
    return install


def test_writes_text_and_bytes(tmp_path):
    with atomic_write(tmp_path / "a" / "b.txt", "w") as f:
        f.write("héllo\n")
    with atomic_write(tmp_path / "c.bin") as f:
        f.write(b"\x00\x01")
    assert (tmp_path / "a" / "b.txt").read_text(encoding="utf-8") == "héllo\n"
    assert (tmp_path / "c.bin").read_bytes() == b"\x00\x01"
    with pytest.raises(ValueError, match="mode == 'a', must be 'w' or 'wb'"):
        with atomic_write(tmp_path / "d", "a"):
            pass


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_full_disk_is_one_clear_error_and_leaves_the_old_file(tmp_path, full_disk, code):
    path = tmp_path / "report.md"
    path.write_text("old\n")
    full_disk(code)
    with pytest.raises(OSError, match=f"no space left on the device while writing {path}$") as info:
        with atomic_write(path, "w") as f:
            f.write("x" * 100)
    assert info.value.errno == code
    assert str(info.value).count("\n") == 0
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"], "no temporary file is left"


def test_full_disk_at_fsync(tmp_path, monkeypatch):
    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError, match="no space left on the device while writing .*new.bin"):
        with atomic_write(tmp_path / "new.bin") as f:
            f.write(b"abc")
    assert list(tmp_path.iterdir()) == []


def test_other_errors_pass_through_and_leave_nothing(tmp_path):
    with pytest.raises(KeyError):
        with atomic_write(tmp_path / "x.bin") as f:
            f.write(b"abc")
            raise KeyError("boom")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_path(tmp_path):
    with pytest.raises(IsADirectoryError, match=f"path == '{tmp_path}' is a folder, must be the "
                                                f"path of a file"):
        with atomic_write(tmp_path):
            pass


def test_a_file_as_parent(tmp_path):
    (tmp_path / "notes").write_text("a file")
    target = tmp_path / "notes" / "sub" / "model.pt"
    with pytest.raises(NotADirectoryError, match=f"cannot write '{target}': '{tmp_path / 'notes'}' "
                                                 f"is a file, not a folder"):
        with atomic_write(target):
            pass
    assert (tmp_path / "notes").read_text() == "a file"
