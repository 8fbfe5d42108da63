"""Primitive shapes as numpy meshes (unit size, base at y=0 unless noted)."""
from __future__ import annotations

import numpy as np

from engine.world.mesh import Mesh, _normalise, merge

WHITE = (1.0, 1.0, 1.0, 1.0)


def _mesh(pos, nrm, tri, rgba=WHITE, sway=None) -> Mesh:
    pos = np.asarray(pos, np.float32)
    n = len(pos)
    col = np.tile(np.asarray(rgba, np.float32), (n, 1))
    sw = np.zeros(n, np.float32) if sway is None else np.asarray(sway, np.float32)
    return Mesh(pos, _normalise(np.asarray(nrm, np.float32)), col, sw, np.asarray(tri, np.uint32))


def box(sx=1.0, sy=1.0, sz=1.0, rgba=WHITE, centre=(0, 0.5, 0), inward=False) -> Mesh:
    """Axis-aligned box with flat normals (24 verts). `inward` flips it for rooms."""
    faces = []
    for axis in range(3):
        for sign in (-1, 1):
            n = np.zeros(3)
            n[axis] = sign
            u = np.zeros(3)
            u[(axis + 1) % 3] = 1
            v = np.cross(n, u)
            c = n * 0.5
            quad = [c - u * .5 - v * .5, c + u * .5 - v * .5, c + u * .5 + v * .5, c - u * .5 + v * .5]
            faces.append((quad, n))
    pos, nrm, tri = [], [], []
    for quad, n in faces:
        b = len(pos)
        pos += quad
        nrm += [(-n if inward else n)] * 4
        tri += ([(b, b + 2, b + 1), (b, b + 3, b + 2)] if inward else [(b, b + 1, b + 2), (b, b + 2, b + 3)])
    p = (np.array(pos) + np.asarray(centre)) * np.array([sx, sy, sz])
    return _mesh(p, nrm, tri, rgba)


def cylinder(radius=0.5, height=1.0, sides=6, rgba=WHITE, top_radius=None, caps=True, sway=None) -> Mesh:
    """Vertical (possibly tapered) cylinder from y=0 to y=height."""
    tr = radius if top_radius is None else top_radius
    a = np.linspace(0, 2 * np.pi, sides, endpoint=False)
    ring = np.stack([np.cos(a), np.zeros_like(a), np.sin(a)], 1)
    bottom = ring * radius
    top = ring * tr + [0, height, 0]
    slope = (radius - tr) / max(height, 1e-6)
    n_side = _normalise(ring + [0, slope, 0])
    pos = np.concatenate([bottom, top])
    nrm = np.concatenate([n_side, n_side])
    i = np.arange(sides)
    j = (i + 1) % sides
    tri = np.concatenate([np.stack([i, i + sides, j], 1), np.stack([j, i + sides, j + sides], 1)])
    sw = np.concatenate([np.zeros(sides), np.ones(sides)]) if sway else None
    m = _mesh(pos, nrm, tri, rgba, sw)
    if caps and tr > 0:
        cap = _mesh(np.concatenate([[[0, height, 0]], top]), [[0, 1, 0]] * (sides + 1),
                    np.stack([np.zeros(sides, int), j + 1, i + 1], 1), rgba,
                    np.ones(sides + 1) if sway else None)
        m = merge([m, cap])
    return m


def cone(radius=0.5, height=1.0, sides=7, rgba=WHITE, sway=False) -> Mesh:
    a = np.linspace(0, 2 * np.pi, sides, endpoint=False)
    ring = np.stack([np.cos(a) * radius, np.zeros_like(a), np.sin(a) * radius], 1)
    n = _normalise(np.stack([np.cos(a), np.full_like(a, radius / height), np.sin(a)], 1))
    apex = np.repeat([[0, height, 0]], sides, 0)
    pos = np.concatenate([ring, apex])
    nrm = np.concatenate([n, n])
    i = np.arange(sides)
    j = (i + 1) % sides
    tri = np.stack([i, i + sides, j], 1)
    sw = np.concatenate([np.zeros(sides), np.ones(sides)]) if sway else None
    return _mesh(pos, nrm, tri, rgba, sw)


def icosphere(radius=0.5, subdiv=1, rgba=WHITE, centre=(0, 0, 0), sway=None, jitter=0.0, rng=None) -> Mesh:
    """Low-poly sphere; smooth normals. `jitter` roughens it (rocks, foliage)."""
    t = (1 + 5 ** 0.5) / 2
    v = [(-1, t, 0), (1, t, 0), (-1, -t, 0), (1, -t, 0), (0, -1, t), (0, 1, t), (0, -1, -t), (0, 1, -t),
         (t, 0, -1), (t, 0, 1), (-t, 0, -1), (-t, 0, 1)]
    f = [(0, 11, 5), (0, 5, 1), (0, 1, 7), (0, 7, 10), (0, 10, 11), (1, 5, 9), (5, 11, 4), (11, 10, 2),
         (10, 7, 6), (7, 1, 8), (3, 9, 4), (3, 4, 2), (3, 2, 6), (3, 6, 8), (3, 8, 9), (4, 9, 5),
         (2, 4, 11), (6, 2, 10), (8, 6, 7), (9, 8, 1)]
    verts = [np.array(p, float) / np.linalg.norm(p) for p in v]
    for _ in range(subdiv):
        cache: dict = {}
        nf = []
        for a, b, c in f:
            ab, bc, ca = (_mid(verts, cache, a, b), _mid(verts, cache, b, c), _mid(verts, cache, c, a))
            nf += [(a, ab, ca), (b, bc, ab), (c, ca, bc), (ab, bc, ca)]
        f = nf
    unit = np.array(verts)
    r = np.full(len(unit), radius)
    if jitter and rng is not None:
        r = r * (1 + rng.uniform(-jitter, jitter, len(unit)))
    pos = unit * r[:, None] + np.asarray(centre)
    tri = np.array(f)
    return _mesh(pos, unit, tri, rgba, sway if sway is None else np.full(len(unit), sway))


