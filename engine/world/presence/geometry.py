"""Mesh-building for the modelled forms: soft rounded parts (ellipsoids,
tapered capsules, bodies of revolution, leaf-like ears) with smooth normals,
rotations, and colour helpers that pale a belly or darken a back; plus the
few fixed colours the animals share (eyes, noses, cream).
"""
from __future__ import annotations

import math

import numpy as np
from panda3d.core import NodePath

from engine.world.mesh import Mesh, _normalise
from engine.world.shapes import icosphere

DARK_EYE = (0.16, 0.11, 0.09)
NOSE = (0.2, 0.14, 0.12)
CREAM = (1.0, 0.96, 0.88)


def rot(h: float = 0.0, p: float = 0.0, r: float = 0.0) -> np.ndarray:
    """Rotation of mesh points (degrees): roll r about z (positive lifts +x),
    then pitch p about x (positive dips +z), then heading h about y
    (positive turns +z toward +x)."""
    h, p, r = np.radians([h, p, r])
    ry = np.array([[math.cos(h), 0, math.sin(h)], [0, 1, 0], [-math.sin(h), 0, math.cos(h)]])
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    return (ry @ rx @ rz).astype(np.float32)


def _rgba(c) -> np.ndarray:
    c = np.asarray(c, np.float32)
    return np.append(c[:3], 1.0).astype(np.float32) if c.size == 3 else c


def mix(a, b, k: float) -> np.ndarray:
    return (np.asarray(a, np.float32)[:3] * (1 - k) + np.asarray(b, np.float32)[:3] * k).astype(np.float32)


def _fix_winding(m: Mesh) -> Mesh:
    """Every triangle counter-clockwise seen from where its normals point."""
    a, b, c = (m.pos[m.tri[:, i]] for i in range(3))
    face = np.cross(b - a, c - a)
    nrm = m.nrm[m.tri].sum(1)
    flip = (face * nrm).sum(1) < 0
    m.tri[flip] = m.tri[flip][:, ::-1]
    return m


def ellip(radii, at, colour, R=None, subdiv: int = 2, emit: float = 0.0) -> Mesh:
    """An ellipsoid (smooth normals) centred at `at`, turned by R."""
    m = icosphere(1.0, subdiv=subdiv)
    r = np.asarray(radii, np.float32)
    m.pos = m.pos * r
    m.nrm = _normalise(m.nrm / r)
    if R is not None:
        m.pos = m.pos @ R.T
        m.nrm = m.nrm @ R.T
    m.pos = (m.pos + np.asarray(at, np.float32)).astype(np.float32)
    m.col[:] = _rgba(colour)
    m.sway[:] = emit
    return _fix_winding(m)


def capsule(p0, p1, r0: float, r1: float, colour, sides: int = 10, rings: int = 3, emit: float = 0.0) -> Mesh:
    """A tapered tube from p0 to p1 with round ends (a limb, a neck, a tail)."""
    p0, p1 = np.asarray(p0, np.float32), np.asarray(p1, np.float32)
    axis = p1 - p0
    length = float(np.linalg.norm(axis))
    d = axis / max(length, 1e-6)
    u = np.cross(d, [0.0, 0.0, 1.0] if abs(d[2]) < 0.9 else [1.0, 0.0, 0.0])
    u /= np.linalg.norm(u)
    v = np.cross(d, u)
    prof = []   # (axial, radius, normal axial, normal radial)
    for k in range(rings + 1):
        th = -math.pi / 2 + k * (math.pi / 2) / rings
        prof.append((r0 * math.sin(th), r0 * math.cos(th), math.sin(th), math.cos(th)))
    for k in range(rings + 1):
        th = k * (math.pi / 2) / rings
        prof.append((length + r1 * math.sin(th), r1 * math.cos(th), math.sin(th), math.cos(th)))
    a = np.linspace(0, 2 * math.pi, sides, endpoint=False)
    ring = np.cos(a)[:, None] * u + np.sin(a)[:, None] * v
    pos, nrm = [], []
    for ax, rad, na, nr in prof:
        pos.append(p0 + d * ax + ring * rad)
        nrm.append(d * na + ring * nr)
    pos = np.concatenate(pos).astype(np.float32)
    nrm = _normalise(np.concatenate(nrm).astype(np.float32))
    tri = []
    i = np.arange(sides)
    j = (i + 1) % sides
    for k in range(len(prof) - 1):
        b0, b1 = k * sides, (k + 1) * sides
        tri.append(np.stack([b0 + i, b1 + i, b0 + j], 1))
        tri.append(np.stack([b0 + j, b1 + i, b1 + j], 1))
    m = Mesh(pos, nrm, np.tile(_rgba(colour), (len(pos), 1)), np.full(len(pos), emit, np.float32),
             np.concatenate(tri).astype(np.uint32))
    return _fix_winding(m)


