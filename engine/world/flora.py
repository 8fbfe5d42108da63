"""Flora: grass, flowers, trees, pines, palms, bushes, reeds, rocks, ferns.

Each kind has a few low-poly variants built once; thousands of instances are
baked into spatial chunks (one GeomNode each) so the whole meadow is a
handful of draw calls that Panda3D can still cull by view.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from panda3d.core import NodePath

from engine.config.place import Flora, Place
from engine.world.colour import mix, rgba, vary
from engine.world.mesh import Mesh, instance, merge, order_triangles, to_geom_node
from engine.world.shapes import blossom, card, cone, cylinder, icosphere, tri_blade
from engine.world.sky import NEAR_BIN, ensure_near_bin
from engine.world.terrain import Heightfield, water_mask

VARIANTS = 4
# Thin, single-faced kinds: drawn one-sided, each instance turned so its
# front faces the seat (see flora_mesh). Triangles, not pixels, are llvmpipe's
# cost here, so a blade is one triangle and is never drawn twice.
FACING = {"grass", "flower", "reed", "fern"}
GRASS_LOD_M = (9.0, 22.0)
# Beyond this distance the round kinds are built from 20-triangle blobs.
FAR_M = {"tree": 30.0, "bush": 22.0, "rock": 18.0, "pine": 45.0}


def _grass(rng, col, pal, blades: int = 3) -> Mesh:
    tip = mix(col, rgba(pal.light), 0.35)
    width = 0.1 * (1 + 0.35 * (3 - blades))  # fewer, wider blades far away
    blades = [tri_blade(width=width, height=rng.uniform(0.3, 0.7), lean=rng.uniform(-0.25, 0.25),
                        yaw=rng.uniform(-45, 45), rgba=col * 0.78, tip_rgba=tip) for _ in range(blades)]
    for b, off in zip(blades, rng.uniform(-0.14, 0.14, (len(blades), 2))):
        b.pos[:, [0, 2]] += off
    return merge(blades)


def _flower(rng, col, pal) -> Mesh:
    h = rng.uniform(0.35, 0.55)
    stem = tri_blade(width=0.05, height=h, lean=rng.uniform(-0.08, 0.08), yaw=rng.uniform(-40, 40),
                     rgba=rgba(pal.foliage) * 0.75)
    top = stem.pos[2]
    head = blossom(radius=rng.uniform(0.07, 0.1), rgba=col, centre=top,
                   heart_rgba=mix(col, rgba(pal.light), 0.5), yaws=(rng.uniform(-30, 30),))
    return merge([stem, head])


def _tree(rng, col, pal, far: bool = False) -> Mesh:
    h = rng.uniform(3.5, 5.5)
    trunk = cylinder(radius=0.22, top_radius=0.12, height=h, sides=6, rgba=rgba(pal.bark), caps=False)
    blobs = []
    for k in range(2):
        c = (rng.uniform(-0.7, 0.7), h + rng.uniform(-0.4, 0.8), rng.uniform(-0.7, 0.7))
        b = icosphere(radius=rng.uniform(1.4, 1.9), subdiv=0 if far else 1, rgba=col * rng.uniform(0.85, 1.1),
                      centre=c, jitter=0.18, rng=rng)
        b.col[:, 3] = 1
        b.sway[:] = 0.25
        blobs.append(b)
    return merge([trunk] + blobs)


def _pine(rng, col, pal, far: bool = False) -> Mesh:
    h = rng.uniform(5, 8)
    if far:  # one cone from near the ground: 7 triangles
        c = cone(radius=1.7 * rng.uniform(0.9, 1.1), height=h * 0.95, sides=7, rgba=col * 0.95)
        c.pos[:, 1] += h * 0.08
        c.sway[:] = 0.2
        return c
    parts = [cylinder(radius=0.18, top_radius=0.06, height=h, sides=5, rgba=rgba(pal.bark), caps=False)]
    for k in range(3):
        y = h * (0.25 + 0.22 * k)
        c = cone(radius=(1.9 - 0.5 * k) * rng.uniform(0.9, 1.1), height=h * 0.45, sides=7,
                 rgba=col * (0.9 + 0.06 * k))
        c.pos[:, 1] += y
        c.sway[:] = 0.15 * (k + 1)
        parts.append(c)
    return merge(parts)


def _palm(rng, col, pal) -> Mesh:
    h = rng.uniform(4.5, 6.5)
    lean = rng.uniform(0.4, 1.0)
    trunk = cylinder(radius=0.18, top_radius=0.12, height=h, sides=6, rgba=rgba(pal.bark), caps=False)
    trunk.pos[:, 0] += (trunk.pos[:, 1] / h) ** 2 * lean
    fronds = []
    for k in range(7):
        yaw = k * 360 / 7 + rng.uniform(-15, 15)
        f = card(width=0.5, height=2.6, rgba=col, yaw=yaw + 90, sway=(0.3, 0.3, 1, 1))  # two-faced
        a = np.radians(yaw)
        ys = f.pos[:, 1].copy()
        f.pos[:, 0] += np.cos(a) * ys
        f.pos[:, 2] += np.sin(a) * ys
        f.pos[:, 1] = h - 0.9 * (ys / 2.6) ** 2 * 1.6 + ys * 0.35
        f.pos[:, 0] += lean
        fronds.append(f)
    return merge([trunk] + fronds)


def _bush(rng, col, pal, far: bool = False) -> Mesh:
    parts = []
    for k in range(1 if far else 2):
        b = icosphere(radius=rng.uniform(0.6, 0.9), subdiv=0 if far else 1 - k, rgba=col * rng.uniform(0.85, 1.05),
                      centre=(rng.uniform(-0.4, 0.4), 0.45, rng.uniform(-0.4, 0.4)), jitter=0.2, rng=rng)
        b.pos[:, 1] = 0.45 + (b.pos[:, 1] - 0.45) * 0.75
        b.col[:, 3] = 1
        b.sway[:] = np.clip(b.pos[:, 1], 0, 1) * 0.2
        parts.append(b)
    return merge(parts)


def _reed(rng, col, pal) -> Mesh:
    parts = []
    for k in range(3):
        b = tri_blade(width=0.07, height=rng.uniform(1.2, 1.9), lean=rng.uniform(-0.2, 0.2),
                      yaw=rng.uniform(-40, 40), rgba=col, tip_rgba=mix(col, rgba(pal.light), 0.3))
        b.pos[:, [0, 2]] += rng.uniform(-0.15, 0.15, 2)
        parts.append(b)
    top = parts[0].pos[-1]
    head = blossom(radius=0.05, rgba=rgba(pal.bark), centre=top - [0, 0.12, 0], yaws=(0.0,))
    head.pos[:, 1] = top[1] - 0.12 + (head.pos[:, 1] - top[1] + 0.12) * 3.0  # a tall, thin seed head
    return merge(parts + [head])


def _rock(rng, col, pal, far: bool = False) -> Mesh:
    r = icosphere(radius=0.6, subdiv=0 if far else 1, rgba=rgba(pal.rock), jitter=0.25, rng=rng)
    r.pos[:, 1] *= rng.uniform(0.45, 0.7)
    r.pos[:, 1] += 0.1
    r.col[:, :3] *= (0.85 + 0.15 * r.nrm[:, 1:2])  # lighter on top: cheap baked occlusion
    return r


def _fern(rng, col, pal) -> Mesh:
    fronds = []
    for k in range(5):
        yaw = -60 + k * 30 + rng.uniform(-10, 10)
        b = tri_blade(width=0.24, height=0.7, lean=0.45, yaw=yaw, rgba=col * 0.8, tip_rgba=col)
        b.pos[:, 0] += np.sin(np.radians(yaw)) * 0.1 * np.array([0, 0, 1])
        fronds.append(b)
    return merge(fronds)


BUILDERS: dict[str, Callable] = {
    "grass": _grass, "flower": _flower, "tree": _tree, "pine": _pine, "palm": _palm,
    "bush": _bush, "reed": _reed, "rock": _rock, "fern": _fern,
}
SCALE_RANGE = {"tree": (0.8, 1.25), "pine": (0.8, 1.3), "palm": (0.85, 1.15), "rock": (0.4, 1.8),
               "bush": (0.7, 1.3), "grass": (0.75, 1.3), "flower": (0.8, 1.2)}


def place_instances(spec: Flora, place: Place, hf: Heightfield, rng: np.random.Generator) -> np.ndarray:
    """Positions (N,3) inside the area, off the seat, on land (reeds: at the shore)."""
    x0, z0, x1, z1 = spec.area
    want = spec.count
    cam = place.camera.position
    level = place.water.level if place.water is not None and place.water.kind != "fountain" else None
    out: list[np.ndarray] = []
    for _ in range(6):
        n = max(want * 2, 64)
        x = rng.uniform(x0, x1, n)
        z = rng.uniform(z0, z1, n)
        y = hf.sample(x, z)
        ok = np.hypot(x - cam[0], z - cam[2]) > spec.clear_radius
        if level is not None:
            wet = water_mask(place, x, z)
            ok &= (wet > 0.3) & (wet < 0.62) if spec.kind == "reed" else (wet < 0.3) & (y > level + 0.2)
        out.append(np.stack([x, y, z], 1)[ok])
        if sum(len(o) for o in out) >= want:
            break
    pts = np.concatenate(out)[:want] if out else np.zeros((0, 3))
    return pts.astype(np.float32)


def flora_mesh(spec: Flora, place: Place, hf: Heightfield, rng: np.random.Generator
               ) -> tuple[Mesh, np.ndarray]:
    """All instances of one flora entry baked into one mesh, and each
    triangle's sort key: the distance of its plant from the seat."""
    pal = place.palette
    col = rgba(pal.resolve(spec.colour))
    variants = [BUILDERS[spec.kind](rng, col, pal) for _ in range(VARIANTS)]
    pts = place_instances(spec, place, hf, rng)
    n = len(pts)
    cam = place.camera.position
    dist = np.hypot(pts[:, 0] - cam[0], pts[:, 2] - cam[2])
    yaw = rng.uniform(0, 360, n)
    if spec.kind in FACING:
        cam = place.camera.position
        yaw = np.degrees(np.arctan2(cam[0] - pts[:, 0], cam[2] - pts[:, 2])) + rng.uniform(-25, 25, n)
    lo, hi = SCALE_RANGE.get(spec.kind, (0.8, 1.2))
    scale = rng.uniform(lo, hi, n) * spec.scale
    tints = vary(np.ones(4, np.float32), n, rng, 0.1 if spec.kind != "flower" else 0.25)
    which = rng.integers(0, VARIANTS, n)
    if spec.kind == "grass":  # level of detail: 3 blades near, 2 mid, 1 far
        variants += [_grass(rng, col, pal, b) for b in (2, 1) for _ in range(VARIANTS)]
        which += VARIANTS * np.searchsorted(GRASS_LOD_M, dist)
    elif spec.kind in FAR_M:
        variants += [BUILDERS[spec.kind](rng, col, pal, far=True) for _ in range(VARIANTS)]
        which += VARIANTS * (dist > FAR_M[spec.kind])
    meshes, keys = [], []
    for v in range(len(variants)):
        sel = which == v
        meshes.append(instance(variants[v], pts[sel], yaw[sel], scale[sel], tints[sel]))
        keys.append(np.repeat(dist[sel], len(variants[v].tri)))
    return merge(meshes), np.concatenate(keys)


