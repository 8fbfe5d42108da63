"""Can a person follow the breathing light? Measured on rendered frames.

Each place renders a stretch of a paced practice offscreen (fixed steps, the
same clock and views as the app); the frame is cut into a 16 x 9 grid of
tiles and each tile's mean relative luminance (WCAG's) becomes a series.
The series is compared with the breath as the practice's own log has it:
the `breath.stage` events give a reference that rises (eased) from 0 at an
inhale's start to 1 at its end, holds, and falls back over the exhale.

For each tile:
- `corr`: the correlation of its series with that reference;
- `swing`: its luminance at the end of an in-breath against the end of the
  next out-breath, (in - out) / in: the share of its light that comes and
  goes with the breath (the smallest over the breaths seen);
- `lag`: for the tile that swings most, the shift (in frames) that best
  lines its series up with the log: 0 means the light turns where the log
  says the breath turns.

A tile *follows the breath* when corr >= 0.8 and swing >= 0.30. The same
frames also go through Haven's WCAG 2.3.1 flash check (tools/quality/flash.py).

    python -m tools.quality.breath_follow [--places a,b,...|all] [--size 320x180]
        [--fps 8] [--start 60] [--seconds 12] [--practice soothing-breathing]
        [--style place] [--frames-out DIR] [--json]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from tools.quality.luminance import relative_luminance

COLS, ROWS = 16, 9
FOLLOW_CORR = 0.8
FOLLOW_SWING = 0.30


@dataclass
class Follow:
    place: str
    frames: int
    fps: float
    breaths: int                  # in-breath ends seen with the out-breath end after them
    following: int                # tiles with corr >= 0.8 and swing >= 0.30
    best_swing: float
    best_tile: str                # "rRcC" of the 9 x 16 grid
    lag_frames: int               # of the best tile against the log
    whole_swing: float            # the whole frame's mean, (in - out) / in
    flash_passed: bool
    max_tile_step: float          # largest frame-to-frame change of a 12 x 12 flash tile


def tile_series(frames: list[np.ndarray]) -> np.ndarray:
    """(n, ROWS, COLS) mean relative luminance of each tile."""
    out = []
    for f in frames:
        lum = relative_luminance(f)
        h, w = lum.shape
        ys = np.linspace(0, h, ROWS + 1).astype(int)
        xs = np.linspace(0, w, COLS + 1).astype(int)
        out.append(np.add.reduceat(np.add.reduceat(lum, ys[:-1], 0), xs[:-1], 1)
                   / np.outer(np.diff(ys), np.diff(xs)))
    return np.asarray(out)


def turns(events: list[dict]) -> tuple[list[float], list[float]]:
    """(ends of in-breaths, ends of out-breaths) from the logged stages: an
    in-breath ends where the stage after an inhale begins (a hold or the
    exhale), an out-breath where the stage after an exhale begins."""
    stages = [(e["t"], e["stage"]) for e in events if e.get("kind") == "breath.stage"]
    ins = [nxt for (_, s), (nxt, _) in zip(stages, stages[1:]) if s == "inhale"]
    outs = [nxt for (_, s), (nxt, _) in zip(stages, stages[1:]) if s == "exhale"]
    return ins, outs


def reference(times: np.ndarray, events: list[dict]) -> np.ndarray:
    """The breath as the log has it: 0 -> 1 over each inhale (eased), 1 through
    a hold, 1 -> 0 over each exhale, 0 through a rest."""
    stages = [(e["t"], e["stage"]) for e in events if e.get("kind") == "breath.stage"]
    ref = np.full(len(times), np.nan)
    for (t0, stage), nxt in zip(stages, stages[1:] + [(math.inf, None)]):
        inside = (times >= t0) & (times < nxt[0])
        if not inside.any():
            continue
        span = nxt[0] - t0 if math.isfinite(nxt[0]) else None
        u = (times[inside] - t0) / span if span else np.zeros(inside.sum())
        ease = (1 - np.cos(np.pi * np.clip(u, 0, 1))) / 2
        ref[inside] = {"inhale": ease, "hold": 1.0, "exhale": 1 - ease, "rest": 0.0}[stage]
    return ref


def measure(place: str, frames: list[np.ndarray], times: np.ndarray, events: list[dict], fps: float) -> Follow:
    from tools.quality.flash import check_frames
    series = tile_series(frames)
    n = len(frames)
    ref = reference(times, events)
    known = ~np.isnan(ref)
    flat = series.reshape(n, -1)
    corr = np.array([_corr(flat[known, i], ref[known]) for i in range(flat.shape[1])])
    ins, outs = turns(events)
    pairs = [(a, min(b for b in outs if b > a)) for a in ins if any(b > a for b in outs)]
    pairs = [(a, b) for a, b in pairs if times[0] <= a and b <= times[-1] + 0.5 / fps]

    def at(t: float) -> int:
        return int(np.argmin(np.abs(times - t)))

    if pairs:
        swings = np.array([(flat[at(a)] - flat[at(b)]) / np.maximum(flat[at(a)], 1e-6) for a, b in pairs]).min(0)
        whole = min((series[at(a)].mean() - series[at(b)].mean()) / series[at(a)].mean() for a, b in pairs)
    else:
        swings, whole = np.zeros(flat.shape[1]), 0.0
    following = int(np.sum((corr >= FOLLOW_CORR) & (swings >= FOLLOW_SWING)))
    best = int(np.argmax(np.where(corr >= FOLLOW_CORR, swings, -1)))
    flash = check_frames(frames, fps)
    return Follow(place, n, fps, len(pairs), following, round(float(swings[best]), 3),
                  f"r{best // COLS}c{best % COLS}", _lag(flat[:, best], ref), round(float(whole), 4),
                  bool(flash.passed), round(float(flash.max_tile_step), 4))


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    if a.std() < 1e-9 or b.std() < 1e-9:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def _lag(series: np.ndarray, ref: np.ndarray, most: int = 6) -> int:
    """The shift (frames; + means the light comes late) that lines the series
    up best with the reference."""
    known = ~np.isnan(ref)
    scores = {}
    for k in range(-most, most + 1):
        a = series[max(k, 0): len(series) + min(k, 0)]
        b = ref[max(-k, 0): len(ref) + min(-k, 0)]
        ok = known[max(-k, 0): len(ref) + min(-k, 0)]
        scores[k] = _corr(a[ok], b[ok])
    return max(scores, key=scores.get)


# -- rendering ---------------------------------------------------------------
def render_practice(app, place: str, practice: str, start: float, seconds: float, fps: float, settings,
                    frames_out: Path | None = None) -> tuple[list[np.ndarray], np.ndarray, list[dict]]:
    """Frames of one place's practice, offscreen, from `start` for `seconds`."""
    from ursina import camera, scene
    from engine.app.session import Choice, assemble
    from engine.ui.practice_view import PracticeView
    from engine.ui.stage import screenshot_rgb
    from engine.world import build_world
    from engine.world.camera import apply_pose, seated_pose
    session = assemble(Choice(place, practice, "captions"), settings, strict=True)
    world = build_world(session.place, scene)
    camera.fov = session.place.camera.fov
    director = session.director
    director.seek(start)
    view = PracticeView(world, director, camera, settings.colour)
    times = start + np.arange(int(round(seconds * fps))) / fps
    frames = []
    for i, t in enumerate(times):
        director.advance(float(t))
        pos, yaw, pitch = seated_pose(session.place.camera, float(t), drift=True, ground=world.ground)
        apply_pose(camera, pos, yaw, pitch)
        view.show(float(t), pos)
        app.step()
        frames.append(screenshot_rgb(str(frames_out / f"{Path(place).stem}-{i:04d}.png") if frames_out else None))
    events = list(director.log.events)
    view.destroy()
    world.destroy()
    return frames, times, events


