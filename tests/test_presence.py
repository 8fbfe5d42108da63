"""The presence: it comes no nearer than the person set, calmly, facing them."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from engine.core.events import read_events
from engine.core.presence import MAX_APPROACH, MAX_RETREAT, TURN_RATE, PresenceModel, Wish
from tests.helpers.process import haven

DATA = Path(__file__).parent / "data"
DT = 1 / 30


def wish(**over) -> Wish:
    base = dict(seen=1.0, near=0.0, welcome=0.0, breath=0.5, set_distance=4.0, start_distance=25.0, warmth=0.6)
    base.update(over)
    return Wish(**base)


def walk(model: PresenceModel, seconds: float, **over):
    out = []
    for i in range(int(seconds / DT)):
        s = model.step(i * DT, DT, wish(**over))
        out.append((s.distance, s.speed, s.yaw_to_person, list(s.events)))
    return out


def test_it_approaches_calmly_and_stops_at_the_set_distance() -> None:
    frames = walk(PresenceModel(25.0, 4.0), 60, near=1.0)
    d = np.array([f[0] for f in frames])
    assert d.min() == pytest.approx(4.0, abs=1e-9) and d[-1] == pytest.approx(4.0)
    steps = -np.diff(d) / DT
    assert steps.max() <= MAX_APPROACH + 1e-9           # never faster than a calm walk
    accel = np.diff(steps) / DT
    assert accel.max() <= 0.25 + 1e-6 and accel.min() >= -0.5 - 1e-6   # sets off gently, slows softly
    kinds = [e["kind"] for f in frames for e in f[3]]
    assert kinds == ["presence.appear", "presence.approach", "presence.arrive"]


def test_it_turns_to_face_the_person_after_noticing() -> None:
    frames = walk(PresenceModel(25.0, 4.0), 10)
    yaw = np.array([abs(f[2]) for f in frames])
    assert yaw[0] > 170 and yaw[-1] == 0.0
    assert np.abs(np.diff(yaw)).max() <= TURN_RATE * DT + 1e-9


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(1.5, 20), st.booleans(), st.integers(1, 120)),
                min_size=1, max_size=8))
def test_no_titration_ever_brings_it_nearer_than_the_set_distance_or_jumps(plan) -> None:
    """Random sequences of cue levels, distances and 'away' for random spans."""
    model = PresenceModel(25.0, plan[0][1])
    t, prev = 0.0, model.state.distance
    for near, set_distance, away, frames in plan:
        for _ in range(frames):
            s = model.step(t, DT, wish(near=near, set_distance=set_distance, away=away))
            t += DT
            moved = prev - s.distance                        # > 0: toward the person
            assert moved <= MAX_APPROACH * DT + 1e-9
            assert -moved <= MAX_RETREAT * DT + 1e-9          # continuous: no jumps either way
            if moved > 1e-12:
                assert s.distance >= set_distance - 1e-9      # it only ever comes as near as allowed
            prev = s.distance


def test_sending_it_back_takes_it_to_the_far_distance() -> None:
    model = PresenceModel(25.0, 4.0)
    walk(model, 60, near=1.0)
    frames = walk(model, 30, near=1.0, away=True)
    assert frames[-1][0] == pytest.approx(25.0)
    assert any(e["kind"] == "presence.retreat" for f in frames for e in f[3])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("presence")
    r = haven("render", "--silent", "--place", str(DATA / "near_place.yaml"), "--practice", str(DATA / "presence_walk.yaml"),
              "--seconds", "65", "--fps", "5", "--size", "160x90", "--out", str(out), timeout=600)
    assert r.returncode == 0, r.stderr
    return out


def test_rendered_it_never_comes_nearer_than_set_nor_faster_than_a_walk(rendered) -> None:
    rows = list(csv.DictReader(open(rendered / "presence.csv")))
    t = np.array([float(r["t"]) for r in rows])
    d = np.array([float(r["distance"]) for r in rows])     # measured from its node each frame
    assert len(rows) > 250
    assert d.min() >= 2.0 - 1e-3                             # the place's set distance
    toward = -np.diff(d) / np.diff(t)
    assert toward.max() <= MAX_APPROACH + 0.02
    turned = np.array([abs(float(r["turned_away_deg"])) for r in rows])
    assert np.all(turned[t > 10] < 1e-6)                     # facing the person once it noticed them


def test_rendered_events_carry_time_and_distances(rendered) -> None:
    events = [e for e in read_events(rendered / "events.jsonl")
              if e["kind"].startswith("presence.") and e["kind"] != "presence.titrate"]
    assert [e["kind"] for e in events] == ["presence.appear", "presence.approach", "presence.arrive",
                                           "presence.welcome", "presence.retreat"]
    assert all(e["set_distance"] == 2.0 and e["distance"] >= 2.0 for e in events)
    arrive = next(e for e in events if e["kind"] == "presence.arrive")
    assert arrive["distance"] < 2.3


# -- titration glides (the person's keys): no frame jumps, and it gets there --------------

from engine.core.presence import (AWAY_VISIBLE, ASIDE_BEARING, BESIDE_BEARING, STILL_S, Glide,  # noqa: E402
                             with_qualities, wrap)


def run(model: PresenceModel, plans, dt: float = DT):
    """plans: [(seconds, wish overrides)...] -> per frame states (copied)."""
    out, t = [], 0.0
    for seconds, over in plans:
        for _ in range(int(round(seconds / dt))):
            s = model.step(t, dt, wish(**over))
            out.append(dict(t=t, d=s.distance, glow=s.glow, welcome=s.welcome, vis=s.visible, size=s.size,
                            colour=s.colour, bearing=s.bearing, yaw=s.yaw_to_person, aside=s.aside,
                            events=[e["kind"] for e in s.events]))
            t += dt
    return out


def series(frames, key):
    return np.array([f[key] for f in frames], float)


def test_glide_sets_off_gently_never_overshoots_and_settles_in_a_few_seconds() -> None:
    g = Glide(0.0, 0.8)
    vals = [g.step(1.0, DT) for _ in range(int(8 / DT))]
    steps = np.diff([0.0] + vals)
    assert steps[0] < 0.002 and steps.max() <= 1 / (np.e * 0.8) * DT + 1e-9   # the bound D / (e tau)
    assert max(vals) <= 1.0 and vals[int(4 / DT)] > 0.9 and vals[-1] > 0.999


def test_warmth_glides_the_glow_and_the_welcome_over_a_few_seconds() -> None:
    model = PresenceModel(25.0, 4.0, warmth=0.2)
    frames = run(model, [(10, dict(near=1.0, welcome=1.0, warmth=0.2)), (10, dict(near=1.0, welcome=1.0, warmth=0.9))])
    glow, welcome = series(frames, "glow"), series(frames, "welcome")
    at = int(10 / DT)
    assert np.abs(np.diff(glow[at - 5:])).max() < 0.01          # at most 0.01 a frame (30 fps)
    assert np.abs(np.diff(welcome[at - 5:])).max() < 0.025
    final = model.state.glow
    assert abs(glow[at + int(1 / DT)] - final) > 0.1             # a second later it is still on its way
    assert abs(glow[at + int(5 / DT)] - final) < 0.01 * final     # five seconds later it is there


def test_send_back_starts_away_at_once_never_toward_and_fades_smoothly() -> None:
    model = PresenceModel(25.0, 4.0)
    before = run(model, [(60, dict(near=1.0))])
    assert before[-1]["d"] == pytest.approx(4.0)
    frames = run(model, [(0.6, dict(near=1.0, away=True))])
    # mid-approach too: it stops coming nearer the very frame it is asked
    model2 = PresenceModel(25.0, 4.0)
    run(model2, [(20, dict(near=1.0))])
    d0 = model2.state.distance
    frames2 = run(model2, [(20, dict(near=1.0, away=True))])
    d2 = series(frames2, "d")
    assert d2[0] >= d0 - 1e-12 and np.all(np.diff(d2) >= -1e-12)       # never toward the person
    assert d2[int(0.5 / DT)] > d0 + 0.05                                   # moving away within half a second
    d = series(frames, "d")
    assert d[int(0.5 / DT)] > 4.05
    frames += run(model, [(30, dict(near=1.0, away=True))])
    vis = series(frames, "vis")
    assert np.abs(np.diff(np.r_[1.0, vis])).max() < 0.015                 # no 1.0 -> 0.35 in a frame
    assert vis[-1] == pytest.approx(AWAY_VISIBLE, abs=1e-3) and series(frames, "d")[-1] == pytest.approx(25.0)
    kinds = [k for f in frames for k in f["events"]]
    assert kinds.count("presence.retreat") == 1


def test_out_of_view_fades_then_rests_beside_and_behind_then_comes_back_the_same_way() -> None:
    model = PresenceModel(25.0, 4.0, bearing=15.0)
    frames = run(model, [(40, dict(near=1.0)), (10, dict(near=1.0, in_view=False)), (10, dict(near=1.0))])
    vis, bearing = series(frames, "vis"), series(frames, "bearing")
    assert np.abs(np.diff(vis)).max() < 0.03                     # fades, never pops
    moved = np.flatnonzero(np.abs(np.diff(bearing)) > 1e-9) + 1
    assert len(moved) == 2                                       # it changes sides twice ...
    assert all(vis[i] < 0.01 and vis[i - 1] < 0.02 for i in moved)   # ... each time unseen
    out = frames[int(49 / DT)]
    assert out["aside"] and out["bearing"] == ASIDE_BEARING and out["vis"] > 0.99   # resting there, fully
    assert frames[-1]["bearing"] == 15.0 and frames[-1]["vis"] > 0.99
    assert series(frames, "d").min() >= 4.0 - 1e-9


def test_size_and_colour_glide() -> None:
    model = PresenceModel(25.0, 4.0, size=1.0, colour=(1.0, 0.8, 0.6))
    frames = run(model, [(2, dict(size=1.0, colour=(1.0, 0.8, 0.6))),
                         (8, dict(size=1.6, colour=(0.95, 0.65, 0.65)))])
    size = series(frames, "size")
    col = np.array([f["colour"] for f in frames])
    assert np.abs(np.diff(size)).max() < 0.6 / (np.e * 0.8) * DT + 1e-6
    assert np.abs(np.diff(col, axis=0)).max() < 0.01
    assert size[-1] == pytest.approx(1.6, abs=2e-3) and col[-1] == pytest.approx([0.95, 0.65, 0.65], abs=1e-3)


def test_approach_is_one_event_even_when_its_first_steps_pause() -> None:
    """The eased cue starts so slowly that the model catches up and stands
    for a frame or two: still one approach (it was logged twice)."""
    from engine.config import load_place, load_practice
    from engine.config.settings import Settings
    from engine.core.director import Director
    place = load_place("forest-glade")
    director = Director(load_practice("compassionate-other"), place, Settings(presence_comes="always"))
    p = place.presence
    model = PresenceModel(p.start_distance, p.distance)
    kinds, fps = [], 10
    for i in range(int(300 * fps)):
        t = i / fps
        director.advance(t)
        st = director.state(t)
        pr = st.presence
        s = model.step(t, 1 / fps, Wish(seen=pr["seen"], near=pr["near"], welcome=pr["welcome"], breath=0.0,
                                        set_distance=p.distance, start_distance=p.start_distance, warmth=p.warmth))
        kinds += [e["kind"] for e in s.events]
    assert kinds == ["presence.appear", "presence.approach", "presence.arrive", "presence.welcome"]


def test_a_new_move_after_standing_is_a_new_approach() -> None:
    model = PresenceModel(25.0, 10.0)
    frames = run(model, [(60, dict(near=1.0, set_distance=10.0)), (STILL_S + 1, dict(near=1.0, set_distance=10.0)),
                         (30, dict(near=1.0, set_distance=6.0))])
    kinds = [k for f in frames for k in f["events"]]
    assert kinds.count("presence.approach") == 2 and kinds.count("presence.arrive") == 2


def test_gaze_beside_settles_alongside_looking_out_with_the_person() -> None:
    model = PresenceModel(25.0, 4.0, bearing=15.0)
    frames = run(model, [(60, dict(near=1.0, gaze="beside"))])
    end = frames[-1]
    assert end["bearing"] == pytest.approx(BESIDE_BEARING)
    assert end["yaw"] == pytest.approx(wrap(-(BESIDE_BEARING + 180.0)))   # facing the way the person faces
    # drifting alongside is tied to how far it has come: slower sideways than its calm approach
    b, d = np.radians(series(frames, "bearing")), series(frames, "d")
    sideways = np.abs(np.diff(b)) * d[1:] / DT
    assert sideways.max() < MAX_APPROACH
    assert np.abs(np.diff(series(frames, "yaw"))).max() <= TURN_RATE * DT + 1e-9


def test_gaze_warm_glows_a_little_more_on_the_welcome() -> None:
    gentle = run(PresenceModel(25.0, 4.0), [(40, dict(near=1.0, welcome=1.0))])[-1]["glow"]
    warm = run(PresenceModel(25.0, 4.0), [(40, dict(near=1.0, welcome=1.0, gaze="warm"))])[-1]["glow"]
    quiet = run(PresenceModel(25.0, 4.0), [(40, dict(near=1.0, welcome=0.0, gaze="warm"))])[-1]["glow"]
    assert 1.05 < warm / gentle < 1.2 and quiet < gentle


def test_qualities_nudge_size_and_colour_a_little() -> None:
    size, col = with_qualities(1.0, (0.9, 0.8, 0.8), ["strength"])
    assert size == pytest.approx(1.1) and col == pytest.approx((0.9, 0.8, 0.8))
    size, col = with_qualities(1.0, (0.9, 0.8, 0.8), ["warmth", "wisdom"])
    assert size == 1.0 and col[0] > 0.9 and col[2] < 0.8 - 0.03
    assert max(abs(a - b) for a, b in zip(col, (0.9, 0.8, 0.8))) < 0.1     # small


def test_titration_is_kept_per_place_and_old_global_settings_still_read() -> None:
    from engine.config.settings import Settings
    old = Settings.model_validate({"presence_distance": 9, "presence_warmth": 0.3, "presence_away": True})
    assert old.presence_for("meadow").distance == 9 and old.presence_for("beach").warmth == 0.3   # migration
    s = old.with_presence("meadow", warmth=0.8, colour="#ffc89a", in_view=False)
    meadow, beach = s.presence_for("meadow"), s.presence_for("beach")
    assert (meadow.distance, meadow.warmth, meadow.away, meadow.in_view) == (9, 0.8, True, False)
    assert beach.warmth == 0.3 and beach.in_view is None              # another place: untouched
    again = Settings.model_validate(s.model_dump())                    # saved and read back
    assert again.presence_for("meadow") == meadow
    with pytest.raises(Exception):
        s.with_presence("meadow", warmth=3.0)                           # validated
