"""Long layers without a loop you can hear, in bounded memory.

Two ways:

* ``long_layer`` (exports, ``render``'s mix.wav): a ``LongLayer`` read block by
  block. A continuous layer (water, rain, wind, leaves, crickets, pad) is
  rendered whole up to ``TILE_BASE + TILE_XFADE`` s; longer, it is tiled from
  a seamless seeded loop in cycles of varying length, each from a fresh
  offset, level and stereo orientation, crossfaded with equal power
  (``tile_plan``). An event layer (birds, chimes, fire) places its events -
  songs, strikes, crackles from a bank - afresh over the whole length, on
  top of its tiled bed where it has one, so no song or strike comes round
  with the loop.
* ``segments`` / ``layer_blocks``: endless blocks, each segment from its own
  derived seed, crossfaded (cos/sin, equal power) into the next - constant
  loudness, no seam, no click; two segments in memory at a time.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Callable, Iterator

import numpy as np

from engine.audio import RATE
from engine.audio.envelope import Events, raised_cos
from engine.audio.synth import EVENT_LAYERS, LAYERS, layer_parts


def segment_seed(seed: int, index: int) -> int:
    return int(np.random.SeedSequence([seed, index, 0x5EA]).generate_state(1)[0])


def segments(render: Callable[[float, int], np.ndarray], seed: int, segment: float = 60.0,
             xfade: float = 6.0) -> Iterator[np.ndarray]:
    """Consecutive ``segment``-second pieces, each crossfaded into the last."""
    x = int(xfade * RATE)
    theta = raised_cos(x) * np.float32(np.pi / 2)
    fade_in, fade_out = np.sin(theta)[:, None], np.cos(theta)[:, None]
    index, tail = 0, None
    while True:
        cur = render(segment + xfade, segment_seed(seed, index))
        if tail is not None:
            cur[:x] = tail * fade_out + cur[:x] * fade_in
        tail = cur[-x:].copy()
        yield cur[:-x]
        index += 1


def layer_blocks(name: str, seed: int, block: float = 0.5, segment: float = 60.0,
                 xfade: float = 6.0) -> Iterator[np.ndarray]:
    """Endless (block s, 2) float32 blocks of one layer, deterministic for a seed."""
    size = int(round(block * RATE))
    pending = np.zeros((0, 2), np.float32)
    for piece in segments(LAYERS[name], seed, segment, xfade):
        pending = np.concatenate([pending, piece])
        whole = len(pending) // size * size
        for start in range(0, whole, size):
            yield pending[start:start + size]
        pending = pending[whole:]


def _loop(render: Callable[[float, int], np.ndarray], base: int, x: int, seed: int) -> np.ndarray:
    """A seamless circular loop of ``base`` samples, stored twice over (2*base, 2)
    so that any window up to ``base`` long is one contiguous slice: the render's
    last ``x`` samples are crossfaded (equal power) into its first ``x``."""
    return loop_from(render((base + x) / RATE, seed)[: base + x], base, x)


def loop_from(seg: np.ndarray, base: int, x: int) -> np.ndarray:
    """``_loop`` of a buffer already rendered (``base + x`` samples or more)."""
    seg = seg[: base + x]
    theta = raised_cos(x) * np.float32(np.pi / 2)
    seg[:x] = seg[:x] * np.sin(theta)[:, None] + seg[base:base + x] * np.cos(theta)[:, None]
    return np.concatenate([seg[:base], seg[:base]])


def tile_plan(n: int, base: int, x: int, seed: int) -> list[tuple[int, int, int, float, bool]]:
    """Cycles (start, length, loop offset, gain, channel swap) covering n samples.

    Cycle lengths vary (45-75 % of the loop), each starts at a new seeded
    offset into the loop (never where the last one would have gone on), with
    its own level (within +-1.2 dB) and, at random, its channels swapped.
    Each cycle runs ``x`` samples past its length, under the next one's fade-in.
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x711E]))
    plan, pos, off = [], 0, 0
    while pos < n:
        length = int(base * rng.uniform(0.45, 0.75))
        gain = float(10 ** (rng.uniform(-1.2, 1.2) / 20)) if plan else 1.0
        swap = bool(rng.uniform() < 0.5) if plan else False
        plan.append((pos, length, off, gain, swap))
        off = (off + length + int(base * rng.uniform(0.2, 0.8))) % base
        pos += length
    return plan


@lru_cache(maxsize=4)
def _fades(x: int) -> tuple[np.ndarray, np.ndarray]:
    """Equal-power (sin, cos) crossfade curves over x samples, (x, 1) each."""
    theta = raised_cos(x) * np.float32(np.pi / 2)
    fin, fout = np.sin(theta)[:, None], np.cos(theta)[:, None]
    fin.flags.writeable = fout.flags.writeable = False
    return fin, fout


