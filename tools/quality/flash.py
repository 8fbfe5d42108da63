"""WCAG 2.3.1 flash check on rendered frames (pure numpy; frames read with Pillow).

Definitions used (WCAG 2.2, "general flash and red flash thresholds" and
Understanding SC 2.3.1):

- General flash: a pair of opposing changes in relative luminance of 10 % or
  more of the maximum relative luminance (1.0), where the relative luminance
  of the darker image is below 0.80. Relative luminance is WCAG's (sRGB
  linearised, 0.2126 R + 0.7152 G + 0.0722 B; `luminance.relative_luminance`).
- Red flash: a pair of opposing transitions involving a saturated red: a
  state with R/(R+G+B) >= 0.8, and a change in (R-G-B) x 320 of more than 20
  (negative values of (R-G-B) x 320 set to zero) for both transitions; R, G
  and B are the linearised channels 0..1.
- Threshold: content fails when there are more than three general flashes,
  or more than three red flashes, in any one-second period, and the flashing
  area is larger than 0.006 sr: 25 % of any 10-degree visual field, which
  WCAG approximates as a 341 x 256 pixel rectangle of a 1024 x 768 screen
  (a third of the width and a third of the height).

How the area rule is approximated: the frame (taken as the whole screen) is
cut into a 12 x 12 grid of tiles; a 10-degree field is then any 4 x 4 block
of tiles and its 25 % is 4 tiles. Each tile's mean luminance (and mean red
value) is a series over the frames; each tile with more than three flashes
in a one-second window counts as flashing in the frame that closes that
window. A frame fails when some 4 x 4 block holds 4 or more flashing tiles
(at 25 % we already fail: a safety gate errs on the safe side), or when the
whole-frame mean itself flashes more than three times a second (a 0.1 swing
of the whole-frame mean needs at least 10 % of the frame to change, more
than the threshold area). A tile only partly covered by a flashing region
counts whole, which overstates the area (safe side).

Transitions are found as in IRIS: a change keeps accumulating while it goes
the same way (over as many frames as it takes), and counts as a transition
once it reaches the threshold; a flash is two transitions, so more than
three flashes in a second is seven or more transitions in one second's
frames. Flicker faster than fps/2 cannot be seen in the frames at all: at
10 fps nothing above 5 Hz, at 20 fps nothing above 10 Hz.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from PIL import Image

from tools.quality.luminance import largest_step, relative_luminance

GENERAL_DELTA = 0.10   # a general-flash transition: luminance change >= 10 % of 1.0
DARK_LIMIT = 0.80      # ... and the darker state below 0.80
RED_DELTA = 20.0       # a red transition: (R-G-B) x 320 changes by more than 20
RED_RATIO = 0.8        # saturated red: R / (R+G+B) >= 0.8
MAX_FLASHES = 3        # more than 3 flashes in any one second fails
GRID = 12              # tiles across and down
FIELD = 4              # a 10-degree field is FIELD x FIELD tiles (a third of the frame each way)
AREA_TILES = 4         # 25 % of a field: this many flashing tiles in one field fails

_LEVELS = np.arange(256, dtype=np.uint8)
LINEAR = relative_luminance(np.stack([_LEVELS] * 3, axis=-1))   # grey v -> linear v (the weights sum to 1)
WEIGHTS = np.array([0.2126, 0.7152, 0.0722])
_LIN32 = LINEAR.astype(np.float32)
_LUM32 = [(LINEAR * w).astype(np.float32) for w in WEIGHTS]


@dataclass
class FlashResult:
    """What the checker found in one sequence of frames."""
    frames: int
    fps: float
    failing: list[bool]               # per frame: general or red flash over the area threshold
    general_failing: list[bool]
    red_failing: list[bool]
    worst_second_flashes: float       # most general flashes in any one second, any tile or the whole frame
    worst_tile: str                   # where: "frame" or "rRcC" (row, column of the 12 x 12 grid)
    worst_second_red_flashes: float
    worst_red_tile: str
    max_step: float                   # largest frame-to-frame change of the whole-frame mean luminance
    max_tile_step: float              # ... of any tile's mean luminance
    mean_luminance: list[float] = field(repr=False)

    @property
    def failing_frames(self) -> int:
        return int(sum(self.failing))

    @property
    def passed(self) -> bool:
        return self.failing_frames == 0

    def to_dict(self, series: bool = False) -> dict:
        d = asdict(self)
        for k in ("failing", "general_failing", "red_failing"):
            d[k] = [i for i, f in enumerate(d[k]) if f]   # the indices of failing frames
        if not series:
            d.pop("mean_luminance")
        d.update(failing_frames=self.failing_frames, passed=self.passed)
        return d


def read_frames(folder: Path) -> list[np.ndarray]:
    """Every PNG in the folder (name order) as an (h, w, 3) uint8 array."""
    return [np.asarray(Image.open(f).convert("RGB")) for f in sorted(Path(folder).glob("*.png"))]


def _edges(n: int, parts: int) -> np.ndarray:
    return np.linspace(0, n, parts + 1).round().astype(int)[:-1]


def tile_means(values: np.ndarray, grid: int = GRID) -> np.ndarray:
    """(grid, grid) means of an (h, w) image over near-equal tiles."""
    h, w = values.shape
    sums = np.add.reduceat(np.add.reduceat(values, _edges(h, grid), axis=0), _edges(w, grid), axis=1)
    counts = np.outer(np.diff(np.append(_edges(h, grid), h)), np.diff(np.append(_edges(w, grid), w)))
    return sums / counts


def frame_signals(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-pixel relative luminance and red value ((R-G-B) x 320 where saturated red, else 0).
    Table look-ups in float32: the same numbers as `relative_luminance`, several times faster."""
    r, g, b = (_LIN32[rgb[..., k]] for k in range(3))
    lum = _LUM32[0][rgb[..., 0]] + _LUM32[1][rgb[..., 1]] + _LUM32[2][rgb[..., 2]]
    red = (r - g - b) * np.float32(320.0)
    red[(r < np.float32(RED_RATIO) * (r + g + b)) | (red < 0)] = 0.0
    return lum, red


