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
