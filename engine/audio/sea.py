"""The breath-locked sea (pure): surf and lake lapping that follow the breath.

A place with ``breath_sea: true`` lets its surf or lake breathe with the
practice's pacer: while the breathing light is on, the sea rises with the
in-breath and recedes with the out-breath; while it is off, the sea keeps
its own rhythm. ``BreathCurve`` is the pacer's level and how much the
breathing shows (the director's ``breath_level`` and ``breath_amount``),
sampled over a practice; ``sea_layer`` makes the layer for an export, read
block by block like any long layer (``stream.LongLayer``):

* **surf**: the waves' envelopes (roar, break hiss, fizz of the wash) are
  the sea's own 8-14 s swells while the light is off and the breath's shape
  while it is on (``synth_water.breath_env``: the roar rises with the
  in-breath, breaks softly at its top, fizzes out as the breath leaves),
  crossfaded by the breath amount - so breath.on and breath.off glide.
* **lake**: the lapping wavelets grow with the in-breath and settle with the
  out-breath, and a slow wash of water rises and falls with the light.

The textures (noise bands, gloops) are tiled from a seamless loop as the
other long layers are; only the envelopes, at the 1 kHz control rate, span
the whole practice, so a 20-minute sea costs one loop's synthesis.

Live (``live.py``) cannot re-shape its loop each frame; there the sea's
gain follows the breath by ``LIVE_DB`` (``live_db``), and surf crossfades
to a steady sea whose only swell is that gain.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from engine.audio import RATE
from engine.audio import synth_water as water
from engine.audio.noise import CTRL, F32, ctrl_lowpass, ctrl_times, upsample
from engine.audio.stream import TILE_BASE, TILE_XFADE, LongLayer, loop_from, tile_plan, tile_window
from engine.audio.synth import _scale

SEA_LAYERS = frozenset({"surf", "lake"})
SURF_DEPTH = 1.1     # the roar's rise over its floor on a full in-breath (natural waves: 1.3)
SURF_LAG_HZ = 1.2    # the breath's curve, low-passed: the water follows a touch behind the light
LAKE_SLAP = (0.45, 1.0)   # wavelet size on the out-breath, and its rise with the in-breath
LAKE_WASH = (0.3, 0.85)    # share of the lake's own wash kept, and the breath's wash on top
LAKE_LAG_HZ = 0.8
# Level so the breathing sea is as loud as the sea's own swell (surf -0.85 dB,
# lake -1.6 dB as measured over the breathing part of safe-place at 6 a minute).
SURF_TRIM_DB = -1.9
LAKE_TRIM_DB = -3.95
LIVE_DB = 6.0        # live: the sea's gain swings this many dB, out-breath to in-breath


@dataclass(frozen=True)
class BreathCurve:
    """The pacer's level (0 out .. 1 in) and the breath's amount (0 off .. 1
    on), sampled at times ``t`` (seconds from the practice's start)."""
    t: np.ndarray
    level: np.ndarray
    amount: np.ndarray

    @classmethod
    def from_states(cls, states: Sequence) -> "BreathCurve":
        """From director states (``follow.states_over``), in time order."""
        t = np.array([s.t for s in states], float)
        keep = np.r_[True, np.diff(t) > 0]  # the last sample may repeat the end
        level = np.array([s.breath_level for s in states], float)
        amount = np.array([s.breath_amount for s in states], float)
        return cls(t[keep], level[keep], amount[keep])

    @property
    def on(self) -> bool:
        return bool(len(self.amount)) and float(self.amount.max()) > 1e-3

    def ctrl(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        """(level, amount) at the first ``m`` 1 kHz control points (held at the ends)."""
        times = np.arange(m, dtype=np.float64) * (CTRL / RATE)
        return (np.interp(times, self.t, self.level).astype(F32),
                np.clip(np.interp(times, self.t, self.amount), 0, 1).astype(F32))


def live_db(level: float, amount: float) -> float:
    """Live: the gain (dB) the sea takes at this breath level, centred on 0."""
    return LIVE_DB * amount * (float(level) - 0.5)


def _textures(render, seconds: float, seed: int, swappable: Sequence[bool]) -> list[LongLayer]:
    """LongLayers of each texture ``render(seconds, seed)`` returns: whole up
    to TILE_BASE + TILE_XFADE s, tiled beyond as ``long_layer`` tiles, all
    with one plan; a texture whose channels are not left and right (surf's
    hiss and fizz side by side) is never channel-swapped."""
    n = int(round(seconds * RATE))
    base, x = int(TILE_BASE * RATE), int(TILE_XFADE * RATE)
    if seconds <= TILE_BASE + TILE_XFADE:
        return [LongLayer(n, bed=np.ascontiguousarray(t[:n])) for t in render(seconds, seed)]
    plan = tile_plan(n, base, x, seed)
    out = []
    for i, tex in enumerate(render((base + x) / RATE, seed)):
        loop = loop_from(tex, base, x)
        swap = np.ascontiguousarray(loop[:, ::-1]) if swappable[i] else loop
        out.append(LongLayer(n, tiled=((loop, swap), plan, x)))
    return out


def _block(ctrl: np.ndarray, a: int, b: int) -> np.ndarray:
    """Samples [a, b) of ``upsample(ctrl, ...)``, made for that block alone."""
    i0 = a // CTRL
    skip = a - i0 * CTRL
    return upsample(ctrl[i0:], b - a + skip)[skip:]


class SeaLayer(LongLayer):
    """A breath-locked sea layer, made block by block (see the module docstring)."""

    def __init__(self, n: int, textures: list[LongLayer], env: dict[str, np.ndarray], combine, scale: float):
        super().__init__(n)
        self.textures, self.env, self.combine, self.scale = textures, env, combine, np.float32(scale)

    def read(self, a: int, b: int) -> np.ndarray:
        b = max(min(b, self.n), a)
        parts = [t.read(a, b) for t in self.textures]
        env = {k: _block(v, a, b) for k, v in self.env.items()}
        out = self.combine(parts, env)
        out *= self.scale
        return out


def surf_env(n: int, seed: int, breath: BreathCurve) -> dict[str, np.ndarray]:
    """Control-rate envelopes of breath-locked surf over n samples: the sea's
    own swells (the same waves ``surf`` makes for this seed) crossfaded by
    the breath's amount into waves that follow its level."""
    own = water.swell_env(np.random.default_rng(seed), n)
    m = len(own["body"])
    level, amount = breath.ctrl(m)
    follow = water.breath_env(ctrl_lowpass(level, SURF_LAG_HZ))
    depth = SURF_DEPTH / 1.3  # breath_env's roar shares surf_from's depth of 1.3
    follow["body"] = follow["body"] * F32(depth)
    return {k: (own[k] + amount * (follow[k] - own[k])).astype(F32) for k in own}


def lake_env(n: int, seed: int, breath: BreathCurve) -> dict[str, np.ndarray]:
    """Control-rate slap and wash curves of breath-locked lapping: the lake's
    own (as ``lake`` makes them for this seed), moved by the breath's amount
    towards wavelets and a wash that rise with the in-breath."""
    rng = np.random.default_rng(seed)
    slap = water.slap_env(rng, n, 1.9, 0.06, 0.35)
    wash = water.slap_env(rng, n, 2.6, 0.25, 0.9)
    level, amount = breath.ctrl(len(slap))
    g = np.clip(ctrl_lowpass(level, LAKE_LAG_HZ), 0, 1)
    lo, rise = LAKE_SLAP
    keep, swell = LAKE_WASH
    slap_b = slap * (lo + rise * g)
    wash_b = keep * wash + swell * g
    return {"slap": (slap + amount * (slap_b - slap)).astype(F32),
            "wash": (wash + amount * (wash_b - wash)).astype(F32)}


def _surf_combine(parts, env):
    body, top = parts
    return water.surf_from(body, top[:, 0], top[:, 1], env)


def _lake_combine(parts, env):
    low, high, bed = parts
    low *= (0.25 + 1.2 * env["wash"])[:, None]
    low += high * (0.6 * env["slap"])[:, None]
    low += bed
    return low


def sea_layer(name: str, seconds: float, seed: int, breath: BreathCurve) -> SeaLayer:
    """Surf or lake ``seconds`` long that follows ``breath`` (see the module
    docstring), at the layer's nominal level; read it in blocks."""
    if name not in SEA_LAYERS:
        raise ValueError(f"{name!r} cannot follow the breath (allowed: {', '.join(sorted(SEA_LAYERS))})")
    n = int(round(seconds * RATE))
    if name == "surf":
        tex = _textures(water.surf_textures, seconds, seed, (True, False))
        return SeaLayer(n, tex, surf_env(n, seed, breath), _surf_combine,
                        _scale("surf") * 10 ** (SURF_TRIM_DB / 20))
    tex = _textures(water.lake_textures, seconds, seed, (True, True, True))
    return SeaLayer(n, tex, lake_env(n, seed, breath), _lake_combine,
                    _scale("lake") * 10 ** (LAKE_TRIM_DB / 20))


def calm_surf(seconds: float, seed: int) -> np.ndarray:
    """Surf without waves of its own, for the live breath-locked sea: the
    roar, hiss and fizz held at a wave's middle, at surf's nominal loudness;
    the player's gain, following the breath, is its swell."""
    body, top = water.surf_textures(seconds, seed)
    n = body.shape[0]
    m = n // CTRL + 2
    env = {"body": np.full(m, 0.5, F32), "hiss": np.full(m, 0.18, F32), "fizz": np.full(m, 0.2, F32),
           "pan": np.zeros(m, F32)}
    env = {k: upsample(v, n) for k, v in env.items()}
    return water.surf_from(body, top[:, 0], top[:, 1], env) * np.float32(_scale("surf") * 10 ** (CALM_TRIM_DB / 20))


CALM_TRIM_DB = -0.65


def envelope_db(x: np.ndarray, hop: float = 0.1, smooth: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(times, level in dB): a layer's slow envelope - RMS over ``hop`` s,
    averaged over ``smooth`` s (for tests and the docs' pictures)."""
    h = int(round(hop * RATE))
    m = x.shape[0] // h
    p = np.square(np.asarray(x[: m * h], np.float64)).reshape(m, h, -1).mean(axis=(1, 2))
    k = max(int(round(smooth / hop)), 1)
    p = np.convolve(p, np.ones(k) / k, mode="same")
    return (np.arange(m) + 0.5) * hop, 10 * np.log10(p + 1e-12)


def follows(env_t: np.ndarray, env_db: np.ndarray, breath: BreathCurve, t0: float, t1: float,
            detrend: float = 20.0, lags: Sequence[float] = tuple(np.arange(0, 2.01, 0.1))) -> tuple[float, float]:
    """(best correlation, its lag in s) between a layer's envelope (dB) and
    the breath's level over [t0, t1]; both lose their ``detrend``-second
    moving average first, so slow gain moves (cues, levelling) do not count.
    A positive lag: the sea's swell comes that long after the light."""
    hop = float(env_t[1] - env_t[0])
    k = max(int(round(detrend / hop)), 1)

    def high(v):
        return v - np.convolve(v, np.ones(k) / k, mode="same")
    level = np.interp(env_t, breath.t, breath.level * breath.amount)
    e, lv = high(env_db), high(level)
    best = (-1.0, 0.0)
    sel = (env_t >= t0) & (env_t <= t1)
    for lag in lags:
        shift = int(round(lag / hop))
        a = e[sel]
        idx = np.nonzero(sel)[0] - shift
        if idx.min() < 0:
            continue
        r = float(np.corrcoef(a, lv[idx])[0, 1])
        if r > best[0]:
            best = (r, float(lag))
    return best


__all__ = ["BreathCurve", "LIVE_DB", "SEA_LAYERS", "SeaLayer", "calm_surf", "envelope_db", "follows",
           "lake_env", "live_db", "sea_layer", "surf_env"]
