"""The calm way out: 15-20 s to a settled, quiet room - light, sound and the
room tone that replaces the place's own sound."""
from __future__ import annotations

import numpy as np
import pytest

from engine.audio import RATE
from engine.audio.loudness import short_term
from engine.audio.room_tone import ROOM_BELOW_DB, ROOM_KEY, add_room_tone, room_loop, room_points, room_tone
from engine.live.room_tone import LiveRoomTone
from engine.config import load_place
from engine.config.practice import Practice
from engine.core.director import GROUND_BED_DB, GROUND_SECONDS, Director

WATCH = ("key_gain", "ambient_gain", "bed_db", "room", "ground", "breath_amount", "halo", "colour",
         "focus", "saturation", "invite")


def practice() -> Practice:
    return Practice.model_validate({"name": "p", "title": "P", "segments": [
        {"id": "settle", "text": ["Breathe."], "duration": 30, "cues": [{"at": 0, "do": "breath.on"}]},
        {"id": "sight", "text": ["Look."], "duration": 30,
         "cues": [{"at": 1, "do": "colours.lift", "args": {"amount": 0.6}}, {"at": 2, "do": "light.warm"},
                  {"at": 3, "do": "sounds.focus"}]},
        {"id": "return", "text": ["Come back."], "duration": 40,
         "cues": [{"at": 0, "do": "ground"}, {"at": 4, "do": "sounds.fade", "args": {"to_db": -20, "seconds": 12}}]},
    ]})


def run(director: Director, t0: float, t1: float, fps: float = 10.0) -> None:
    for i in range(int(round((t1 - t0) * fps)) + 1):
        director.advance(t0 + i / fps)


def values(state) -> np.ndarray:
    return np.array([getattr(state, k) for k in WATCH] + list(state.tint), float)


def settle_seconds(director: Director, t0: float, until: float = 60.0, step: float = 0.05) -> float:
    """Seconds after t0 until no watched value moves any more (the breath
    light included: it has to have settled too)."""
    ts = np.arange(t0, t0 + until, step)
    vals = np.array([values(director.state(t)) for t in ts])
    moving = np.nonzero(np.abs(np.diff(vals, axis=0)).max(axis=1) > 1e-7)[0]
    return float(ts[moving[-1] + 1] - t0) if len(moving) else 0.0


@pytest.mark.parametrize("at", [12.0, 33.5, 47.0])
def test_g_settles_light_and_sound_in_fifteen_to_twenty_seconds(at) -> None:
    director = Director(practice())
    run(director, 0.0, at)
    director.ground(at)
    run(director, at, at + 30.0)
    took = settle_seconds(director, at)
    assert 15.0 <= took <= 20.0 and took == pytest.approx(GROUND_SECONDS, abs=0.06)
    end = director.state(at + GROUND_SECONDS)
    assert end.ground == 1.0 and end.room == 1.0 and end.breath_amount == 0.0
    assert end.bed_db == pytest.approx(GROUND_BED_DB)       # the sounds.fade to -20 does not bring it back up
    assert end.key_gain == pytest.approx(0.75) and end.saturation == 1.0 and end.focus == 0.0
    assert end.tint[0] == pytest.approx(1.0) and end.halo == 0.0
    assert np.allclose(values(end), values(director.state(at + 200.0)))
    ground = [e for e in director.log.events if e["kind"] == "ground"]
    settled = [e for e in director.log.events if e["kind"] == "ground.settled"]
    assert [(e["source"], e["seconds"]) for e in ground] == [("key", GROUND_SECONDS)]
    assert [e["t"] for e in settled] == [pytest.approx(at + GROUND_SECONDS)]


def test_the_practice_s_own_return_settles_the_same_way() -> None:
    director = Director(practice())
    run(director, 0.0, 100.0)
    start = next(s.start for s in director.timeline.slots if s.id == "return")
    assert settle_seconds(director, start) == pytest.approx(GROUND_SECONDS, abs=0.06)
    assert [e["source"] for e in director.log.events if e["kind"] == "ground"] == ["cue"]


def test_the_room_tone_comes_up_as_the_place_s_sound_recedes() -> None:
    director = Director(practice())
    run(director, 0.0, 20.0)
    director.ground(20.0)
    room = [director.state(20.0 + k).room for k in range(0, 17, 2)]
    bed = [director.state(20.0 + k).bed_db for k in range(0, 17, 2)]
    assert room[0] == 0.0 and room[-1] == 1.0 and all(b >= a for a, b in zip(room, room[1:]))
    assert bed[0] == 0.0 and bed[-1] == GROUND_BED_DB and all(b <= a for a, b in zip(bed, bed[1:]))


