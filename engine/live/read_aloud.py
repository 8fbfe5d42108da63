"""A text read aloud in the window (a person's letter to themselves): the
natural voice, or the basic one when it cannot run here, a sentence at a
time. The lines are made on one background thread in order and each plays
as soon as the one before has ended, so the reading starts after the first
sentence rather than the whole letter. Files go to a private temporary
folder (0700) that is removed when the reading stops.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path

import numpy as np

from engine.audio import RATE
from engine.audio.soundscape import write_wav

PAUSE_S = 0.5
"""Quiet between two sentences."""


def sentences(text: str) -> list[str]:
    """The text as sentences to say (blank lines and headings like 'What I notice' kept as their own)."""
    out: list[str] = []
    for para in text.splitlines():
        para = para.strip()
        if para:
            out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", para) if s.strip()]
    return out


def voice_for_reading() -> tuple[object, str]:
    """(speak(text) -> clip, which voice) - the natural voice, else the basic one."""
    from engine.voice import natural
    if natural.natural_available()[0]:
        return (lambda text: natural.speak(text).clip), f"natural:{natural.VOICE_NAME}"
    from engine.voice.speech import speak_line, speech_available
    if speech_available()[0]:
        return speak_line, "espeak-ng"
    return None, "none"


class ReadAloud:
    def __init__(self, manager, text: str, speak=None):
        """``manager``: Panda3D's sound manager (None: made but not heard, as in tests)."""
        self.manager = manager
        self.lines = sentences(text)
        if speak is None:
            speak, self.engine = voice_for_reading()
        else:
            self.engine = "given"
        self.speak = speak
        self.folder = Path(tempfile.mkdtemp(prefix="haven-read-"))
        self.made: list[tuple[Path | None, float]] = []   # in order, as the thread makes them
        self.said: list[int] = []                         # lines started (tests read it)
        self.failed = ""
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sound = None
        self._until = 0.0
        self._t = 0.0
        self.thread = threading.Thread(target=self._work, name="haven-read-aloud", daemon=True)
        if self.speak is not None and self.lines:
            self.thread.start()

    @property
    def available(self) -> bool:
        return self.speak is not None

    def _work(self) -> None:
        for i, line in enumerate(self.lines):
            if self._stop.is_set():
                return
            try:
                clip = np.asarray(self.speak(line), np.float32)
            except Exception as e:   # one sentence that cannot be said is left out
                self.failed = str(e)
                clip = np.zeros(0, np.float32)
            if self._stop.is_set():   # stopped while this sentence was being made: its folder is gone
                return
            path = None
            if len(clip):
                path = self.folder / f"{i:03d}.wav"
                try:
                    write_wav(path, clip)
                except OSError:
                    return
            with self._lock:
                self.made.append((path, len(clip) / RATE))

    @property
    def done(self) -> bool:
        return len(self.said) == len(self.lines) and self._t >= self._until

    @property
    def waiting(self) -> bool:
        """The next sentence is still being made (the page says 'getting ready')."""
        with self._lock:
            return len(self.said) < len(self.lines) and len(self.made) <= len(self.said)

    def update(self, dt: float) -> None:
        """Each frame: the next sentence starts once the last has ended and it is made."""
        self._t += dt
        if self._stop.is_set() or self._t < self._until:
            return
        with self._lock:
            if len(self.made) <= len(self.said):
                return
            path, seconds = self.made[len(self.said)]
        self.said.append(len(self.said))
        self._until = self._t + seconds + PAUSE_S
        if path is not None and self.manager is not None:
            from panda3d.core import Filename
            self._sound = self.manager.getSound(Filename.fromOsSpecific(str(path)), False)
            self._sound.play()

    def stop(self) -> None:
        self._stop.set()
        if self._sound is not None:
            self._sound.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
