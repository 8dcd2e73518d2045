"""The IDX file format of MNIST: read and write gzip-compressed IDX arrays.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number
of dimensions), one big-endian uint32 per dimension, then the data in C order.
Only unsigned bytes (type code 0x08) are used by MNIST and by this course.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

UBYTE = 0x08


class IDXFormatError(ValueError):
    """An IDX file is truncated or not in the IDX format."""


def parse_idx(raw: bytes, name: str = "IDX data") -> np.ndarray:
    """Decode uncompressed IDX bytes into a uint8 array of the stored shape."""
    if len(raw) < 4:
        raise IDXFormatError(f"{name}: only {len(raw)} bytes, too short for an IDX header.")
    zero1, zero2, dtype_code, ndim = raw[0], raw[1], raw[2], raw[3]
    if zero1 != 0 or zero2 != 0 or dtype_code != UBYTE or not 1 <= ndim <= 4:
        raise IDXFormatError(
            f"{name}: magic number {raw[:4].hex()} is not an unsigned-byte IDX header "
            f"(expected 0000 08 0N with N = 1..4)."
        )
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise IDXFormatError(f"{name}: truncated inside the header ({len(raw)} bytes).")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    expected = int(np.prod(shape))
    got = len(raw) - header
    if got != expected:
        raise IDXFormatError(
            f"{name}: header says shape {shape} ({expected} bytes of data) "
            f"but the file holds {got} bytes of data."
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def read_idx(path: str | Path) -> np.ndarray:
    """Read a gzip-compressed IDX file (``*.gz``) into a uint8 array."""
    path = Path(path)
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise IDXFormatError(f"{path.name}: not a complete gzip file ({exc}).") from exc
    return parse_idx(raw, path.name)


def encode_idx(array: np.ndarray) -> bytes:
    """Encode a uint8 array with 1 to 4 dimensions as uncompressed IDX bytes."""
    if not isinstance(array, np.ndarray) or array.dtype != np.uint8:
        raise TypeError(f"array must be a uint8 ndarray, got {type(array).__name__} "
                        f"of dtype {getattr(array, 'dtype', None)}.")
    if not 1 <= array.ndim <= 4:
        raise ValueError(f"array.ndim == {array.ndim}, must be 1 to 4.")
    header = bytes([0, 0, UBYTE, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + np.ascontiguousarray(array).tobytes()
