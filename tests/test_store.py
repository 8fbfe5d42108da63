"""Practice records in SQLite: durable, private, honest about interruptions."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from engine.records.store import SCHEMA_VERSION, Ratings, Store, StoreError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "records.sqlite3"


def test_a_practice_round_trips_with_ratings_moments_and_note(db: Path) -> None:
    with Store.open(db) as s:
        rid = s.begin("beach", "safe-place", ladder=1, before=Ratings(safe=3, critical=8), started=1000.0)
        s.progress(rid, 42.0)
        s.mark(rid, 40.5, "too-much", "grounding started")
        s.finish(rid, 300.0, completed=True, after=Ratings(safe=6, vivid=4, critical=5),
                 note="the waves helped", ladder=2)
    with Store.open(db) as s:
        (r,) = s.records()
    assert (r.place, r.practice, r.started, r.duration, r.status, r.ladder) == (
        "beach", "safe-place", 1000.0, 300.0, "completed", 2)
    assert r.before == Ratings(safe=3, critical=8) and r.after == Ratings(6, 4, 5)
    assert r.note == "the waves helped"
    assert [(m.t, m.kind, m.detail) for m in r.moments] == [(40.5, "too-much", "grounding started")]


@pytest.mark.parametrize("bad", [-1, 11, 2.5, "7"])
def test_ratings_are_whole_numbers_from_0_to_10(bad) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        Ratings(safe=bad)


def test_wal_and_full_sync(db: Path) -> None:
    with Store.open(db) as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_records_are_readable_by_their_owner_only(db: Path) -> None:
    old = os.umask(0o022)
    try:
        with Store.open(db) as s:
            s.begin("meadow")
            files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
            assert all(f.exists() for f in files)
            for f in files:
                assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
        assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    finally:
        os.umask(old)


def test_a_practice_left_open_is_marked_incomplete_next_time(db: Path) -> None:
    with Store.open(db) as s:
        done = s.begin("beach", "safe-place-short")
        s.finish(done, 256.0, completed=True)
        left = s.begin("beach", "safe-place")
        s.progress(left, 75.0)
    with Store.open(db) as s:
        assert s.recovered == 1
        a, b = s.records()
    assert a.status == "completed" and a.duration == 256.0
    assert b.status == "incomplete" and b.duration == 75.0
    assert [m.kind for m in b.moments] == ["interrupted"]
    with Store.open(db) as s:
        assert s.recovered == 0  # said once, not every time


def test_a_corrupt_file_gives_one_line_and_is_left_untouched(db: Path) -> None:
    db.parent.mkdir(parents=True)
    junk = b"this is not a database" * 200
    db.write_bytes(junk)
    with pytest.raises(StoreError) as err:
        Store.open(db)
    message = str(err.value)
    assert "\n" not in message and str(db) in message and "left as it is" in message
    assert db.read_bytes() == junk


def test_a_read_only_folder_gives_a_clear_message(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    with pytest.raises(StoreError, match="cannot be opened"):
        Store.open(folder / "records.sqlite3")


def test_delete_all(db: Path) -> None:
    with Store.open(db) as s:
        for _ in range(3):
            s.mark(s.begin("meadow"), 1.0, "ground")
        assert s.delete_all() == 3
        assert s.records() == []
        assert s.conn.execute("SELECT COUNT(*) FROM moment").fetchone()[0] == 0


WRITER = textwrap.dedent("""
    import sys
    from engine.records.store import Ratings, Store
    s = Store.open(sys.argv[1])
    n = 0
    while True:
        rid = s.begin("beach", "safe-place", ladder=n % 5, before=Ratings(safe=n % 11))
        for k in range(3):
            s.progress(rid, float(k))
            s.mark(rid, float(k), "tick", str(n))
        s.finish(rid, 100.0 + n, completed=True, after=Ratings(safe=(n + 1) % 11), note=f"note {n}")
        print(rid, n, flush=True)
        n += 1
