"""The data MANIFEST: which bundled files exist, their size, sha256, source and licence.

``data/MANIFEST`` is a UTF-8, tab-separated table: a header line, then one row
per file. Every loader checks its files against it before parsing them
(:func:`verified_path`); ``dlcourse data`` checks every row and every file the
course needs (:func:`check_files`). Each problem is a :class:`DataFileError`
naming the file (and the MANIFEST line) and how to restore it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple

FIELDS = ("file", "size", "sha256", "source", "licence")
RESTORE = "`git checkout -- data/`"


class DataFileError(RuntimeError):
    """A bundled data file or the MANIFEST is missing, unreadable, truncated or corrupt."""


@dataclass(frozen=True)
class Entry:
    """One MANIFEST row: a file path relative to the data folder and what it must be."""

    file: str
    size: int
    sha256: str
    source: str
    licence: str


class FileCheck(NamedTuple):
    """The verdict on one file: its MANIFEST ``entry`` (None if unlisted) and the ``problem``."""

    file: str
    entry: Entry | None
    problem: DataFileError | None


def data_dir() -> Path:
    """The folder holding the bundled data: ``$DLCOURSE_DATA`` or ``data/`` of the checkout."""
    env = os.environ.get("DLCOURSE_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


def how_to_fix(rebuild_hint: str = "", what: str = "it") -> str:
    """The repair sentence: restore ``what`` with git, or (if given) ``rebuild_hint``."""
    rebuild = f", or {rebuild_hint}" if rebuild_hint else ""
    return f"Restore {what} with {RESTORE}{rebuild}."


def _unreadable(path: Path, exc: OSError, rebuild_hint: str = "") -> DataFileError:
    """The :class:`DataFileError` for a file that could not be opened (``exc``)."""
    if exc.errno == errno.ENOENT:
        return DataFileError(f"{path} is missing. {how_to_fix(rebuild_hint)}")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return DataFileError(f"{path} cannot be read (permission denied). Make it readable "
                             f"(`chmod a+r {path}`), or delete it and restore it with {RESTORE}.")
    if exc.errno == errno.EISDIR:
        return DataFileError(f"{path} is a folder, not a file. {how_to_fix(rebuild_hint)}")
    return DataFileError(f"{path} cannot be read ({exc.strerror}). {how_to_fix(rebuild_hint)}")


def sha256_of(path: Path) -> str:
    """The hex sha256 digest of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(root: Path | None = None) -> dict[str, Entry]:
    """Parse ``MANIFEST`` in ``root`` (default :func:`data_dir`) into entries keyed by file."""
    root = data_dir() if root is None else Path(root)
    path = root / "MANIFEST"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return parse_manifest(raw, path)


def parse_manifest(raw: bytes, path: Path) -> dict[str, Entry]:
    """Parse the bytes of MANIFEST file ``path``; a bad line raises naming its 1-based number."""
    if not isinstance(raw, bytes):
        raise TypeError(f"raw must be the bytes of the MANIFEST file, got {type(raw).__name__}.")
    lines = raw.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the newline that ends the last line
    if not lines:
        raise DataFileError(f"{path} is empty, expected a header line {FIELDS}. "
                            f"{how_to_fix()}")
    entries: dict[str, Entry] = {}
    first_seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8").removesuffix("\r")
        except UnicodeDecodeError:
            raise DataFileError(f"{path} is not UTF-8 text (binary bytes at line {number}). "
                                f"{how_to_fix()}") from None
        try:
            if number == 1:
                _check_header(text)
            elif text.strip():
                entry = parse_row(text)
                if entry.file in first_seen:
                    raise ValueError(f"file {entry.file!r} is listed twice (also at line "
                                     f"{first_seen[entry.file]})")
                entries[entry.file], first_seen[entry.file] = entry, number
        except ValueError as exc:
            raise DataFileError(f"{path}: line {number}: {exc}. {how_to_fix()}") from None
    return entries


def _check_header(text: str) -> None:
    """ValueError unless ``text`` is the tab-separated header line of :data:`FIELDS`."""
    if tuple(text.split("\t")) != FIELDS:
        raise ValueError(f"header {text[:80]!r}, expected the tab-separated fields {FIELDS}")