def build_flora(place: Place, hf: Heightfield, parent: NodePath, rng: np.random.Generator,
                sun_dir: np.ndarray) -> NodePath:
    """Every plant and rock of the place in ONE GeomNode: on llvmpipe each draw
    call costs ~0.2 ms whatever its size, far more than culling could save.
    Triangles are ordered nearest first, and the node is drawn before the
    terrain, so the early depth test skips what near grass hides."""
    root = parent.attachNewNode("flora")
    ensure_near_bin()
    root.setBin(NEAR_BIN, 0)
    built = [flora_mesh(spec, place, hf, rng) for spec in place.flora if spec.count > 0]
    if built:
        mesh = order_triangles(merge([m for m, _ in built]), np.concatenate([k for _, k in built]))
        root.attachNewNode(to_geom_node(mesh, "flora", sun_dir))
    return root


def build_flora_naive(place: Place, hf: Heightfield, parent: NodePath, rng: np.random.Generator,
                      sun_dir: np.ndarray):
    """The slow way, kept only as the benchmark's baseline: one Ursina Entity
    per plant or rock, each with its own node (same shapes and placement)."""
    from ursina import Entity
    root = parent.attachNewNode("flora-naive")
    root.setTwoSided(True)
    pal = place.palette
    entities = []
    for spec in place.flora:
        col = rgba(pal.resolve(spec.colour))
        variants = [to_geom_node(BUILDERS[spec.kind](rng, col, pal), spec.kind, sun_dir) for _ in range(VARIANTS)]
        pts = place_instances(spec, place, hf, rng)
        for k, p in enumerate(pts):
            e = Entity(parent=root, position=tuple(float(v) for v in p), rotation_y=float(rng.uniform(0, 360)))
            e.model = NodePath(variants[k % VARIANTS].copySubgraph())
            e.model.reparentTo(e)
            entities.append(e)
    return root, entities
