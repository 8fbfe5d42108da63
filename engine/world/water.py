"""Water: a vertex-animated grid with gentle waves, sky reflection and a
soft moving foam line where it meets the shore.

The shore depth under each vertex is baked into the `sway` column at build
time (water never sways), so the shader knows where the shoreline is
without reading the terrain. The shaders are glsl/water.vert and .frag.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import NodePath, TransparencyAttrib

from engine.config.place import Place
from engine.world import shaders
from engine.world.colour import rgb, vec
from engine.world.mesh import Mesh, to_geom_node
from engine.world.terrain import Heightfield


def water_mesh(place: Place, hf: Heightfield) -> Mesh:
    w = place.water
    cx, cz = w.position
    sx, sz = w.size
    if w.kind == "sea":
        sx, sz = max(sx, 900.0), max(sz, 700.0)
        cz = cz + sz / 2 - w.size[1] / 2
    n = 56 if w.kind == "sea" else 44
    # Denser rows near the viewer: spacing grows quadratically with distance.
    u = np.linspace(0, 1, n, dtype=np.float32)
    xs = cx - sx / 2 + sx * u
    zs = cz - sz / 2 + sz * (u ** 2 if w.kind == "sea" else u)
    x, z = np.meshgrid(xs, zs)
    depth = np.clip(w.level - hf.sample(x, z), -1.0, 50.0).astype(np.float32)
    pos = np.stack([x, np.full_like(x, w.level), z], -1).reshape(-1, 3)
    i = np.arange(n - 1)
    a = (i[:, None] * n + i[None, :]).ravel()
    tri = np.concatenate([np.stack([a, a + n, a + n + 1], 1), np.stack([a, a + n + 1, a + 1], 1)])
    col = np.ones((n * n, 4), np.float32)
    nrm = np.tile(np.array([0, 1, 0], np.float32), (n * n, 1))
    return Mesh(pos.astype(np.float32), nrm, col, depth.ravel(), tri.astype(np.uint32))


def build_water(place: Place, hf: Heightfield, parent: NodePath) -> NodePath | None:
    w = place.water
    if w is None or w.kind == "fountain":
        return None
    np_ = parent.attachNewNode(to_geom_node(water_mesh(place, hf), "water"))
    np_.setShader(shaders.program("water", "water.vert", "water.frag"))
    np_.setShaderInput("u_wave_h", w.wave_height)
    np_.setShaderInput("u_wave_speed", w.wave_speed)
    np_.setShaderInput("u_water", vec(rgb(place.palette.resolve(w.colour))))
    np_.setShaderInput("u_sky", vec(rgb(place.palette.sky_horizon)))
    np_.setShaderInput("u_foam", 1.0 if w.kind in ("sea", "lake") else 0.5)
    np_.setTransparency(TransparencyAttrib.M_alpha)
    np_.setDepthWrite(False)
    np_.setTwoSided(True)
    return np_
