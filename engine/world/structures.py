"""Structures: rooms and furniture (furniture.py), garden walls, fountains,
benches, arches, pergolas and cairns (garden.py). What their builders share
(the Kit, Lamp and mesh helpers) is in structure_parts.py; this module runs
them and turns what they collected into nodes.

Conventions for every structure (Ursina axes, y up):
- `position` is the point on the floor/ground under the structure's centre
  (for a `window`: the centre of the sill line on the wall; for a `cushion`:
  where it rests, so y is the seat height).
- `rotation` turns it about y (degrees, as `mesh.yaw_matrix`). At 0 its front
  faces -z, towards the default seat; 90 faces -x, -90 faces +x, 180 faces +z.
- `size` overrides the kind's default (width x, height y, depth z).

Everything static is merged into a few GeomNodes, one per shader: `solid`
(the world's lit shader, light baked per vertex), `glow` (self-lit, static),
and the animated layers (fire, halo sprites, window rain, fountain water,
flowing water), each a function of the session clock only; their GLSL is in
glsl/ (card_uv.vert, fire.*, glow_sprite.frag, window.frag,
fountain_pool.frag, falling_water.frag).

Indoors the sun does not reach: light is baked from the room's own sources
instead. The `light` column's first term is the fire's share (the solid
node's `u_key` is set to the fire's colour, breathing gently), the second the
steady share (lamps, window, room ambient; scaled by the world's ambient).
"""
from __future__ import annotations

import math

import numpy as np
from panda3d.core import (
    ColorBlendAttrib, GeomNode, NodePath, TransparencyAttrib,
)

from engine.world import furniture, garden, shaders
from engine.world.colour import mix, rgb, vec
from engine.world.mesh import Mesh, baked_light, geom_node, merge, merge_nearest_first, vertex_format
from engine.world.structure_parts import Kit, Lamp

INTERIOR_KINDS = ("room", "window", "fireplace", "lamp", "sofa", "armchair", "rug", "cushion",
                  "bookshelf", "table")
GARDEN_KINDS = ("wall", "fountain", "bench", "arch", "pergola", "cairn")


def uv_shader(key: str, frag: str, vert: str = "card_uv.vert"):
    """The shader of an animated layer: two files of glsl/."""
    return shaders.program("structures-" + key, vert, frag)


# ---------------------------------------------------------------- nodes

def upload(mesh: Mesh, name: str, light: np.ndarray) -> GeomNode:
    """Like mesh.to_geom_node, but the `light` column is given (baked room
    light, or uv for the animated shaders)."""
    if mesh.n == 0:
        return GeomNode(name)
    return geom_node(name, vertex_format(),
                     [mesh.pos, mesh.col, np.asarray(light, np.float32).reshape(-1, 2), mesh.sway[:, None]], mesh.tri)


