"""Each practice's events, kept in the person's private data folder.

The running app writes what happened in a practice - segments, cues,
captions, breath stages, the calm way out, seeks, the camera's return to
the seat - to `<data>/sessions/<YYYYmmdd-HHMMSS>-events.jsonl`, the same
one-JSON-object-a-line form `render` writes. The file is the owner's only
(0600, in 0700 folders), each event is appended and flushed as it happens
(a crash loses at most the event being written) and nothing is ever read
back or rewritten, so it costs a line of I/O per event and stays small
(a 12-minute practice writes about 25 kB).

`events_path(started)` gives the path for a session that began at
`started`; session records (SQLite, engine/records/store.py) can keep that path to
link a record to its events.
"""
from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.config.userdirs import FILE_MODE, data_dir, ensure_dir, plain_reason
from engine.core.events import EventLog

STAMP = "%Y%m%d-%H%M%S"


def sessions_dir(create: bool = False) -> Path:
    """Where the per-session event files live."""
    path = data_dir(create) / "sessions"
    if create:
        ensure_dir(path)
    return path


def events_path(started: datetime) -> Path:
    """The events file of a session that began at `started` (local time)."""
    return sessions_dir() / f"{started.strftime(STAMP)}-events.jsonl"


class SessionEventLog(EventLog):
    """An EventLog that appends every event to a private file, written at once.

    Each event goes out as one write of its whole line. When a write fails
    (a full disk), the file is cut back to its last whole line - a torn
    line would make the file unreadable as JSON lines - and nothing more is
    written; the events stay in memory and the practice goes on."""

    def __init__(self, path: Path):
        super().__init__(None)
        self.path = Path(path)
        ensure_dir(self.path.parent)
        self._fd: int | None = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        os.fchmod(self._fd, FILE_MODE)   # an existing file, or a loose umask: owner only all the same
        self._good = os.fstat(self._fd).st_size   # bytes of whole lines

    def emit(self, t: float, kind: str, **fields: Any) -> dict[str, Any]:
        event = {"t": round(float(t), 4), "kind": kind, **fields}
        self.events.append(event)
        if self._fd is not None:
            self._append((json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8"))
        return event

    def _append(self, line: bytes) -> None:
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view):]
            self._good += len(line)
        except OSError as exc:   # a full disk never stops the practice; the events stay in memory
            self._stop(exc)

    def _stop(self, exc: OSError) -> None:
        import sys
        try:
            os.ftruncate(self._fd, self._good)   # no torn last line (cutting back needs no space)
        except OSError:
            pass
        self.close()
        print(f"haven: this practice's events are kept no further ({plain_reason(exc)}); "
              "the practice goes on", file=sys.stderr)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def open_session_log(place: str, practice: str | None, started: datetime | None = None) -> SessionEventLog | EventLog:
    """The log for a practice in the app: a SessionEventLog whose first line
    says when, where and what; an in-memory EventLog (with one line said on
    stderr) when the data folder cannot be written."""
    started = started or datetime.now().astimezone()
    path = events_path(started)
    n = 1
    while path.exists():   # two sessions in one second: never append to another's file
        n += 1
        path = path.with_name(f"{started.strftime(STAMP)}-{n}-events.jsonl")
    try:
        log = SessionEventLog(path)
    except OSError as exc:
        import sys
        print(f"haven: this practice's events are not kept ({plain_reason(exc, path.parent)})", file=sys.stderr)
        log = EventLog()
    log.emit(0.0, "session.start", at=started.isoformat(timespec="seconds"), place=place,
             **({"practice": practice} if practice else {}))
    return log


__all__ = ["SessionEventLog", "events_path", "open_session_log", "sessions_dir"]
