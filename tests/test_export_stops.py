"""Stopping an export (SIGTERM, Ctrl-C) leaves no temporary file or folder,
and never a half-written output: a real process, a real signal."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parents[1]
SLOW = bool(os.environ.get("HAVEN_SLOW"))


def _start(out: Path, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "HAVEN_DATA_DIR": str(tmp_path / "data")}
    return subprocess.Popen([sys.executable, "main.py", "export-audio", "--place", "meadow", "--seconds", "30",
                             "--out", str(out)], cwd=APP_DIR, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stop_when(proc: subprocess.Popen, folder: Path, seen, sig: int, timeout: float = 60.0) -> bool:
    """Send `sig` as soon as `seen(names in folder)`; False if the export ended first."""
    end = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < end:
        if seen(os.listdir(folder)):
            proc.send_signal(sig)
            return True
        time.sleep(0.002)
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM] + ([signal.SIGINT] if SLOW else []))
def test_a_signal_while_encoding_leaves_nothing_behind(tmp_path: Path, sig: int) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "practice.mp3"
    proc = _start(out, tmp_path)
    # the encoder's temporary folder (with a 30 s wav in it) is in the output folder while it runs
    caught = _stop_when(proc, folder, lambda names: any(n.startswith("tmp") for n in names), sig)
    _, err = proc.communicate(timeout=60)
    assert caught, "the export finished before the signal could be sent"
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert os.listdir(folder) == []      # no temporary folder, no half-written mp3


@pytest.mark.skipif(not SLOW, reason="HAVEN_SLOW=1: one signal stage is tested by default")
@pytest.mark.parametrize("delay", [0.3, 1.5, 2.2])
def test_a_signal_at_any_earlier_stage_leaves_nothing_behind(tmp_path: Path, delay: float) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    proc = _start(folder / "p.wav", tmp_path)
    time.sleep(delay)                    # importing, mixing, mastering
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode in (130, -signal.SIGTERM, 0)
    left = os.listdir(folder)
    assert left in ([], ["p.wav"])       # nothing, or the finished file: never a temporary one
