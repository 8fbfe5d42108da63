"""Numpy mesh building: many small shapes baked into a few big Panda3D geoms.

llvmpipe's cost follows draw calls, vertices and lit fragments (see
engine-notes.md), so every world object is generated as numpy arrays,
transformed in bulk and uploaded as one GeomNode per chunk. Each vertex
carries position, colour, baked light terms and a `sway` weight (0 at the
root of a plant, 1 at its tip) that the world shader uses for wind.

Light is baked because llvmpipe runs vertex shaders on one thread: the
shader only scales two stored terms (sun-facing `diffuse`, sky-facing
`sky`) by the key and ambient colours that the breathing light drives.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from panda3d.core import (
    Geom, GeomNode, GeomTriangles, GeomVertexArrayFormat, GeomVertexData,
    GeomVertexFormat, InternalName,
)

UP = np.array([0.0, 1.0, 0.0], np.float32)


@lru_cache(maxsize=None)
def float_format(*columns: tuple[str, int]) -> GeomVertexFormat:
    """A registered, interleaved float32 vertex format from (name, size)
    columns; 'vertex', 'color' and 'normal' are Panda3D's own."""
    kinds = {"vertex": (InternalName.getVertex(), Geom.C_point), "color": (InternalName.getColor(), Geom.C_color),
             "normal": (InternalName.getNormal(), Geom.C_normal)}
    arr = GeomVertexArrayFormat()
    for name, size in columns:
        internal, contents = kinds.get(name, (InternalName.make(name), Geom.C_other))
        arr.addColumn(internal, size, Geom.NT_float32, contents)
    return GeomVertexFormat.registerFormat(GeomVertexFormat(arr))


def vertex_format() -> GeomVertexFormat:
    """position, colour (float4), light (diffuse, sky) and sway, interleaved."""
    return float_format(("vertex", 3), ("color", 4), ("light", 2), ("sway", 1))


@dataclass
class Mesh:
    """Triangles as arrays: pos (n,3), nrm (n,3), col (n,4), sway (n,), tri (m,3)."""
    pos: np.ndarray
    nrm: np.ndarray
    col: np.ndarray
    sway: np.ndarray
    tri: np.ndarray

    @property
    def n(self) -> int:
        return len(self.pos)

    def copy(self) -> "Mesh":
        return Mesh(self.pos.copy(), self.nrm.copy(), self.col.copy(), self.sway.copy(), self.tri.copy())

    def transformed(self, scale=1.0, yaw=0.0, offset=(0, 0, 0)) -> "Mesh":
        m = self.copy()
        rot = yaw_matrix(yaw)
        m.pos = (m.pos * np.asarray(scale, np.float32)) @ rot.T + np.asarray(offset, np.float32)
        m.nrm = _normalise((m.nrm / np.asarray(scale, np.float32)) @ rot.T)
        return m


def _normalise(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return (v / np.maximum(n, 1e-9)).astype(np.float32)


def yaw_matrix(yaw_deg: float) -> np.ndarray:
    a = np.radians(yaw_deg)
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]], np.float32)


def merge(meshes: list[Mesh]) -> Mesh:
    meshes = [m for m in meshes if m.n]
    if not meshes:
        return empty()
    offsets = np.cumsum([0] + [m.n for m in meshes[:-1]])
    return Mesh(
        np.concatenate([m.pos for m in meshes]).astype(np.float32),
        np.concatenate([m.nrm for m in meshes]).astype(np.float32),
        np.concatenate([m.col for m in meshes]).astype(np.float32),
        np.concatenate([m.sway for m in meshes]).astype(np.float32),
        np.concatenate([m.tri + o for m, o in zip(meshes, offsets)]).astype(np.uint32),
    )


def empty() -> Mesh:
    z3 = np.zeros((0, 3), np.float32)
    return Mesh(z3, z3.copy(), np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros((0, 3), np.uint32))


