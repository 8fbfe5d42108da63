"""A big static mesh cut into wedges round the seat, so that Panda3D leaves
out, each frame, the wedges outside the view.

From the seat, 65-88 % of the flora's triangles lie outside the view in five
of the eight places. llvmpipe still shades their vertices and clips their
triangles on its one vertex thread. Twelve wedges saved 1.0-1.4 ms a frame
at the lakeside at 1280x720 (in-process A/B, 30 rounds, three times),
0.1-0.5 ms at the beach and nothing measurable on the mountain; each more
draw call costs ~0.02 ms. Boxes are loose round a long wedge (at the
lakeside the wedges in view still hold 69 % of the triangles, against 22 %
truly on screen); hexahedra fitted to the wedges left only 41 % in view but
were slower (-0.5 ms at the lakeside), so boxes they are.

The wedges run from the seat out to the place's edge and are not cut across
by distance: each keeps its triangles in their given order (the flora's
nearest first), and wedges in different directions hardly overlap on the
screen, so the early depth test keeps what the order gave it. (Cut into near
and far parts as well, a far part was drawn before a near one and the walled
garden got 1 ms slower.) What lies within `SEAT_M` of the seat is one piece,
drawn first. Bounds are boxes padded for the wind's sway. The wedges sit
under one node, so hiding, two-sidedness and shader inputs set on it reach
every wedge; walking about or in a headset the view turns, and the wedges
it turns to come in.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from panda3d.core import BoundingBox, GeomNode, NodePath, Point3

from engine.world.mesh import Mesh

SECTORS = 12
"""Wedges round the seat (30 degrees each)."""
SEAT_M = 4.0
"""What lies this near the seat is one piece, seen in every direction."""
PAD_M = 0.6
"""The bounds' margin: the wind moves plant tips by up to ~0.3 m."""


def wedge_of(points_xz: np.ndarray, seat_xz, sectors: int = SECTORS, seat_m: float = SEAT_M) -> np.ndarray:
    """Which wedge each point lies in: 0 within `seat_m` of the seat, else
    1 + its sector (counted round from behind the seat, -z)."""
    d = np.asarray(points_xz, np.float64) - np.asarray(seat_xz, np.float64)
    sector = ((np.arctan2(d[:, 0], d[:, 1]) + np.pi) / (2 * np.pi) * sectors).astype(np.int64) % sectors
    return np.where(np.hypot(d[:, 0], d[:, 1]) < seat_m, 0, 1 + sector)


def pieces(mesh: Mesh, ids: np.ndarray) -> list[tuple[int, Mesh]]:
    """The mesh's triangles grouped by id (one id per triangle; their order
    kept within each group), each group with only the vertices it uses."""
    out = []
    for k in np.unique(ids):
        tri = mesh.tri[ids == k]
        used, inverse = np.unique(tri, return_inverse=True)
        out.append((int(k), Mesh(mesh.pos[used], mesh.nrm[used], mesh.col[used], mesh.sway[used],
                                 inverse.reshape(tri.shape).astype(np.uint32))))
    return out


def boxed(node: GeomNode, pos: np.ndarray, pad: float = PAD_M) -> GeomNode:
    """Give the node fixed box bounds round these vertices, `pad` wider."""
    lo, hi = pos.min(axis=0) - pad, pos.max(axis=0) + pad
    node.setBounds(BoundingBox(Point3(*map(float, lo)), Point3(*map(float, hi))))
    return node


def wedge_nodes(parent: NodePath, name: str, mesh: Mesh, seat,
                upload: Callable[[Mesh, str], GeomNode]) -> NodePath:
    """`mesh` cut into wedges round `seat` (x, y, z) by each triangle's
    centre, each wedge uploaded as `upload(piece, name-k)`, under one node
    called `name`."""
    root = parent.attachNewNode(name)
    if len(mesh.tri) == 0:
        return root
    centre = mesh.pos[mesh.tri].mean(axis=1)
    for k, piece in pieces(mesh, wedge_of(centre[:, [0, 2]], (float(seat[0]), float(seat[2])))):
        root.attachNewNode(boxed(upload(piece, f"{name}-{k}"), piece.pos))
    return root
