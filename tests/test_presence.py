"""The presence: it comes no nearer than the person set, calmly, facing them."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from engine.events import read_events
from engine.presence import MAX_APPROACH, MAX_RETREAT, TURN_RATE, PresenceModel, Wish
from tests.conftest import haven

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
    r = haven("render", "--place", str(DATA / "near_place.yaml"), "--practice", str(DATA / "presence_walk.yaml"),
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
