"""Sky dome: palette gradient, sun or moon with a soft glow, stars at night.

The dome follows the camera and is drawn after opaque geometry (its own cull
bin) so llvmpipe shades only the pixels the land leaves uncovered. The
shaders are glsl/sky.* (the dome) and glsl/sky_dot.* (sun, moon, stars).
"""
from __future__ import annotations

import numpy as np
from panda3d.core import CullBinEnums, CullBinManager, NodePath, TransparencyAttrib

from engine.config.place import Place
from engine.world import shaders
from engine.world.colour import rgb, vec
from engine.world.lighting import LightRig
from engine.world.mesh import Mesh, to_geom_node

SKY_RADIUS = 900.0


# Sun, moon and stars: small camera-facing cards; `sway` carries the card
# corner (0..3) so the fragment shader (glsl/sky_dot.frag) draws a soft round dot.
def dot_cards(dirs: np.ndarray, half: np.ndarray, rgba: np.ndarray, radius: float) -> Mesh:
    """One square card per direction, facing the dome's centre."""
    n = len(dirs)
    up = np.where(np.abs(dirs[:, 1:2]) > 0.95, [[1.0, 0, 0]], [[0, 1.0, 0]])
    right = np.cross(up, dirs)
    right /= np.linalg.norm(right, axis=1, keepdims=True)
    upv = np.cross(dirs, right)
    centre = dirs * radius
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], np.float32)
    pos = (centre[:, None, :] + half[:, None, None] * (corners[None, :, 0:1] * right[:, None, :]
                                                       + corners[None, :, 1:2] * upv[:, None, :]))
    tri = (np.array([[0, 1, 2], [0, 2, 3]])[None] + 4 * np.arange(n)[:, None, None]).reshape(-1, 3)
    return Mesh(pos.reshape(-1, 3).astype(np.float32), np.tile(-dirs, (1, 4)).reshape(-1, 3).astype(np.float32),
                np.repeat(rgba, 4, axis=0).astype(np.float32), np.tile(np.arange(4, dtype=np.float32), n),
                np.concatenate([tri, tri[:, ::-1]]).astype(np.uint32))


def star_field(seed: int, count: int = 900) -> Mesh:
    rng = np.random.default_rng(seed + 77)
    v = rng.normal(size=(count * 3, 3))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    v = v[v[:, 1] > 0.05][:count]
    bright = rng.uniform(0.35, 1.0, len(v)) ** 2 * np.clip(v[:, 1] * 4, 0, 1)
    tint = np.stack([0.9 + 0.1 * rng.uniform(size=len(v)), np.full(len(v), 0.95), np.ones(len(v))], 1)
    rgba = np.concatenate([tint * bright[:, None], np.ones((len(v), 1))], 1)
    half = SKY_RADIUS * 0.0021 * rng.uniform(0.7, 1.3, len(v))
    return dot_cards(v, half, rgba, SKY_RADIUS * 0.97)


_BIN = "haven-sky"
NEAR_BIN = "haven-near"


def _ensure_bin() -> None:
    mgr = CullBinManager.getGlobalPtr()
    if mgr.findBin(_BIN) < 0:
        mgr.addBin(_BIN, CullBinEnums.BT_fixed, 25)  # after opaque (20), before transparent (30)


def ensure_near_bin() -> None:
    """Opaque things sorted nearest first, drawn before the default opaque bin."""
    mgr = CullBinManager.getGlobalPtr()
    if mgr.findBin(NEAR_BIN) < 0:
        mgr.addBin(NEAR_BIN, CullBinEnums.BT_front_to_back, 15)


def dome(radius: float = SKY_RADIUS, segments: int = 48) -> Mesh:
    """A sphere of latitude rings, dense near the horizon where the per-vertex
    gradient changes fastest, sparse overhead and below."""
    lat = np.radians(np.array([-90, -40, -15, -6, -2.5, -1, 0, 1, 2.5, 4.5, 7, 10, 14, 19, 25,
                               33, 43, 55, 70, 90], np.float32))
    lon = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    y = np.sin(lat)[:, None].repeat(segments, 1)
    r = np.cos(lat)[:, None]
    unit = np.stack([r * np.cos(lon), y, r * np.sin(lon)], -1).reshape(-1, 3).astype(np.float32)
    rows = len(lat)
    j = np.arange(segments)
    k = (j + 1) % segments
    tri = np.concatenate([np.stack([i * segments + j, i * segments + k, (i + 1) * segments + k], 1)
                          for i in range(rows - 1)] +
                         [np.stack([i * segments + j, (i + 1) * segments + k, (i + 1) * segments + j], 1)
                          for i in range(rows - 1)])
    return Mesh(unit * radius, -unit, np.ones((len(unit), 4), np.float32), np.zeros(len(unit), np.float32),
                tri.astype(np.uint32))


def build_sky(place: Place, rig: LightRig, parent: NodePath) -> NodePath:
    _ensure_bin()
    mesh = dome()
    np_ = parent.attachNewNode(to_geom_node(mesh, "sky"))
    pal = place.palette
    night = place.time_of_day == "night"
    np_.setShader(shaders.program("sky", "sky.vert", "sky.frag"))
    np_.setShaderInput("u_top", vec(rgb(pal.sky_top)))
    np_.setShaderInput("u_horizon", vec(rgb(pal.sky_horizon)))
    np_.setShaderInput("u_below", vec(rgb(pal.resolve("fog")) * 0.85))
    np_.setShaderInput("u_sun_dir", rig.panda_sun())
    np_.setShaderInput("u_sun_col", vec(rgb(pal.light) * (0.75 if night else 1.0)))
    np_.setShaderInput("u_glow", 1.0)
    np_.setBin(_BIN, 0)
    np_.setDepthWrite(False)
    np_.node().setBounds(_infinite())
    np_.node().setFinal(True)
    disc_col = np.append(rgb(pal.light) * (0.95 if night else 1.0) + 0.08, 1.0)[None]
    half = SKY_RADIUS * (0.026 if night else 0.03)
    _dots(np_, "sun", dot_cards(rig.sun_dir[None], np.array([half]), disc_col, SKY_RADIUS * 0.98), 0.55, 2)
    if night:
        _dots(np_, "stars", star_field(place.seed), 0.0, 1)
    return np_


def _dots(sky: NodePath, name: str, mesh: Mesh, edge: float, sort: int) -> NodePath:
    node = sky.attachNewNode(to_geom_node(mesh, name))
    node.setShader(shaders.program("sky-dots", "sky_dot.vert", "sky_dot.frag"))
    node.setShaderInput("u_edge", edge)
    node.setTransparency(TransparencyAttrib.M_alpha)
    node.setBin(_BIN, sort)
    node.setDepthWrite(False)
    return node


def _infinite():
    from panda3d.core import OmniBoundingVolume
    return OmniBoundingVolume()
