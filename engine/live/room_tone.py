"""The calm way out's quiet room tone in the running app (Panda3D/OpenAL).

The loop itself is made and cached by engine/audio/room_tone.py (pure).
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from engine.audio.room_tone import NOMINAL_LUFS, ROOM_BELOW_DB, cached_loop
from engine.audio.loudness import TARGET_LUFS


class LiveRoomTone:
    """The room tone in the running app: a seamless loop played through the
    app's audio manager; its volume follows `state.room` each frame and it
    pauses with the session clock.

    ``prepare()`` (called when the app's sound starts) readies it in the
    background - read from the cache, or made once (about half a second)
    and cached - so the calm way out has its quiet room from the first
    moment, and making it never lands in the middle of a practice.
    """

    def __init__(self, manager, level_db: float = TARGET_LUFS - ROOM_BELOW_DB - NOMINAL_LUFS):
        self.manager = manager
        self.level = 10 ** (level_db / 20)
        self.sound = None
        self.folder: Path | None = None
        self.amount = 0.0
        self._thread = None
        self._ready: Path | None = None
        self._at = 0.0

    def _make(self) -> None:
        self._ready = cached_loop(self._private_folder)

    def _private_folder(self) -> Path:
        """A folder of our own for the loop, made only when the cache can't
        take it (0700: the owner's only), removed on leaving."""
        self.folder = Path(tempfile.mkdtemp(prefix="haven-room-"))
        atexit.register(shutil.rmtree, self.folder, True)
        return self.folder

    def prepare(self) -> None:
        """Start readying the loop (in the background), if not begun."""
        if self._thread is not None or self.manager is None:
            return
        import threading
        self._thread = threading.Thread(target=self._make, name="haven-room-tone", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        from panda3d.core import Filename
        path, self._ready = self._ready, None
        self.sound = self.manager.getSound(Filename.fromOsSpecific(str(path)), False)
        if self.sound is not None:
            self.sound.setLoop(True)
            self.sound.setVolume(0.0)

    def follow(self, amount: float, paused: bool = False, gain: float = 1.0) -> None:
        """``amount`` 0..1 from the director; ``gain`` the person's master
        volume (linear), so the quiet room is turned down with everything else."""
        from panda3d.core import AudioSound
        self.amount = max(0.0, min(1.0, float(amount)))
        gain = max(0.0, min(1.0, float(gain)))
        if self.manager is None:
            return
        if self._thread is None:
            if self.amount <= 1e-4:
                return
            self.prepare()
        if self.sound is None:
            if self._ready is None:
                return
            self._load()
            if self.sound is None:
                return
        playing = self.sound.status() == AudioSound.PLAYING
        if paused and playing:
            self._at = float(self.sound.getTime())
            self.sound.stop()
        elif not paused and not playing and self.amount > 1e-4:
            self.sound.setTime(self._at)
            self.sound.play()
        self.sound.setVolume(self.level * self.amount * gain)

    def wait_ready(self, timeout: float = 10.0) -> None:
        """Tests and tools: block until the loop is made."""
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def volume(self) -> float:
        return 0.0 if self.sound is None else float(self.sound.getVolume())

    def destroy(self) -> None:
        if self.sound is not None:
            self.sound.stop()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