def _mid(verts, cache, a, b):
    key = (min(a, b), max(a, b))
    if key not in cache:
        m = verts[a] + verts[b]
        verts.append(m / np.linalg.norm(m))
        cache[key] = len(verts) - 1
    return cache[key]


def blade(width=0.06, height=1.0, lean=0.0, yaw=0.0, rgba=WHITE, tip_rgba=None) -> Mesh:
    """One grass/reed blade: a thin triangle pair, root sway 0, tip sway 1."""
    a = np.radians(yaw)
    d = np.array([np.cos(a), 0, np.sin(a)])
    side = np.array([-np.sin(a), 0, np.cos(a)])
    root_l, root_r = -d * width / 2, d * width / 2
    mid = side * lean * 0.5 + [0, height * 0.55, 0]
    tip = side * lean + [0, height, 0]
    pos = np.array([root_l, root_r, mid - d * width * 0.35, mid + d * width * 0.35, tip])
    nrm = np.tile(_normalise(side[None] + [0, 0.6, 0]), (5, 1))
    tri = [(0, 1, 3), (0, 3, 2), (2, 3, 4)]
    m = _mesh(pos, nrm, tri, rgba, [0, 0, 0.35, 0.35, 1])
    if tip_rgba is not None:
        m.col[2:] = np.asarray(tip_rgba, np.float32) * 0.5 + m.col[2:] * 0.5
        m.col[4] = tip_rgba
    return m


def tri_blade(width=0.07, height=1.0, lean=0.0, yaw=0.0, rgba=WHITE, tip_rgba=None) -> Mesh:
    """The cheapest blade: one triangle (3 vertices), for dense grass."""
    a = np.radians(yaw)
    d = np.array([np.cos(a), 0, np.sin(a)]) * width / 2
    side = np.array([-np.sin(a), 0, np.cos(a)])
    pos = np.array([-d, d, side * lean + [0, height, 0]])
    # Lit as if facing the sky: blades face the viewer, and a side-facing
    # normal would leave back-lit grass (sun ahead) nearly black.
    nrm = np.tile(np.array([[0.0, 1.0, 0.0]]), (3, 1))
    m = _mesh(pos, nrm, [(0, 1, 2)], rgba, [0, 0, 1])
    if tip_rgba is not None:
        m.col[2] = tip_rgba
    return m


def fan(radius=0.1, petals=6, rgba=WHITE, centre=(0, 0, 0), cup=0.3, centre_rgba=None, sway=1.0) -> Mesh:
    """A flat, slightly cupped flower head: a triangle fan facing up."""
    a = np.linspace(0, 2 * np.pi, petals, endpoint=False)
    rim = np.stack([np.cos(a) * radius, np.full_like(a, radius * cup), np.sin(a) * radius], 1)
    pos = np.concatenate([[[0, 0, 0]], rim]) + np.asarray(centre)
    i = np.arange(petals)
    tri = np.stack([np.zeros(petals, int), (i + 1) % petals + 1, i + 1], 1)
    m = _mesh(pos, [(0, 1, 0)] * (petals + 1), tri, rgba, np.full(petals + 1, sway))
    if centre_rgba is not None:
        m.col[0] = centre_rgba
    return m


def blossom(radius=0.1, rgba=WHITE, centre=(0, 0, 0), heart_rgba=None, sway=1.0,
            yaws=(0.0, 90.0)) -> Mesh:
    """A flower head: diamonds facing along each yaw (crossed, by default)."""
    parts = []
    for yaw in yaws:
        a = np.radians(yaw)
        d = np.array([np.cos(a), 0, np.sin(a)]) * radius
        up = np.array([0, radius * 0.8, 0])
        pos = np.array([-d, -up * 0.6, d, up]) + np.asarray(centre)
        n = np.array([-np.sin(a), 2.0, np.cos(a)])  # lit mostly from the sky, like blades
        m = _mesh(pos, np.tile(n, (4, 1)), [(0, 1, 2), (0, 2, 3)], rgba, np.full(4, sway))
        if heart_rgba is not None:
            m.col[3] = heart_rgba
        parts.append(m)
    return merge(parts)


def card(width=1.0, height=1.0, rgba=WHITE, yaw=0.0, y0=0.0, sway=(0, 0, 1, 1)) -> Mesh:
    """Vertical quad (two triangles), both faces drawn by duplicating."""
    a = np.radians(yaw)
    d = np.array([np.cos(a), 0, np.sin(a)]) * width / 2
    n = np.array([-np.sin(a), 0.3, np.cos(a)])
    pos = np.array([-d + [0, y0, 0], d + [0, y0, 0], d + [0, y0 + height, 0], -d + [0, y0 + height, 0]])
    tri = [(0, 1, 2), (0, 2, 3), (0, 2, 1), (0, 3, 2)]
    return _mesh(pos, np.tile(n, (4, 1)), tri, rgba, sway)
