"""`make bench`: every built-in place benchmarked in a fresh process each,
plus the naive one-Entity-per-plant build of one place for comparison.

Writes bench/results.json and prints a table. Each run is a separate
`python main.py bench`, so start-up time and peak memory are per place.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from engine import APP_DIR
from engine.catalog import builtin_places

COLUMNS = ("place", "naive", "flora_instances", "fps_median", "frame_ms_p50", "frame_ms_p99",
           "startup_s", "peak_rss_mb", "nodes")


def bench_one(place: str, seconds: float, size: str, naive: bool = False) -> dict:
    cmd = [sys.executable, str(APP_DIR / "main.py"), "bench", "--place", place,
           "--seconds", str(seconds), "--size", size] + (["--naive"] if naive else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=APP_DIR)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m engine.benchtable")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--size", default="1280x720")
    p.add_argument("--naive-place", default="meadow")
    p.add_argument("--out", type=Path, default=APP_DIR / "bench" / "results.json")
    args = p.parse_args(argv)
    rows = [bench_one(name, args.seconds, args.size) for name in builtin_places()]
    rows.append(bench_one(args.naive_place, min(args.seconds, 5.0), args.size, naive=True))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n")
    print(table(rows))
    fast = next(r for r in rows if r["place"] == args.naive_place and not r["naive"])
    print(f"\nbaked flora vs one Entity per plant ({args.naive_place}): "
          f"{rows[-1]['frame_ms_p50']} ms -> {fast['frame_ms_p50']} ms per frame, "
          f"{rows[-1]['frame_ms_p50'] / fast['frame_ms_p50']:.1f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