def instance(base: Mesh, xyz: np.ndarray, yaw_deg: np.ndarray, scale: np.ndarray,
             colours: np.ndarray | None = None) -> Mesh:
    """Bake N copies of `base` (positions xyz (N,3), yaw, scale (N,) or (N,3)),
    optionally tinting each copy by colours (N,4) multiplied into base colour."""
    n = len(xyz)
    if n == 0:
        return empty()
    a = np.radians(yaw_deg).astype(np.float32)
    c, s = np.cos(a), np.sin(a)
    sc = np.asarray(scale, np.float32)
    sc = np.broadcast_to(sc[:, None] if sc.ndim == 1 else sc, (n, 3))
    p = base.pos[None, :, :] * sc[:, None, :]  # (N,V,3)
    x = p[..., 0] * c[:, None] + p[..., 2] * s[:, None]
    z = -p[..., 0] * s[:, None] + p[..., 2] * c[:, None]
    pos = np.stack([x, p[..., 1], z], -1) + xyz[:, None, :].astype(np.float32)
    nb = base.nrm[None, :, :] / sc[:, None, :]
    nx = nb[..., 0] * c[:, None] + nb[..., 2] * s[:, None]
    nz = -nb[..., 0] * s[:, None] + nb[..., 2] * c[:, None]
    nrm = _normalise(np.stack([nx, nb[..., 1], nz], -1))
    col = np.broadcast_to(base.col[None], (n,) + base.col.shape).copy()
    if colours is not None:
        col *= np.asarray(colours, np.float32)[:, None, :]
    tri = base.tri[None, :, :] + (np.arange(n, dtype=np.uint32) * base.n)[:, None, None]
    return Mesh(pos.reshape(-1, 3), nrm.reshape(-1, 3), col.reshape(-1, 4),
                np.tile(base.sway, n), tri.reshape(-1, 3).astype(np.uint32))


def baked_light(nrm: np.ndarray, sun_dir: np.ndarray) -> np.ndarray:
    """(n, 2): wrapped diffuse toward the sun, and how much the normal faces the sky."""
    # Generously wrapped: shaded sides still get some key light, a softer,
    # calmer look than hard Lambert (and back-lit rocks are not black).
    diffuse = np.clip((nrm @ np.asarray(sun_dir, np.float32) + 0.5) / 1.5, 0, 1)
    sky = 0.6 + 0.4 * nrm[:, 1]
    return np.stack([diffuse, sky], 1).astype(np.float32)


def order_triangles(mesh: Mesh, key: np.ndarray) -> Mesh:
    """Stable-sort triangles by a per-triangle key. Give every triangle of an
    object the same key (its distance from the seat): objects are then drawn
    nearest first, so llvmpipe's early depth test skips what they hide, while
    each object's triangles stay together and share their shaded vertices
    (sorting single triangles apart made the garden 30% slower)."""
    if len(mesh.tri):
        mesh.tri = mesh.tri[np.argsort(key, kind="stable")]
    return mesh


def merge_nearest_first(meshes: list[Mesh], point) -> Mesh:
    """Merge parts so that the part nearest `point` is drawn first."""
    p = np.asarray(point, np.float32)
    dist = [float(np.linalg.norm(m.pos.mean(axis=0) - p)) if m.n else 0.0 for m in meshes]
    return merge([meshes[i] for i in np.argsort(dist, kind="stable")])


def geom_node(name: str, fmt: GeomVertexFormat, columns: list[np.ndarray], tri: np.ndarray) -> GeomNode:
    """One GeomNode from per-vertex columns (interleaved as ``fmt`` lays them
    out) and triangles; uint32 indices, fine on any GL 3 driver.

    Ursina runs Panda3D in y-up-left coordinates: positions go in as they are;
    shapes are written counter-clockwise as seen in right-handed terms, so the
    winding is reversed on upload."""
    node = GeomNode(name)
    n = len(columns[0])
    if n == 0:
        return node
    vdata = GeomVertexData(name, fmt, Geom.UH_static)
    vdata.uncleanSetNumRows(n)
    inter = np.concatenate(columns, axis=1).astype(np.float32)
    vdata.modifyArrayHandle(0).copyDataFrom(np.ascontiguousarray(inter))
    prim = GeomTriangles(Geom.UH_static)
    prim.setIndexType(Geom.NT_uint32)
    prim.modifyVertices().modifyHandle().copyDataFrom(np.ascontiguousarray(tri[:, ::-1].astype(np.uint32).ravel()))
    geom = Geom(vdata)
    geom.addPrimitive(prim)
    node.addGeom(geom)
    return node


def to_geom_node(mesh: Mesh, name: str = "mesh", sun_dir: np.ndarray = UP) -> GeomNode:
    """Upload a mesh with its light baked from the sun's direction."""
    if mesh.n == 0:
        return GeomNode(name)
    return geom_node(name, vertex_format(),
                     [mesh.pos, mesh.col, baked_light(mesh.nrm, sun_dir), mesh.sway[:, None]], mesh.tri)
