"""Endless layers in blocks, for live playback with bounded memory.

A 20-minute practice need not hold 20 minutes of audio: a layer is made
in segments, each from its own derived seed (so no cycle repeats), and
each segment's last ``xfade`` seconds overlap the next one's start under
an equal-power (cos/sin) crossfade - constant loudness, no seam, no click.
Memory: two segments at a time.
"""
from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

from engine.audio import RATE
from engine.audio.envelope import raised_cos
from engine.audio.synth import LAYERS


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
    seg = render((base + x) / RATE, seed)[: base + x]
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


def tile(loop: np.ndarray, n: int, x: int, seed: int, out: np.ndarray | None = None) -> np.ndarray:
    """n samples from a circular loop (see ``_loop``), cycle after cycle as
    ``tile_plan`` says, each crossfaded (equal power) into the next over x samples."""
    base = loop.shape[0] // 2
    out = np.empty((n, 2), np.float32) if out is None else out
    theta = raised_cos(x) * np.float32(np.pi / 2)
    fin, fout = np.sin(theta)[:, None], np.cos(theta)[:, None]
    tail = None
    for pos, length, off, gain, swap in tile_plan(n, base, x, seed):
        cur = loop[off:off + length + x]
        cur = cur[:, ::-1] if swap else cur
        g = np.float32(gain)
        stop = min(pos + length, n)
        if tail is None:
            np.multiply(cur[:stop - pos], g, out=out[pos:stop])
        else:
            k = min(x, stop - pos)
            out[pos:pos + k] = tail[:k] * fout[:k] + cur[:k] * (fin[:k] * g)
            if stop > pos + x:
                np.multiply(cur[x:stop - pos], g, out=out[pos + x:stop])
        tail = cur[length:] * g
    return out


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
