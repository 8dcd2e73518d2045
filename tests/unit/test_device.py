"""dlcourse.device: torch gets the cores no other process is using."""

import subprocess
import sys

import pytest
import torch

from dlcourse import device

IDLE = ("cpu  0 0 0 0 0 0 0 0 0 0\n"  # cpu0 user, idle, steal; cpu1 user, idle (jiffies)
        "cpu0 {0} 0 0 {1} 0 0 0 {2} 0 0\ncpu1 {3} 0 0 {4} 0 0 0 0 0 0\nintr 1 2 3\n")


@pytest.fixture
def stat(tmp_path, monkeypatch):
    """A fake /proc/stat that moves from its first snapshot to its second during the sample."""
    path = tmp_path / "stat"
    monkeypatch.setattr(device, "_allowed_cores", lambda: {0, 1})

    def snapshots(first: str, second: str):
        path.write_text(first)
        monkeypatch.setattr(device.time, "sleep", lambda seconds: path.write_text(second))
        return path
    return snapshots


def test_one_core_kept_busy_by_another_process(stat):
    path = stat(IDLE.format(100, 100, 0, 100, 100), IDLE.format(125, 100, 0, 100, 125))
    assert device.busy_cores(stat=path) == pytest.approx(1.0)  # core 0: 25 of 25, core 1: 0 of 25


def test_stolen_time_counts_as_busy(stat):
    path = stat(IDLE.format(0, 0, 0, 0, 0), IDLE.format(5, 10, 10, 0, 25))
    assert device.busy_cores(stat=path) == pytest.approx(0.6)  # 5 + 10 stolen of 50, 2 cores


def test_cores_outside_the_affinity_mask_are_ignored(stat, monkeypatch):
    path = stat(IDLE.format(0, 0, 0, 0, 0), IDLE.format(0, 25, 0, 25, 0))
    monkeypatch.setattr(device, "_allowed_cores", lambda: {0})
    assert device.busy_cores(stat=path) == 0.0  # core 1 is busy, but not one of ours


def test_unreadable_counters_mean_no_known_load(tmp_path, monkeypatch):
    monkeypatch.setattr(device.time, "sleep", lambda seconds: None)
    assert device.busy_cores(stat=tmp_path / "missing") == 0.0
    (tmp_path / "garbled").write_text("cpu0 a b c\n")
    assert device.busy_cores(stat=tmp_path / "garbled") == 0.0


def test_use_idle_cores_leaves_the_busy_core_out(stat, monkeypatch):
    path = stat(IDLE.format(0, 0, 0, 0, 0), IDLE.format(25, 0, 0, 0, 25))
    monkeypatch.setattr(device, "PROC_STAT", path)
    before = torch.get_num_threads()
    try:
        assert device.use_idle_cores() == 1
        path.write_text(IDLE.format(0, 0, 0, 0, 0))
        monkeypatch.setattr(device.time, "sleep", lambda seconds: None)
        assert device.use_idle_cores() == 2  # nothing else running: every core
    finally:
        torch.set_num_threads(before)


@pytest.mark.skipif(not device.PROC_STAT.exists(), reason="needs Linux's /proc/stat")
def test_a_real_busy_loop_is_seen():
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        assert device.busy_cores(sample_s=0.5) >= 0.8
    finally:
        hog.kill()
        hog.wait()
