"""A practice as a session in the running app: ratings, the record, the
therapist's keys, 'too much', and a record that survives kill -9."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


from engine.records.store import Ratings, Store
from tests.helpers.pilot import run as pilot_run
from tests.helpers.process import ROOT

SHORT = str(Path(__file__).parent / "data" / "short_practice.yaml")


def _length() -> float:
    from engine.config import load_place, load_practice
    from engine.core.timeline import build_timeline
    return build_timeline(load_practice(SHORT), load_place("meadow")).length


LENGTH = _length()             # seconds, captions given their reading time
FPS = 15                       # the short practice's runs: a quarter of the frames of 60 fps
END = int(LENGTH * FPS) + 12   # the frame after it has ended, counting a few frames of ratings before


def run(data: Path, *args: str, fps: float = 60.0) -> dict:
    """The window driven in this process (tests/helpers/pilot.py)."""
    return pilot_run(*args, data=data, fps=fps)


def records(data: Path):
    with Store.open(data / "records.sqlite3") as s:
        return s.records()


def test_ratings_before_and_after_are_kept_with_a_completed_record(tmp_path: Path) -> None:
    # before: the first press sets 5; safe 5 -> 7, critical 5 -> 4; Enter begins.
    # The practice runs after Enter; after it: vivid 5 -> 6, Enter keeps.
    keys = ("3:right arrow,4:right arrow,5:right arrow,6:down arrow,7:left arrow,8:left arrow,9:enter,"
            f"{END + 20}:down arrow,{END + 21}:right arrow,{END + 22}:right arrow,{END + 23}:enter")
    state = run(tmp_path, "--place", "meadow", "--practice", SHORT, "--frames", str(END + 40), "--ratings",
                "--keys", keys, fps=FPS)
    assert state["log"][:2] == ["ratings before", "rated before 7 None 4 None None"]
    assert "ratings after" in state["log"] and "rated after None 6 None None None" in state["log"]
    (r,) = records(tmp_path)
    assert (r.place, r.practice, r.status) == ("meadow", "short-practice", "completed")
    assert r.before == Ratings(safe=7, critical=4) and r.after == Ratings(vivid=6)
    assert LENGTH - 0.1 < r.duration < LENGTH + 0.2   # the clock waited while the before-panel was open


def test_skipping_the_ratings_records_none(tmp_path: Path) -> None:
    state = run(tmp_path, "--place", "meadow", "--practice", SHORT, "--frames", str(END + 30), "--ratings",
                "--keys", f"3:right arrow,4:s,{END + 20}:s", fps=FPS)
    (r,) = records(tmp_path)
    assert r.before.empty() and r.after.empty() and r.status == "completed"
    assert state["log"][1] == "rated before None None None None None"


def test_the_session_keys_change_the_practice_and_are_logged(tmp_path: Path) -> None:
    keys = "10:=,11:=,20:0,30:9,31:9,40:2,50:],60:[,70:o,80:t"
    state = run(tmp_path, "--place", "beach", "--practice", "safe-place", "--frames", "120", "--session",
                "--keys", keys)
    log = state["log"]
    assert "breathing rate 7.0" in log   # the ramp was heading for 6 a minute; two steps faster
    assert log.index("volume 0.9") < log.index("volume 0.7")
    assert "imagery soft" in log and "session panel off" in log
    assert log.index("segment.skip settle") < log.index("segment.extend bring-to-mind")
    assert log.index("too much") < log.index("ground")
    (r,) = records(tmp_path)
    kinds = [m.kind for m in r.moments]
    assert kinds.count("control") == 5 and {"ladder.step", "segment.skip", "segment.extend",
                                            "too-much", "ground"} <= set(kinds)
    assert r.ladder == 1 and r.status == "incomplete"   # left before the end


def test_a_record_survives_kill_9_during_a_practice(tmp_path: Path) -> None:
    done = run(tmp_path, "--place", "meadow", "--practice", SHORT, "--frames", str(END), fps=FPS)
    assert done["record"]["id"] == 1
    env = {**os.environ, "HAVEN_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "run", "--offscreen", "--size", "320x180",
                             "--place", "meadow", "--practice", "soothing-breathing", "--frames", "100000"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:   # wait until the running practice has saved some progress
            time.sleep(0.5)
            rows = records(tmp_path)
            if len(rows) == 2 and rows[1].duration >= 5.0:
                break
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    first, killed = records(tmp_path)
    assert first.status == "completed" and LENGTH - 0.1 < first.duration < LENGTH + 0.2
    assert killed.status == "incomplete" and killed.duration >= 5.0
    assert [m.kind for m in killed.moments][-1] == "interrupted"


def test_space_keeps_the_time_to_feel_settled_once_in_the_record_csv_and_summary(tmp_path: Path) -> None:
    """Soothing breathing asks: Space when settled. The first press is kept
    (seconds into the practice); a second press changes nothing."""
    from engine.records.sessions_report import summarise, write_csv
    state = run(tmp_path, "--place", "meadow", "--practice", "soothing-breathing", "--frames", "90",
                "--keys", "60:space,80:space")
    assert state["log"].count("settled 1 s") == 1 and state["log"].count("settled") == 1   # said, and the event
    (r,) = records(tmp_path)
    assert r.settled == pytest.approx(60 / 60, abs=0.05)
    assert any(m.kind == "settled" for m in r.moments)
    rows = write_csv([r], tmp_path / "r.csv").read_text().splitlines()
    assert rows[0].endswith("settled_s") and rows[1].endswith(",1")
    assert any(line.startswith("Time to feel settled: first 0 min 01 s") for line in summarise([r]).lines())
