"""Offscreen, every app.step() waits until llvmpipe has drawn the frame, once
a frame (engine/ui/stage.py): nothing queues up, and no draw call waits alone."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from panda3d.core import ConfigVariableBool


def test_the_wait_is_once_a_frame_not_once_a_draw(app):
    assert not ConfigVariableBool("gl-finish").getValue()
    assert app.taskMgr.hasTaskNamed("haven-gl-finish")


_FRAME_MEMORY = """
import json, resource
from engine.app.session import Choice, assemble
from engine.ui.stage import fixed_step, open_app
from engine.world import build_world
from engine.world.camera import apply_pose, seated_pose
from ursina import camera, scene
def rss_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2 ** 20
place = assemble(Choice("walled-garden"), strict=True, voice=False).place
app = open_app((320, 180), offscreen=True)
fixed_step(30)
world = build_world(place, scene)
camera.fov = place.camera.fov
pos, yaw, pitch = seated_pose(place.camera, 0.0, drift=False, ground=world.ground)
apply_pose(camera, pos, yaw, pitch)
for i in range(70):
    world.update(i / 30, pos)
    app.step()
    if i == 4:
        rss = rss_mb()
    if i == 9:
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    if i == 39:
        fresh = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / 30
print(json.dumps({"fresh_pages": fresh, "rss_growth_mb": rss_mb() - rss}))
"""


@pytest.fixture(scope="module")
def frame_memory() -> dict:
    """70 frames of the walled garden in a process of its own: a test
    worker's heap carries what earlier tests left, and glibc's thresholds
    move with what a process has freed before."""
    out = subprocess.run([sys.executable, "-c", _FRAME_MEMORY], capture_output=True, text=True,
                         timeout=120, check=True, env={**os.environ, "ALSOFT_DRIVERS": "null"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_offscreen_frames_do_not_queue_up(frame_memory) -> None:
    """Unsynced, llvmpipe keeps submitted frames' scenes: memory grew 1.7 MB
    a frame for the first 40 frames (72 MB at 320x180) before it levelled."""
    assert frame_memory["rss_growth_mb"] < 20.0


def test_frames_reuse_memory_instead_of_faulting_in_fresh_pages(frame_memory) -> None:
    """llvmpipe allocates and frees its vertex buffers each draw. With
    glibc's default trimming the heap shrank and grew again each frame (the
    walled garden: 17 brk calls and 300-440 fresh pages a frame, zeroed by
    the kernel on the main thread). engine/ui/stage.py keeps freed memory
    for reuse."""
    assert frame_memory["fresh_pages"] < 20, f"{frame_memory['fresh_pages']:.0f} fresh pages a frame"