def transitions(series: np.ndarray, delta: float, dark: float | None = None, strict: bool = False) -> np.ndarray:
    """Per frame: 1 where a transition completes. The series is followed as a
    zigzag: a rise runs from a low to the highest point after it, and only a
    fall of `delta` or more from that point turns it into a fall (and the
    other way round), so small wobbles on the way neither split nor hide a
    change. A rise or fall is a transition once it spans `delta` (more than
    `delta` when `strict`) with its darker end below `dark` (when given); each
    counts once, at the frame where it qualifies, however long it goes on."""
    x = np.asarray(series, float)
    out = np.zeros(len(x), dtype=np.int8)

    def spans(a: float, b: float) -> bool:
        return abs(b - a) > delta if strict else abs(b - a) >= delta - 1e-12

    def counts(a: float, b: float) -> bool:
        return spans(a, b) and (dark is None or min(a, b) < dark)

    trend, base, ext, counted = 0, 0.0, 0.0, False   # direction of the run, where it began, its extreme
    lo = hi = x[0] if len(x) else 0.0
    for i in range(1, len(x)):
        v = x[i]
        if trend == 0:                                   # no run yet: wait for the first full swing
            lo, hi = min(lo, v), max(hi, v)
            if spans(lo, v) and v > lo:
                trend, base, ext = 1, lo, v
            elif spans(hi, v) and v < hi:
                trend, base, ext = -1, hi, v
            else:
                continue
        elif (v - ext) * trend > 0:                      # the run goes on
            ext = v
        elif spans(ext, v):                              # it turns
            trend, base, ext, counted = -trend, ext, v, False
        else:
            continue
        if not counted and counts(base, ext):
            out[i], counted = 1, True
    return out


def window_counts(marks: np.ndarray, fps: float) -> np.ndarray:
    """Transitions in the one-second window of frames ending at each frame (along the last axis)."""
    n = max(1, int(round(fps)))
    c = np.cumsum(marks, axis=-1, dtype=np.int64)
    shifted = np.zeros_like(c)
    shifted[..., n:] = c[..., :-n]
    return c - shifted


def _too_many(counts: np.ndarray) -> np.ndarray:
    """More than MAX_FLASHES flashes: more than 2 x MAX_FLASHES transitions."""
    return counts > 2 * MAX_FLASHES


