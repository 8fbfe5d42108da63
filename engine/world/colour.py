"""Colour helpers: palette hex -> floats, gentle mixing."""
from __future__ import annotations

import numpy as np


def rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4)], np.float32)


def rgba(hex_colour: str, alpha: float = 1.0) -> np.ndarray:
    return np.append(rgb(hex_colour), np.float32(alpha))


def mix(a, b, t: float) -> np.ndarray:
    return np.asarray(a, np.float32) * (1 - t) + np.asarray(b, np.float32) * t


def vary(base_rgba: np.ndarray, n: int, rng: np.random.Generator, amount: float = 0.12) -> np.ndarray:
    """n slightly different tints of one colour (brightness and hue jitter)."""
    bright = rng.uniform(1 - amount, 1 + amount, (n, 1))
    hue = rng.uniform(1 - amount / 2, 1 + amount / 2, (n, 3))
    out = np.clip(base_rgba[None, :3] * bright * hue, 0, 1)
    return np.concatenate([out, np.ones((n, 1))], 1).astype(np.float32)


def vec(values) -> tuple[float, ...]:
    """Plain floats for Panda3D shader inputs (numpy scalars are rejected)."""
    return tuple(float(v) for v in values)