def room_light(mesh: Mesh, lights: list[Lamp], ambient: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Baked indoor light: (n,2) terms (fire, steady) and a warm tint per vertex."""
    p, n = mesh.pos, mesh.nrm
    fire = np.zeros(mesh.n, np.float32)
    steady = ambient * (0.72 + 0.28 * n[:, 1]) * (0.8 + 0.2 * np.clip(p[:, 1] / 1.2, 0, 1))
    warm = np.zeros(mesh.n, np.float32)
    for lamp in lights:
        d = np.asarray(lamp.pos, np.float32) - p
        dist = np.linalg.norm(d, axis=1) + 1e-4
        lam = np.clip((np.sum(n * d, axis=1) / dist + 0.25) / 1.25, 0, 1)
        term = lamp.strength * lam / (1.0 + (dist / lamp.radius) ** 2)
        if lamp.term == "fire":
            fire += term
        else:
            steady += term
            warm += term * lamp.warm
    return np.stack([fire, steady], 1).astype(np.float32), np.clip(warm, 0, 1)


# ---------------------------------------------------------------- build


def build(world, rng) -> None:
    """Build every structure of the place under world.parts['structures']."""
    place = world.place
    if not place.structures:
        return None
    kit = Kit(world, rng)
    for s in place.structures:
        if s.kind in INTERIOR_KINDS:
            furniture.BUILDERS[s.kind](kit, s)
        else:
            garden.BUILDERS[s.kind](kit, s)
        kit.counts[s.kind] = kit.counts.get(s.kind, 0) + 1
    if not place.indoor:
        garden.paths(kit)
    root = world.root.attachNewNode("structures")
    world.parts["structures"] = root
    _finish(kit, root)
    return root


def _finish(kit: Kit, root: NodePath) -> None:
    world = kit.world
    place = kit.place
    indoor = place.indoor
    # the room's shell last: everything else stands in front of it
    solid = merge([merge_nearest_first(kit.layers.get("solid", []), place.camera.position)] + kit.layers.get("shell", []))
    if solid.n:
        if indoor:
            light, warm = room_light(solid, kit.lights, ambient=0.42)
            warm_col = np.array([1.0, 0.78, 0.55, 1.0], np.float32)
            solid.col = solid.col * (1 - 0.35 * warm[:, None]) + solid.col * warm_col * (0.35 * warm[:, None])
            node = root.attachNewNode(upload(solid, "structures-solid", light))
        else:
            node = root.attachNewNode(upload(solid, "structures-solid", baked_light(solid.nrm, world.rig.sun_dir)))
        node.setTwoSided(False)
        if indoor:
            _fire_key(kit, node)
    # Self-lit, static: lamp shades, embers, candle wax tops.
    glow = merge(kit.layers.get("glow", []))
    if glow.n:
        g = root.attachNewNode(upload(glow, "structures-glow", np.zeros((glow.n, 2), np.float32)))
        g.setShader(shaders.glow())
        g.setShaderInput("u_glow", 1.0)
    embers = merge(kit.layers.get("embers", []))
    if embers.n:
        e = root.attachNewNode(upload(embers, "structures-embers", np.zeros((embers.n, 2), np.float32)))
        e.setShader(shaders.glow())
        e.setShaderInput("u_glow", 1.0)
        world.updaters.append(_glow_updater(e, 0.07, 0.8))
    _uv_layer(kit, root, "window", "window.frag", blend=None)
    pool = _uv_layer(kit, root, "pool", "fountain_pool.frag", blend="alpha")
    if pool is not None:
        pool.setShaderInput("u_sky", vec(rgb(kit.pal.sky_horizon)))
    _uv_layer(kit, root, "flow", "falling_water.frag", blend="alpha", two_sided=True)
    fire = _uv_layer(kit, root, "fire", "fire.frag", vert="fire.vert", blend="add", two_sided=True)
    if fire is not None:
        world.updaters.append(_glow_updater(fire, 0.06, 1.7))
    halo = _uv_layer(kit, root, "halo", "glow_sprite.frag", blend="add", two_sided=True)
    if halo is not None and kit.fires:
        world.updaters.append(_glow_updater(halo, 0.04, 2.9))
    win = root.find("structures-window")
    if not win.isEmpty():
        pal = kit.pal
        win.setShaderInput("u_top", vec(rgb(pal.sky_top)))
        win.setShaderInput("u_horizon", vec(rgb(pal.sky_horizon)))
        win.setShaderInput("u_land", vec(mix(rgb(pal.sky_top), rgb(pal.foliage), 0.35) * 0.28))
        win.setShaderInput("u_warm", vec(rgb(pal.light) * np.array([1.0, 0.8, 0.5])))
        win.setShaderInput("u_rain", 1.0 if place.time_of_day in ("dusk", "night", "dawn") or any(
            sd.layer in ("rain", "rain-window") for sd in place.sounds) else 0.0)


def _uv_layer(kit: Kit, root: NodePath, name: str, frag: str, vert: str = "card_uv.vert", blend: str | None = None,
              two_sided: bool = False):
    meshes = kit.layers.get(name, [])
    if not meshes:
        return None
    mesh = merge(meshes)
    uv = np.concatenate(kit.uvs[name])
    np_ = root.attachNewNode(upload(mesh, "structures-" + name, uv))
    np_.setShader(uv_shader(name, frag, vert))
    np_.setShaderInput("u_glow", 1.0)
    if blend == "add":
        np_.setAttrib(ColorBlendAttrib.make(ColorBlendAttrib.M_add, ColorBlendAttrib.O_one, ColorBlendAttrib.O_one))
        np_.setDepthWrite(False)
        np_.setBin("fixed", 40)
    elif blend == "alpha":
        np_.setTransparency(TransparencyAttrib.M_alpha)
        np_.setDepthWrite(False)
        np_.setBin("fixed", 35)
    if two_sided:
        np_.setTwoSided(True)
    return np_


# ---------------------------------------------------------------- fire light


def flicker(t: float, amount: float, phase: float = 0.0) -> float:
    """A smooth, slow breathing of brightness: 1 +- amount, a sum of sines at
    0.11-1.1 Hz (no steps; its largest change in 1/30 s is under amount/4)."""
    w = 2 * math.pi
    s = (0.45 * math.sin(w * 0.11 * t + phase) + 0.3 * math.sin(w * 0.29 * t + 1.3 + phase)
         + 0.17 * math.sin(w * 0.53 * t + 2.1 + phase) + 0.08 * math.sin(w * 1.1 * t + 0.4 + phase))
    return 1.0 + amount * s


def _glow_updater(node: NodePath, amount: float, phase: float):
    def update(t: float, cam_pos) -> None:
        node.setShaderInput("u_glow", flicker(t, amount, phase))
    return update


FIRE_LIGHT = np.array([1.0, 0.56, 0.26], np.float32)


def _fire_key(kit: Kit, node: NodePath) -> None:
    """Indoors the solid node's key light is the fire (or a warm lamp glow when
    there is none): its colour breathes by a few percent, smoothly."""
    world = kit.world
    col = FIRE_LIGHT * (0.55 + 0.45 * rgb(kit.pal.light))
    amount = 0.045 if kit.fires else 0.0

    def update(t: float, cam_pos) -> None:
        node.setShaderInput("u_key", vec(col * (flicker(t, amount) * world.key_gain)))
    node.setShaderInput("u_key", vec(col * world.key_gain))
    world.updaters.append(update)
