"""Small tileable textures made once in numpy for the sky and the water.

The sky's clouds and the water's ripples are drawn by the dome's and the
water's own shaders from these textures: one lookup per pixel that drifts
slowly, no noise computed per pixel (llvmpipe pays for every per-pixel
operation: a lookup over the sky costs 2-3 ms a frame, a second one ~2 ms more).
The mountain's cloud sea (atmosphere.py) is made from the same pieces.

sky texture (256 x 256, RGBA8):
  R  cloud density (fBm with soft billows, 0..1)
  G  relief: the side of a billow that faces the sun is brighter
  B  a finer, independent fBm (wisps; the milky band's mottling at night)
ripple texture (128 x 128, RGBA8):
  R, G  the ripple height's slope along x and z (0.5 = flat)
  B     glints: bright where a ripple's crest faces up (0..1)

Both are pure functions of their arguments (seeded), so renders are identical
run to run; `max_step` gives the largest change a drifting lookup can make in
one frame, which tests hold below one percent.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import SamplerState, Texture

from engine.world.noise import value_noise


SKY_TEX = 256
RIPPLE_TEX = 128
_CACHE: dict[tuple, Texture] = {}


def tile_fbm(n: int, seed: int, base_cells: int, octaves: int, gain: float = 0.5,
             stretch: tuple[int, int] = (1, 1)) -> np.ndarray:
    """(n, n) tileable fBm normalised to 0..1. `stretch` (kx, kz) multiplies
    the cells along each axis (integers keep it tileable)."""
    u = (np.arange(n, dtype=np.float64) + 0.5) / n
    x, z = np.meshgrid(u, u)        # x varies along columns, z along rows
    total = np.zeros((n, n))
    amp, norm = 1.0, 0.0
    for o in range(octaves):
        cx, cz = base_cells * 2 ** o * stretch[0], base_cells * 2 ** o * stretch[1]
        total += amp * value_noise(x * cx, z * cz, seed + 101 * o, period=(cx, cz))
        norm += amp
        amp *= gain
    d = total / norm
    return (d - d.min()) / max(d.max() - d.min(), 1e-9)


def sky_field(seed: int, sun_xz=(0.0, 1.0), n: int = SKY_TEX) -> np.ndarray:
    """(n, n, 4) uint8 as described in the module's docstring."""
    d = tile_fbm(n, seed + 5, 4, 5, gain=0.52)
    # soft billows: round the tops a little, keep the thin edges thin
    d = np.clip(d, 0, 1) ** 1.15
    fine = tile_fbm(n, seed + 13, 8, 4, gain=0.55)
    relief = sun_relief(d, sun_xz, step=4, gain=3.0)
    out = np.empty((n, n, 4), np.uint8)
    out[..., 0] = np.round(d * 255)
    out[..., 1] = np.round(relief * 255)
    out[..., 2] = np.round(fine * 255)
    out[..., 3] = 255
    return out


def sun_relief(d: np.ndarray, sun_xz, step: int, gain: float) -> np.ndarray:
    """0..1, brighter on the side of each billow of density `d` that faces
    the sun (compared with the density `step` texels toward it)."""
    sx, sz = sun_xz
    ln = max(float(np.hypot(sx, sz)), 1e-6)
    dx, dz = int(round(sx / ln * step)), int(round(sz / ln * step))
    toward = np.roll(d, shift=(-dz, -dx), axis=(0, 1))
    return np.clip(0.5 + gain * (d - toward), 0, 1)


def ripple_field(seed: int, n: int = RIPPLE_TEX) -> np.ndarray:
    """(n, n, 4) uint8: ripple slopes and glints (see the module's docstring).
    Ripples are longer across (x) than toward the viewer (z), as wind ripples are."""
    h = tile_fbm(n, seed + 31, 3, 3, gain=0.45, stretch=(1, 2))
    gx = (np.roll(h, -1, axis=1) - np.roll(h, 1, axis=1)) * 0.5 * n
    gz = (np.roll(h, -1, axis=0) - np.roll(h, 1, axis=0)) * 0.5 * n
    s = max(float(np.percentile(np.abs(np.concatenate([gx.ravel(), gz.ravel()])), 99)), 1e-6)
    crest = np.clip((h - 0.55) / 0.35, 0, 1) ** 1.5
    out = np.empty((n, n, 4), np.uint8)
    out[..., 0] = np.round(np.clip(0.5 + 0.5 * gx / s, 0, 1) * 255)
    out[..., 1] = np.round(np.clip(0.5 + 0.5 * gz / s, 0, 1) * 255)
    out[..., 2] = np.round(crest * 255)
    out[..., 3] = 255
    return out


def tileable_texture(name: str, field: np.ndarray) -> Texture:
    """A repeating RGBA8 texture, mipmapped, from an (n, n, 4) uint8 field."""
    n = field.shape[0]
    tex = Texture(name)
    tex.setup2dTexture(n, n, Texture.T_unsigned_byte, Texture.F_rgba8)
    tex.setRamImageAs(np.ascontiguousarray(field).tobytes(), "RGBA")
    tex.setWrapU(SamplerState.WM_repeat)
    tex.setWrapV(SamplerState.WM_repeat)
    tex.setMinfilter(SamplerState.FT_linear_mipmap_nearest)  # trilinear costs ~3 ms on llvmpipe
    tex.setMagfilter(SamplerState.FT_linear)
    return tex


def sky_texture(seed: int, sun_xz) -> Texture:
    key = ("sky", seed, round(float(sun_xz[0]), 3), round(float(sun_xz[1]), 3))
    if key not in _CACHE:
        _CACHE[key] = tileable_texture("sky-clouds", sky_field(seed, sun_xz))
    return _CACHE[key]


def ripple_texture(seed: int) -> Texture:
    key = ("ripple", seed)
    if key not in _CACHE:
        _CACHE[key] = tileable_texture("water-ripples", ripple_field(seed))
    return _CACHE[key]


def max_step(field: np.ndarray, texels_per_frame: float) -> float:
    """The largest change (0..1) of a bilinear lookup into `field` (n, n,
    0..1) when it moves `texels_per_frame` in one frame, in any direction:
    the steepest texel-to-texel difference times the distance."""
    f = field.astype(np.float64)
    g = max(np.abs(np.roll(f, -1, 0) - f).max(), np.abs(np.roll(f, -1, 1) - f).max())
    return float(g * texels_per_frame * np.sqrt(2.0))
