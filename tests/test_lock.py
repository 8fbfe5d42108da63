"""One Haven per data folder: a second start says so and leaves; a Haven
that was killed leaves no stale lock behind."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from engine.config.lock import AlreadyOpen, DataLock
from tests.helpers.process import ROOT, haven


def test_a_second_start_meets_the_lock_and_says_so(tmp_path: Path) -> None:
    first = DataLock.take(tmp_path)
    try:
        r = haven("run", "--place", "meadow", env={"HAVEN_DATA_DIR": str(tmp_path)}, drop=("DISPLAY",))
        assert r.returncode == 1
        assert "Haven is already open" in r.stderr and str(tmp_path) in r.stderr and "Traceback" not in r.stderr
        assert not (tmp_path / "records.sqlite3").exists()        # the second one kept nothing
    finally:
        first.release()
    again = DataLock.take(tmp_path)                              # free once the first has gone
    assert again is not None
    again.release()


def test_a_killed_haven_leaves_no_stale_lock(tmp_path: Path) -> None:
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); from engine.config.lock import DataLock; "
            "from pathlib import Path; l = DataLock.take(Path(sys.argv[2])); print('held', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        try:
            DataLock.take(tmp_path)
            raise AssertionError("the lock was taken twice")
        except AlreadyOpen as exc:
            assert f"process {proc.pid}" in str(exc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        time.sleep(0.05)
        lock = DataLock.take(tmp_path)
        assert lock is not None and (tmp_path / "haven.lock").stat().st_mode & 0o777 == 0o600
        lock.release()
    finally:
        if proc.poll() is None:
            proc.kill()
