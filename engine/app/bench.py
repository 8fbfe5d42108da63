"""`python main.py bench`: frame-time figures for one place, as one JSON object.

Frame time is the wall time of `app.step()` (cull + draw + swap) with the
world updated from a fixed-step clock, so every run draws the same frames.
"""
from __future__ import annotations

import os
import resource
import time

import numpy as np


def process_age_s() -> float:
    """Seconds since this process started (from /proc, so imports count too)."""
    try:
        with open("/proc/self/stat") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench(place_ref: str, seconds: float, size: tuple[int, int], naive: bool = False,
          warmup: int = 30) -> dict:
    from engine.app.session import Choice, assemble
    place = assemble(Choice(place_ref), strict=True, voice=False).place   # a bad place: its lines, exit 2
    from ursina import camera, scene
    from engine.ui.stage import fixed_step, open_app
    from engine.world import build_world
    from engine.world.camera import apply_pose, seated_pose

    app = open_app(size, offscreen=True)
    fps_clock = 60.0
    fixed_step(fps_clock)
    world = build_world(place, scene, naive=naive)
    camera.fov = place.camera.fov
    pos, yaw, pitch = seated_pose(place.camera, 0.0, drift=True, ground=world.ground)
    apply_pose(camera, pos, yaw, pitch)
    world.update(0.0, pos)
    app.step()
    startup = process_age_s()
    times, floor = [], []
    wanted = max(30, int(seconds * fps_clock))
    quad = floor_quad()
    back_from_floor = False
    i = -1
    while len(times) < wanted:
        i += 1
        t = i / fps_clock
        pos, yaw, pitch = seated_pose(place.camera, t, drift=True, ground=world.ground)
        apply_pose(camera, pos, yaw, pitch)
        world.update(t, pos)
        a = time.perf_counter()
        app.step()
        if i < warmup:
            continue
        if back_from_floor:   # the world shown again after the floor: a switch no session makes
            back_from_floor = False
            continue
        times.append((time.perf_counter() - a) * 1000.0)
        if len(times) % FLOOR_EVERY == 0:   # the floor between the place's frames, so that the
            floor += floor_slice(app, world, quad)   # machine's other loads fall on both alike
            back_from_floor = True
    ms = np.array(times)
    light = breath_light_cost(app, world, place)
    if len(floor) < 60:
        floor += floor_slice(app, world, quad, 65, skip=5)
    quad.enabled = False
    floor = float(np.median(floor))
    return {
        "place": place.name,
        "size": f"{size[0]}x{size[1]}",
        "naive": naive,
        "flora_instances": place.flora_count(),
        "frames": len(ms),
        "fps_median": round(1000.0 / float(np.median(ms)), 1),
        "frame_ms_p50": round(float(np.percentile(ms, 50)), 2),
        "frame_ms_p99": round(float(np.percentile(ms, 99)), 2),
        "startup_s": round(startup, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "nodes": world.count_nodes(),
        "floor_ms_p50": round(floor, 2),
        "x_floor": round(float(np.percentile(ms, 50)) / floor, 2),
        **light,
    }


def _timed(app, frames: int, skip: int = 3) -> list[float]:
    out = []
    for i in range(frames):
        a = time.perf_counter()
        app.step()
        if i >= skip:
            out.append((time.perf_counter() - a) * 1000.0)
    return out


def breath_light_cost(app, world, place, blocks: int = 6, per: int = 30) -> dict:
    """What the place's breathing light costs a frame: blocks of frames with
    it at the top of a breath (its largest) and hidden, interleaved so the
    machine's drift falls on both alike."""
    light = world.breath_light
    if light is None:
        return {}
    on, off = [], []
    for _ in range(blocks):
        light.root.show()
        light.show(1.0, 1.0, 1.0, 0.0)
        on += _timed(app, per)
        light.root.hide()
        off += _timed(app, per)
    light.root.show()
    a, b = float(np.median(on)), float(np.median(off))
    return {"breath_light_ms": round(a - b, 2), "breath_light_pct": round(100 * (a - b) / b, 1)}


FLOOR_EVERY = 10   # place frames between two slices of the floor
"""Often: this machine's other tenants come and go within a second, and a
floor taken in 20-frame slices every 100 frames read 4.1-8.2 ms within one
`make bench` (docs/engine-findings.md)."""


def floor_quad():
    """One full-screen quad, hidden until a floor slice shows it."""
    from ursina import Entity, camera, color
    return Entity(parent=camera.ui, model="quad", scale=(camera.aspect_ratio, 1), color=color.rgb(0.4, 0.5, 0.6),
                  enabled=False)


def floor_slice(app, world, quad, frames: int = 3, skip: int = 1, others=()) -> list[float]:
    """The floor, measured in the same run: one full-screen quad and nothing
    else (the world and `others` hidden) at the same size; a few frames'
    times, the first `skip` (the switch) left out. `others` are hidden with
    NodePath's own hide: some of Haven's UI parts have a show() of their own."""
    from panda3d.core import NodePath
    for node in others:
        NodePath.hide(node)
    world.root.hide()
    quad.enabled = True
    ms = _timed(app, frames, skip=skip)
    quad.enabled = False
    world.root.show()
    for node in others:
        NodePath.show(node)
    return ms
