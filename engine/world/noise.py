"""Seeded value noise and fBm in numpy (no Ursina): terrain, variation, clouds."""
from __future__ import annotations

import numpy as np


def _fade(t: np.ndarray) -> np.ndarray:
    return t * t * t * (t * (t * 6 - 15) + 10)


def value_noise(x: np.ndarray, z: np.ndarray, seed: int, period: int | tuple[int, int] = 256) -> np.ndarray:
    """Smooth noise in [-1, 1] sampled at float coordinates (lattice spacing 1);
    it repeats every `period` along x and z (or (px, pz), one for each)."""
    px, pz = (period, period) if isinstance(period, int) else period
    rng = np.random.default_rng(seed)
    lattice = rng.uniform(-1, 1, (px, pz)).astype(np.float32)
    xi, zi = np.floor(x).astype(int), np.floor(z).astype(int)
    fx, fz = _fade(x - xi), _fade(z - zi)
    x0, z0 = xi % px, zi % pz
    x1, z1 = (x0 + 1) % px, (z0 + 1) % pz
    a = lattice[x0, z0] * (1 - fx) + lattice[x1, z0] * fx
    b = lattice[x0, z1] * (1 - fx) + lattice[x1, z1] * fx
    return a * (1 - fz) + b * fz


def fbm(x: np.ndarray, z: np.ndarray, seed: int, octaves: int = 4, gain: float = 0.5) -> np.ndarray:
    """Fractal sum of value noise, roughly in [-1, 1]."""
    total = np.zeros(np.broadcast(x, z).shape, np.float32)
    amp, freq, norm = 1.0, 1.0, 0.0
    for o in range(octaves):
        total += amp * value_noise(x * freq, z * freq, seed + 101 * o)
        norm += amp
        amp *= gain
        freq *= 2.0
    return total / norm