def area_fails(flashing: np.ndarray) -> np.ndarray:
    """Per frame, from (GRID, GRID, frames) flashing tiles: does any FIELD x FIELD block hold AREA_TILES or more?"""
    c = np.cumsum(np.cumsum(flashing.astype(np.int32), axis=0), axis=1)
    c = np.pad(c, ((1, 0), (1, 0), (0, 0)))
    blocks = c[FIELD:, FIELD:] - c[:-FIELD, FIELD:] - c[FIELD:, :-FIELD] + c[:-FIELD, :-FIELD]
    return (blocks >= AREA_TILES).any(axis=(0, 1))


def _worst(tile_counts: np.ndarray, frame_counts: np.ndarray) -> tuple[float, str]:
    """Most flashes in any one second and where: the whole frame or a tile."""
    best_tile = np.unravel_index(int(np.argmax(tile_counts.max(axis=2))), tile_counts.shape[:2])
    tile_max = int(tile_counts[best_tile].max()) if tile_counts.size else 0
    frame_max = int(frame_counts.max()) if frame_counts.size else 0
    if frame_max >= tile_max:
        return frame_max / 2, "frame"
    return tile_max / 2, f"r{best_tile[0]}c{best_tile[1]}"


def _judge(tiles: np.ndarray, whole: np.ndarray, fps: float, delta: float, dark: float | None,
           strict: bool) -> tuple[np.ndarray, float, str]:
    """(failing per frame, worst flashes in a second, where) for one kind of flash."""
    marks = np.array([[transitions(tiles[r, c], delta, dark, strict) for c in range(tiles.shape[1])]
                      for r in range(tiles.shape[0])])
    tile_counts = window_counts(marks, fps)
    frame_counts = window_counts(transitions(whole, delta, dark, strict), fps)
    failing = area_fails(_too_many(tile_counts)) | _too_many(frame_counts)
    worst, where = _worst(tile_counts, frame_counts)
    return failing, worst, where


def check_frames(frames: Iterable[np.ndarray] | Path | str, fps: float) -> FlashResult:
    """Check a sequence of (h, w, 3) uint8 RGB frames, or a folder of PNGs, shot at fps."""
    if isinstance(frames, (str, Path)):
        frames = read_frames(Path(frames))
    lum_tiles, red_tiles, lum_mean, red_mean = [], [], [], []
    for rgb in frames:
        lum, red = frame_signals(rgb)
        lum_tiles.append(tile_means(lum))
        red_tiles.append(tile_means(red))
        lum_mean.append(float(lum.mean()))
        red_mean.append(float(red.mean()))
    if not lum_mean:
        raise ValueError("no frames to check")
    lum_t = np.moveaxis(np.array(lum_tiles), 0, -1)   # (GRID, GRID, frames)
    red_t = np.moveaxis(np.array(red_tiles), 0, -1)
    general, worst, where = _judge(lum_t, np.array(lum_mean), fps, GENERAL_DELTA, DARK_LIMIT, strict=False)
    red, worst_red, where_red = _judge(red_t, np.array(red_mean), fps, RED_DELTA, None, strict=True)
    tile_step = float(np.abs(np.diff(lum_t, axis=-1)).max()) if lum_t.shape[-1] > 1 else 0.0
    return FlashResult(
        frames=len(lum_mean), fps=float(fps), failing=(general | red).tolist(),
        general_failing=general.tolist(), red_failing=red.tolist(),
        worst_second_flashes=worst, worst_tile=where, worst_second_red_flashes=worst_red, worst_red_tile=where_red,
        max_step=largest_step(np.array(lum_mean)), max_tile_step=tile_step, mean_luminance=lum_mean)


def check_series(means: Sequence[float], fps: float) -> tuple[float, bool]:
    """A single mean-luminance series (the whole frame): (worst flashes in a second, fails)."""
    counts = window_counts(transitions(np.asarray(means, float), GENERAL_DELTA, DARK_LIMIT), fps)
    return float(counts.max()) / 2 if counts.size else 0.0, bool(_too_many(counts).any())


__all__ = ["FlashResult", "check_frames", "check_series", "frame_signals", "read_frames", "tile_means",
           "transitions", "window_counts"]