def parse_row(text: str) -> Entry:
    """One MANIFEST row (no newline) as an :class:`Entry`; ValueError saying what is wrong."""
    if not isinstance(text, str):
        raise TypeError(f"text must be one MANIFEST row as a str, got {type(text).__name__}.")
    fields = text.split("\t")
    if len(fields) != len(FIELDS):
        raise ValueError(f"{len(fields)} fields, expected {len(FIELDS)} separated by tabs "
                         f"({', '.join(FIELDS)})")
    file, size, sha256, source, licence = fields
    parts = PurePosixPath(file).parts
    if not file or PurePosixPath(file).is_absolute() or ".." in parts:
        raise ValueError(f"file {file!r} is not a path inside the data folder")
    if not re.fullmatch(r"[0-9]+", size):
        raise ValueError(f"size {size!r} is not a whole number")
    if not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise ValueError(f"sha256 {sha256!r} is not 64 hexadecimal digits")
    return Entry(file, int(size), sha256.lower(), source, licence)


def write_manifest(entries: list[Entry], root: Path) -> None:
    """Write ``MANIFEST`` in ``root`` atomically, sorted by file name."""
    from dlcourse.atomic import atomic_write

    rows = [FIELDS] + [(e.file, str(e.size), e.sha256, e.source, e.licence)
                       for e in sorted(entries, key=lambda e: e.file)]
    for row in rows:
        for name, value in zip(FIELDS, row, strict=True):
            if "\t" in value or "\n" in value or "\r" in value:
                raise ValueError(f"{name} == {value!r} (row {row[0]!r}) holds a tab or a line "
                                 f"break, which a MANIFEST field cannot hold.")
    with atomic_write(Path(root) / "MANIFEST", "w") as f:
        f.writelines("\t".join(row) + "\n" for row in rows)


def verify(entry: Entry, root: Path, rebuild_hint: str = "") -> Path:
    """Return the path of ``entry``'s file in ``root`` after checking its size and sha256."""
    path = root / entry.file
    try:
        size = path.stat().st_size
        digest = sha256_of(path) if size == entry.size else ""
    except OSError as exc:
        raise _unreadable(path, exc, rebuild_hint) from exc
    if size != entry.size:
        state = "truncated" if size < entry.size else "too large"
        raise DataFileError(f"{path} is {state}: {size} bytes, MANIFEST says {entry.size}. "
                            f"{how_to_fix(rebuild_hint)}")
    if digest != entry.sha256:
        raise DataFileError(f"{path} does not match its MANIFEST row: sha256 {digest[:16]}..., "
                            f"MANIFEST says {entry.sha256[:16]}... (both {size} bytes), so the "
                            f"file or the MANIFEST is damaged. "
                            f"{how_to_fix(rebuild_hint, 'both')}")
    return path


def verified_path(name: str, root: Path | None = None, rebuild_hint: str = "") -> Path:
    """Return the path of bundled file ``name`` after checking its size and sha256.

    ``rebuild_hint`` completes the repair advice "Restore it with git, or ...",
    e.g. "rebuild it offline with `python data/build_mnist.py`". Raises
    :class:`DataFileError` naming what is wrong and how to fix it.
    """
    root = data_dir() if root is None else Path(root)
    entries = read_manifest(root)
    if name not in entries:
        raise DataFileError(f"{name!r} is not listed in {root / 'MANIFEST'} (listed: "
                            f"{sorted(entries)}). {how_to_fix(rebuild_hint, 'the MANIFEST')}")
    return verify(entries[name], root, rebuild_hint)


def check_files(required: Mapping[str, str], root: Path | None = None) -> list[FileCheck]:
    """Check every MANIFEST row and every ``required`` file ({file: rebuild hint}), by name.

    A required file without a MANIFEST row is a problem too. A MANIFEST that
    cannot be parsed raises its :class:`DataFileError`.
    """
    if not isinstance(required, Mapping):
        raise TypeError(f"required must be a dict {{file: rebuild hint}} (e.g. "
                        f"registry.required_files()), got {type(required).__name__}.")
    root = data_dir() if root is None else Path(root)
    entries = read_manifest(root)
    checks = []
    for name in sorted(set(entries) | set(required)):
        hint, entry, problem = required.get(name, ""), entries.get(name), None
        if entry is None:
            problem = DataFileError(f"{name} is needed by the course but has no row in "
                                    f"{root / 'MANIFEST'}. {how_to_fix(hint, 'the MANIFEST')}")
        else:
            try:
                verify(entry, root, hint)
            except DataFileError as exc:
                problem = exc
        checks.append(FileCheck(name, entry, problem))
    return checks
