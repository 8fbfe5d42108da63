"""The sight moment: during safe-place's sight segment the place's colours
are visibly, gently richer - measured on rendered frames."""
from __future__ import annotations

import numpy as np
import pytest

from engine.config import load_place, load_practice
from engine.config.settings import Settings
from engine.core.director import SAT_LIFT, Director


def saturation(rgb: np.ndarray) -> float:
    """Mean HSV saturation of a frame (0..1)."""
    x = rgb.astype(np.float32) / 255.0
    hi, lo = x.max(axis=2), x.min(axis=2)
    return float(np.where(hi > 1e-6, (hi - lo) / np.maximum(hi, 1e-6), 0.0).mean())


def brightness(rgb: np.ndarray) -> float:
    return float(rgb.astype(np.float32).mean() / 255.0)


@pytest.fixture(scope="module")
def sight_frames(app):
    """Beach frames at moments before, during and after the lift (pacing and
    captions off, still camera: only the cue's effect differs)."""
    from ursina import camera, scene
    from engine.ui.practice_view import PracticeView
    from engine.world import build_world
    from engine.world.camera import apply_pose, seated_pose
    from engine.ui.stage import fixed_step, screenshot_rgb
    fixed_step(30)
    place, practice = load_place("beach"), load_practice("safe-place")
    director = Director(practice, place, Settings(pacing=False, captions=False))
    world = build_world(place, scene)
    view = PracticeView(world, director, camera, "#f0a860")
    camera.fov = place.camera.fov
    sight = next(s for s in director.timeline.slots if s.id == "sight")
    lift_at = next(c.t for c in director.timeline.cues if c.do == "colours.lift")
    moments = {"before": lift_at - 0.5, "during": (lift_at + sight.end) / 2, "after": sight.end + 3.0}
    frames, states, active = {}, {}, {}
    try:
        for name, t in moments.items():
            director.advance(t)
            pos, yaw, pitch = seated_pose(place.camera, 0.0, drift=False, ground=world.ground)
            apply_pose(camera, pos, yaw, pitch)
            for _ in range(2):
                states[name] = view.show(t, pos)
                app.step()
            frames[name] = screenshot_rgb()
            active[name] = view.lift.active
    finally:
        view.destroy()
        world.destroy()
    return frames, states, active


def test_the_sight_segment_raises_the_colours_saturation(sight_frames) -> None:
    frames, states, active = sight_frames
    before, during, after = (saturation(frames[k]) for k in ("before", "during", "after"))
    assert states["before"].saturation == 1.0 and not active["before"]
    amount = load_practice("safe-place").segments[2].cues[0].args["amount"]
    assert states["during"].saturation == pytest.approx(1 + SAT_LIFT * amount) and active["during"]
    assert during > before * 1.08            # visibly richer: the mean saturation up by 8 % or more ...
    assert during < before * 1.35            # ... but gently: never garish
    assert after == pytest.approx(before, rel=0.01) and not active["after"]   # and back as the segment ends
    # the colours, not the brightness: the frame's mean brightness moves only a little
    assert abs(brightness(frames["during"]) / brightness(frames["before"]) - 1) < 0.06
