"""camera.explore invites (never forces) a walk; camera.still glides the
camera gently back to the seat - slow, eased, declinable, logged."""
from __future__ import annotations

import json

import numpy as np
import pytest

from engine.config.practice import Practice
from engine.config.settings import Settings
from engine.core.director import INVITE_SECONDS, Director
from engine.world.seat_glide import MIN_SECONDS, PEAK_SPEED, PEAK_TURN, SeatGlide
from tests.helpers.pilot import run as pilot_run

SEAT = (0.0, 0.0, 10.0, -4.0)   # x, z, yaw, pitch


def motion(glide: SeatGlide, fps: float = 60.0):
    ts = np.arange(glide.t0, glide.t0 + glide.seconds + 1.0, 1 / fps)
    poses = np.array([glide.pose(t, SEAT) for t in ts])
    speed = np.hypot(np.diff(poses[:, 0]), np.diff(poses[:, 1])) * fps
    turn = np.abs((np.diff(poses[:, 2]) + 180) % 360 - 180) * fps
    return ts, poses, speed, turn


@pytest.mark.parametrize("x, z, yaw", [(3.0, 4.0, 10.0), (20.0, -15.0, 190.0), (0.2, 0.0, 350.0)])
def test_the_glide_back_is_slow_eased_and_ends_on_the_seat(x, z, yaw) -> None:
    glide = SeatGlide.start(5.0, x, z, yaw, 12.0, SEAT)
    ts, poses, speed, turn = motion(glide)
    assert glide.seconds >= MIN_SECONDS
    assert np.allclose(poses[0], (x, z, yaw, 12.0))
    assert np.allclose(poses[-1][:2], SEAT[:2]) and abs((poses[-1][2] - SEAT[2] + 180) % 360 - 180) < 1e-9
    assert speed.max() <= PEAK_SPEED * 1.001 and turn.max() <= PEAK_TURN * 1.001
    assert speed[0] < 0.01 and speed[int(glide.seconds * 60) - 1] < 0.01      # starts and stops at rest
    accel = np.abs(np.diff(speed)) * 60
    assert accel.max() < 0.5                                                  # m/s^2: no jolt anywhere
    # the short way round (from 350 deg to 10 deg it turns 20 deg, not 340)
    assert turn.sum() / 60 == pytest.approx(abs((SEAT[2] - yaw + 180) % 360 - 180), abs=1e-6)


def practice(explore_at: float = 1.0, still_at: float = 4.0) -> Practice:
    return Practice.model_validate({"name": "walk", "title": "Walk", "segments": [
        {"id": "explore", "text": ["Walk if you like."], "duration": 60,
         "cues": [{"at": explore_at, "do": "camera.explore"}, {"at": still_at, "do": "camera.still"}]}]})


def test_explore_is_an_invitation_that_fades_and_still_ends_it() -> None:
    director = Director(practice(1.0, 40.0))
    for i in range(0, 451):
        director.advance(i / 10)
    assert director.state(0.5).invite == 0.0 and director.state(3.5).invite == 1.0
    assert director.state(1.0 + INVITE_SECONDS + 3.5).invite == 0.0     # it does not nag
    assert director.still_at == pytest.approx(40.0) and not director.state(41.0).explore_invited
    cues = [e["do"] for e in director.log.events if e["kind"] == "cue"]
    assert cues == ["camera.explore", "camera.still"]


@pytest.mark.parametrize("reduced", [False, True])
def test_the_invitation_shows_in_the_view_unless_motion_is_reduced(app, reduced) -> None:
    from ursina import camera, scene
    from engine.config import load_place
    from engine.ui.practice_view import EXPLORE_WORDS, PracticeView
    from engine.world import build_world
    place = load_place("meadow")
    director = Director(practice(), place, Settings(reduced_motion=reduced))
    world = build_world(place, scene)
    view = PracticeView(world, director, camera, "#f0a860")
    try:
        for i in range(31):
            director.advance(i / 10)
        view.show(3.0, (0.0, 1.2, 0.0))
        small = view.captions.small
        shown = small.text == EXPLORE_WORDS and small.color[3] > 0.5
        assert shown is (not reduced)
        view.exploring = True                                  # already walking: no invitation
        view.show(3.0, (0.0, 1.2, 0.0))
        assert small.color[3] == 0.0
    finally:
        view.destroy()
        world.destroy()


FPS = 15   # the app's fixed step here: timings are checked to within one frame of it


def run_app(tmp_path, keys: str, frames: int, reduced: bool = False) -> tuple[dict, list[dict]]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "walk.yaml"
    path.write_text("name: walk\ntitle: Walk\nsegments:\n  - id: explore\n    duration: 60\n"
                    "    text: [Walk if you like.]\n    cues:\n      - {at: 1, do: camera.explore}\n"
                    "      - {at: 4, do: camera.still}\n")
    data = tmp_path / "data"
    state = pilot_run("--place", "meadow", "--practice", str(path), "--frames", str(frames), "--keys", keys,
                      *(["--reduced-motion"] if reduced else []), data=data, fps=FPS)
    files = sorted((data / "sessions").glob("*-events.jsonl"))
    assert len(files) == 1
    return state, [json.loads(x) for x in files[0].read_text().splitlines()]


def test_camera_still_glides_the_walker_back_to_the_seat(tmp_path) -> None:
    # Tab at 1.5 s, walk forward for 1.5 s (about 2 m), camera.still at 4 s
    state, events = run_app(tmp_path, "23:tab,25:+w,48:-w", FPS * 12)
    assert not state["explore"]
    assert state["log"].index("explore") < state["log"].index("camera.return") < state["log"].index("seated")
    back = next(e for e in events if e["kind"] == "camera.return")
    seated = next(e for e in events if e["kind"] == "camera.seated")
    assert back["t"] == pytest.approx(4.0, abs=1 / FPS + 1e-6)
    assert 1.5 < back["distance"] < 2.5 and back["seconds"] >= MIN_SECONDS
    assert seated["t"] == pytest.approx(back["t"] + back["seconds"], abs=1 / FPS + 1e-6)
    assert [e["do"] for e in events if e["kind"] == "cue"] == ["camera.explore", "camera.still"]


def test_tab_during_the_glide_keeps_the_person_walking(tmp_path) -> None:
    state, events = run_app(tmp_path, "23:tab,25:+w,48:-w,75:tab", FPS * 12)
    assert state["explore"] and "seated" not in state["log"]
    kinds = [e["kind"] for e in events]
    assert kinds.index("camera.return") < kinds.index("camera.stay") and "camera.seated" not in kinds


def test_seated_people_are_never_moved(tmp_path) -> None:
    state, events = run_app(tmp_path, "", FPS * 6)
    assert not state["explore"] and "camera.return" not in [e["kind"] for e in events]
    state, events = run_app(tmp_path / "rm", "23:tab", FPS * 6, reduced=True)
    assert "explore refused: reduced motion" in state["log"]
    assert "camera.return" not in [e["kind"] for e in events]
