"""Terrain: a numpy heightmap shaped by the place's terrain kind and water."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.config.place import Place
from engine.world.colour import mix, rgba
from engine.world.mesh import Mesh
from engine.world.noise import fbm

SEAT_RADIUS = 5.0


@dataclass
class Heightfield:
    """Heights on a regular grid over [x0, x0+size] x [z0, z0+size]."""
    x0: float
    z0: float
    size: float
    h: np.ndarray  # (n, n) indexed [iz, ix]

    @property
    def n(self) -> int:
        return self.h.shape[0]

    def sample(self, x: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Bilinear height at world (x, z); clamps outside the grid."""
        step = self.size / (self.n - 1)
        fx = np.clip((np.asarray(x) - self.x0) / step, 0, self.n - 1.001)
        fz = np.clip((np.asarray(z) - self.z0) / step, 0, self.n - 1.001)
        ix, iz = fx.astype(int), fz.astype(int)
        tx, tz = fx - ix, fz - iz
        h = self.h
        a = h[iz, ix] * (1 - tx) + h[iz, ix + 1] * tx
        b = h[iz + 1, ix] * (1 - tx) + h[iz + 1, ix + 1] * tx
        return a * (1 - tz) + b * tz

    def grid(self) -> tuple[np.ndarray, np.ndarray]:
        xs = np.linspace(self.x0, self.x0 + self.size, self.n, dtype=np.float32)
        zs = np.linspace(self.z0, self.z0 + self.size, self.n, dtype=np.float32)
        return np.meshgrid(xs, zs)


def _smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - e0) / (e1 - e0), 0, 1)
    return t * t * (3 - 2 * t)


def _shape(kind: str, x, z, height: float, rough: float, seed: int) -> np.ndarray:
    s = 0.012 + 0.02 * rough
    base = fbm(x * s, z * s, seed, octaves=5)
    if kind == "floor":
        return np.zeros_like(x)
    if kind == "flat":
        return base * height * 0.3
    if kind == "dunes":
        ridge = np.sin(x * 0.09 + fbm(x * 0.01, z * 0.01, seed + 7) * 3 + z * 0.03)
        return (0.55 * ridge + 0.45 * base) * height
    if kind == "valley":
        sides = _smoothstep(15, 70, np.abs(x)) * height * 1.6
        return base * height * 0.5 + sides
    if kind == "mountains":
        # A summit under the seat falling away on all sides; far ridges rise
        # again but stay mostly below it, so the view opens over them.
        r = np.hypot(x, z)
        summit = height * (1 - _smoothstep(5, 90, r)) + base * height * 0.05
        ridged = 1 - np.abs(fbm(x * s * 0.5, z * s * 0.5, seed + 3, octaves=5))
        ridges = height * (0.15 + 0.75 * ridged ** 2.2) * _smoothstep(60, 190, r)
        return np.maximum(summit, ridges)
    return base * height  # hills


def water_mask(place: Place, x, z) -> np.ndarray:
    """1 inside the water body, 0 outside, with a soft shore band."""
    w = place.water
    if w is None or w.kind == "fountain":
        return np.zeros_like(x)
    cx, cz = w.position
    sx, sz = w.size
    if w.kind == "sea":
        # A straight shore across the view, gently wavy.
        shore = cz - sz / 2 + 4 * np.sin(x * 0.05 + place.seed)
        return _smoothstep(shore - 6, shore + 10, z)
    d = np.hypot((x - cx) / (sx / 2), (z - cz) / (sz / 2))
    return 1 - _smoothstep(0.75, 1.05, d)


def build_heightfield(place: Place) -> Heightfield:
    t = place.terrain
    size = t.size
    x0, z0 = -size / 2, -size * 0.3
    xs = np.linspace(x0, x0 + size, t.resolution, dtype=np.float32)
    zs = np.linspace(z0, z0 + size, t.resolution, dtype=np.float32)
    x, z = np.meshgrid(xs, zs)
    h = _shape(t.kind, x, z, t.height, t.roughness, place.seed)
    cam = place.camera.position
    seat = 1 - _smoothstep(SEAT_RADIUS * 0.6, SEAT_RADIUS * 2.5, np.hypot(x - cam[0], z - cam[2]))
    seat_h = 0.0 if place.indoor else float(np.median(h[seat > 0.9])) if (seat > 0.9).any() else 0.0
    h = h * (1 - seat) + seat_h * seat
    if place.water is not None and place.water.kind != "fountain":
        m = water_mask(place, x, z)
        bed = place.water.level - 1.5 - 2.0 * m
        h = h * (1 - m) + np.minimum(h, bed) * m
        # Land outside the water's edge (m < 0.5) stays above the surface, so
        # the shoreline follows the water's shape, not the noise.
        lvl = place.water.level
        h = np.where(m < 0.5, np.maximum(h, lvl + 0.12 + (0.5 - m) * 1.2), h)
    return Heightfield(x0, z0, size, h.astype(np.float32))


