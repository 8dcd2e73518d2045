"""Atomic file writing: a file is either complete or absent, never half-written.

Used by the data build script, the headless runner and model saving.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

NO_SPACE = (errno.ENOSPC, errno.EDQUOT)  # the disk is full, or the user's quota is


@contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "wb"):
    """Open a temporary file beside ``path``; rename it over ``path`` only on success.

    A full disk (or quota) raises one ``OSError`` with its errno and the message
    "no space left on the device while writing <path>"; the temporary file is
    removed, and ``path`` keeps its old content (or stays absent).

    Examples
    --------
    >>> with atomic_write("report.md", "w") as f:   # doctest: +SKIP
    ...     f.write("# Report\\n")
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode == {mode!r}, must be 'w' or 'wb'.")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike (the path of a file), got "
                        f"{type(path).__name__} {path!r}.")
    path = Path(path)
    _check_destination(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8"} if mode == "w" else {})) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in NO_SPACE:
            raise OSError(exc.errno, f"no space left on the device while writing {path}") from exc
        raise


def _check_destination(path: Path) -> None:
    """Raise a clear error when ``path`` is a folder or a folder above it is a file."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, f"path == '{path}' is a folder, must be the path "
                                              f"of a file to write (a name inside the folder)")
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"cannot write '{path}': '{folder}' is "
                                                        f"a file, not a folder")
            return


def _umask() -> int:
    """The process umask (reading it requires setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