def tile_window(loops: tuple[np.ndarray, np.ndarray], plan: list, x: int, at: int,
                out: np.ndarray) -> np.ndarray:
    """Samples [at, at + len(out)) of the tiled layer ``tile`` makes, written
    into ``out``: only the cycles that sound there are touched. ``loops`` is
    the loop and a copy with its channels swapped (contiguous: reading a
    swapped view is many times slower)."""
    stop = at + out.shape[0]
    fin, fout = _fades(x)
    i = max(bisect_right([p[0] for p in plan], at) - 1, 0)
    while i < len(plan) and plan[i][0] < stop:
        pos, length, off, gain, swap = plan[i]
        cur = loops[swap][off:off + length + x]
        g = np.float32(gain)
        lo, hi = max(pos, at), min(pos + length, stop)
        if i > 0 and lo < pos + x:  # the crossfade from the last cycle's tail
            ppos, plen, poff, pgain, pswap = plan[i - 1]
            prev = loops[pswap][poff + plen:poff + plen + x]
            k0, k1 = lo - pos, min(hi, pos + x) - pos
            out[lo - at:k1 + pos - at] = ((prev[k0:k1] * np.float32(pgain)) * fout[k0:k1]
                                          + cur[k0:k1] * (fin[k0:k1] * g))
            lo = pos + x
        if lo < hi:
            np.multiply(cur[lo - pos:hi - pos], g, out=out[lo - at:hi - at])
        i += 1
    return out


def tile(loop: np.ndarray, n: int, x: int, seed: int, out: np.ndarray | None = None) -> np.ndarray:
    """n samples from a circular loop (see ``_loop``), cycle after cycle as
    ``tile_plan`` says, each crossfaded (equal power) into the next over x samples."""
    out = np.empty((n, 2), np.float32) if out is None else out
    return tile_window(_both(loop), tile_plan(n, loop.shape[0] // 2, x, seed), x, 0, out)


def _both(loop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return loop, np.ascontiguousarray(loop[:, ::-1])


TILE_BASE = 34.0  # s of fully synthesised loop per layer for long renders
TILE_XFADE = 3.0  # s of equal-power crossfade over every seam


def render_long(render: Callable[[float, int], np.ndarray], seconds: float, seed: int,
                base: float = TILE_BASE, xfade: float = TILE_XFADE) -> np.ndarray:
    """A long layer: up to ``base + xfade`` s it is rendered whole; longer ones
    are tiled from a ``base``-second seamless loop of the layer, in cycles of
    varying length that start at fresh seeded offsets, with a small level
    drift and random stereo swaps between cycles (see ``tile_plan``), each
    crossfaded into the next with equal power - no click, no identical cycle.
    Synthesis cost is one loop's worth, however long the practice."""
    n = int(round(seconds * RATE))
    if seconds <= base + xfade:
        return render(seconds, seed)[:n]
    b, x = int(base * RATE), int(xfade * RATE)
    return tile(_loop(render, b, x, seed), n, x, seed)


class LongLayer:
    """n samples of a long layer, made block by block as they are read.

    ``layer[a:b]`` returns float32 (b - a, 2): the bed (a whole buffer, or
    cycles tiled from a seamless loop as ``render_long`` does) plus the
    events that sound in that span (``envelope.Events``, placed over the
    whole length). The mixer reads it in ~2 s blocks, so a 10-minute layer
    is never held whole: each block is made while it is still in cache.
    ``np.asarray(layer)`` gives the whole buffer.
    """

    dtype = np.dtype(np.float32)
    ndim = 2

    def __init__(self, n: int, bed: np.ndarray | None = None,
                 tiled: tuple[tuple[np.ndarray, np.ndarray], list, int] | None = None,
                 events: Events | None = None):
        self.n, self.bed, self.tiled, self.events = int(n), bed, tiled, events
        self.shape = (self.n, 2)

    def __len__(self) -> int:
        return self.n

    def read(self, a: int, b: int) -> np.ndarray:
        b = max(min(b, self.n), a)
        if self.tiled is not None:
            loops, plan, x = self.tiled
            out = tile_window(loops, plan, x, a, np.empty((b - a, 2), np.float32))
        elif self.bed is not None:
            out = np.array(self.bed[a:b], np.float32)
        else:
            out = np.zeros((b - a, 2), np.float32)
        if self.events is not None:
            self.events.add_into(out, a)
        return out

    def __getitem__(self, key):
        if isinstance(key, slice) and key.step in (None, 1):
            a, b, _ = key.indices(self.n)
            return self.read(a, b)
        return self.read(0, self.n)[key]

    def __array__(self, dtype=None, copy=None):
        out = self.read(0, self.n)
        return out if dtype is None else out.astype(dtype, copy=False)


def long_layer(name: str, seconds: float, seed: int, base: float = TILE_BASE,
               xfade: float = TILE_XFADE) -> LongLayer:
    """A synthesised layer ``seconds`` long, to be read in blocks (``LongLayer``).

    Continuous layers (water, rain, wind, leaves, crickets, pad) are rendered
    whole up to ``base + xfade`` s and tiled beyond (see ``render_long``).
    Event layers (birds, chimes, fire) place their events - songs, strikes,
    crackles from a bank - afresh over the whole length, on top of their
    continuous bed where they have one (tiled the same way), so however long
    the export, no song or run of strikes comes round again.
    Same name, seconds and seed: the same samples, block by block or whole.
    """
    if name not in LAYERS:
        raise ValueError(f"unknown sound layer {name!r} (allowed: {', '.join(LAYERS)})")
    n = int(round(seconds * RATE))
    b, x = int(base * RATE), int(xfade * RATE)
    if name in EVENT_LAYERS:
        bed, bed_seed, events = layer_parts(name, seconds, seed)
    else:
        bed, bed_seed, events = LAYERS[name], seed, None
    if bed is None:
        return LongLayer(n, events=events)
    if seconds <= base + xfade:
        return LongLayer(n, bed=bed(seconds, bed_seed)[:n], events=events)
    return LongLayer(n, tiled=(_both(_loop(bed, b, x, bed_seed)), tile_plan(n, b, x, bed_seed), x),
                     events=events)