MESH_RES = 50


def warped_axis(lo: float, hi: float, centre: float, n: int, power: float = 1.8) -> np.ndarray:
    """n coordinates from lo to hi, packed densely around `centre` (the seat):
    llvmpipe pays per triangle, so detail goes where the person looks from."""
    u = np.linspace(-1, 1, n)
    side = np.where(u < 0, centre - lo, hi - centre)
    return (centre + np.sign(u) * np.abs(u) ** power * side).astype(np.float32)


def _normals(hf: Heightfield, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    e = 0.75 * hf.size / (hf.n - 1)
    gx = (hf.sample(x + e, z) - hf.sample(x - e, z)) / (2 * e)
    gz = (hf.sample(x, z + e) - hf.sample(x, z - e)) / (2 * e)
    n = np.stack([-gx, np.ones_like(gx), -gz], -1)
    return n / np.linalg.norm(n, axis=-1, keepdims=True)


def terrain_mesh(place: Place, hf: Heightfield, res: int = MESH_RES) -> Mesh:
    if place.terrain.kind in ("floor", "flat"):
        res = 8 if place.terrain.kind == "floor" else 28  # flat: few triangles do
    cam = place.camera.position
    xs = warped_axis(hf.x0, hf.x0 + hf.size, cam[0], res)
    zs = warped_axis(hf.z0, hf.z0 + hf.size, cam[2], res)
    x, z = np.meshgrid(xs, zs)
    h = hf.sample(x, z)
    nrm = _normals(hf, x, z)
    col = ground_colour(place, x, z, h, nrm)
    i = np.arange(res - 1)
    a = (i[:, None] * res + i[None, :]).ravel()
    tri = np.concatenate([np.stack([a, a + res, a + res + 1], 1), np.stack([a, a + res + 1, a + 1], 1)])
    pos = np.stack([x, h, z], -1).reshape(-1, 3)
    return Mesh(pos.astype(np.float32), nrm.reshape(-1, 3).astype(np.float32),
                col.reshape(-1, 4).astype(np.float32), np.zeros(res * res, np.float32), tri.astype(np.uint32))


def ground_colour(place: Place, x: np.ndarray, z: np.ndarray, h: np.ndarray, nrm: np.ndarray) -> np.ndarray:
    """The ground's colour at (x, z): the palette's ground, varied in broad
    patches, greener on grassy hills, rock on slopes, darker where it is wet
    (the same everywhere it is asked, so what lies on it can match it)."""
    pal = place.palette
    ground = rgba(pal.ground)
    var = fbm(x * 0.08, z * 0.08, place.seed + 11, octaves=3)[..., None]
    broad = fbm(x * 0.018, z * 0.018, place.seed + 23, octaves=2)[..., None]
    col = np.clip(ground * (1 + 0.16 * var + 0.1 * broad), 0, 1)
    if not place.indoor:   # broad patches lean a little toward the light's colour, others toward shade
        col = mix(col, rgba(pal.light) * col.max(axis=-1, keepdims=True), np.clip(broad * 0.25, 0, 0.12))
    col = mix(col, rgba(pal.foliage), np.clip(fbm(x * 0.03, z * 0.03, place.seed + 5) * 0.6, 0, 0.35)[..., None]
              if place.terrain.kind in ("hills", "valley", "flat") and not place.indoor else 0.0)
    slope = 1 - nrm[..., 1:2]
    col = mix(col, rgba(pal.rock), np.clip((slope - 0.25) * 3, 0, 1))
    if place.water is not None and place.water.kind != "fountain":
        lvl = place.water.level
        wet = _smoothstep(lvl + 0.9, lvl + 0.05, h)[..., None]
        col = mix(col, col * np.array([0.72, 0.7, 0.68, 1], np.float32), wet)
        # the last strip of wet sand or mud holds a sheen of the sky's horizon
        sheen = _smoothstep(lvl + 0.4, lvl + 0.02, h)[..., None] * (0.35 if place.water.kind == "sea" else 0.2)
        col = mix(col, rgba(pal.sky_horizon), sheen)
    col[..., 3] = 1
    return col


def surface_normals(hf: Heightfield, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    return _normals(hf, x, z)
