"""The docs strip: one rendered frame per segment of a practice, labelled.

    python -m tools.docs_strip [--place beach] [--practice safe-place]
                                [--out docs/practice/safe-place-strip.jpg]

Renders the whole practice once (fixed-step, small frames, a frame every
`--every` seconds, so the presence and every glide move as they do in a
session), then takes from each segment the frame in the middle of the
caption nearest its 60 % mark (or, where a segment's effect needs a moment,
a set time into it: the walk-about invitation, the calm way out), and lays
them out in a grid, each tile labelled with the segment's id and the time.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

TILE = (320, 180)
COLUMNS = 4
LABEL_H = 26
GAP = 6
AT = {"explore": 9.0, "return": 22.0}   # seconds into the segment, where the middle would miss its point


def pick_times(timeline) -> list[tuple[str, float]]:
    """(segment id, time) of the frame to show for each segment."""
    out = []
    for slot in timeline.slots:
        if slot.id in AT:
            out.append((slot.id, slot.start + min(AT[slot.id], slot.length - 1.0)))
            continue
        target = slot.start + 0.6 * slot.length
        caps = [c for c in timeline.captions if c.segment == slot.id]
        if caps:
            best = min(caps, key=lambda c: abs((c.start + c.end) / 2 - target))
            target = (best.start + best.end) / 2
        out.append((slot.id, target))
    return out


def compose(tiles: list[tuple[str, Path]], out: Path, title: str) -> Path:
    """A grid of labelled tiles, written as a JPEG."""
    from PIL import Image, ImageDraw, ImageFont
    font_path = Path(__import__("ursina").__file__).parent / "fonts" / "OpenSans-Regular.ttf"
    font = ImageFont.truetype(str(font_path), 15)
    big = ImageFont.truetype(str(font_path), 18)
    rows = -(-len(tiles) // COLUMNS)
    w = COLUMNS * TILE[0] + (COLUMNS + 1) * GAP
    h = 34 + rows * (TILE[1] + LABEL_H + GAP) + GAP
    sheet = Image.new("RGB", (w, h), (24, 26, 30))
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP + 2, 7), title, fill=(236, 232, 224), font=big)
    for i, (label, path) in enumerate(tiles):
        r, c = divmod(i, COLUMNS)
        x = GAP + c * (TILE[0] + GAP)
        y = 34 + r * (TILE[1] + LABEL_H + GAP)
        draw.text((x + 2, y + 3), label, fill=(236, 232, 224), font=font)
        sheet.paste(Image.open(path).convert("RGB").resize(TILE, Image.LANCZOS), (x, y + LABEL_H))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, quality=86)
    return out


def make_strip(place: str = "beach", practice: str = "safe-place", out: Path | None = None,
               every: float = 1.0, size: tuple[int, int] = (480, 270), keep: Path | None = None) -> Path:
    """Render `practice` in `place` and write the strip; returns its path.
    `keep`: a folder to keep the chosen frames in (else they are removed)."""
    from engine.config import load_place, load_practice
    from engine.app.render import RenderJob, render
    from engine.core.timeline import build_timeline
    out = Path(out or Path("docs/practice") / f"{practice}-strip.jpg")
    p = load_practice(practice)
    timeline = build_timeline(p, load_place(place))
    picks = pick_times(timeline)
    work = Path(tempfile.mkdtemp(prefix="haven-strip-"))
    try:
        fps = 1.0 / every
        render(RenderJob(place=place, seconds=timeline.length, fps=fps, size=size, out=work, practice=practice))
        tiles = []
        for seg, t in picks:
            n = int(round(t * fps))
            frame = work / "frames" / f"{n:06d}.png"
            minutes, seconds = divmod(n / fps, 60)
            tiles.append((f"{seg}   {int(minutes)}:{int(seconds):02d}", frame))
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(frame, keep / f"{seg}.png")
        return compose(tiles, out, f"{p.title} in {load_place(place).title}: one frame from each segment")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.docs_strip", description=__doc__.splitlines()[0])
    ap.add_argument("--place", default="beach")
    ap.add_argument("--practice", default="safe-place")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--every", type=float, default=1.0, help="seconds between rendered frames")
    ap.add_argument("--keep", type=Path, default=None, help="keep the chosen frames in this folder")
    args = ap.parse_args(argv)
    path = make_strip(args.place, args.practice, args.out, args.every, keep=args.keep)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