def test_room_tone_is_soft_low_and_steady() -> None:
    x = room_tone(20.0)
    st = short_term(x)
    st = st[np.isfinite(st)][10:]
    assert np.ptp(st) < 1.0                                  # steady: under a decibel of short-term movement
    mono = x.mean(axis=1)
    f = np.fft.rfftfreq(len(mono), 1 / RATE)
    power = np.abs(np.fft.rfft(mono)) ** 2
    assert power[f < 500].sum() / power.sum() > 0.9          # low: a rumble of air, no hiss, no pitch
    assert (f * power).sum() / power.sum() < 300
    peak_bin = power[(f > 20)].max() / power[(f > 20) & (f < 500)].mean()
    assert peak_bin < 60                                     # no tone stands out of the noise
    loop = room_loop(10.0)
    seam = np.abs(loop[0] - loop[-1]).max()
    assert seam < 3 * np.abs(np.diff(loop, axis=0)).max()    # loops without a click


def test_exports_lay_the_room_tone_over_the_settled_mix() -> None:
    from engine.audio.export import _mix
    from engine.app.practice_audio import practice_sound
    place = load_place("meadow")
    sound = practice_sound(place, practice(), seconds=100.0)
    assert ROOM_KEY in sound.automation
    pts = sound.automation[ROOM_KEY]
    assert pts[0][1] == 0.0 and pts[-1][1] == 1.0
    with_room, _ = _mix(place, None, 100.0, None, automation=sound.automation)
    without = {k: v for k, v in sound.automation.items() if k != ROOM_KEY}
    plain, _ = _mix(place, None, 100.0, None, automation=without)
    assert np.array_equal(with_room[: 59 * RATE], plain[: 59 * RATE])   # nothing before the way out

    def db(x):
        return 10 * np.log10(np.mean(np.square(x, dtype=np.float64)))
    tail = slice(82 * RATE, 98 * RATE)    # settled (the return began at 60 s)
    assert db(with_room[tail]) > db(plain[tail]) + 6      # the room tone is what is heard now
    before = slice(40 * RATE, 58 * RATE)
    assert db(with_room[tail]) < db(with_room[before]) - 8   # and it is quiet
    st = short_term(with_room[tail])
    assert np.ptp(st[np.isfinite(st)][10:]) < 3.0


def test_room_points_are_empty_without_a_way_out() -> None:
    class S:
        def __init__(self, t):
            self.t, self.room = t, 0.0
    assert room_points([S(t) for t in range(10)]) == []
    bed = np.zeros((RATE, 2), np.float32)
    assert add_room_tone(bed, load_place("meadow"), {}) is bed


def test_the_live_room_tone_follows_the_director_and_the_clock(app) -> None:
    from ursina import application
    from engine.live.space import audio_manager
    manager = audio_manager(application.base)
    assert manager is not None, "OpenAL should be real with ALSOFT_DRIVERS=null"
    room = LiveRoomTone(manager)
    room.follow(0.0)
    assert room.sound is None and room._thread is None      # nothing is made until asked for
    room.prepare()                                          # the app asks as its sound starts
    room.wait_ready()
    assert room.folder is None            # read from (or made into) the cache: no temporary folder
    room.follow(0.0)
    from panda3d.core import AudioSound
    assert room.sound is not None and room.sound.status() != AudioSound.PLAYING   # ready, silent
    room.follow(0.5)
    assert room.sound.status() == AudioSound.PLAYING and room.sound.getLoop()
    assert room.volume == pytest.approx(10 ** (-ROOM_BELOW_DB / 20) * 0.5, rel=1e-3)
    room.follow(0.5, paused=True)
    assert room.sound.status() != AudioSound.PLAYING
    room.follow(1.0)
    assert room.sound.status() == AudioSound.PLAYING
    room.follow(1.0, gain=0.25)   # the person's volume turns the quiet room down too
    assert room.volume == pytest.approx(10 ** (-ROOM_BELOW_DB / 20) * 0.25, rel=1e-3)
    room.destroy()


def test_the_room_tone_loop_is_made_once_and_kept(tmp_path, monkeypatch) -> None:
    """Made on first use and cached (the same seeded sound), read back after
    without synthesis; a data folder that cannot be written still gets it."""
    import engine.audio.room_tone as rt
    monkeypatch.setenv("HAVEN_DATA_DIR", str(tmp_path / "data"))
    made = []
    real = rt.room_loop
    monkeypatch.setattr(rt, "room_loop", lambda: made.append(1) or real())
    first = rt.cached_loop(lambda: tmp_path)
    assert first == rt.loop_cache_path() and len(made) == 1
    assert first.stat().st_size == 44 + int(rt.LOOP_SECONDS * RATE) * 4
    assert first.stat().st_mode & 0o777 == 0o600
    assert rt.cached_loop(lambda: tmp_path) == first and len(made) == 1        # the second session reads it
    first.write_bytes(first.read_bytes()[:1000])                      # a torn cache file is made again
    assert rt.cached_loop(lambda: tmp_path) == first and len(made) == 2
    assert first.stat().st_size == 44 + int(rt.LOOP_SECONDS * RATE) * 4
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("HAVEN_DATA_DIR", str(blocked))
    (tmp_path / "session").mkdir()
    fallback = rt.cached_loop(lambda: tmp_path / "session")
    assert fallback == tmp_path / "session" / "room-tone.wav" and fallback.stat().st_size > 1_000_000
