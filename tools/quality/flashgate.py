"""The photosensitivity gate (issue 8): ``python -m tools.quality.flashgate
[--fps 20] [--size 480x270] [--out bench/flash] [--report docs/quality/flash.md]
[--no-iris]``.

For each built-in practice, the moments where its light changes are found
from its cues on the timeline (the breathing light coming on and going off,
the presence appearing, approaching, welcoming and retreating, the light
warming or softening, the colours lifting and settling back, the
compassionate colour spreading and fading, the calm way out). A window
around each (2 s before to 12 s after, longer when the cue's glide is
longer; overlapping windows merged) is rendered with ``python main.py render
... --video`` in a fresh process, exactly as a person's machine would draw
it. The PNG frames go through tools/quality/flash.py (WCAG 2.3.1 general
and red flash, tiled area rule) and the video through IRIS
(tools/quality/iris_check.py). No place changes its time of day during a
practice (``time_of_day`` is fixed per place), so there is no such moment.

Writes a markdown report, a JSON file and a plot of mean luminance over each
moment; exits 1 when any frame fails either check.

Frame rate: both checks count flashes per second, so a flicker shows only
if the frames can carry it: at ``--fps F`` nothing faster than F/2 Hz is
seen (10 fps: 5 Hz; 20 fps: 10 Hz). Faster flicker would alias to a slower
one (still counted) unless it locks to the frame rate; Haven's light is
computed from the session clock at each frame, so a frame is an exact
sample, not an average.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BEFORE = 2.0      # s rendered before a cue
AFTER = 12.0      # s at least after it
TAIL = 2.0        # s after a glide has finished
GLIDES = {        # the director's default glide (s) for each light-changing cue (engine/core/director.py)
    "breath.on": 4.0, "breath.off": 5.0, "light.warm": 6.0, "light.soften": 6.0, "colours.lift": 5.0,
    "colour.spread": 12.0, "colour.fade": 8.0, "presence.appear": 6.0, "presence.approach": 25.0,
    "presence.welcome": 5.0, "presence.retreat": 12.0, "ground": 16.0, "ladder.step": 4.0,
}
HELD = {"colours.lift"}   # held to the end of the segment, then glides back: that is a moment too
PLACES = {"compassionate-other": "beach"}   # beach: a presence of light; everything else in the meadow
DEFAULT_PLACE = "meadow"
EXTRA = [("safe-place-short", "mountain")]  # a 'sky' presence: the place's own light warms and breathes
EXTRA_CUES = ("presence.", "light.")         # ... checked at the moments the presence and the light change


@dataclass
class Moment:
    start: float
    end: float
    cues: list[str] = field(default_factory=list)   # "do @ t"

    @property
    def seconds(self) -> float:
        return self.end - self.start


def cue_moments(practice: str, place: str, only: tuple[str, ...] | None = None) -> tuple[list[Moment], float]:
    """The practice's light-changing windows (merged; only cues starting with
    one of `only` when given), and its length."""
    from engine.config import load_place, load_practice
    from engine.core.timeline import build_timeline
    tl = build_timeline(load_practice(practice), load_place(place))
    ends = {s.id: s.end for s in tl.slots}
    raw: list[Moment] = []
    for cue in tl.cues:
        if cue.do not in GLIDES or (only and not cue.do.startswith(only)):
            continue
        glide = float(cue.args.get("seconds", GLIDES[cue.do]))
        raw.append(Moment(cue.t - BEFORE, cue.t + max(AFTER, glide + TAIL), [f"{cue.do} @ {cue.t:.0f} s"]))
        release = ends[cue.segment] - glide
        if cue.do in HELD and release > cue.t + glide:
            raw.append(Moment(release - BEFORE, release + max(AFTER, glide + TAIL),
                              [f"{cue.do} release @ {release:.0f} s"]))
    return merge(raw, tl.length), tl.length


def merge(moments: list[Moment], length: float) -> list[Moment]:
    """Clip to [0, length] and join windows that overlap or touch."""
    out: list[Moment] = []
    for m in sorted(moments, key=lambda m: m.start):
        m = Moment(max(0.0, m.start), min(length, m.end), list(m.cues))
        if out and m.start <= out[-1].end:
            out[-1].end = max(out[-1].end, m.end)
            out[-1].cues += m.cues
        else:
            out.append(m)
    return out


def render_moment(practice: str, place: str, m: Moment, fps: float, size: str, out: Path) -> dict:
    """Render one window with the app's own command (frames + video)."""
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, str(ROOT / "main.py"), "render", "--place", place, "--practice", practice,
           "--start", f"{m.start:.3f}", "--seconds", f"{m.seconds:.3f}", "--fps", f"{fps:g}", "--size", size,
           "--out", str(out), "--video"]
    env = {**os.environ, "ALSOFT_DRIVERS": "null", "ALSOFT_LOGLEVEL": "0"}
    began = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"render failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return {**json.loads(p.stdout.strip().splitlines()[-1]), "render_s": round(time.perf_counter() - began, 2)}


