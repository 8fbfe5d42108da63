"""Sound that follows the practice: the director's state as mixer gains (pure).

The same rule serves the live player (each frame) and exports (sampled
automation): during `sounds.focus` the chosen layers (by default every
layer but the pad, the place's own sounds) come forward and the rest
recede; `sounds.fade` and the calm way out lower the whole bed; an optional
soft swell follows the breath. The director's channels already glide, so
the automation needs no ramps of its own.
"""
from __future__ import annotations

from typing import Sequence

FOCUS_UP_DB = 5.0
FOCUS_DOWN_DB = -8.0
BACKGROUND = ("pad",)   # layers that stay behind when the place's sounds come forward


def chosen(key: str, layers: Sequence[str] | None) -> bool:
    return key in layers if layers else key not in BACKGROUND


def cue_db(key: str, state) -> float:
    """Gain in dB the practice adds to one layer at this state."""
    up = FOCUS_UP_DB if chosen(key, state.focus_layers) else FOCUS_DOWN_DB
    return state.bed_db + state.focus * up


def states_over(director, seconds: float, step: float = 0.25) -> list:
    """Run a fresh director over [0, seconds] and sample its state every step."""
    out = []
    n = int(seconds / step) + 1
    for i in range(n + 1):
        t = min(i * step, seconds)
        director.advance(t)
        out.append(director.state(t))
    return out


def automation(keys: Sequence[str], states: Sequence) -> dict[int, list[tuple[float, float]]]:
    """(t, dB) points per sound index, dropping points that change nothing."""
    out: dict[int, list[tuple[float, float]]] = {}
    for i, key in enumerate(keys):
        pts: list[tuple[float, float]] = []
        for s in states:
            db = cue_db(key, s)
            if len(pts) >= 2 and abs(pts[-1][1] - db) < 1e-4 and abs(pts[-2][1] - db) < 1e-4:
                pts[-1] = (s.t, db)   # a flat run keeps only its ends
            else:
                pts.append((s.t, db))
        if any(abs(p[1]) > 1e-4 for p in pts):
            out[i] = pts
    return out
