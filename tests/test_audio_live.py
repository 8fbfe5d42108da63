"""Live playback through Panda3D's OpenAL manager (a null sink: ALSOFT_DRIVERS=null)."""
from __future__ import annotations

import time

import numpy as np
import pytest

from engine.audio import RATE
from engine.live.player import (MAX_STEP_DB, LivePlayer, cycle_loop, layer_loop, level, make_loop,
                               to_mono)
from engine.audio.loudness import true_peak_dbtp
from engine.audio.synth import render_layer
from engine.config import load_place, place_path

DT = 1 / 60


def seam_jump(buf: np.ndarray) -> float:
    """Largest sample step when the buffer wraps from its end to its start."""
    return float(np.abs(buf[0] - buf[-1]).max())


def typical_step(buf: np.ndarray) -> float:
    return float(np.percentile(np.abs(np.diff(buf, axis=0)).max(axis=1), 99.9))


# --- loop buffers (pure) ----------------------------------------------------------

@pytest.mark.parametrize("name", ["pad", "wind"])
def test_a_live_loop_has_no_click_at_its_seam(name):
    raw = render_layer(name, 10.0 + 3.0, 4)
    n, k = 10 * RATE, 3 * RATE
    loop = make_loop(raw, n, k)
    assert loop.shape == (n, 2)
    assert seam_jump(loop) <= 1.5 * typical_step(loop)
    if name == "pad":  # a plain cut of the smooth pad does click: the check can fail
        assert seam_jump(raw[:n]) > 3 * typical_step(raw[:n])


def test_levelled_loops_keep_the_seam_and_the_peak_ceiling():
    loop = layer_loop("surf", 2, seconds=12.0)
    louder, volume = level(loop, 12.0)  # surf breaks pushed past full scale ...
    assert true_peak_dbtp(louder) <= -1.0  # ... are limited, as the export's master does
    assert seam_jump(louder) <= 1.5 * typical_step(louder)
    assert 0 < volume <= 1.0
    mono = to_mono(louder)
    assert mono.shape == (louder.shape[0], 1)
    power = lambda x: np.mean(np.sum(np.square(x, dtype=np.float64), axis=1))  # noqa: E731
    assert power(mono) == pytest.approx(power(louder), rel=0.01)


