"""One Haven per data folder.

Two windows on one data folder would both keep records and settings and
overwrite each other's choices. The window takes an exclusive lock on
`<data>/haven.lock` for as long as it runs; a second start finds it taken
and says so. The lock is the operating system's (flock): a Haven that
crashed or was killed leaves nothing stale behind.
"""
from __future__ import annotations

import os
from pathlib import Path

from engine.config.userdirs import FILE_MODE, data_dir, ensure_dir

LOCK_NAME = "haven.lock"
HELD_FOR = "HAVEN_LOCK_HELD_FOR_ME_BY"
"""Set by a Haven window for a process it starts to work on its behalf (the
headset visit): that child finds its own parent holding the lock and goes on."""


class AlreadyOpen(Exception):
    """Another Haven holds this data folder; the message is one plain line."""


class DataLock:
    def __init__(self, fd: int, path: Path):
        self.fd, self.path = fd, path

    @classmethod
    def take(cls, folder: Path | None = None) -> "DataLock | None":
        """The lock, or AlreadyOpen when another Haven holds it; None where
        the folder cannot be written (Haven still opens and says so elsewhere)."""
        try:
            import fcntl
        except ImportError:   # not POSIX: no lock, as before
            return None
        if os.environ.get(HELD_FOR) == str(os.getppid()):
            return None   # the window that started this process holds it, and waits for it
        folder = folder or data_dir()
        path = folder / LOCK_NAME
        try:
            ensure_dir(folder)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            other = _read_pid(fd)
            os.close(fd)
            who = f" (process {other})" if other else ""
            raise AlreadyOpen(f"Haven is already open{who} with this data folder ({folder}); "
                              "use that window, or close it first.") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        return cls(fd, path)

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return int(os.read(fd, 32).decode().strip() or 0) or None
    except (OSError, ValueError):
        return None