def run(places: list[str], practice: str, start: float, seconds: float, fps: float, size: tuple[int, int],
        style: str = "place", frames_out: Path | None = None, pairs: list | None = None) -> list[Follow]:
    from engine.config.settings import Settings
    from engine.ui.stage import fixed_step, open_app
    app = open_app(size, offscreen=True)
    fixed_step(fps)
    if frames_out:
        frames_out.mkdir(parents=True, exist_ok=True)
    out = []
    for spec in places:
        place, _, own_style = spec.partition("@")   # 'meadow@bloom': this place with that guide
        settings = Settings(pacer_style=own_style or style)
        frames, times, events = render_practice(app, place, practice, start, seconds, fps, settings, frames_out)
        out.append(measure(spec, frames, times, events, fps))
        if pairs is not None:
            ins, outs = turns(events)
            a = next((t for t in ins if t >= times[0]), None)
            b = next((t for t in outs if a is not None and t > a and t <= times[-1]), None)
            if a is not None and b is not None:
                pairs.append((place, frames[int(np.argmin(np.abs(times - b)))], frames[int(np.argmin(np.abs(times - a)))]))
    return out


def side_by_side(pairs: list, path: Path) -> None:
    """Rows of (end of an out-breath | end of an in-breath), named."""
    from PIL import Image, ImageDraw
    h, w = pairs[0][1].shape[:2]
    sheet = Image.new("RGB", (2 * w + 6, len(pairs) * (h + 4)), (24, 24, 28))
    for i, (place, low, high) in enumerate(pairs):
        for j, f in enumerate((low, high)):
            sheet.paste(Image.fromarray(f), (j * (w + 6), i * (h + 4)))
        ImageDraw.Draw(sheet).text((6, i * (h + 4) + 4), f"{Path(place).stem}: out-breath end | in-breath end", fill=(255, 255, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path, quality=88)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.quality.breath_follow", description=__doc__.split("\n\n")[0])
    ap.add_argument("--places", default="all", help="comma-separated place names or files, or 'all' (the built-in eight); "
                    "name@style shows that place with another guide")
    ap.add_argument("--practice", default="soothing-breathing")
    ap.add_argument("--start", type=float, default=60.0, help="practice seconds to begin at (the breath is paced)")
    ap.add_argument("--seconds", type=float, default=12.0)
    ap.add_argument("--fps", type=float, default=8.0)
    ap.add_argument("--size", default="320x180")
    ap.add_argument("--style", default="place", help="the guide's style: place, bloom, tide or none")
    ap.add_argument("--frames-out", type=Path, default=None, help="also keep the frames here")
    ap.add_argument("--json", action="store_true", help="one JSON object a place, a line each")
    ap.add_argument("--pairs", type=Path, default=None,
                    help="write a picture: each place at the end of an out-breath and of an in-breath")
    args = ap.parse_args(argv)
    from engine import SCENES_DIR
    places = sorted(f.stem for f in SCENES_DIR.glob("*.yaml")) if args.places == "all" else args.places.split(",")
    w, h = (int(v) for v in args.size.lower().split("x"))
    pairs = [] if args.pairs else None
    results = run(places, args.practice, args.start, args.seconds, args.fps, (w, h), args.style, args.frames_out, pairs)
    if args.pairs:
        side_by_side(pairs, args.pairs)
    for r in results:
        if args.json:
            print(json.dumps(asdict(r)))
        else:
            print(f"{r.place:16s} following {r.following:3d} tiles  best swing {r.best_swing:.0%} at {r.best_tile}"
                  f"  lag {r.lag_frames:+d} frames  whole frame {r.whole_swing:+.1%}"
                  f"  flash {'passed' if r.flash_passed else 'FAILED'} (largest tile step {r.max_tile_step:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