def analyse(rendered: dict, fps: float, use_iris: bool, keep_frames: bool) -> dict:
    """Our WCAG check on the PNGs, IRIS on the video."""
    from tools.quality.flash import check_frames
    began = time.perf_counter()
    own = check_frames(Path(rendered["frames_dir"]), fps)
    out = {"own": own.to_dict(series=True), "own_s": round(time.perf_counter() - began, 2)}
    if use_iris:
        from tools.quality.iris_check import iris_check
        began = time.perf_counter()
        out["iris"] = iris_check(rendered["video"]).to_dict(series=True)
        out["iris_s"] = round(time.perf_counter() - began, 2)
    if not keep_frames:
        shutil.rmtree(rendered["frames_dir"], ignore_errors=True)
    return out


def moment_failed(row: dict) -> bool:
    iris = row.get("iris")
    return row["own"]["failing_frames"] > 0 or bool(iris and (iris["luminance_fail_frames"] or iris["red_fail_frames"]))


def plan(practices: list[str], extra: bool = True) -> list[tuple[str, str, tuple[str, ...] | None]]:
    """(practice, place, which cues) to check: each practice in its place
    with all its moments, then the extra pairings at their EXTRA_CUES."""
    pairs = [(p, PLACES.get(p, DEFAULT_PLACE), None) for p in practices]
    return pairs + [(p, pl, EXTRA_CUES) for p, pl in EXTRA if extra and p in practices]


def run_gate(pairs: list[tuple[str, str, tuple[str, ...] | None]], fps: float, size: str, out: Path, use_iris: bool, keep_frames: bool,
             say=print) -> dict:
    """Render and check every moment; analysis of one moment overlaps the next render."""
    began = time.perf_counter()
    rows: list[dict] = []
    pending: list[tuple[dict, Future]] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        for practice, place, only in pairs:
            moments, length = cue_moments(practice, place, only)
            for k, m in enumerate(moments):
                say(f"flashgate: {practice} ({place}) {m.start:.1f}-{m.end:.1f} s: {', '.join(m.cues)}")
                rendered = render_moment(practice, place, m, fps, size, out / f"{practice}.{place}" / f"m{k:02d}")
                row = {"practice": practice, "place": place, "length_s": length, "start": m.start, "end": m.end,
                       "cues": m.cues, "render_s": rendered["render_s"], "video": rendered.get("video")}
                rows.append(row)
                pending.append((row, pool.submit(analyse, rendered, fps, use_iris, keep_frames)))
        for row, fut in pending:
            row.update(fut.result())
            row["failed"] = moment_failed(row)
    wall = time.perf_counter() - began
    return {"fps": fps, "size": size, "iris": use_iris, "wall_s": round(wall, 1),
            "frames": sum(r["own"]["frames"] for r in rows), "failed": any(r["failed"] for r in rows),
            "moments": rows}


# -- the report ---------------------------------------------------------------
def _iris_cell(row: dict) -> tuple[str, str, str]:
    iris = row.get("iris")
    if not iris:
        return "not run", "not run", "-"
    return (f"{iris['luminance_fail_frames']} (max {iris['max_luminance_transitions']} trans./s)",
            f"{iris['red_fail_frames']} (max {iris['max_red_transitions']} trans./s)", iris["verdict"])


