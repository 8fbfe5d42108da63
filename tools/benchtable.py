"""`make bench`: every built-in place benchmarked in a fresh process each,
then each again with soothing breathing playing over it (what a person
sees: captions, the key help, the glow at the edge), plus the naive
one-Entity-per-plant build of one place for comparison, the speed of sound
synthesis per place and the throughput of `render`.

Writes bench/results.json and prints tables. Each frame-rate run is a
separate `python main.py bench`, so start-up time and peak memory are per
place; each render is a separate `python main.py render`, timed from the
process start to its exit (start-up, frames, mix.wav and, with --video, the
mp4 all included).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from engine import APP_DIR
from engine.config.catalog import builtin_places

COLUMNS = ("place", "naive", "flora_instances", "fps_median", "frame_ms_p50", "frame_ms_p99",
           "floor_ms_p50", "x_floor", "breath_light_ms", "breath_light_pct", "startup_s", "peak_rss_mb", "nodes")


PRACTICE_COLUMNS = ("place", "practice", "from_s", "fps_median", "frame_ms_p50", "frame_ms_p99", "floor_ms_p50",
                    "x_floor", "halo_mean", "caption_share")
"""What a person gets: the place with a practice over it (captions, key help, the edge glow)."""


def bench_one(place: str, seconds: float, size: str, naive: bool = False, practice: str = "") -> dict:
    cmd = [sys.executable, str(APP_DIR / "main.py"), "bench", "--place", place,
           "--seconds", str(seconds), "--size", size] + (["--naive"] if naive else []) \
        + (["--practice", practice] if practice else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=APP_DIR)
    return json.loads(out.stdout.strip().splitlines()[-1])


def synthesis_speed(place: str, seconds: float, rounds: int = 2) -> dict:
    """How many times faster than real time the place's soundscape is
    synthesised and mixed (before mastering), best of ``rounds``."""
    from engine.audio.soundscape import render_soundscape
    from engine.config.loader import load_place
    spec = load_place(place)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        render_soundscape(spec.sounds, seconds, spec.seed, mastered=False, edge_fades=None)
        best = min(best, time.perf_counter() - t0)
    return {"place": place, "audio_s": seconds, "synth_s": round(best, 2),
            "x_real_time": round(seconds / best, 1)}


def render_throughput(place: str, practice: str, seconds: float, fps: float, size: str,
                      video: bool) -> dict:
    """Frames per second of a whole `python main.py render` run."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, str(APP_DIR / "main.py"), "render", "--place", place,
               "--practice", practice, "--seconds", str(seconds), "--fps", str(fps),
               "--size", size, "--out", tmp] + (["--video"] if video else [])
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=APP_DIR)
        wall = time.perf_counter() - t0
    frames = int(round(seconds * fps))
    return {"place": place, "practice": practice, "size": size, "video": video, "frames": frames,
            "wall_s": round(wall, 2), "frames_per_s": round(frames / wall, 2)}


def table(rows: list[dict], columns: tuple[str, ...] = COLUMNS) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.benchtable")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--size", default="1280x720")
    p.add_argument("--naive-place", default="",
                   help="also build this place with one Entity per plant, for comparison (slow: minutes)")
    p.add_argument("--practice", default="soothing-breathing",
                   help="also measure every place with this practice playing over it ('' for none)")
    p.add_argument("--audio-seconds", type=float, default=600.0)
    p.add_argument("--render-seconds", type=float, default=20.0)
    p.add_argument("--out", type=Path, default=APP_DIR / "bench" / "results.json")
    args = p.parse_args(argv)
    places = builtin_places()
    rows = []
    for name in places:
        rows.append(bench_one(name, args.seconds, args.size))
        print(f"{name}: {rows[-1]['fps_median']} fps, p99 {rows[-1]['frame_ms_p99']} ms, "
              f"{rows[-1]['x_floor']}x the floor", file=sys.stderr, flush=True)
    practised = []
    for name in places if args.practice else ():
        practised.append(bench_one(name, args.seconds, args.size, practice=args.practice))
        print(f"{name} with {args.practice}: {practised[-1]['fps_median']} fps, p99 {practised[-1]['frame_ms_p99']} ms, "
              f"{practised[-1]['x_floor']}x the floor", file=sys.stderr, flush=True)
    if args.naive_place:
        rows.append(bench_one(args.naive_place, min(args.seconds, 5.0), args.size, naive=True))
    synth = [synthesis_speed(name, args.audio_seconds) for name in places]
    renders = [render_throughput("meadow", "safe-place-short", args.render_seconds, fps, size, video)
               for fps, size, video in ((30, args.size, False), (30, args.size, True), (10, "480x270", False))]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"frames": rows, "practice_frames": practised, "synthesis": synth,
                                    "render": renders}, indent=2) + "\n")
    print(table(rows))
    print()
    if practised:
        print(table(practised, PRACTICE_COLUMNS))
        print()
    print(table(synth, ("place", "audio_s", "synth_s", "x_real_time")))
    print()
    print(table(renders, ("place", "practice", "size", "video", "frames", "wall_s", "frames_per_s")))
    if not args.naive_place:
        return 0
    fast = next(r for r in rows if r["place"] == args.naive_place and not r["naive"])
    print(f"\nbaked flora vs one Entity per plant ({args.naive_place}): "
          f"{rows[-1]['frame_ms_p50']} ms -> {fast['frame_ms_p50']} ms per frame, "
          f"{rows[-1]['frame_ms_p50'] / fast['frame_ms_p50']:.1f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
