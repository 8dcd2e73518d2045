"""Choose the torch device once, and give torch the CPU cores no other process is using.

Chapters call ``pick_device(DEVICE)`` with the notebook parameter ``DEVICE``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from dlcourse.checks import positive_number

PROC_STAT = Path("/proc/stat")

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


def busy_cores(sample_s: float = 0.25, stat: Path | None = None) -> float:
    """How many of this process's cores other work kept busy over ``sample_s`` seconds.

    Read from the kernel's per-core counters (``/proc/stat``; time the
    hypervisor stole counts as busy). 0.0 where they cannot be read.
    """
    sample_s = positive_number(sample_s, "sample_s")
    stat = stat or PROC_STAT
    cores = _allowed_cores()
    try:
        before = _core_times(stat, cores)
        time.sleep(sample_s)
        after = _core_times(stat, cores)
    except (OSError, ValueError):
        return 0.0
    busy = total = 0
    for core, (busy_after, total_after) in after.items():
        busy_before, total_before = before.get(core, (busy_after, total_after))
        busy += busy_after - busy_before
        total += total_after - total_before
    return len(after) * busy / total if total > 0 else 0.0


def use_idle_cores(sample_s: float = 0.25) -> int:
    """Give torch one intra-op thread per idle core; return the thread count.

    Torch's threads wait for each other after every operation, so one thread
    on a core another process keeps busy stalls them all: on 2 cores with one
    busy, 2 threads train a CNN about half as fast as 1 (``benchmarks/threads_under_load.py``).
    """
    import torch

    cores = len(_allowed_cores())
    threads = max(1, cores - round(busy_cores(sample_s)))
    torch.set_num_threads(threads)
    return torch.get_num_threads()


def _allowed_cores() -> set[int]:
    if hasattr(os, "sched_getaffinity"):
        return set(os.sched_getaffinity(0))
    return set(range(os.cpu_count() or 1))


def _core_times(stat: Path, cores: set[int]) -> dict[int, tuple[int, int]]:
    """{core: (busy jiffies, all jiffies)} from /proc/stat's ``cpuN`` lines."""
    times = {}
    for line in stat.read_text().splitlines():
        name, *fields = line.split()
        if name.startswith("cpu") and name[3:].isdigit() and int(name[3:]) in cores:
            # user, nice, system, idle, iowait, irq, softirq, steal
            jiffies = [int(field) for field in fields[:8]]
            times[int(name[3:])] = (sum(jiffies) - jiffies[3] - jiffies[4], sum(jiffies))
    if not times:
        raise ValueError(f"{stat} lists none of the cores {sorted(cores)}")
    return times