def markdown(gate: dict) -> str:
    fps, size = gate["fps"], gate["size"]
    lines = [
        "# Photosensitivity gate (WCAG 2.3.1, IRIS)", "",
        f"`python -m tools.quality.flashgate --fps {fps:g} --size {size}`"
        f"{'' if gate['iris'] else ' --no-iris'}: every built-in practice's light-changing moments, rendered "
        "offscreen with `python main.py render ... --video` (fresh process per moment, Mesa llvmpipe, 2-core "
        "machine) and checked twice: tools/quality/flash.py on the PNG frames (WCAG 2.3.1 general flash: "
        "opposing changes of >= 0.1 relative luminance with the darker state below 0.8; red flash: R/(R+G+B) "
        ">= 0.8 and (R-G-B) x 320 changing by > 20; fail at more than 3 flashes in any second over 25 % of a "
        "10-degree field, approximated as 4 tiles of a 12 x 12 grid inside any 4 x 4 block, or over the "
        "whole-frame mean), and IRIS (`iris-pse-detection` 1.1.2, EA's IRIS ported to Python) on the H.264 "
        "video. Zero failing frames allowed.", "",
        f"At {fps:g} fps the frames carry flicker up to {fps / 2:g} Hz; anything faster could not be seen "
        "by either check (Haven's light is a smooth function of the session clock, sampled exactly at each "
        "frame). No practice changes the time of day (it is fixed per place), so there is no such moment.", "",
        f"**Result: {'FAIL' if gate['failed'] else 'PASS'}** - {len(gate['moments'])} moments, "
        f"{gate['frames']} frames, gate wall time {gate['wall_s'] / 60:.1f} min.", "",
        "Columns: frames checked; worst step = largest frame-to-frame change of the whole-frame mean relative "
        "luminance (and of any tile's mean); flashes = most general flashes in any one second (half the "
        "transitions), anywhere (whole frame or one tile, before the area rule), and where (`rRcC`: row R, "
        "column C of the 12 x 12 grid, from the top left); red = the same for red "
        "flashes; own fail = frames failing our check; IRIS = frames IRIS fails (luminance / red), with its "
        "most transitions in one second (it fails above 6).", "",
        "| practice | place | moment (cues) | window s | frames | worst step (tile) | flashes/s | red/s "
        "| own fail | IRIS lum. fail | IRIS red fail | IRIS verdict | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in gate["moments"]:
        own = r["own"]
        lum, red, verdict = _iris_cell(r)
        lines.append(
            f"| {r['practice']} | {r['place']} | {'; '.join(r['cues'])} | {r['start']:.0f}-{r['end']:.0f} "
            f"| {own['frames']} | {own['max_step']:.4f} ({own['max_tile_step']:.4f}) "
            f"| {own['worst_second_flashes']:g} ({own['worst_tile']}) "
            f"| {own['worst_second_red_flashes']:g} | {own['failing_frames']} "
            f"| {lum} | {red} | {verdict} | {'FAIL' if r['failed'] else 'pass'} |")
    lines += ["", "Per practice:", "",
              "| practice (place) | moments | frames | worst step | most flashes/s | most red/s | own fail | IRIS fail "
              "(lum./red) | verdict |", "|---|---|---|---|---|---|---|---|---|"]
    for name, rows in _by_practice(gate).items():
        iris = [r["iris"] for r in rows if r.get("iris")]
        iris_cell = (f"{sum(i['luminance_fail_frames'] for i in iris)} / {sum(i['red_fail_frames'] for i in iris)}"
                     if iris else "not run")
        lines.append(
            f"| {name} | {len(rows)} | {sum(r['own']['frames'] for r in rows)} "
            f"| {max(r['own']['max_step'] for r in rows):.4f} "
            f"| {max(r['own']['worst_second_flashes'] for r in rows):g} "
            f"| {max(r['own']['worst_second_red_flashes'] for r in rows):g} "
            f"| {sum(r['own']['failing_frames'] for r in rows)} | {iris_cell} "
            f"| {'FAIL' if any(r['failed'] for r in rows) else 'pass'} |")
    lines += ["", "![Mean relative luminance over each moment](flash-luminance.png)", "",
              "Figures from the last full run; `bench/flash.json` holds every number and each moment's "
              "mean-luminance series (ours from the PNGs, IRIS's from the video).", ""]
    return "\n".join(lines)


def _by_practice(gate: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in gate["moments"]:
        out.setdefault(f"{r['practice']} ({r['place']})", []).append(r)
    return out


def plot(gate: dict, path: Path) -> None:
    """Mean luminance over each moment, one row per practice, moments side by side."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    groups = _by_practice(gate)
    fig, axes = plt.subplots(len(groups), 1, figsize=(12, 1.9 * len(groups) + 0.6), squeeze=False)
    gap = 3.0
    for ax, (name, rows) in zip(axes[:, 0], groups.items()):
        x0, ticks, labels = 0.0, [], []
        for r in rows:
            y = r["own"]["mean_luminance"]
            xs = [x0 + i / gate["fps"] for i in range(len(y))]
            ax.plot(xs, y, color="#c0392b" if r["failed"] else "#2c6fbb", lw=1.2)
            if r.get("iris") and r["iris"].get("luminance"):
                iy = r["iris"]["luminance"]
                ax.plot([x0 + i / gate["fps"] for i in range(len(iy))], iy, color="#888", lw=0.8, ls="--")
            label = r["cues"][0].split(" @")[0] + (f" +{len(r['cues']) - 1}" if len(r["cues"]) > 1 else "")
            ax.text(x0 + 0.3, 0.98, label, transform=ax.get_xaxis_transform(), va="top", fontsize=7)
            ticks.append(x0)
            labels.append(f"{r['start']:.0f}s")
            x0 = xs[-1] + gap
            ax.axvline(x0 - gap / 2, color="#ddd", lw=0.8)
        ax.set_xticks(ticks, labels, fontsize=7)
        ax.set_xlim(0, x0 - gap)
        ax.set_ylabel("mean Y", fontsize=8)
        ax.set_title(name, fontsize=9, loc="left")
        ax.tick_params(axis="y", labelsize=7)
    axes[-1, 0].set_xlabel("moments side by side (tick: the window's start in practice time); "
                           "solid: our mean from the PNGs, dashed grey: IRIS's from the video", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    from engine.config import practice_names
    ap = argparse.ArgumentParser(prog="python -m tools.quality.flashgate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--fps", type=float, default=20.0)
    ap.add_argument("--size", default="480x270")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "flash")
    ap.add_argument("--report", type=Path, default=ROOT / "docs" / "quality" / "flash.md")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "flash.json")
    ap.add_argument("--plot", type=Path, default=None, help="default: flash-luminance.png beside the report")
    ap.add_argument("--practice", action="append", help="only this practice (repeatable)")
    ap.add_argument("--no-extra", action="store_true", help="skip the extra pairings (safe-place-short on mountain)")
    ap.add_argument("--no-iris", action="store_true", help="skip IRIS (our own check only)")
    ap.add_argument("--keep-frames", action="store_true", help="keep the PNG frames (about 90 kB each)")
    args = ap.parse_args(argv)
    builtin = sorted(practice_names())
    practices = args.practice or builtin
    unknown = [p for p in practices if p not in builtin]
    if unknown:
        print(f"flashgate: unknown practice {', '.join(unknown)} (allowed: {', '.join(builtin)})", file=sys.stderr)
        return 2
    use_iris = not args.no_iris
    if use_iris:
        from tools.quality.iris_check import available
        if not available():
            print("flashgate: IRIS is not importable: pip install -e '.[check]' (or pass --no-iris)", file=sys.stderr)
            return 2
    gate = run_gate(plan(practices, not args.no_extra), args.fps, args.size, args.out, use_iris, args.keep_frames,
                    say=lambda s: print(s, file=sys.stderr, flush=True))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(gate, indent=1))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(markdown(gate))
    plot(gate, args.plot or args.report.with_name("flash-luminance.png"))
    bad = [r for r in gate["moments"] if r["failed"]]
    for r in bad:
        print(f"flashgate: FAIL {r['practice']} {r['start']:.1f}-{r['end']:.1f} s ({'; '.join(r['cues'])})",
              file=sys.stderr)
    print(json.dumps({"failed": gate["failed"], "moments": len(gate["moments"]), "frames": gate["frames"],
                      "wall_s": gate["wall_s"]}))
    return 1 if gate["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
