"""Cues move the sound: the practice's automation, through the real mixer."""
from __future__ import annotations

import numpy as np
import pytest

from engine.audio import RATE
from engine.audio.follow import automation, states_over
from engine.audio.mix import gain_ctrl
from engine.audio.soundscape import sound_key
from engine.config import load_place, load_practice
from engine.core.director import Director


@pytest.fixture(scope="module")
def beach_gains():
    place, practice = load_place("beach"), load_practice("safe-place")
    director = Director(practice, place)
    length = director.timeline.length
    keys = [sound_key(s) for s in place.sounds]
    auto = automation(keys, states_over(Director(practice, place), length))
    n = int(length * RATE)
    db = {k: 20 * np.log10(gain_ctrl(auto.get(i), n)) for i, k in enumerate(keys)}
    return director.timeline, db


def mean_db(curve: np.ndarray, t0: float, t1: float) -> float:
    return float(curve[int(t0 * 1000):int(t1 * 1000)].mean())   # 1 kHz control rate


def test_the_place_s_sounds_come_forward_in_the_sound_segment(beach_gains) -> None:
    tl, db = beach_gains
    sound = next(s for s in tl.slots if s.id == "sound")
    sight = next(s for s in tl.slots if s.id == "sight")
    middle = (sound.start + 6, sound.end - 6)
    for layer in ("surf", "wind"):
        assert mean_db(db[layer], *middle) > mean_db(db[layer], sight.start, sight.end) + 4.0
    assert mean_db(db["pad"], *middle) < mean_db(db["pad"], sight.start, sight.end) - 6.0
    # and they go back after it
    smell = next(s for s in tl.slots if s.id == "smell")
    assert abs(mean_db(db["surf"], smell.start + 5, smell.end) - mean_db(db["surf"], sight.start, sight.end)) < 0.5


def test_the_return_fades_the_bed_and_nothing_jumps(beach_gains) -> None:
    tl, db = beach_gains
    back = next(s for s in tl.slots if s.id == "return")
    assert mean_db(db["surf"], back.end - 5, back.end) < -12.0
    for curve in db.values():   # at most 1 dB per 50 ms anywhere: no sudden change
        assert np.abs(curve[50:] - curve[:-50]).max() < 1.0
