"""The practice's voice in the running app: each clip starts with its
caption on the session clock, pauses with it, and the bed dips under it.

Clips are written once to a private temporary folder as 16-bit WAV and
played through Panda3D's audio manager (OpenAL; the null driver in tests).
When the timeline changes (skip, extend, the calm way out) the plan is made
again from the new schedule; a clip whose moment has passed is not started.
A line of the natural voice may still be being made in the background when
the practice starts (engine/voice/prepare.py): its file is written as soon
as it is ready, and a line not ready by its moment is left out (its caption
still shows); the practice never waits for the voice.
The voice is as loud as the person's volume setting lets the place be: the
app hands it the bed's master gain each frame (``gain``), so the volume keys
turn the words down with the sounds, never the sounds alone.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.audio import RATE
from engine.audio.soundscape import write_wav

LATE_S = 0.5          # a clip more than this late is left out
MADE_LATE_S = 1.0     # a line made in the background may start this late, from its first word
DUCK_DB = -8.0        # the bed under a voice


@dataclass
class Clip:
    key: tuple[str, int]
    start: float
    seconds: float
    path: Path | None
    sound: object = None
    state: str = "waiting"      # waiting, playing, done, skipped, unsaid (the captions carried it)


class LiveVoice:
    def __init__(self, manager, placements: list[tuple[float, tuple[str, int], np.ndarray]], preparer=None,
                 cues: dict[str, np.ndarray] | None = None, log=None, cues_on=None, speaks=None):
        """``cues``: soft breath words by stage (engine/voice/breath_cues.py), played on
        the ``breath.stage`` events of ``log`` while ``cues_on()`` and no line is near.
        ``speaks()``: whether lines are said now (the captions person's voice speaks
        only at the ladder's sound-only and eyes-closed steps); its first yes starts
        the preparer. None: always."""
        self.speaks = speaks
        self.manager = manager
        self.preparer = preparer   # stopped with the voice, so no line is made for a practice that has ended
        self.folder = Path(tempfile.mkdtemp(prefix="haven-voice-"))   # 0700: the owner's only
        atexit.register(shutil.rmtree, self.folder, True)
        self.files: dict[tuple[str, int], tuple[Path | None, float]] = {}
        self.pending: dict[tuple[str, int], object] = {}   # prepare.Pending, until written
        self.names: dict[tuple[str, int], Path] = {}
        for i, (_, key, clip) in enumerate(placements):
            self.names[key] = self.folder / f"{i:03d}.wav"
            if isinstance(clip, np.ndarray):
                self._write(key, clip)
            else:
                self.pending[key] = clip
                self.files[key] = (None, float(clip.seconds))
        self.unready: list[tuple[str, int]] = []   # lines left out: not made by their moment
        self.made_late: set[tuple[str, int]] = set()   # lines whose moment came while they were being made
        self.cue_files = {}
        for stage, clip in (cues or {}).items():
            path = self.folder / f"cue-{stage}.wav"
            write_wav(path, np.asarray(clip, np.float32))
            self.cue_files[stage] = (path, len(clip) / RATE)
        self.log, self.cues_on = log, cues_on or (lambda: True)
        self._seen = len(log.events) if log is not None else 0
        self.cue_sounds: dict[str, object] = {}
        self.cued: list[tuple[float, str]] = []   # (t, stage) of each cue played (tests read it)
        self.clips: list[Clip] = []
        self.plan([(start, key) for start, key, _ in placements], 0.0)
        self.paused = False
        self.gain = 1.0     # the person's master volume, linear (the app sets it each frame)
        self.started: list[tuple[str, int]] = []   # what actually played (tests read it)

    def _write(self, key: tuple[str, int], clip: np.ndarray) -> None:
        path = self.names[key]
        write_wav(path, np.asarray(clip, np.float32))
        self.files[key] = (path, len(clip) / RATE)

    def _collect(self) -> None:
        """Write the background lines that are ready (each once)."""
        for key, line in list(self.pending.items()):
            clip = line.ready()
            if clip is None:
                continue
            del self.pending[key]
            if len(clip):
                self._write(key, clip)
                for c in self.clips:
                    if c.key == key and c.path is None:
                        c.path, c.seconds = self.files[key]
            else:
                self.files[key] = (None, 0.0)

    def plan(self, schedule: list[tuple[float, tuple[str, int]]], t: float) -> None:
        """Play `schedule` from time t on; anything still speaking stops."""
        for c in self.clips:
            if c.state == "playing" and c.sound is not None:
                c.sound.stop()
        self.clips = [Clip(key, start, self.files[key][1], self.files[key][0])
                      for start, key in sorted(schedule) if key in self.files and start >= t - 1e-6]

    def _sound(self, clip: Clip):
        if clip.sound is None and self.manager is not None:
            from panda3d.core import Filename
            clip.sound = self.manager.getSound(Filename.fromOsSpecific(str(clip.path)), False)
        return clip.sound

    def update(self, t: float, paused: bool, gain: float | None = None) -> None:
        if gain is not None:
            self.gain = float(np.clip(gain, 0.0, 1.0))
        if paused != self.paused:
            self._set_paused(paused, t)
        if self.pending:
            self._collect()
        if paused:
            return
        quiet = self.speaks is not None and not self.speaks()
        if not quiet and self.preparer is not None and self.preparer.started_at is None:
            ahead = {c.key for c in self.clips if c.state == "waiting" and c.start >= t - MADE_LATE_S}   # not the past
            self.preparer.lines = [line for key, line in self.pending.items() if key in ahead]
            self.preparer.start()
        if self.cue_files and self.log is not None:
            self._breath_cues(t)
        for c in self.clips:
            if c.state == "waiting" and c.start <= t and quiet:
                c.state = "unsaid"   # the captions carry this line
            elif c.state == "waiting" and c.start <= t:
                made_late = c.key in self.made_late
                if t - c.start > (MADE_LATE_S if c.path is None or made_late else LATE_S):
                    c.state = "skipped"
                    if c.path is None:
                        self.unready.append(c.key)
                    continue
                if c.path is None:   # still being made: wait for it a moment, never the practice
                    self.made_late.add(c.key)
                    continue
                if made_late:        # it came a moment after its caption: from its first word
                    c.start = t
                sound = self._sound(c)
                if sound is not None:
                    sound.setVolume(self.gain)
                    sound.setTime(max(0.0, t - c.start))
                    sound.play()
                c.state = "playing"
                self.started.append(c.key)
            elif c.state == "playing" and t >= c.start + c.seconds:
                c.state = "done"
            if c.state == "playing" and c.sound is not None:
                c.sound.setVolume(self.gain)   # follows the master's glide, never a step of its own

    def _breath_cues(self, t: float) -> None:
        from engine.voice.breath_cues import CLEAR_S
        new, self._seen = self.log.events[self._seen:], len(self.log.events)
        if not self.cues_on():
            return
        for e in new:
            stage = e.get("stage")
            if e.get("kind") != "breath.stage" or stage not in self.cue_files or t - e["t"] > LATE_S:
                continue
            path, seconds = self.cue_files[stage]
            near = any(c.state in ("waiting", "playing") and c.start - CLEAR_S < t + seconds + CLEAR_S
                       and t - CLEAR_S < c.start + c.seconds for c in self.clips)
            if near:
                continue
            if self.manager is not None:
                if stage not in self.cue_sounds:
                    from panda3d.core import Filename
                    self.cue_sounds[stage] = self.manager.getSound(Filename.fromOsSpecific(str(path)), False)
                sound = self.cue_sounds[stage]
                sound.setVolume(self.gain)
                sound.play()
            self.cued.append((t, stage))

    def duck_db(self, t: float) -> float:
        speaking = any(c.state == "playing" and c.start <= t < c.start + c.seconds for c in self.clips)
        return DUCK_DB if speaking else 0.0

    def _set_paused(self, paused: bool, t: float) -> None:
        self.paused = paused
        for c in self.clips:
            if c.state != "playing" or c.sound is None:
                continue
            if paused:
                c.sound.stop()
            elif t < c.start + c.seconds:
                c.sound.setTime(t - c.start)
                c.sound.play()

    def destroy(self) -> None:
        if self.preparer is not None:
            self.preparer.stop()
        for c in self.clips:
            if c.sound is not None:
                c.sound.stop()
        for sound in self.cue_sounds.values():
            sound.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
