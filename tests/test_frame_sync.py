"""Offscreen, every app.step() waits until llvmpipe has drawn the frame, once
a frame (engine/ui/stage.py): nothing queues up, and no draw call waits alone."""
from __future__ import annotations

import os

from panda3d.core import ConfigVariableBool

from engine.config.loader import load_place


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_offscreen_frames_do_not_queue_up(app, build):
    """Unsynced, llvmpipe keeps every submitted frame's scene: memory grows
    by the frame (about 0.5 MB a frame at 1280x720; 77 MB in 400 frames at
    320x180 here)."""
    world = build(load_place("meadow"))
    for _ in range(20):
        app.step()
    before = _rss_mb()
    for i in range(250):
        world.update(i / 30, (0.0, 1.2, 0.0))
        app.step()
    assert _rss_mb() - before < 20.0


def test_the_wait_is_once_a_frame_not_once_a_draw(app):
    assert not ConfigVariableBool("gl-finish").getValue()
    assert app.taskMgr.hasTaskNamed("haven-gl-finish")



_FAULTS_A_FRAME = """
import resource, sys
from engine.app.session import Choice, assemble
from engine.ui.stage import fixed_step, open_app
from engine.world import build_world
from engine.world.camera import apply_pose, seated_pose
from ursina import camera, scene
place = assemble(Choice("walled-garden"), strict=True, voice=False).place
app = open_app((320, 180), offscreen=True)
fixed_step(30)
world = build_world(place, scene)
pos, yaw, pitch = seated_pose(place.camera, 0.0, drift=False, ground=world.ground)
camera.fov = place.camera.fov
apply_pose(camera, pos, yaw, pitch)
for i in range(40):
    world.update(i / 30, pos)
    app.step()
    if i == 9:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 30)
"""


def test_frames_reuse_memory_instead_of_faulting_in_fresh_pages():
    """llvmpipe allocates and frees its vertex buffers each draw. With
    glibc's default trimming the heap shrank and grew again each frame (the
    walled garden: 17 brk calls and 300-440 fresh pages a frame, zeroed by the
    kernel on the main thread). engine/ui/stage.py keeps freed memory for
    reuse. A process of its own: glibc's thresholds move with what a process
    has freed before."""
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", _FAULTS_A_FRAME], capture_output=True, text=True,
                         timeout=120, check=True, env={**os.environ, "ALSOFT_DRIVERS": "null"})
    per_frame = float(out.stdout.strip().splitlines()[-1])
    assert per_frame < 20, f"{per_frame:.0f} fresh pages a frame"
