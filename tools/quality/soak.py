"""The hour-long soak: ``python -m tools.quality.soak [--minutes 60]``.

The real app (window offscreen, low resolution, the place, the practice with
its director, captions, presence, breathing light, the session record and,
unless ``--no-sound``, the live soundscape into OpenAL) runs at a fixed step
for an hour of session time: the safe-place practice, with the person
staying on in the place (the extend key) until the hour is full. Every
session minute it samples the process's resident memory, the scene graph's
node count, Ursina's entity count and the clock's drift from frames / fps.

Bars (issue 8): memory growth under 20 MB after warm-up (the first five
minutes: the sound's loops and the first captions are made then), no growth
in nodes or entities, drift zero. Writes JSON (and a plot with --plot) and
exits 1 when a bar is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

WARM_UP_MINUTES = 5
MEMORY_BAR_MB = 20.0


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def sample(minute: int, clock, frames: int, fps: float, frame0: float = 0.0) -> dict:
    """One minute's figures; drift is measured against frames / fps exactly,
    for the session clock and for Panda3D's frame clock (from its value when
    the practice began: the window's opening took real time before that)."""
    from ursina import application, scene
    from panda3d.core import ClockObject
    base = application.base
    nodes = base.render.countNumDescendants() + base.aspect2d.countNumDescendants()
    expected = frames / fps
    return {"minute": minute, "rss_mb": round(rss_mb(), 1), "nodes": nodes, "entities": len(scene.entities),
            "session_drift_s": clock.now() - expected,
            "frame_clock_drift_s": ClockObject.getGlobalClock().getFrameTime() - frame0 - expected}


def soak(minutes: float, fps: float, size: str, place: str, practice: str, sound: bool) -> dict:
    from engine.app.cli import parser
    from engine.app.window import open_session
    argv = ["run", "--offscreen", "--frames", "1", "--size", size, "--place", place, "--practice", practice]
    args = parser().parse_args(argv + (["--sound"] if sound else []))
    app, controller, clock = open_session(args, fps=fps)
    director = controller.director
    total = int(round(minutes * 60 * fps))
    per_minute = int(round(60 * fps))
    from panda3d.core import ClockObject
    frame0 = ClockObject.getGlobalClock().getFrameTime()
    samples, extended, began = [sample(0, clock, 0, fps, frame0)], False, time.perf_counter()
    kinds: set[str] = set()
    for i in range(1, total + 1):
        clock.tick()
        app.step()
        t = clock.now()
        if not extended and director.timeline.segment_at(t).id == "explore":
            director.extend(t, minutes * 60 + 5 - director.timeline.length)   # stays on in the place
            extended = True
        if i % per_minute == 0:
            samples.append(sample(i // per_minute, clock, i, fps, frame0))
            print(f"soak: minute {i // per_minute:3d}  RSS {samples[-1]['rss_mb']:.1f} MB  "
                  f"nodes {samples[-1]['nodes']}  entities {samples[-1]['entities']}", file=sys.stderr, flush=True)
    kinds = {e["kind"] for e in director.log.events}
    wall = time.perf_counter() - began
    controller.end_session()
    app.destroy()
    return verdict(samples, {"minutes": minutes, "fps": fps, "size": size, "place": place, "practice": practice,
                             "sound": sound, "frames": total, "wall_s": round(wall, 1), "extended": extended,
                             "event_kinds": sorted(kinds)})


def verdict(samples: list[dict], run: dict) -> dict:
    """The bars, judged on the samples after warm-up."""
    warm = min(WARM_UP_MINUTES, samples[-1]["minute"])   # a short trial run judges its last minute
    after = [s for s in samples if s["minute"] >= warm]
    growth = max(s["rss_mb"] for s in after) - after[0]["rss_mb"]
    node_growth = max(s["nodes"] for s in after) - after[0]["nodes"]
    entity_growth = max(s["entities"] for s in after) - after[0]["entities"]
    drift = max(max(abs(s["session_drift_s"]), abs(s["frame_clock_drift_s"])) for s in samples)
    ok = growth < MEMORY_BAR_MB and node_growth <= 0 and entity_growth <= 0 and drift < 1e-6
    return {**run, "memory_growth_mb": round(growth, 1), "node_growth": node_growth,
            "entity_growth": entity_growth, "max_drift_s": drift, "peak_rss_mb": max(s["rss_mb"] for s in samples),
            "passed": ok, "samples": samples}


def plot(result: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    s = result["samples"]
    fig, (a, b) = plt.subplots(2, 1, figsize=(9, 5.5), sharex=True)
    a.plot([x["minute"] for x in s], [x["rss_mb"] for x in s], color="#2f6f8f")
    a.axvspan(0, WARM_UP_MINUTES, color="#dddddd", label="warm-up")
    a.set_ylabel("resident memory, MB")
    a.set_title(f"{result['place']}, {result['practice']} for {result['minutes']:.0f} session minutes "
                f"({result['fps']:g} fps fixed step, sound {'on' if result['sound'] else 'off'}): "
                f"+{result['memory_growth_mb']} MB after warm-up", fontsize=9)
    a.legend(loc="lower right", fontsize=8)
    b.plot([x["minute"] for x in s], [x["nodes"] for x in s], label="scene nodes", color="#8f5f2f")
    b.plot([x["minute"] for x in s], [x["entities"] for x in s], label="entities", color="#5f8f2f")
    b.set_ylabel("count")
    b.set_xlabel("session minute")
    b.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.quality.soak", description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=60.0)
    p.add_argument("--fps", type=float, default=10.0)
    p.add_argument("--size", default="320x180")
    p.add_argument("--place", default="beach")
    p.add_argument("--practice", default="safe-place")
    p.add_argument("--no-sound", action="store_true")
    p.add_argument("--out", type=Path, default=Path("bench/soak.json"))
    p.add_argument("--plot", type=Path, default=None)
    a = p.parse_args(argv)
    os.environ.setdefault("ALSOFT_DRIVERS", "null")
    if "HAVEN_DATA_DIR" not in os.environ:   # never writes into the person's own records
        os.environ["HAVEN_DATA_DIR"] = tempfile.mkdtemp(prefix="haven-soak-")
    result = soak(a.minutes, a.fps, a.size, a.place, a.practice, not a.no_sound)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1))
    if a.plot:
        a.plot.parent.mkdir(parents=True, exist_ok=True)
        plot(result, a.plot)
    print(f"soak: {result['minutes']:.0f} min in {result['wall_s']:.0f} s wall; memory +{result['memory_growth_mb']} MB "
          f"after warm-up (bar < {MEMORY_BAR_MB:.0f}), nodes +{result['node_growth']}, entities "
          f"+{result['entity_growth']}, drift {result['max_drift_s']:.3g} s: {'pass' if result['passed'] else 'FAIL'}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