""")


def test_records_survive_kill_9_at_random_moments(db: Path, tmp_path: Path) -> None:
    """Kill a writer 25 times at random moments: every record it reported
    finished is intact, and the one it was writing is marked incomplete."""
    rng = random.Random(7)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    finished: dict[int, int] = {}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, str(script), str(db)], stdout=subprocess.PIPE, env=env)
        first = proc.stdout.readline()   # up and writing: its start-up time varies with the machine's load
        time.sleep(rng.uniform(0.05, 0.45))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        for line in (first + out).decode().split("\n"):
            parts = line.split()
            if len(parts) == 2:
                finished[int(parts[0])] = int(parts[1])
    assert len(finished) > 25  # the writer got real work done between kills
    with Store.open(db) as s:
        records = {r.id: r for r in s.records()}
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for rid, n in finished.items():
        r = records[rid]
        assert (r.status, r.duration, r.note, r.before.safe, r.after.safe) == (
            "completed", 100.0 + n, f"note {n}", n % 11, (n + 1) % 11)
        assert [m.kind for m in r.moments] == ["tick"] * 3
    assert all(r.status in ("completed", "incomplete") for r in records.values())


def test_records_from_the_first_schema_are_kept_when_the_client_code_comes(tmp_path) -> None:
    """A records file written before session mode (schema 1) opens with every
    row, now with a blank client code; new rows carry theirs."""
    import sqlite3
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE practice (id INTEGER PRIMARY KEY, place TEXT NOT NULL, practice TEXT NOT NULL DEFAULT '', "
        "started REAL NOT NULL, duration REAL NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'open', "
        "ladder INTEGER NOT NULL DEFAULT 0, before_safe INTEGER, before_vivid INTEGER, before_critical INTEGER, "
        "after_safe INTEGER, after_vivid INTEGER, after_critical INTEGER, note TEXT NOT NULL DEFAULT '', "
        "owner INTEGER NOT NULL DEFAULT 0);"
        "CREATE TABLE moment (id INTEGER PRIMARY KEY, practice_id INTEGER NOT NULL, t REAL NOT NULL, "
        "kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');"
        "INSERT INTO practice (place, practice, started, duration, status, note) "
        "VALUES ('beach', 'safe-place', 1000, 600, 'completed', 'kept');"
        "PRAGMA user_version = 1;")
    conn.close()
    with Store.open(path) as s:
        (old,) = s.records()
        assert (old.place, old.note, old.client, old.status) == ("beach", "kept", "", "completed")
        assert (old.option, old.check_in, old.after.unease, old.after.warmth) == ("", "", None, None)
        rid = s.begin("meadow", "soothing-breathing", client="K-17")
        assert s.record(rid).client == "K-17"
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert c.execute("SELECT COUNT(*) FROM programme").fetchone()[0] == 0   # the programme table came too


def test_unease_warmth_the_choice_and_the_check_in_are_kept_and_exported(tmp_path) -> None:
    """The signs of fear of compassion and backdraft (unease or an urge to
    stop, warmth felt), what was chosen and the check-in reach the record and
    the CSV."""
    import csv
    from engine.records.sessions_report import write_csv
    with Store.open(tmp_path / "r.sqlite3") as s:
        rid = s.begin("meadow", "compassion-for-struggle", before=Ratings(safe=4), option="anxious")
        s.finish(rid, 480.0, True)
        s.rate_after(rid, Ratings(safe=6, unease=7, warmth=3), "hard but ok", check_in="threat")
        r = s.record(rid)
        assert (r.option, r.check_in, r.after.unease, r.after.warmth, r.before.safe) == ("anxious", "threat", 7, 3, 4)
        rows = list(csv.DictReader(write_csv(s.records(), tmp_path / "out.csv").open()))
    assert (rows[0]["after_unease"], rows[0]["after_warmth"], rows[0]["option"], rows[0]["check_in"]) == ("7", "3", "anxious", "threat")
    assert rows[0]["before_unease"] == ""
