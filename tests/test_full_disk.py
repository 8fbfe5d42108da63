"""A really full disk (a tiny tmpfs filled to the last byte), not an
injected error: the practice still runs and exits 0, each thing that
cannot be kept says so on one line, and what was already kept - settings,
records, a place of one's own - is left whole.

Needs root (to mount the tmpfs); skipped where mounting is not allowed.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from engine import APP_DIR


def _env(**extra: str) -> dict:
    return {**os.environ, "PYTHONPATH": str(APP_DIR), "ALSOFT_DRIVERS": "null", "ALSOFT_LOGLEVEL": "0", **extra}


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 2 MB filesystem of its own, unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small filesystem needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> int:
    """Write until the filesystem has not one byte left; returns bytes written."""
    n = 0
    with open(folder / "filler", "wb", buffering=0) as f:
        for size in (1 << 16, 4096, 512, 1):
            block = b"\0" * size
            while True:
                try:
                    n += f.write(block)
                except OSError:
                    break
    return n


def _records(data: Path):
    from engine.records.store import Store
    with Store.open(data / "records.sqlite3") as s:
        return s.records()


def _run(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "run", "--offscreen", "--size", "160x90", *args],
                          cwd=APP_DIR, capture_output=True, text=True, env=_env(HAVEN_DATA_DIR=str(data)),
                          timeout=300)


def test_a_full_disk_loses_nothing_already_kept_and_the_practice_runs(small_disk: Path) -> None:
    data = small_disk / "haven"
    first = _run(data, "--place", "beach", "--practice", "safe-place-short", "--frames", "30", "--keys", "5:c")
    assert first.returncode == 0, first.stderr[-2000:]
    kept = {p.name: p.read_bytes() for p in data.rglob("*") if p.is_file() and p.suffix in (".yaml", ".json")}
    settings = next(p for p in data.rglob("settings*") if p.is_file())
    before = _records(data)
    assert [r.place for r in before] == ["beach"]
    assert _fill(small_disk) > 0 and shutil.disk_usage(small_disk).free == 0

    r = _run(data, "--place", "meadow", "--practice", "safe-place-short", "--frames", "30", "--keys", "5:c,6:9")
    assert r.returncode == 0, r.stderr[-2000:]
    state = json.loads(r.stdout.strip().splitlines()[-1])
    assert state["frames"] == 30 and "segment.start settle" in state["log"]
    said = [line for line in r.stderr.splitlines() if line.startswith("haven:")]
    assert said, "a full disk went unmentioned"
    assert all(len(s) < 300 for s in said), said
    # in plain words, and each once, however many keys tried to save
    assert len([s for s in said if "settings not saved (the disk is full)" in s]) == 1, said
    assert any("practice records" in s and "the disk is full" in s for s in said), said
    assert not any("Errno" in s or "I/O error" in s for s in said), said
    assert any("events are kept no further (the disk is full)" in s for s in said), said
    (small_disk / "filler").unlink()   # room again (SQLite needs some to open its journal), then look
    # what was kept before is whole: the same settings, readable records
    assert settings.read_bytes() == kept[settings.name]
    yaml.safe_load(settings.read_text()) if settings.suffix == ".yaml" else json.loads(settings.read_text())
    with sqlite3.connect(data / "records.sqlite3") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    after = _records(data)
    assert after[0] == before[0]                    # the kept practice is as it was
    assert not [p for p in data.rglob("*.tmp*")], "a half-written temporary file was left behind"


def test_a_place_of_one_s_own_is_never_torn_by_a_full_disk(small_disk: Path) -> None:
    """Saving it again on a full disk fails with a plain reason; the copy
    kept before is byte for byte the same and still loads."""
    from engine.config.draft import Draft, save
    from engine.config import load_place
    from engine.config.userdirs import plain_reason
    folder = small_disk / "places"
    d = Draft.start("beach")
    d.data["name"], d.data["title"] = "mine", "My beach"
    kept = save(d, folder)
    good = kept.read_bytes()
    _fill(small_disk)
    d.data["title"] = "My beach, renamed"
    d.data["smells"] = ["salt on the wind"] * 10
    with pytest.raises(OSError) as err:
        save(d, folder)
    assert plain_reason(err.value) == "the disk is full"
    assert kept.read_bytes() == good and load_place(str(kept)).title == "My beach"
    assert sorted(p.name for p in folder.iterdir()) == [kept.name]   # no half-written file left


def test_write_failures_are_said_in_plain_words(tmp_path: Path) -> None:
    import errno
    import sqlite3 as sq
    from engine.config.userdirs import plain_reason
    assert plain_reason(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    assert plain_reason(OSError(errno.EROFS, "Read-only file system")) == "the disk is read-only"
    assert plain_reason(PermissionError(errno.EACCES, "Permission denied")) == "no permission to write there"
    assert plain_reason(OSError(errno.ENOTDIR, "Not a directory")) == "Not a directory"
    # SQLite says 'disk I/O error'; with room on the disk that is what it was
    assert plain_reason(sq.OperationalError("disk I/O error"), tmp_path) == "disk I/O error"


def test_a_disk_that_fills_during_a_practice(small_disk: Path, capsys) -> None:
    """The record and the event log were open when the disk filled: the
    record says so once and the practice goes on; what it kept before the
    disk filled is still there once there is room again; the event log
    says once that it keeps no further events, and keeps them in memory."""
    from engine.records.practice_record import PracticeRecorder
    from engine.records.session_log import SessionEventLog
    from engine.records.store import Store
    path = small_disk / "records.sqlite3"
    rec = PracticeRecorder("beach", "safe-place", 0, opener=lambda: Store.open(path))
    log = SessionEventLog(small_disk / "events.jsonl")
    log.emit(0.0, "session.start")
    rec.tick(5.0)
    assert rec.problem is None
    _fill(small_disk)
    for i in range(40):   # every few seconds of a practice, with a few moments of note
        t = 10.0 + i * 5.0
        rec.tick(t)
        rec.seen([{"t": t, "kind": "segment.skip", "id": f"part-{i}"}])
        log.emit(t, "caption.show", text="x" * 200)
    rec.end(210.0, completed=True)
    rec.close()
    assert rec.problem is not None and "the disk is full" in rec.problem and "goes on" in rec.problem
    said = [line for line in capsys.readouterr().err.splitlines() if line.startswith("haven:")]
    assert said == ["haven: this practice's events are kept no further (the disk is full); the practice goes on"]
    assert len(log.events) == 41   # all of them, in memory
    (small_disk / "filler").unlink()
    (r,) = _records_at(path)
    assert r.place == "beach" and r.duration >= 5.0 and r.status != "completed"   # kept up to the full disk
    with sqlite3.connect(path) as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    lines = (small_disk / "events.jsonl").read_text().splitlines()
    assert all(json.loads(line) for line in lines)   # every line written is whole


def _records_at(path: Path):
    from engine.records.store import Store
    with Store.open(path) as s:
        return s.records()
