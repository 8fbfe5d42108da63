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


def render_long(render: Callable[[float, int], np.ndarray], seconds: float, seed: int,
                segment: float = 120.0, xfade: float = 6.0) -> np.ndarray:
    """A long layer built from crossfaded segments: synthesis memory stays at
    one segment's worth, however long the practice. Short ones render whole."""
    n = int(round(seconds * RATE))
    if seconds <= segment + xfade:
        return render(seconds, seed)[:n]
    out = np.empty((n, 2), np.float32)
    pos = 0
    for piece in segments(render, seed, segment, xfade):
        m = min(len(piece), n - pos)
        out[pos:pos + m] = piece[:m]
        pos += m
        if pos >= n:
            return out
    return out
