"""The user's data folder and private, atomic file writes.

Everything a person makes in Haven (personal places, session records) lives
under one folder that only they can read: folders 0o700, files 0o600.
HAVEN_DATA_DIR overrides the platform default (tests point it at a tmp dir).
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import platformdirs

ENV_VAR = "HAVEN_DATA_DIR"
DIR_MODE = 0o700
FILE_MODE = 0o600


def plain_reason(exc: BaseException, where: Path | None = None) -> str:
    """Why a write failed, in plain words: 'the disk is full' rather than
    '[Errno 28] No space left on device' (or SQLite's 'disk I/O error'
    when the folder ``where`` has no space left)."""
    import errno
    import shutil
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code in (errno.EACCES, errno.EPERM):
        return "no permission to write there"
    if where is not None:
        try:
            if shutil.disk_usage(where).free == 0:
                return "the disk is full"
        except OSError:
            pass
    return getattr(exc, "strerror", None) or str(exc)


def data_dir(create: bool = False) -> Path:
    """The user's Haven folder; created (owner-only) when `create` is true."""
    override = os.environ.get(ENV_VAR)
    path = Path(override).expanduser() if override else Path(
        platformdirs.user_data_dir("haven", appauthor=False))
    if create:
        ensure_dir(path)
    return path


def places_dir(create: bool = False) -> Path:
    """Where personal places are kept, one `<name>.yaml` each."""
    path = data_dir(create) / "places"
    if create:
        ensure_dir(path)
    return path


def ensure_dir(path: Path) -> Path:
    """Create `path` and missing parents; folders made here get mode 0o700."""
    missing = [p for p in [path, *path.parents] if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask
    return path


def write_private(path: Path | str, text: str,
                  check: Callable[[str], object] | None = None) -> Path:
    """Write `text` to `path` atomically, readable by the owner only.

    `check`, when given, runs on the text first; if it raises, nothing is
    written. The old file is replaced only after the new one is complete on
    disk, so a crash or a full disk never leaves a half-written file.
    """
    path = Path(path)
    if check is not None:
        check(text)
    ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, FILE_MODE)  # mkstemp already uses 0o600 on POSIX; be explicit
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    _sync_dir(path.parent)
    return path


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _sync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def forget_all(folder: Path | None = None, keep: tuple[str, ...] = ()) -> list[str]:
    """Delete everything in the person's Haven folder (their places, records,
    letters, recordings, voice, exports, settings), for good. ``keep``: names
    left in place (the running window's lock). Returns what could not be
    deleted, each in plain words (empty when all of it went)."""
    import shutil
    folder = folder or data_dir()
    left: list[str] = []
    if not folder.exists():
        return left
    for item in sorted(folder.iterdir()):
        if item.name in keep:
            continue
        try:
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item)
            else:
                item.unlink()
        except OSError as exc:
            left.append(f"{item.name}: {plain_reason(exc)}")
    return left
