"""Frame luminance: how bright each frame is, how fast it changes, and the
period of any slow rhythm in it (pure numpy; frames read with Pillow).

Relative luminance follows WCAG 2.x: sRGB channels linearised, then
0.2126 R + 0.7152 G + 0.0722 B, so 0 is black and 1 is white.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """Per-pixel relative luminance of an (h, w, 3) uint8 or 0..1 float image."""
    x = rgb[..., :3].astype(np.float64)
    if rgb.dtype == np.uint8:
        x /= 255.0
    lin = np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def frame_means(frames_dir: Path) -> np.ndarray:
    """Mean relative luminance of every PNG in the folder, in name order."""
    files = sorted(Path(frames_dir).glob("*.png"))
    return np.array([relative_luminance(np.asarray(Image.open(f).convert("RGB"))).mean() for f in files])


def dominant_period(series: np.ndarray, fps: float, shortest: float, longest: float,
                    steps: int = 4001) -> float:
    """The period (s) in [shortest, longest] whose sinusoid best fits the
    detrended series (a least-squares periodogram: finer than an FFT bin)."""
    y = np.asarray(series, float)
    t = np.arange(len(y)) / fps
    y = y - np.polyval(np.polyfit(t, y, 1), t)
    periods = np.linspace(shortest, longest, steps)
    w = 2 * np.pi / periods[:, None]
    c, s = np.cos(w * t), np.sin(w * t)
    power = (c @ y) ** 2 / (c * c).sum(1) + (s @ y) ** 2 / (s * s).sum(1)
    return float(periods[int(np.argmax(power))])


def largest_step(series: np.ndarray) -> float:
    """The largest change in mean relative luminance between consecutive frames."""
    return float(np.abs(np.diff(np.asarray(series, float))).max()) if len(series) > 1 else 0.0
