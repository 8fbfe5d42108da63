"""Envelopes and grains: short sound events placed into long buffers.

A layer made of events (drops, bubbles, chirps, strikes) builds a matrix
of grains (events x samples) in one vectorised step and sums them into the
buffer with ``np.bincount`` - no per-sample Python loops. Every grain starts
and ends on a short raised-cosine ramp so no event can click.
"""
from __future__ import annotations

import numpy as np

from engine.audio import RATE

F32 = np.float32
EDGE = 0.002  # seconds of raised-cosine ramp on every grain edge


def raised_cos(n: int) -> np.ndarray:
    """0 -> 1 over n samples with zero slope at both ends."""
    if n <= 0:
        return np.ones(0, F32)
    return ((1 - np.cos(np.pi * np.arange(n, dtype=F32) / n)) * 0.5).astype(F32)


def edge_taper(length: int, edge: float = EDGE) -> np.ndarray:
    """A window that is 1 inside and ramps smoothly to 0 at both ends."""
    k = min(int(edge * RATE), length // 2)
    w = np.ones(length, F32)
    w[:k] = raised_cos(k)
    w[length - k:] = raised_cos(k)[::-1]
    return w


def pan_gains(pan: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equal-power left/right gains for pan in [-1 (left), 1 (right)]."""
    theta = (np.clip(pan, -1, 1) + 1) * (np.pi / 4)
    return np.cos(theta).astype(F32), np.sin(theta).astype(F32)


def add_grains(out: np.ndarray, starts: np.ndarray, grains: np.ndarray,
               pan: np.ndarray | None = None) -> None:
    """Sum grains (m, L) into ``out`` (n, 2) at ``starts``, panned per grain.

    Grains running past the end are cut (the mix fades the end anyway).
    ``np.add.at`` on contiguous float32 channels is the fast path here.
    """
    n, length = out.shape[0], grains.shape[1]
    if len(starts) == 0:
        return
    pan = np.zeros(len(starts), F32) if pan is None else pan
    idx = (starts[:, None] + np.arange(length)).ravel()
    acc = np.zeros((2, n + length), F32)
    for ch, gain in enumerate(pan_gains(pan)):
        np.add.at(acc[ch], idx, (grains * gain[:, None]).ravel())
    out += acc[:, :n].T


def event_times(rng: np.random.Generator, seconds: float, mean_gap: float,
                jitter: float = 1.0, start: float = 0.0) -> np.ndarray:
    """Irregular event times: gamma-distributed gaps (shape 1/jitter^2).

    jitter 1 is Poisson; smaller jitter is more even, like waves or lapping.
    """
    shape = 1.0 / max(jitter, 0.05) ** 2
    count = int(seconds / mean_gap * 1.5) + 8
    gaps = rng.gamma(shape, mean_gap / shape, count)
    t = start + np.cumsum(gaps) - gaps[0] * rng.uniform()
    return t[(t >= 0) & (t < seconds)]


def bubble_grains(rng: np.random.Generator, m: int, f_lo: float, f_hi: float,
                  rise: tuple[float, float] = (0.1, 0.3)):
    """Rising-pitch damped sines: the sound of bubbles forming in water.

    Frequency and damping follow van den Doel's bubble model: a small
    bubble rings higher and dies faster; its pitch rises as it nears the
    surface, which is what makes water sound 'bubbly' rather than 'tonal'.
    Yields (event indices, grains) in a few length classes, so short high
    bubbles are not computed over the long tails of low ones.
    """
    f0 = np.exp(rng.uniform(np.log(f_lo), np.log(f_hi), m)).astype(F32)
    d = (0.13 * f0 + 0.0072 * f0 ** 1.5) * rng.uniform(0.5, 1.0, m).astype(F32)
    sigma = rng.uniform(*rise, m).astype(F32) * d
    need = 5.0 / d
    for lo, hi in ((0, 0.012), (0.012, 0.025), (0.025, 0.05), (0.05, 1.0)):
        sel = np.flatnonzero((need >= lo) & (need < hi))
        if len(sel) == 0:
            continue
        t = np.arange(int(min(hi, float(need[sel].max())) * RATE) + 1, dtype=F32) / F32(RATE)
        phase = f0[sel, None] * (t + 0.5 * sigma[sel, None] * t * t)
        phase -= np.floor(phase)
        g = np.sin(F32(2 * np.pi) * phase) * np.exp(-d[sel, None] * t)
        yield sel, g * edge_taper(len(t), 0.0005)


class Events:
    """Discrete sounds (songs, strikes, crackles) placed over a layer's whole length.

    A small ``bank`` of pre-rendered sounds, each (L, k) float32 with k
    components (1: mono; 2: e.g. a song and its echo), and m placements:
    ``starts`` (sample onsets, sorted), ``which`` (bank index) and ``mats``
    ((m, k, 2): each component's left/right gain for that placement, so
    level and pan vary per placement). Every bank sound starts and ends on
    a raised-cosine ramp, so no placement can click. ``add_into`` sums the
    placements that sound in any window: a long layer is made block by block
    (a Python step per placement and block, never per sample).
    """

    def __init__(self, bank: list[np.ndarray], starts: np.ndarray, which: np.ndarray,
                 mats: np.ndarray):
        order = np.argsort(starts, kind="stable")
        self.bank = [np.ascontiguousarray(b, dtype=F32).reshape(len(b), -1) for b in bank]
        self.starts = np.asarray(starts, np.int64)[order]
        self.which = np.asarray(which, np.int64)[order]
        self.mats = np.asarray(mats, F32)[order]
        lengths = np.array([len(b) for b in self.bank] or [0], np.int64)
        self.ends = self.starts + lengths[self.which] if len(self.starts) else self.starts
        self.longest = int(lengths.max())

    def __len__(self) -> int:
        return len(self.starts)

    def scaled(self, gain: float) -> "Events":
        """The same placements, ``gain`` times louder."""
        out = Events.__new__(Events)
        out.__dict__.update(self.__dict__)
        out.mats = self.mats * F32(gain)
        return out

    def shifted(self, samples: int) -> "Events":
        """The same placements, ``samples`` later (earlier if negative)."""
        out = Events.__new__(Events)
        out.__dict__.update(self.__dict__)
        out.starts, out.ends = self.starts + samples, self.ends + samples
        return out

    def until(self, n: int) -> "Events":
        """Only the placements that have finished by sample n."""
        keep = self.ends <= n
        out = Events.__new__(Events)
        out.__dict__.update(self.__dict__)
        out.starts, out.ends = self.starts[keep], self.ends[keep]
        out.which, out.mats = self.which[keep], self.mats[keep]
        return out

    def add_into(self, out: np.ndarray, at: int = 0) -> np.ndarray:
        """Add every placement sounding in [at, at + len(out)) into ``out`` (len, 2)."""
        stop = at + out.shape[0]
        lo = int(np.searchsorted(self.starts, at - self.longest, "left"))
        hi = int(np.searchsorted(self.starts, stop, "left"))
        for j in np.flatnonzero(self.ends[lo:hi] > at) + lo:
            s, grain, mat = int(self.starts[j]), self.bank[self.which[j]], self.mats[j]
            i0, i1 = max(at - s, 0), min(stop - s, len(grain))
            part, dst = grain[i0:i1], out[s + i0 - at:s + i1 - at]
            if part.shape[1] == 1:  # channel by channel: broadcasting (L, 1) * (2,) is slow
                mono = part[:, 0]
                dst[:, 0] += mono * mat[0, 0]
                dst[:, 1] += mono * mat[0, 1]
            else:
                dst += part @ mat
        return out

    def render(self, n: int) -> np.ndarray:
        """All placements over n samples, as one (n, 2) buffer."""
        return self.add_into(np.zeros((n, 2), F32))


def vary_order(rng: np.random.Generator, count: int, choices: int) -> np.ndarray:
    """``count`` picks from ``choices`` at random, never the same one twice running."""
    if choices <= 1:
        return np.zeros(count, np.int64)
    steps = 1 + rng.integers(0, choices - 1, count)
    return (rng.integers(choices) + np.cumsum(steps)) % choices


def thin(rng: np.random.Generator, times: np.ndarray, every: float, lo: float,
         hi: float = 1.0) -> np.ndarray:
    """Keep each time with a probability that wanders slowly (new value every
    ``every`` s, between lo and hi): spells of activity and of quiet."""
    if len(times) == 0:
        return times
    knots = np.arange(0, times.max() + 2 * every, every)
    keep = rng.uniform(size=len(times)) < np.interp(times, knots, rng.uniform(lo, hi, len(knots)))
    return times[keep]


class Parts:
    """An event layer: an optional continuous ``bed`` (a renderer, tiled when
    long, from ``bed_seed``) under ``events`` placed over the whole length."""

    def __init__(self, events: Events, bed=None, bed_seed: int = 0):
        self.events, self.bed, self.bed_seed = events, bed, int(bed_seed)

    def render(self, seconds: float) -> np.ndarray:
        """The whole layer, bed rendered in one piece: what short renders use."""
        n = max(int(round(seconds * RATE)), 1)
        out = np.zeros((n, 2), F32) if self.bed is None else self.bed(seconds, self.bed_seed)[:n]
        return self.events.add_into(out)
