"""Every bundled file the course needs, one line per dataset: what ``dlcourse data`` checks.

A chapter that bundles a dataset adds one line to :data:`DATASETS`: its files
(relative to ``data/``) and how to rebuild them (completing "Restore it with
git, or ...").
"""

from __future__ import annotations

from dlcourse.data import books, mnist, shakespeare
from dlcourse.serve import models as served

DATASETS = {
    "MNIST": (tuple(mnist.FILES.values()), mnist.REBUILD),
    "Shakespeare": ((shakespeare.FILE, shakespeare.LICENSE_FILE), shakespeare.REBUILD),
    "Books and analogies": ((books.FILE, books.ANALOGIES_FILE, books.LICENSE_FILE), books.REBUILD),
    "Served models": ((served.DIGITS, served.WORDS, served.DATES), served.REBUILD),
}


def required_files() -> dict[str, str]:
    """{file: rebuild hint} for every file of every dataset in :data:`DATASETS`."""
    return {file: hint for files, hint in DATASETS.values() for file in files}
