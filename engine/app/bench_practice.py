"""`python main.py bench --practice NAME`: what a person gets - the place
with a practice playing over it (captions, the key help, toasts, the edge
glow while the breath is paced), as one JSON object like `bench`'s.

The visit is opened as the window opens it, in a private data folder (no
record lands in the person's own), without the questions before, and moved
to `at` seconds in; time then runs on a fixed step, so every run draws the
same frames. The floor (one full-screen quad, nothing else) is taken in
slices between the practice's frames, as `bench` does."""
from __future__ import annotations

import os
import tempfile
import time

import numpy as np

from engine.app.bench import FLOOR_EVERY, floor_quad, floor_slice, peak_rss_mb


def bench_practice(run_args, at: float, seconds: float, warmup: int = 30) -> dict:
    """``run_args``: the visit as `run` would take it (offscreen, --frames,
    the place, the practice, the size); the command line makes them."""
    with tempfile.TemporaryDirectory(prefix="haven-bench-") as data:
        old = os.environ.get("HAVEN_DATA_DIR")
        os.environ["HAVEN_DATA_DIR"] = data
        try:
            return _measure(run_args, at, seconds, warmup)
        finally:
            if old is None:
                os.environ.pop("HAVEN_DATA_DIR", None)
            else:
                os.environ["HAVEN_DATA_DIR"] = old


def _measure(args, at: float, seconds: float, warmup: int) -> dict:
    from engine.app.window import open_session
    size = args.size
    opened = open_session(args, ask_before=False)
    if isinstance(opened, int):
        raise SystemExit(opened)
    app, controller, clock = opened
    controller.director.seek(at)
    clock.seek(at)
    quad = floor_quad()
    times, floor, halo, captions = [], [], [], 0
    wanted = max(30, int(seconds * 60))
    i, back_from_floor = -1, False
    while len(times) < wanted:
        i += 1
        clock.tick()
        a = time.perf_counter()
        app.step()
        if i < warmup:
            continue
        if back_from_floor:
            back_from_floor = False
            continue
        times.append((time.perf_counter() - a) * 1000.0)
        state = controller.director.state(clock.now())
        halo.append(state.halo)
        captions += bool(state.caption)
        if len(times) % FLOOR_EVERY == 0:
            floor += _floor_slice(app, controller, quad)
            back_from_floor = True
    ms, fl = np.array(times), float(np.median(floor))
    result = {
        "place": controller.world.place.name, "practice": controller.session.practice.name,
        "size": f"{size[0]}x{size[1]}", "from_s": at, "frames": len(ms),
        "fps_median": round(1000.0 / float(np.median(ms)), 1),
        "frame_ms_p50": round(float(np.percentile(ms, 50)), 2),
        "frame_ms_p99": round(float(np.percentile(ms, 99)), 2),
        "floor_ms_p50": round(fl, 2), "x_floor": round(float(np.median(ms)) / fl, 2),
        "halo_mean": round(float(np.mean(halo)), 2), "caption_share": round(captions / len(ms), 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    controller.close()
    return result


def _floor_slice(app, controller, quad) -> list[float]:
    """The floor between the practice's frames: every part of the UI shown
    now is hidden as well as the world."""
    from panda3d.core import NodePath
    from ursina import camera
    shown = [e for e in camera.ui.children if e is not quad and not NodePath.isHidden(e)]
    return floor_slice(app, controller.world, quad, others=shown)
