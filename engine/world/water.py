"""Water: a vertex-animated grid with gentle waves that mirrors the sky's
gradient (dark and deep toward the viewer, sky-coloured toward the horizon,
a Fresnel term), the far bank's reflection, a soft glitter path under the
sun or moon, slow ripples and soft foam where it meets the shore.

Per vertex (glsl/water.vert): the waves, the Fresnel mix of the deep colour
and the reflected sky (gradient and sun glow, as the dome draws them), and
how near the sun's or moon's mirror angle the water lies (the glitter
path), the foam's bands and the fog. Per pixel (glsl/water.frag): one
lookup of a small ripple texture (engine/world/clouds.py) drifting slowly
shades the ripples, breaks the bank's reflection line, lights the glints
along the path and breaks up the foam.

Vertex columns (see engine/world/mesh.py):
  color.rgb  the far bank's colour as the water mirrors it (seen from the seat)
  color.a    how far inside the bank's mirror image this point lies
             (tan units: > 0 mirrors the bank, < 0 the sky)
  light      unused
  sway       the water's depth here (m; from the terrain, baked at build time)
"""
from __future__ import annotations

import numpy as np
from panda3d.core import NodePath, TransparencyAttrib

from engine.config.place import Place
from engine.world import shaders
from engine.world.colour import mix, rgb, vec
from engine.world.mesh import Mesh, geom_node, vertex_format
from engine.world.terrain import Heightfield, water_mask

TREE_HEIGHT = {"pine": 6.5, "tree": 5.5, "palm": 5.0}
"""Rough height of each kind of tree (m), for the bank the water mirrors."""

# Ripple texture tile (m) for each kind of water, and its drift (tiles a second).
RIPPLE_TILE = {"sea": 7.0, "lake": 4.5, "pond": 2.6, "stream": 2.6}
RIPPLE_DRIFT = (0.010, 0.016)
SEA_GRID = 44
NEAR_SHORE_M = 60.0


def water_grid(place: Place) -> tuple[np.ndarray, np.ndarray]:
    """The grid's x and z (n, n)."""
    w = place.water
    cx, cz = w.position
    sx, sz = w.size
    if w.kind == "sea":
        sx, sz = max(sx, 900.0), max(sz, 700.0)
        cz = cz + sz / 2 - w.size[1] / 2
    # The sea's shore foam lives in its vertices (coarser rows break the
    # foam line); a lake's 40 x 40 looks the same from the seat as 60 x 60
    # did and costs ~1.2 ms a frame less at 1280x720 (llvmpipe pays per vertex
    # and per triangle on one thread).
    n = SEA_GRID if w.kind == "sea" else 40
    # Denser rows near the viewer: spacing grows quadratically with distance;
    # the sea's columns too are densest in front of the seat and widen
    # toward its far sides (seen only far out, where they are slivers).
    u = np.linspace(0, 1, n, dtype=np.float32)
    if w.kind == "sea":
        v = 2.0 * u - 1.0
        xs = cx + sx / 2 * np.sign(v) * np.abs(v) ** 1.7
    else:
        xs = cx - sx / 2 + sx * u
    zs = cz - sz / 2 + sz * (u ** 2 if w.kind == "sea" else u)
    return np.meshgrid(xs, zs)