@pytest.mark.parametrize("name", ["birds", "chimes"])
def test_live_event_cycles_are_fresh_and_join_in_silence(name):
    a, b = cycle_loop(name, 5, 0, 20.0), cycle_loop(name, 5, 1, 20.0)
    assert a.shape == b.shape == (20 * RATE, 2) and a.dtype == np.float32
    top = max(np.abs(a).max(), np.abs(b).max())
    assert top > 0
    for x in (a, b):  # starts and ends silent: a cycle loops, or hands over, without a seam
        assert np.abs(x[:RATE // 100]).max() < 1e-4 * top and np.abs(x[-RATE // 100:]).max() < 1e-4 * top
    ma, mb = a.mean(axis=1), b.mean(axis=1)
    assert abs(np.dot(ma, mb)) < 0.2 * np.sqrt(np.dot(ma, ma) * np.dot(mb, mb))  # other songs/strikes
    assert np.array_equal(a, cycle_loop(name, 5, 0, 20.0))  # seeded
    # the same birds / tubes each cycle: the spectra's broad shape agrees
    def bands(x):
        spec = np.abs(np.fft.rfft(x.mean(axis=1))) ** 2
        edges = np.searchsorted(np.fft.rfftfreq(len(x), 1 / RATE), [500, 1000, 2000, 4000, 8000])
        e = np.add.reduceat(spec, np.r_[0, edges])
        return e / e.sum()
    assert np.abs(bands(a) - bands(b)).max() < 0.3


def test_continuous_layers_have_no_event_cycles():
    assert cycle_loop("wind", 5, 0, 5.0) is None
    assert cycle_loop("fire", 5, 0, 5.0) is None  # its crackles sit on a bed: looped whole


def test_no_sound_device_means_silence_not_a_crash():
    class NullManager:
        def isValid(self):
            return False

    class Base:
        sfxManagerList = [NullManager()]

    lines: list[str] = []
    player = LivePlayer(load_place("meadow"), base=Base(), log=lines.append).start()
    assert not player.active and len(lines) == 1 and "no sound device" in lines[0]
    player.update(1.0, False)
    player.set_focus(["birds"])
    player.set_master(0.5)
    player.pause()
    player.fade_out()
    assert player.faded
    player.destroy()
    assert not LivePlayer(load_place("meadow"), base=object(), log=lines.append).start().active


# --- the player in the running app -----------------------------------------------

def volumes_db(player) -> dict[str, float]:
    return {v.key: 20 * np.log10(v.sound.getVolume()) for v in player.voices}


def step(app, player, frames: int, record: list | None = None, paused: bool = False,
         dt: float = DT) -> None:
    for _ in range(frames):
        player.update(0.0, paused, dt=dt)
        app.step()
        if record is not None:
            record.append(volumes_db(player))


def max_jump(record: list[dict]) -> float:
    keys = record[0].keys()
    series = np.array([[r[k] for k in keys] for r in record])
    return float(np.abs(np.diff(series, axis=0)).max())


@pytest.fixture(scope="module")
def meadow_player(app):
    from ursina import scene
    from engine.world import build_world
    place = load_place("meadow")
    world = build_world(place, scene)
    began = time.perf_counter()
    player = LivePlayer(place, place_path("meadow"), loop_seconds=12.0).start()
    assert time.perf_counter() - began < 0.25  # synthesis does not hold up the first frame
    assert player.active, "OpenAL should be real with ALSOFT_DRIVERS=null"
    frames = 0
    while player.loading and frames < 3000:  # frames keep coming while layers are made
        step(app, player, 1, dt=0.0)  # ramps held, so the fade-in test sees it all
        time.sleep(0.002)
        frames += 1
    assert not player.loading
    yield player
    player.destroy()
    world.destroy()


def test_layers_play_loop_and_sit_where_the_place_puts_them(app, meadow_player):
    player = meadow_player
    from panda3d.core import AudioSound
    step(app, player, 5)
    assert [v.key for v in player.voices] == ["wind", "leaves", "birds"]
    for v in player.voices:
        assert v.sound.status() == AudioSound.PLAYING
        assert v.sound.length() == pytest.approx(12.0, abs=0.01)
        assert v.sound.getLoop()
    placed = {s["key"]: s for s in player.status()}
    assert not placed["wind"]["positional"]
    assert placed["leaves"]["position"] == pytest.approx((-20, 4, 40))
    assert placed["birds"]["position"] == pytest.approx((15, 5, 35))
    # what reaches Panda's OpenAL layer: Ursina's (x, y up, z forward) as Panda's (x, z, y)
    sent = player.audio3d.last_positions
    birds = next(v for v in player.voices if v.key == "birds")
    assert sent[id(birds.sound)] == pytest.approx((15, 35, 5))


def test_right_stays_right_for_the_listener():
    """Panda turns (x, y, z) into OpenAL's (x, z, -y); OpenAL's right is forward x up.
    A source to the listener's right (Ursina +x, looking +z) must land on the right."""
    from engine.live.space import _axes
    to_panda = _axes()

    def to_al(v):
        x, y, z = to_panda(*v)
        return np.array([x, z, -y])
    forward, up, source = to_al((0, 0, 1)), to_al((0, 1, 0)), to_al((5, 0, 10))
    assert np.dot(source, np.cross(forward, up)) > 0
    assert np.dot(source, forward) > 0


def test_fade_in_is_smooth_and_reaches_full_level(app, meadow_player):
    player, record = meadow_player, []
    step(app, player, int(4.0 / DT), record)
    assert max_jump(record) <= MAX_STEP_DB + 1e-6
    first = min(min(r.values()) for r in record[:1])
    assert first < -30  # it really started near silence
    for v in player.voices:
        assert v.applied_db == pytest.approx(0.0, abs=1e-6)
        assert v.sound.getVolume() == pytest.approx(v.volume, rel=1e-4)


def test_focus_and_master_ramp_smoothly(app, meadow_player):
    player, record = meadow_player, []
    full = {v.key: v.sound.getVolume() for v in player.voices}
    player.set_focus(["birds"])  # the 'notice the sounds' moment
    step(app, player, int(4.0 / DT), record)
    now = volumes_db(player)
    assert now["birds"] - 20 * np.log10(full["birds"]) == pytest.approx(6.0, abs=0.01)
    assert now["wind"] - 20 * np.log10(full["wind"]) == pytest.approx(-8.0, abs=0.01)
    assert player.master_gain == pytest.approx(1.0)
    player.set_master(0.25, ramp=1.0)  # -12 dB over a second: ramped, not stepped
    step(app, player, 1, record)
    assert 0.25 < player.master_gain < 1.0   # what the voice and room tone follow, mid-glide
    step(app, player, int(1.5 / DT), record)
    assert player.master_gain == pytest.approx(0.25, rel=1e-6)
    player.set_focus(None)
    player.set_master(1.0, ramp=0.1)  # asked for fast; still no step over 0.5 dB
    step(app, player, int(4.0 / DT), record)
    assert max_jump(record) <= MAX_STEP_DB + 1e-6
    assert volumes_db(player)["wind"] == pytest.approx(20 * np.log10(full["wind"]), abs=0.01)
    steps = np.abs(np.diff([r["wind"] for r in record]))
    assert steps.max() > 0.1  # it did move


def test_pause_stops_the_sounds_and_resume_continues(app, meadow_player):
    player = meadow_player
    from panda3d.core import AudioSound
    step(app, player, 3)
    step(app, player, 2, paused=True)
    assert player.paused
    assert all(v.sound.status() != AudioSound.PLAYING for v in player.voices)
    held = [v.paused_at for v in player.voices]
    assert all(h is not None for h in held)
    step(app, player, 30, paused=True)  # time passes; the sounds stay put
    step(app, player, 2)
    assert all(v.sound.status() == AudioSound.PLAYING for v in player.voices)
    for v, h in zip(player.voices, held):
        assert h - 0.01 <= v.sound.getTime() <= h + 0.5
    record: list = []
    step(app, player, 60, record)  # back in smoothly after the pause
    assert max_jump(record) <= MAX_STEP_DB + 1e-6


def test_fade_out_on_leaving_is_smooth_then_stops(app, meadow_player):
    player, record = meadow_player, []
    from panda3d.core import AudioSound
    seconds = player.fade_out(2.0)
    for i in range(int(4 * seconds / DT)):
        step(app, player, 1)
        if player.faded:
            break
        record.append(volumes_db(player))
    assert player.faded
    assert i * DT >= seconds * 0.9  # not abrupt: it took the whole fade
    assert max_jump(record) <= MAX_STEP_DB + 1e-6
    assert max(record[-1].values()) - max(record[0].values()) < -40  # down to near silence
    assert all(v.sound.status() != AudioSound.PLAYING for v in player.voices)
    step(app, player, 5)  # nothing comes back after leaving
    assert all(v.sound.status() != AudioSound.PLAYING for v in player.voices)
    step(app, player, 5)  # nothing comes back after leaving
    assert all(v.sound.status() != AudioSound.PLAYING for v in player.voices)


def test_live_birds_sing_anew_each_time_round(app):
    """An event layer's loop is renewed when it comes round: a fresh cycle
    (other songs, other times) takes over at the silent seam, the level is
    carried over, and only the playing and the next cycle exist at a time."""
    from ursina import scene
    from engine.world import build_world
    place = load_place("meadow")
    world = build_world(place, scene)
    player = LivePlayer(place, place_path("meadow"), loop_seconds=3.0).start()
    try:
        assert player.wait_ready(60)
        step(app, player, 2)
        birds = next(v for v in player.voices if v.key == "birds")
        wind = next(v for v in player.voices if v.key == "wind")
        assert birds.renew is not None and wind.renew is None
        # Known by file name: id() of a freed sound can come back for the next one.
        sounds, record, began = {birds.sound.getName()}, [], time.perf_counter()
        while birds.renew.cycle < 3 and time.perf_counter() - began < 30:
            step(app, player, 1, record)
            sounds.add(birds.sound.getName())
            time.sleep(0.01)
            files = [f for f in player.folder.iterdir() if "birds" in f.name]
            assert len(files) <= 2  # the cycle playing and the next one
        assert birds.renew.cycle >= 3 and len(sounds) >= 4
        assert birds.sound.getLoop() and birds.sound.length() == pytest.approx(3.0, abs=0.01)
        from panda3d.core import AudioSound
        assert birds.sound.status() == AudioSound.PLAYING
        assert max_jump(record) <= MAX_STEP_DB + 1e-6  # the level glides on across hand-overs
        assert player.audio3d.getSoundsOnObject(birds.node) == [birds.sound]
        step(app, player, 5, paused=True)  # pause and resume still hold the place in a cycle
        held = birds.paused_at
        step(app, player, 2)
        assert held - 0.01 <= birds.sound.getTime() <= held + 0.5
    finally:
        player.destroy()
        world.destroy()


# --- the breath-locked sea, live -------------------------------------------------

def _sea_run(app, name: str, breath_sea: bool, seconds: float = 30.0):
    """Play a place with the practice's director state each frame (as the app
    does); returns (times, breath level, breath amount, dB per voice, roles,
    what the practice asked of each voice (dB) in the first frame)."""
    from ursina import scene
    from engine.config import load_practice
    from engine.core.director import Director
    from engine.world import build_world
    place = load_place(name).model_copy(update={"breath_sea": breath_sea})
    world = build_world(place, scene)
    player = LivePlayer(place, place_path(name), loop_seconds=6.0).start()
    try:
        assert player.wait_ready(60)
        director = Director(load_practice("safe-place-short"), place)
        times, levels, amounts, record, first = [], [], [], [], None
        for i in range(int(seconds / DT)):
            t = i * DT
            director.advance(t)
            state = director.state(t)
            player.follow(state)
            player.update(t, False, dt=DT)
            first = first if first is not None else [v.cue_db for v in player.voices]
            if i % 4 == 0:
                app.step()
            times.append(t)
            levels.append(state.breath_level)
            amounts.append(state.breath_amount)
            record.append([20 * np.log10(max(v.sound.getVolume(), 1e-9)) for v in player.voices])
        roles = [(v.key, v.role) for v in player.voices]
        return np.array(times), np.array(levels), np.array(amounts), np.array(record), roles, first
    finally:
        player.destroy()
        world.destroy()


def test_live_surf_swells_with_the_breath_when_the_place_asks(app):
    t, lv, amount, db, roles, first = _sea_run(app, "beach", True)
    assert ("surf", "sea") in roles and ("surf", "waves") in roles
    sea, waves = roles.index(("surf", "sea")), roles.index(("surf", "waves"))
    on = t > 8.0   # breath.on at 0 glides in over 4 s; the fade-in is done by 3 s
    swing = db[on, sea]
    r = np.corrcoef(swing, lv[on])[0, 1]
    assert r > 0.97, r                             # it follows the light ...
    assert 4.0 < np.ptp(swing) < 8.0, np.ptp(swing)  # ... by a few dB
    assert np.abs(np.diff(db[on], axis=0)).max() < 0.15  # smooth: far under a step
    assert np.abs(np.diff(db, axis=0)).max() <= MAX_STEP_DB + 1e-6
    assert db[on, waves].max() < db[on, sea].min() - 30  # the sea's own waves gave way
    # before the breath shows (t = 0), the sea's own waves play and the steady sea is silent
    assert first[waves] == pytest.approx(0.0, abs=0.01) and first[sea] < -50


def test_live_lake_lapping_swells_with_the_breath(app):
    t, lv, amount, db, roles, _ = _sea_run(app, "lakeside", True, seconds=24.0)
    lake = roles.index(("lake", None))
    on = t > 8.0
    r = np.corrcoef(db[on, lake], lv[on])[0, 1]
    assert r > 0.97, r
    assert 4.0 < np.ptp(db[on, lake]) < 8.0
    assert np.abs(np.diff(db[on, lake])).max() < 0.15


def test_live_sea_keeps_its_own_rhythm_without_breath_sea(app):
    t, lv, amount, db, roles, _ = _sea_run(app, "beach", False, seconds=16.0)
    assert roles == [("surf", None), ("wind", None), ("pad", None)]
    on = t > 8.0
    assert np.ptp(lv[on]) > 0.9               # the breath was moving ...
    assert np.ptp(db[on, 0]) < 0.01           # ... and the sea did not follow it
