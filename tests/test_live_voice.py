"""The practice's voice in the running app: on the session clock, paused with
it, and as loud as the person's volume lets the place be."""
from __future__ import annotations

import numpy as np
import pytest

from engine.audio import RATE
from engine.live.voice import DUCK_DB, LiveVoice


def tone(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    mono = 0.1 * np.sin(2 * np.pi * 220 * t)
    return np.stack([mono, mono], axis=1).astype(np.float32)


@pytest.fixture
def manager(app):
    from ursina import application
    from engine.live.space import audio_manager
    manager = audio_manager(application.base)
    assert manager is not None, "OpenAL should be real with ALSOFT_DRIVERS=null"
    return manager


def test_the_voice_speaks_on_the_clock_and_pauses_with_it(manager) -> None:
    from panda3d.core import AudioSound
    voice = LiveVoice(manager, [(1.0, ("safe", 0), tone(2.0)), (5.0, ("safe", 1), tone(1.0))])
    try:
        voice.update(0.5, False)
        assert voice.started == [] and voice.duck_db(0.5) == 0.0
        voice.update(1.0, False)
        first = voice.clips[0]
        assert voice.started == [("safe", 0)] and first.sound.status() == AudioSound.PLAYING
        assert voice.duck_db(1.5) == DUCK_DB
        voice.update(1.5, True)
        assert first.sound.status() != AudioSound.PLAYING
        voice.update(1.5, False)
        assert first.sound.status() == AudioSound.PLAYING
        voice.update(6.0, False)   # the second line's moment passed by more than LATE_S: left out
        assert voice.started == [("safe", 0)] and voice.clips[1].state == "skipped"
    finally:
        voice.destroy()


def test_the_voice_follows_the_person_s_volume(manager) -> None:
    """The volume keys turn the words down with the place's sound: the clip
    takes the master gain when it starts and follows it while it plays."""
    voice = LiveVoice(manager, [(0.0, ("safe", 0), tone(3.0))])
    try:
        voice.update(0.0, False, gain=0.5)
        sound = voice.clips[0].sound
        assert sound.getVolume() == pytest.approx(0.5, abs=1e-6)
        levels = []
        for i, g in enumerate(np.linspace(0.5, 0.1, 20)):
            voice.update(0.05 * (i + 1), False, gain=float(g))
            levels.append(sound.getVolume())
        assert levels[-1] == pytest.approx(0.1, abs=1e-6)
        assert np.all(np.diff(levels) <= 0)          # a glide down, never back up
        voice.update(1.2, False, gain=3.0)           # never louder than the clip itself
        assert sound.getVolume() == pytest.approx(1.0, abs=1e-6)
    finally:
        voice.destroy()
