"""The modelled forms' shader and vertex format.

One shader of their own (glsl/presence_shape.vert with
glsl/vertex_colour.frag): the world's lit one plus what a presence needs.
Light is computed from normals, so it stays right however the form turns;
a warm rim light and emissive parts are scaled by glow and welcome;
`u_alpha` fades it. The vertex format adds to position, colour and normal
`emit` (how much the vertex glows) and `dcol` (how its colour follows the
presence colour), so a colour glide needs no rebuilding.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import (
    GeomNode, GeomVertexFormat,
)

from engine.world import shaders
from engine.world.mesh import Mesh, float_format, geom_node


def shape_shader():
    return shaders.program("presence-shape", "presence_shape.vert", "vertex_colour.frag")


def _vertex_format() -> GeomVertexFormat:
    """position, colour, normal, `emit` (how much the vertex glows) and
    `dcol` (how its colour follows the presence colour, per channel)."""
    return float_format(("vertex", 3), ("color", 4), ("normal", 3), ("emit", 1), ("dcol", 3))


def to_node(mesh: Mesh, name: str, dcol: np.ndarray | None = None) -> GeomNode:
    """Upload a mesh (its `sway` column carries the emit weight; `dcol`, N x 3,
    how each vertex's colour moves with the presence colour)."""
    if mesh.n == 0:
        return GeomNode(name)
    dcol = np.zeros((mesh.n, 3), np.float32) if dcol is None else np.asarray(dcol, np.float32)
    return geom_node(name, _vertex_format(), [mesh.pos, mesh.col, mesh.nrm, mesh.sway[:, None], dcol], mesh.tri)
