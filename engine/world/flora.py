"""Flora: grass, flowers, trees, pines, palms, bushes, reeds, rocks, ferns,
shells and driftwood.

Each kind has a few low-poly variants built once; thousands of instances are
baked into one mesh, cut into wedges round the seat (one GeomNode each), so
the whole meadow is a dozen draw calls that Panda3D can still cull by view.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from panda3d.core import NodePath

from engine.config.place import Flora, Place
from engine.world.colour import mix, rgba, vary
from engine.world.mesh import Mesh, empty, instance, merge, order_triangles, to_geom_node
from engine.world.shapes import blossom, card, cone, cylinder, fan, icosphere, tri_blade
from engine.world.bins import NEAR_BIN, ensure_bins
from engine.world.terrain import Heightfield, water_mask
from engine.world.wedges import wedge_nodes

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


def shade_crown(crown: Mesh, centre: np.ndarray, radius: float, lo: float = 0.55) -> None:
    """Per-vertex occlusion for a canopy or bush: darker underneath and where
    lobes turn in toward the middle, full colour on the outer, upper skin."""
    rel = (crown.pos - centre) / max(radius, 1e-6)
    out = np.clip(np.linalg.norm(rel, axis=1), 0, 1)
    up = np.clip(0.5 + 0.6 * rel[:, 1], 0, 1)
    crown.col[:, :3] *= (lo + (1 - lo) * np.clip(0.55 * up + 0.45 * out, 0, 1))[:, None]


def _tree(rng, col, pal, far: bool = False) -> Mesh:
    """A broadleaf: a trunk under a crown of three to five lobes around a main
    one (two coarse ones far away), each its own shade of the colour, darker inside."""
    h = rng.uniform(3.2, 5.5)
    trunk = cylinder(radius=0.22, top_radius=0.12, height=h, sides=6, rgba=rgba(pal.bark), caps=False)
    trunk.col[:, :3] *= (0.62 + 0.38 * np.clip(trunk.pos[:, 1:2] / h * 2, 0, 1))   # dark where it meets the ground
    centre = np.array([rng.uniform(-0.35, 0.35), h + rng.uniform(0.1, 0.6), rng.uniform(-0.35, 0.35)])
    big = rng.uniform(1.35, 1.75)
    lobes = []
    for k in range(2 if far else int(rng.integers(3, 6))):
        if k == 0:
            c, r = centre, big * (1.05 if far else 1.0)
        else:
            a, el = rng.uniform(0, 2 * np.pi), rng.uniform(-0.35, 0.8)
            c = centre + big * rng.uniform(0.55, 0.85) * np.array([np.cos(a) * np.cos(el), np.sin(el),
                                                                    np.sin(a) * np.cos(el)])
            r = big * rng.uniform(0.5, 0.78)
        b = icosphere(radius=r, subdiv=0 if far else 1, rgba=col * rng.uniform(0.88, 1.08), centre=c,
                      jitter=0.16, rng=rng)
        b.col[:, 3] = 1
        b.sway[:] = 0.25
        lobes.append(b)
    crown = merge(lobes)
    shade_crown(crown, centre - [0, big * 0.2, 0], big * 1.6)
    return merge([trunk, crown])


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
    bush = merge(parts)
    shade_crown(bush, np.array([0.0, 0.35, 0.0]), 1.0, lo=0.6)
    return bush


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


def _shell(rng, col, pal) -> Mesh:
    """A small pale shell lying on the sand: a cupped fan, ribbed by its petals."""
    pale = mix(rgba("#f4ece0"), rgba(pal.accent), rng.uniform(0.0, 0.35))
    s = fan(radius=rng.uniform(0.05, 0.09), petals=7, rgba=pale, cup=0.45,
            centre_rgba=pale * np.array([0.85, 0.8, 0.78, 1], np.float32), sway=0.0)
    s.pos[:, 2] *= 0.7
    s.pos[:, 1] += 0.01
    return s


def _driftwood(rng, col, pal) -> Mesh:
    """A bleached branch lying on the sand, with a short fork."""
    grey = mix(rgba(pal.bark), rgba("#d8d2c6"), 0.65)
    length = rng.uniform(1.2, 2.4)
    log = cylinder(radius=0.13, top_radius=0.07, height=length, sides=5, rgba=grey, caps=False)
    log.pos = log.pos[:, [1, 0, 2]] + [-length / 2, 0.07, 0]          # lying along x
    log.nrm = log.nrm[:, [1, 0, 2]]
    fork = cylinder(radius=0.06, top_radius=0.03, height=length * 0.35, sides=4, rgba=grey, caps=False)
    a = np.radians(rng.uniform(25, 45))
    fp = fork.pos.copy()
    fork.pos = np.stack([fp[:, 1] * np.cos(a) + fp[:, 0], fp[:, 2] + 0.06, fp[:, 1] * np.sin(a)], 1)
    fork.pos += [length * 0.1, 0, 0]
    wood = merge([log, fork])
    wood.col[:, :3] *= (0.7 + 0.3 * np.clip(wood.pos[:, 1:2] / 0.14, 0, 1))   # darker where it rests on the sand
    return wood


BUILDERS: dict[str, Callable] = {
    "grass": _grass, "flower": _flower, "tree": _tree, "pine": _pine, "palm": _palm,
    "bush": _bush, "reed": _reed, "rock": _rock, "fern": _fern, "shell": _shell, "driftwood": _driftwood,
}
SCALE_RANGE = {"tree": (0.8, 1.25), "pine": (0.8, 1.3), "palm": (0.85, 1.15), "rock": (0.4, 1.8),
               "bush": (0.7, 1.3), "grass": (0.75, 1.3), "flower": (0.8, 1.2), "shell": (0.7, 1.4),
               "driftwood": (0.8, 1.2)}


def place_instances(spec: Flora, place: Place, hf: Heightfield, rng: np.random.Generator) -> np.ndarray:
    """Positions (N,3) inside the area, off the seat, on land (reeds: at the shore)."""
    x0, z0, x1, z1 = spec.area
    want = spec.count
    cam = place.camera.position
    level = place.water.level if place.water is not None and place.water.kind != "fountain" else None
    out: list[np.ndarray] = []
    spots = None
    if spec.clumps:   # drifts and clumps: plants gather around a few spots in the area
        spots = np.stack([rng.uniform(x0, x1, spec.clumps), rng.uniform(z0, z1, spec.clumps)], 1)
    for _ in range(6):
        n = max(want * 2, 64)
        if spots is None:
            x = rng.uniform(x0, x1, n)
            z = rng.uniform(z0, z1, n)
        else:
            at = spots[rng.integers(0, len(spots), n)]
            x = np.clip(at[:, 0] + rng.normal(0, spec.clump_radius, n), x0, x1)
            z = np.clip(at[:, 1] + rng.normal(0, spec.clump_radius, n), z0, z1)
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
    if spec.kind in CONTACT:
        near = dist < CONTACT_M
        disc = contact_discs(place, hf, pts[near], CONTACT[spec.kind][0] * scale[near], CONTACT[spec.kind][1])
        meshes.append(disc)
        keys.append(np.repeat(dist[near], CONTACT_SIDES))
    return merge(meshes), np.concatenate(keys)


CONTACT = {"tree": (2.1, 0.62), "pine": (1.9, 0.6), "palm": (1.2, 0.72), "bush": (1.1, 0.66),
           "rock": (0.85, 0.6), "driftwood": (0.9, 0.75)}
"""Kinds that darken the ground under them: (radius in metres at scale 1, the
ground's brightness at the centre)."""
CONTACT_M = 60.0
CONTACT_SIDES = 8


def contact_discs(place: Place, hf: Heightfield, pts: np.ndarray, radius: np.ndarray, dark: float) -> Mesh:
    """Baked contact shade: under each plant or rock a low fan of triangles a
    few centimetres above the ground, coloured as the ground there and darker
    toward the middle. Opaque, so it costs no blending, and drawn with the
    flora (nearest first), so the terrain beneath it is never shaded."""
    from engine.world.terrain import ground_colour, surface_normals
    n = len(pts)
    if n == 0:
        return empty()
    a = np.linspace(0, 2 * np.pi, CONTACT_SIDES, endpoint=False)
    ring = np.stack([np.sin(a), np.cos(a)], 1)                                   # (S, 2) x, z
    xz = np.concatenate([pts[:, None, [0, 2]], pts[:, None, [0, 2]] + radius[:, None, None] * ring[None]], 1)
    x, z = xz[..., 0], xz[..., 1]
    h = hf.sample(x, z) + 0.05
    nrm = surface_normals(hf, x, z)
    col = ground_colour(place, x, z, h - 0.05, nrm)
    col[:, 0, :3] *= dark
    col[:, 1:, :3] *= 0.97
    pos = np.stack([x, h, z], -1).reshape(-1, 3)
    k = np.arange(CONTACT_SIDES)
    fan_tri = np.stack([np.zeros(CONTACT_SIDES, int), k + 1, (k + 1) % CONTACT_SIDES + 1], 1)
    tri = (fan_tri[None] + (np.arange(n) * (CONTACT_SIDES + 1))[:, None, None]).reshape(-1, 3)
    return Mesh(pos.astype(np.float32), nrm.reshape(-1, 3).astype(np.float32), col.reshape(-1, 4).astype(np.float32),
                np.zeros(len(pos), np.float32), tri.astype(np.uint32))


def build_flora(place: Place, hf: Heightfield, parent: NodePath, rng: np.random.Generator,
                sun_dir: np.ndarray) -> NodePath:
    """Every plant and rock of the place in one mesh, cut into a dozen wedges
    round the seat that Panda3D culls by view (wedges.py). Triangles are
    ordered nearest first within each wedge and drawn before the terrain, so
    the early depth test skips what near grass hides."""
    root = parent.attachNewNode("flora")
    ensure_bins()
    root.setBin(NEAR_BIN, 0)
    built = [flora_mesh(spec, place, hf, rng) for spec in place.flora if spec.count > 0]
    if built:
        mesh = order_triangles(merge([m for m, _ in built]), np.concatenate([k for _, k in built]))
        wedge_nodes(root, "flora-wedges", mesh, place.camera.position,
                    lambda piece, name: to_geom_node(piece, name, sun_dir))
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
