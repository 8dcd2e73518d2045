"""The three models the service answers with, loaded once from data/models/ (chapter 10).

Each file is checked against data/MANIFEST first (:func:`dlcourse.data.manifest.verified_path`),
then read without running code: the .pt files by :func:`dlcourse.models.io.load_model`
(``weights_only=True`` and the weights' own sha256), the word vectors by ``np.load`` with
``allow_pickle=False``. A missing or damaged file stops the loading with a
:class:`~dlcourse.data.manifest.DataFileError` or :class:`~dlcourse.models.io.CheckpointError`
that names it and says how to restore it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from torch import nn

from dlcourse.data.manifest import read_manifest, verified_path
from dlcourse.models.cnn import FastCNN
from dlcourse.models.io import load_model
from dlcourse.models.seq2seq import DateTranslator

DIGITS, WORDS, DATES = "models/digits.pt", "models/words.npz", "models/dates.pt"
REBUILD = "rebuild them with `python data/build_models.py` (it trains the models again)"


@dataclass(frozen=True)
class ModelInfo:
    """What ``GET /health`` says of one model: its file, the file's sha256, size and load time."""

    name: str
    file: str
    sha256: str
    parameters: int
    load_ms: float


@dataclass(frozen=True)
class ServedModels:
    """The digit CNN, the word vectors (unit length, float32) with their words, the translator."""

    digits: nn.Module
    words: list[str]
    vectors: np.ndarray  # (V, d)
    dates: DateTranslator
    info: tuple[ModelInfo, ...]


def load_served_models(root: Path | None = None) -> ServedModels:
    """Load every model in ``root``/models (default: the course's data folder), each checked."""
    manifest = read_manifest(root)
    infos = []

    def timed(name, file, load):
        start = time.perf_counter()
        path = verified_path(file, root, REBUILD)
        model, parameters = load(path)
        infos.append(ModelInfo(name, file, manifest[file].sha256, parameters,
                               1000 * (time.perf_counter() - start)))
        return model

    digits = timed("digits", DIGITS, _torch_model(FastCNN))
    words, vectors = timed("words", WORDS, _word_vectors)
    dates = timed("dates", DATES, _torch_model(lambda: DateTranslator("additive")))
    return ServedModels(digits, words, vectors, dates, tuple(infos))


def _torch_model(build):
    def load(path: Path):
        model = load_model(build(), path)
        return model, sum(p.numel() for p in model.parameters())
    return load


def _word_vectors(path: Path):
    with np.load(path, allow_pickle=False) as arrays:
        words, vectors = [str(w) for w in arrays["words"]], arrays["vectors"].astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)  # (V, d): cosine = dot product
    return (words, vectors), vectors.size