def _bank_height(place: Place, hf: Heightfield, x: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Height above the water of the land at (x, z), and of the trees on it
    (a share of a tree kind's height where it grows); 0 on the water."""
    lvl = place.water.level
    inside = (x >= hf.x0) & (x <= hf.x0 + hf.size) & (z >= hf.z0) & (z <= hf.z0 + hf.size)
    ground = np.where(inside, hf.sample(np.clip(x, hf.x0, hf.x0 + hf.size), np.clip(z, hf.z0, hf.z0 + hf.size)),
                      lvl)
    tall = np.zeros_like(x)
    for f in place.flora:
        if f.kind in TREE_HEIGHT and f.count > 0:
            x0, z0, x1, z1 = f.area
            area = max(abs(x1 - x0) * abs(z1 - z0), 1.0)
            dense = min(1.0, 0.35 + f.count * 60.0 / area)   # sparse groves mirror as a lower line
            inside_f = (x >= min(x0, x1)) & (x <= max(x0, x1)) & (z >= min(z0, z1)) & (z <= max(z0, z1))
            tall = np.maximum(tall, np.where(inside_f, TREE_HEIGHT[f.kind] * f.scale * 0.75 * dense, 0.0))
    land = (water_mask(place, x, z) < 0.5) & inside
    return np.where(land, np.maximum(ground - lvl, 0.0), 0.0), np.where(land, tall, 0.0)


def bank_reflection(place: Place, hf: Heightfield, x: np.ndarray, z: np.ndarray, eye, fog_col: np.ndarray,
                    fog_range: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """For each water point seen from `eye`: how far inside the banks'
    mirror image it lies (tan units; > 0: the water mirrors the bank there)
    and the colour it mirrors (the land's or the trees' shade, fading into
    the fog with distance). The mirrored ray leaves the point at the same
    angle the eye looks down at it; it meets the bank where the bank rises
    above it."""
    lvl = place.water.level
    ex, ey, ez = (float(v) for v in eye)
    dx, dz = x - ex, z - ez
    dist = np.maximum(np.hypot(dx, dz), 0.5)
    ux, uz = dx / dist, dz / dist
    tan_down = max(ey - lvl, 0.05) / dist
    best = np.full(x.shape, -1.0, np.float32)
    where = np.full(x.shape, 320.0, np.float32)
    trees = np.zeros(x.shape, np.float32)
    for s in np.geomspace(1.0, 320.0, 48):
        ground, tall = _bank_height(place, hf, x + ux * s, z + uz * s)
        h = ground + tall
        m = h / s - tan_down
        better = m > best
        best = np.where(better, m, best)
        hit = better & (h > 0)
        where = np.where(hit, s, where)
        trees = np.where(hit, tall / np.maximum(h, 1e-3), trees)
    pal = place.palette
    land = mix(rgb(pal.ground), rgb(pal.foliage), 0.3) * 0.78
    tree = rgb(pal.foliage) * 0.5
    col = land[None, None, :] * (1 - trees[..., None]) + tree[None, None, :] * trees[..., None]
    far = dist + where
    f = np.clip((far - fog_range[0]) / max(fog_range[1] - fog_range[0], 1.0), 0, 1)
    f = f * f * (3 - 2 * f)
    col = col * (1 - f[..., None]) + fog_col[None, None, :] * f[..., None]
    return best.astype(np.float32), col.astype(np.float32)


def grid_triangles(n: int) -> np.ndarray:
    """Every triangle of an n x n grid of vertices (row by row), two a cell."""
    i = np.arange(n - 1)
    a = (i[:, None] * n + i[None, :]).ravel()
    return np.concatenate([np.stack([a, a + n, a + n + 1], 1), np.stack([a, a + n + 1, a + 1], 1)])


def water_mesh(place: Place, hf: Heightfield, eye=None, fog_col=None, fog_range=(30.0, 180.0)) -> Mesh:
    w = place.water
    x, z = water_grid(place)
    n = x.shape[0]
    depth = np.clip(w.level - hf.sample(x, z), -1.0, 50.0).astype(np.float32)
    pos = np.stack([x, np.full_like(x, w.level), z], -1).reshape(-1, 3)
    tri = grid_triangles(n)
    col = np.zeros((n * n, 4), np.float32)
    col[:, 3] = -1.0
    if eye is not None and w.kind != "sea":   # the open sea mirrors only the sky
        fog = rgb(place.palette.resolve("fog")) if fog_col is None else np.asarray(fog_col, np.float32)
        margin, bank = bank_reflection(place, hf, x, z, eye, fog, fog_range)
        col[:, :3] = bank.reshape(-1, 3)
        col[:, 3] = margin.ravel()
    nrm = np.tile(np.array([0, 1, 0], np.float32), (n * n, 1))
    # The grid spans the water's bounding box: where the land stands a metre
    # or more above the water at all three corners (depth is clipped at -1),
    # the triangle lies under the ground (the lake's corners: a third of its
    # triangles), rasterised and depth-tested for nothing. A lower margin
    # let a far bank's row of water show where the terrain's own triangles
    # dip between their vertices.
    # Near the seat the sight lines are steep enough that land a little above
    # the highest wave hides the water under it.
    near = np.hypot(x - place.camera.position[0], z - place.camera.position[2]).ravel() < NEAR_SHORE_M
    dry = (depth.ravel() <= -1.0) | (near & (depth.ravel() < -(2.0 * w.wave_height + 0.15)))
    under_land = dry[tri].all(1)
    return Mesh(pos.astype(np.float32), nrm, col, depth.ravel(), tri[~under_land].astype(np.uint32))


def glitter_roughness(place: Place) -> float:
    """The spread (radians) of the ripples' tilt: how long and wide the sun's
    path on the water is. Calm water: a narrow path; a swell: a broad one."""
    return float(0.055 + 0.28 * place.water.wave_height)


def build_water(place: Place, hf: Heightfield, parent: NodePath, rig=None) -> NodePath | None:
    w = place.water
    if w is None or w.kind == "fountain":
        return None
    from engine.world.clouds import ripple_texture
    from engine.world.sky import sky_look
    cam = place.camera.position
    eye = (cam[0], float(hf.sample(np.float32(cam[0]), np.float32(cam[2]))) + cam[1], cam[2])
    if rig is None:
        from engine.world.lighting import light_rig
        rig = light_rig(place)
    look = sky_look(place, rig)
    mesh = water_mesh(place, hf, eye, look.haze, rig.fog_range)
    np_ = parent.attachNewNode(geom_node("water", vertex_format(),
                                         [mesh.pos, mesh.col, np.zeros((mesh.n, 2), np.float32),
                                          mesh.sway[:, None]], mesh.tri))
    np_.setShader(shaders.program("water", "water.vert", "water.frag"))
    np_.setShaderInput("u_wave_h", w.wave_height)
    np_.setShaderInput("u_wave_speed", w.wave_speed)
    water = rgb(place.palette.resolve(w.colour))
    np_.setShaderInput("u_water", vec(water))
    np_.setShaderInput("u_deep", vec(mix(water * 0.55, look.top * 0.35, 0.25)))
    np_.setShaderInput("u_sky", vec(look.horizon))
    np_.setShaderInput("u_sky_top", vec(look.top))
    np_.setShaderInput("u_sky_haze", (*vec(look.haze), float(look.haze_amount)))
    np_.setShaderInput("u_sun_glow", (*vec(look.glow), float(look.glow_amount)))
    np_.setShaderInput("u_glitter", (glitter_roughness(place), float(w.glitter)))
    np_.setShaderInput("u_ripple_scale", 1.0 / RIPPLE_TILE[w.kind])
    np_.setShaderInput("u_ripple_drift", RIPPLE_DRIFT)
    np_.setShaderInput("u_ripples", ripple_texture(place.seed))
    np_.setShaderInput("u_foam", 1.0 if w.kind == "sea" else 0.4)
    np_.setTransparency(TransparencyAttrib.M_alpha)
    np_.setDepthWrite(False)
    np_.setTwoSided(True)
    return np_
