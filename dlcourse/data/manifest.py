"""The data MANIFEST: which bundled files exist, their size, sha256, source and licence.

``data/MANIFEST`` is a tab-separated table with a header line. Every loader
checks its files against it before parsing them.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("file", "size", "sha256", "source", "licence")


class DataFileError(RuntimeError):
    """A bundled data file is missing, truncated or corrupt."""


@dataclass(frozen=True)
class Entry:
    """One MANIFEST row: a file path relative to the data folder and what it must be."""

    file: str
    size: int
    sha256: str
    source: str
    licence: str


def data_dir() -> Path:
    """The folder holding the bundled data: ``$DLCOURSE_DATA`` or ``data/`` of the checkout."""
    env = os.environ.get("DLCOURSE_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


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
    if not path.is_file():
        raise DataFileError(f"{path} is missing; the data folder of the course is incomplete. "
                            f"Restore it with `git checkout -- data/`.")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if rows and tuple(rows[0].keys()) != FIELDS:
        raise DataFileError(f"{path}: header {tuple(rows[0].keys())}, expected {FIELDS}.")
    return {r["file"]: Entry(r["file"], int(r["size"]), r["sha256"], r["source"], r["licence"])
            for r in rows}


def write_manifest(entries: list[Entry], root: Path) -> None:
    """Write ``MANIFEST`` in ``root`` atomically, sorted by file name."""
    from dlcourse.atomic import atomic_write

    with atomic_write(Path(root) / "MANIFEST", "w") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(FIELDS)
        for e in sorted(entries, key=lambda e: e.file):
            writer.writerow([e.file, e.size, e.sha256, e.source, e.licence])


def verified_path(name: str, root: Path | None = None, rebuild_hint: str = "") -> Path:
    """Return the path of bundled file ``name`` after checking its size and sha256.

    Raises :class:`DataFileError` naming what is wrong and how to fix it.
    """
    root = data_dir() if root is None else Path(root)
    entries = read_manifest(root)
    if name not in entries:
        raise DataFileError(f"{name!r} is not listed in {root / 'MANIFEST'}; "
                            f"listed files: {sorted(entries)}.")
    entry, path = entries[name], root / name
    fix = f" {rebuild_hint}" if rebuild_hint else ""
    if not path.is_file():
        raise DataFileError(f"{path} is missing.{fix}")
    size = path.stat().st_size
    if size != entry.size:
        state = "truncated" if size < entry.size else "too large"
        raise DataFileError(f"{path} is {state}: {size} bytes, MANIFEST says {entry.size}.{fix}")
    digest = sha256_of(path)
    if digest != entry.sha256:
        raise DataFileError(f"{path} is corrupt: sha256 {digest[:16]}..., MANIFEST says "
                            f"{entry.sha256[:16]}....{fix}")
    return path
