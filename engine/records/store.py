"""Practice records: one SQLite file in the person's private data folder.

Each practice is a row written when it starts (status 'open', with the id
of the process running it), touched as it goes (its duration so far) and
closed when it ends ('completed' or 'incomplete'). A process killed
mid-practice leaves an 'open' row; the next time the store is opened and
that process is gone, the row is marked 'incomplete', so nothing is lost
and nothing pretends to have finished. A practice still running in another
window is left alone. WAL with synchronous=FULL means a
committed row survives a crash or power cut.

The file, and SQLite's -wal and -shm files beside it (SQLite gives them the
database file's mode), are readable by their owner only.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from engine.config.userdirs import FILE_MODE, data_dir, ensure_dir, plain_reason

FILE_NAME = "records.sqlite3"
SCHEMA_VERSION = 5
RATINGS = ("safe", "vivid", "critical", "unease", "warmth")
"""0-10 self-ratings: how safe and calm, how vivid the imagery, how
self-critical; after a warm practice also how much unease or urge to stop,
and how much warmth was felt (the signs of fear of compassion and backdraft)."""
_BEFORE = ", ".join(f"before_{n}" for n in RATINGS)
_AFTER = ", ".join(f"after_{n}" for n in RATINGS)

_PROGRAMME = """
CREATE TABLE IF NOT EXISTS programme (
    id INTEGER PRIMARY KEY,
    client TEXT NOT NULL DEFAULT '',
    week INTEGER NOT NULL CHECK (week >= 1),
    since REAL NOT NULL,
    how TEXT NOT NULL DEFAULT ''
);
"""
"""Each setting of the programme's week (started, moved on, set), newest last."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS practice (
    id INTEGER PRIMARY KEY,
    place TEXT NOT NULL,
    practice TEXT NOT NULL DEFAULT '',
    started REAL NOT NULL,
    duration REAL NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'incomplete')),
    ladder INTEGER NOT NULL DEFAULT 0,
    before_safe INTEGER, before_vivid INTEGER, before_critical INTEGER,
    after_safe INTEGER, after_vivid INTEGER, after_critical INTEGER,
    note TEXT NOT NULL DEFAULT '',
    owner INTEGER NOT NULL DEFAULT 0,
    client TEXT NOT NULL DEFAULT '',
    before_unease INTEGER, before_warmth INTEGER, after_unease INTEGER, after_warmth INTEGER,
    option TEXT NOT NULL DEFAULT '',
    check_in TEXT NOT NULL DEFAULT '',
    settled REAL
);
CREATE TABLE IF NOT EXISTS moment (
    id INTEGER PRIMARY KEY,
    practice_id INTEGER NOT NULL REFERENCES practice(id) ON DELETE CASCADE,
    t REAL NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS moment_by_practice ON moment(practice_id);
""" + _PROGRAMME
_MIGRATIONS = {
    2: "ALTER TABLE practice ADD COLUMN client TEXT NOT NULL DEFAULT '';",
    3: "ALTER TABLE practice ADD COLUMN before_unease INTEGER; ALTER TABLE practice ADD COLUMN before_warmth INTEGER; "
       "ALTER TABLE practice ADD COLUMN after_unease INTEGER; ALTER TABLE practice ADD COLUMN after_warmth INTEGER; "
       "ALTER TABLE practice ADD COLUMN option TEXT NOT NULL DEFAULT ''; "
       "ALTER TABLE practice ADD COLUMN check_in TEXT NOT NULL DEFAULT '';",
    4: "ALTER TABLE practice ADD COLUMN settled REAL;",
    5: _PROGRAMME,
}
"""From the schema before (the key) to it: the rows stay, the new column is blank."""


class StoreError(Exception):
    """The records cannot be read or written; the message is one plain line."""


@dataclass(frozen=True)
class Ratings:
    safe: int | None = None
    vivid: int | None = None
    critical: int | None = None
    unease: int | None = None
    warmth: int | None = None

    def __post_init__(self) -> None:
        for name in RATINGS:
            value = getattr(self, name)
            if value is not None and not (isinstance(value, int) and 0 <= value <= 10):
                raise ValueError(f"rating {name} must be a whole number 0 to 10, not {value!r}")

    def empty(self) -> bool:
        return all(getattr(self, n) is None for n in RATINGS)

    def values(self) -> tuple[int | None, ...]:
        return tuple(getattr(self, n) for n in RATINGS)


@dataclass(frozen=True)
class Moment:
    t: float
    """Seconds into the practice."""
    kind: str
    detail: str = ""


@dataclass(frozen=True)
class Record:
    id: int
    place: str
    practice: str
    started: float
    """Unix seconds."""
    duration: float
    status: str
    ladder: int
    before: Ratings
    after: Ratings
    note: str
    moments: tuple[Moment, ...] = field(default=())
    client: str = ""
    """A therapist's client code for practices done in session mode ('' otherwise)."""
    option: str = ""
    """What the person chose for a practice that offers a choice (its `choose`)."""
    check_in: str = ""
    """The answer to a practice's check-in ('threat', 'soothing' ...), if given."""
    settled: float | None = None
    """Seconds into the practice when the person said they felt settled (Space)."""


def records_path() -> Path:
    return data_dir() / FILE_NAME


class Store:
    """The person's practice records. Use `Store.open()`; close when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path, recovered: int):
        self.conn, self.path = conn, path
        self.recovered = recovered
        """How many practices a crash had left open, now marked incomplete."""

    @classmethod
    def open(cls, path: Path | None = None) -> "Store":
        """Open (creating if needed, owner-only) and recover open rows.

        StoreError with one plain line when the file is unusable; the file
        itself is never removed or rewritten here.
        """
        path = Path(path) if path is not None else records_path()
        try:
            _create_private(path)
            conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        except OSError as exc:
            raise StoreError(f"{path}: practice records cannot be opened ({plain_reason(exc)})") from None
        try:
            _prepare(conn)
            recovered = _recover(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{path}: practice records cannot be read ({plain_reason(exc, path.parent)}); "
                             "the file is left as it is") from None
        return cls(conn, path, recovered)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------
    def begin(self, place: str, practice: str = "", ladder: int = 0,
              before: Ratings = Ratings(), started: float | None = None, client: str = "",
              option: str = "") -> int:
        """A new open record; returns its id."""
        with self._write() as c:
            cur = c.execute(
                f"INSERT INTO practice (place, practice, started, ladder, {_BEFORE}, owner, client, option) "
                f"VALUES (?, ?, ?, ?, {', '.join('?' * len(RATINGS))}, ?, ?, ?)",
                (place, practice, time.time() if started is None else started, int(ladder),
                 *before.values(), os.getpid(), client, option))
            return int(cur.lastrowid)

    def progress(self, record_id: int, duration: float, ladder: int | None = None) -> None:
        """How far an open practice has got (so a crash keeps its length)."""
        with self._write() as c:
            c.execute("UPDATE practice SET duration = ?, ladder = COALESCE(?, ladder) "
                      "WHERE id = ? AND status = 'open'", (float(duration), ladder, record_id))

    def settled(self, record_id: int, t: float) -> None:
        """The person felt settled t seconds in (the first time only)."""
        with self._write() as c:
            c.execute("UPDATE practice SET settled = COALESCE(settled, ?) WHERE id = ?", (float(t), record_id))

    def mark(self, record_id: int, t: float, kind: str, detail: str = "") -> None:
        """A moment of note: 'too much', grounding, a ladder step, a skip..."""
        with self._write() as c:
            c.execute("INSERT INTO moment (practice_id, t, kind, detail) VALUES (?, ?, ?, ?)",
                      (record_id, float(t), kind, detail))

    def finish(self, record_id: int, duration: float, completed: bool,
               after: Ratings = Ratings(), note: str = "", ladder: int | None = None) -> None:
        """Close a record: completed (the practice reached its end) or not."""
        with self._write() as c:
            c.execute(
                f"UPDATE practice SET duration = ?, status = ?, {_set_after()}, note = ?, "
                "ladder = COALESCE(?, ladder) WHERE id = ?",
                (float(duration), "completed" if completed else "incomplete",
                 *after.values(), note, ladder, record_id))

    def rate_after(self, record_id: int, after: Ratings, note: str = "", check_in: str = "") -> None:
        """Ratings (and a check-in answer) given after the practice closed (the after-panel comes last)."""
        with self._write() as c:
            c.execute(f"UPDATE practice SET {_set_after()}, note = ?, check_in = ? WHERE id = ?",
                      (*after.values(), note, check_in, record_id))

    def set_week(self, week: int, how: str, client: str = "", since: float | None = None) -> None:
        """The programme's week from now on (kept with every earlier setting)."""
        with self._write() as c:
            c.execute("INSERT INTO programme (client, week, since, how) VALUES (?, ?, ?, ?)",
                      (client, int(week), time.time() if since is None else since, how))

    def weeks_set(self) -> list[tuple[int, float, str, str]]:
        """(week, since, how, client) of every setting of the week, oldest first."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT week, since, how, client FROM programme ORDER BY since, id")]

    def delete_all(self) -> int:
        """Remove every record (and the programme's weeks); returns how many records there were."""
        with self._write() as c:
            n = c.execute("SELECT COUNT(*) FROM practice").fetchone()[0]
            c.execute("DELETE FROM programme")
            c.execute("DELETE FROM moment")
            c.execute("DELETE FROM practice")
        self.conn.execute("VACUUM")
        return int(n)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: practice record not saved ({plain_reason(exc, self.path.parent)})") from None

    # -- reading ---------------------------------------------------------
    def records(self) -> list[Record]:
        """Every record, oldest first, with its moments."""
        moments: dict[int, list[Moment]] = {}
        for pid, t, kind, detail in self.conn.execute(
                "SELECT practice_id, t, kind, detail FROM moment ORDER BY practice_id, t, id"):
            moments.setdefault(pid, []).append(Moment(t, kind, detail))
        n = len(RATINGS)
        rows = self.conn.execute(
            f"SELECT id, place, practice, started, duration, status, ladder, {_BEFORE}, {_AFTER}, "
            "note, client, option, check_in, settled FROM practice ORDER BY started, id").fetchall()
        return [Record(*r[:7], Ratings(*r[7:7 + n]), Ratings(*r[7 + n:7 + 2 * n]), r[7 + 2 * n],
                       tuple(moments.get(r[0], ())), *r[8 + 2 * n:]) for r in rows]

    def record(self, record_id: int) -> Record | None:
        return next((r for r in self.records() if r.id == record_id), None)


def _set_after() -> str:
    return ", ".join(f"after_{n} = ?" for n in RATINGS)


def _create_private(path: Path) -> None:
    """Create the file 0600 before SQLite touches it (SQLite then gives its
    -wal and -shm files the same mode)."""
    ensure_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, FILE_MODE)


def _prepare(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA busy_timeout = 10000")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"journal mode is {mode}, not WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"made by a newer Haven (schema {version}, this one reads {SCHEMA_VERSION})")
    if version == 0:
        conn.executescript("BEGIN IMMEDIATE;" + _SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
    elif version < SCHEMA_VERSION:
        steps = "".join(_MIGRATIONS[v] for v in range(version + 1, SCHEMA_VERSION + 1))
        conn.executescript("BEGIN IMMEDIATE;" + steps + f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")


def _recover(conn: sqlite3.Connection) -> int:
    """Practices a crash left open are marked incomplete (and say so)."""
    conn.execute("BEGIN IMMEDIATE")
    ids = [pid for pid, owner in conn.execute("SELECT id, owner FROM practice WHERE status = 'open'")
           if not _running(owner)]
    for pid in ids:
        conn.execute("UPDATE practice SET status = 'incomplete' WHERE id = ?", (pid,))
        conn.execute("INSERT INTO moment (practice_id, t, kind, detail) SELECT id, duration, "
                     "'interrupted', 'Haven stopped before this practice ended' FROM practice WHERE id = ?",
                     (pid,))
    conn.execute("COMMIT")
    return len(ids)


def _running(pid: int) -> bool:
    """Whether the process that opened a practice is still running it."""
    if pid <= 0 or pid == os.getpid():
        return False   # this process is only now opening the store: its own old rows are stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True    # someone's process by that id exists: leave the row for it
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed child not yet reaped still answers kill(0); /proc says it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return False


def moments_json(record: Record) -> str:
    """The record's moments as compact JSON (CSV export)."""
    return json.dumps([{"t": round(m.t, 2), "kind": m.kind, **({"detail": m.detail} if m.detail else {})}
                       for m in record.moments], ensure_ascii=False)