def cone_ear(base, tip, radius: float, colour, flat: float = 0.45, sides: int = 8) -> Mesh:
    """A soft pointed ear: a flattened cone from a round base to a tip."""
    m = capsule(base, tip, radius, radius * 0.12, colour, sides=sides, rings=2)
    d = np.asarray(tip, np.float32) - np.asarray(base, np.float32)
    d /= np.linalg.norm(d)
    c = np.asarray(base, np.float32)
    rel = m.pos - c
    # flatten across the ear (along z, toward the viewer) so it is a leaf, not a horn
    rel[:, 2] *= flat
    m.pos = (rel + c).astype(np.float32)
    m.nrm = _normalise(m.nrm * np.array([1, 1, 1 / flat], np.float32))
    return _fix_winding(m)


def countershade(m: Mesh, light, k: float = 0.8, lo: float = -0.1, hi: float = -0.75) -> Mesh:
    """Lighter where the surface faces down (belly, chin, chest under)."""
    w = np.clip((m.nrm[:, 1] - lo) / (hi - lo), 0, 1) * k
    m.col[:, :3] = m.col[:, :3] * (1 - w[:, None]) + np.asarray(light, np.float32)[:3] * w[:, None]
    return m


def smooth_normals(pos: np.ndarray, tri: np.ndarray) -> np.ndarray:
    face = np.cross(pos[tri[:, 1]] - pos[tri[:, 0]], pos[tri[:, 2]] - pos[tri[:, 0]])
    nrm = np.zeros_like(pos)
    for k in range(3):
        np.add.at(nrm, tri[:, k], face)
    return _normalise(nrm)


def lathe(profile, colour, sides: int = 18, centre=(0.0, 0.0), dome: float = 0.25) -> Mesh:
    """A smooth body of revolution with an oval section: profile rows are
    (y, radius across x, radius along z), bottom to top; the top closes."""
    prof = np.asarray(profile, np.float32)
    a = np.linspace(0, 2 * math.pi, sides, endpoint=False)
    pos = np.concatenate([np.stack([centre[0] + np.cos(a) * rx, np.full(sides, y), centre[1] + np.sin(a) * rz], 1)
                          for y, rx, rz in prof]).astype(np.float32)
    i = np.arange(sides)
    j = (i + 1) % sides
    tri = []
    for k in range(len(prof) - 1):
        b0, b1 = k * sides, (k + 1) * sides
        tri.append(np.stack([b0 + i, b1 + i, b0 + j], 1))
        tri.append(np.stack([b0 + j, b1 + i, b1 + j], 1))
    top = len(pos)
    pos = np.concatenate([pos, [[centre[0], prof[-1, 0] + dome * prof[-1, 1], centre[1]]]]).astype(np.float32)
    b0 = (len(prof) - 1) * sides
    tri.append(np.stack([b0 + i, np.full(sides, top), b0 + j], 1))
    tri = np.concatenate(tri).astype(np.uint32)
    nrm = smooth_normals(pos, tri)
    radial = pos[:sides] - np.array([centre[0], pos[0, 1], centre[1]], np.float32)
    if (nrm[:sides] * radial).sum() < 0:       # built inside out: turn it round
        nrm = -nrm
    m = Mesh(pos, nrm, np.tile(_rgba(colour), (len(pos), 1)), np.zeros(len(pos), np.float32), tri)
    return _fix_winding(m)


def shade_back(m: Mesh, dark, k: float = 0.35) -> Mesh:
    """A little darker along the top (the back, the crown)."""
    w = np.clip(m.nrm[:, 1], 0, 1) ** 2 * k
    m.col[:, :3] = m.col[:, :3] * (1 - w[:, None]) + np.asarray(dark, np.float32)[:3] * w[:, None]
    return m


def tri_count(node: NodePath) -> int:
    n = 0
    for g in node.findAllMatches("**/+GeomNode"):
        gn = g.node()
        for i in range(gn.getNumGeoms()):
            for p in range(gn.getGeom(i).getNumPrimitives()):
                n += gn.getGeom(i).getPrimitive(p).getNumFaces()
    return n


def lighten(m: Mesh, colour, w: np.ndarray) -> Mesh:
    w = np.clip(w, 0, 1)[:, None]
    m.col[:, :3] = m.col[:, :3] * (1 - w) + np.asarray(colour, np.float32)[:3] * w
    return m


def front_pale(m: Mesh, colour, k: float = 0.6) -> Mesh:
    """Paler on the front and underside (a throat, a chest)."""
    n = m.nrm
    w = np.clip(0.2 + 0.8 * n[:, 2], 0, 1) * np.clip(0.7 - 0.6 * n[:, 1], 0, 1)
    return lighten(m, colour, k * w * w * (3 - 2 * w))
