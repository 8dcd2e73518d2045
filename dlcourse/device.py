"""Choose the torch device once, and use every CPU core without oversubscribing.

Chapters call ``pick_device(DEVICE)`` with the notebook parameter ``DEVICE``.
"""

from __future__ import annotations

import os

CHOICES = ("auto", "cpu", "cuda", "mps")


def pick_device(name: str = "auto") -> str:
    """Return ``"cuda"``/``"mps"`` when available for ``"auto"``, else ``"cpu"``; check others."""
    import torch

    if not isinstance(name, str):
        raise TypeError(f"device must be a string, one of {CHOICES} or 'cuda:N', got "
                        f"{type(name).__name__} {name!r}.")
    if name not in CHOICES and not name.startswith("cuda:"):
        raise ValueError(f"device == {name!r}, must be one of {CHOICES} or 'cuda:N'.")
    if name == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device == {name!r} but torch sees no CUDA GPU; use 'auto' or 'cpu'.")
    return name


def use_all_cores() -> int:
    """Set torch's intra-op threads to the number of CPU cores (more threads slow it down)."""
    import torch

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    torch.set_num_threads(cores or 1)
    return torch.get_num_threads()
