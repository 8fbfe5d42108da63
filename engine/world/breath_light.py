"""The place's own breathing light: a lantern on a rock by the sea, a candle
on the table, a sunbeam on the glade's floor, a soft orb among the flowers,
the sun's path on the lake, a glow resting over the cloud sea, a gathering
of fireflies. It sits in the lower middle of the seated view (above the
captions), grows and brightens as the breath comes in, rests at the top
through a hold and settles as the breath goes out; its halo and a pool of
light on the ground light what is around it.

Everything is made of soft glows (world/glow.py, additive), plus a small
holder (lantern, plinth) in the lit shader: a handful of cards, so it costs
a small part of a frame. `place.breath_light` says what and where; with no
distance given, the light is put where the seated view's lower middle meets
the ground. How bright and large it is comes from core/pacer_guide.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from panda3d.core import NodePath, Point3

from engine.config.place import Place
from engine.core.pacer_guide import SMALL, brightness, size
from engine.world.colour import rgb
from engine.world.glow import Halo, disc_mesh, trimmed
from engine.world.mesh import merge, to_geom_node
from engine.world.shapes import box, cylinder, icosphere
from engine.world.structure_parts import moved

SCREEN_Y = -0.13
"""Where the light's centre sits in the seated view (window heights from
the middle, down negative): the captions' block is centred at -0.33."""


@dataclass(frozen=True)
class Look:
    """Each kind's glows, in metres at size 1 (0 leaves a part out)."""
    core: float            # the bright heart, facing the eye
    halo: float            # its soft halo
    pool: float            # light lying on the ground (or water) around it
    stretch: float = 1.0   # the halo taller than wide (a sunbeam)
    pool_stretch: float = 1.0   # the pool longer toward the person (a sun path)
    motes: int = 0         # fireflies
    core_hot: float = 0.45
    halo_gain: float = 0.55     # the halo's and the pool's strength at the top of a breath
    pool_gain: float = 0.4


LOOKS = {
    "orb": Look(core=0.2, halo=0.72, pool=0.0, halo_gain=0.5, pool_gain=0.0),
    "lantern": Look(core=0.16, halo=0.95, pool=1.4, halo_gain=0.5, pool_gain=0.35),
    "candle": Look(core=0.05, halo=0.42, pool=0.7, halo_gain=0.5, pool_gain=0.35),
    "sunbeam": Look(core=0.0, halo=0.9, pool=2.2, stretch=3.5, halo_gain=0.5, pool_gain=0.45),
    "reflection": Look(core=0.9, halo=2.4, pool=4.5, pool_stretch=2.2),
    "sun": Look(core=1.6, halo=7.0, pool=0.0),
    "fireflies": Look(core=0.0, halo=1.1, pool=1.4, motes=9, halo_gain=0.3, pool_gain=0.3),
}


def _ground(place: Place, hf, x: float, z: float) -> float:
    if place.indoor:
        return 0.0
    g = float(hf.sample(np.float32(x), np.float32(z)))
    if place.water is not None and place.water.kind != "fountain":
        return max(g, place.water.level)   # on the water, never under it
    return g


def eye(place: Place, hf) -> np.ndarray:
    c = place.camera
    return np.array([c.position[0], _ground(place, hf, c.position[0], c.position[2]) + c.position[1],
                     c.position[2]], np.float64)


def screen_y(place: Place, eye_at: np.ndarray, point: np.ndarray, aspect: float = 16 / 9) -> float:
    """Where `point` appears in the seated view, in window heights from the
    middle (Ursina's UI units; the horizontal field of view is place.camera.fov)."""
    c = place.camera
    yaw, pitch = math.radians(c.yaw), math.radians(c.pitch)
    d = point - eye_at
    fwd = d[0] * math.sin(yaw) + d[2] * math.cos(yaw)
    up = d[1]
    # turn by the pitch: the view axis is tilted `pitch` up
    along = fwd * math.cos(pitch) + up * math.sin(pitch)
    rise = -fwd * math.sin(pitch) + up * math.cos(pitch)
    half_v = math.atan(math.tan(math.radians(c.fov) / 2) / aspect)
    return 0.5 * (rise / max(along, 1e-6)) / math.tan(half_v)


def position(place: Place, hf) -> np.ndarray:
    """The light's centre in world axes (y up)."""
    spec = place.breath_light
    c = place.camera
    e = eye(place, hf)
    heading = math.radians(c.yaw + spec.bearing)
    direction = np.array([math.sin(heading), 0.0, math.cos(heading)])

    def at(d: float) -> np.ndarray:
        x, z = e[0] + direction[0] * d, e[2] + direction[2] * d
        return np.array([x, _ground(place, hf, x, z) + spec.height, z])

    if spec.distance is not None:
        return at(spec.distance)
    tries = np.geomspace(1.5, 60.0, 160)
    ys = np.array([screen_y(place, e, at(d)) for d in tries])
    risen = np.flatnonzero(ys >= SCREEN_Y)   # the nearest point that high in the view
    return at(float(tries[risen[0]] if risen.size else tries[int(np.argmin(np.abs(ys - SCREEN_Y)))]))


class BreathLight:
    """The glows and holder of one place's breathing light."""

    def __init__(self, place: Place, hf, parent: NodePath, sun_dir):
        spec = place.breath_light
        self.kind = spec.kind
        self.look = LOOKS[spec.kind]
        self.scale = spec.size
        self.rgb = np.asarray(rgb(place.palette.resolve(spec.colour)), np.float32)
        self.centre = position(place, hf)
        self.root = parent.attachNewNode("breath-light")
        self.root.setPos(*self.centre)
        floor = spec.height
        self._holder(place, sun_dir, floor)
        k = self.scale
        lk = self.look
        self.core = Halo(self.root, lk.core * k, 0.0, self.rgb, softness=3.2, hot=lk.core_hot,
                         ground=floor, additive=True, per_vertex=True) if lk.core else None
        shaft = lk.stretch > 1   # a sunbeam: the shaft stands on the ground, uncut
        self.halo = Halo(self.root, lk.halo * k, 0.0, self.rgb, softness=2.6, hot=0.0 if shaft else 0.12,
                         ground=1e3 if shaft else floor, additive=True, per_vertex=True)
        self.floor = floor
        self.pool = None
        if lk.pool:
            self.pool = Halo(self.root, lk.pool * k, 0.0, self.rgb, softness=2.4, additive=True, flat=True,
                             per_vertex=True)
            self.pool.np.setPos(0, -floor + 0.03, 0)
            self.pool.np.setScale(lk.pool * k, lk.pool * k * lk.pool_stretch, lk.pool * k)
            self._trim_pool_at_the_shore(place, hf)
        rng = np.random.default_rng(place.seed + 7)
        self.motes = _motes(self.root, lk.motes, 0.12 * k, self.rgb, rng) if lk.motes else None
        self.level = 0.0
        self.show(0.0, 0.0, 1.0, 0.0)

    def _trim_pool_at_the_shore(self, place: Place, hf) -> None:
        """A pool of light on the water (the lake's sun path) ends at the near
        shore: its end toward the person would lie under the land, where
        every pixel was still rasterised and depth-tested (lakeside: 417k of
        a frame's 922k pixels, ~1.3 ms at 1280x720). Trimmed where the land
        begins at the pool's smallest, so the cut never shows on the water."""
        if place.water is None or place.water.kind == "fountain" or place.indoor:
            return
        parent = self.root.getParent()
        seat = np.array(place.camera.position, np.float64)
        ends = [np.array(parent.getRelativePoint(self.pool.np, Point3(0, side, 0))) for side in (1, -1)]
        toward = 1 if np.hypot(*(ends[0] - seat)[[0, 2]]) < np.hypot(*(ends[1] - seat)[[0, 2]]) else -1
        c = self.centre
        span = np.hypot(seat[0] - c[0], seat[2] - c[2])
        steps = np.linspace(0.0, span, 200)
        x = c[0] + (seat[0] - c[0]) * steps / max(span, 1e-6)
        z = c[2] + (seat[2] - c[2]) * steps / max(span, 1e-6)
        land = np.flatnonzero(hf.sample(x.astype(np.float32), z.astype(np.float32)) > place.water.level + 0.05)
        if not land.size or land[0] == 0:   # no shore between, or the light stands on land
            return
        lk = self.look
        smallest = self._pool_radius(SMALL) * lk.pool_stretch   # its stretched half-length
        reach = float(steps[land[0]]) / smallest
        if reach < 1.0:
            self.pool.np.node().setGeom(0, to_geom_node(trimmed(disc_mesh(), toward, reach)).modifyGeom(0))

    def _pool_radius(self, s: float) -> float:
        """The pool's radius (m) at size s (pacer_guide.size: SMALL..1)."""
        return self.look.pool * self.scale * (0.8 + 0.2 * s)

    def _holder(self, place: Place, sun_dir, floor: float) -> None:
        """A lantern on a low rock or plinth, a candle on a saucer; nothing
        for lights that need no holder."""
        k = self.scale
        if self.kind == "candle":
            cream, brass = (0.93, 0.88, 0.76, 1.0), (0.62, 0.48, 0.25, 1.0)
            parts = [moved(cylinder(0.075 * k, 0.014 * k, 12, brass), (0, -floor, 0)),
                     moved(cylinder(0.028 * k, floor - 0.035 * k, 10, cream), (0, -floor + 0.014 * k, 0))]
            self.holder = self.root.attachNewNode(to_geom_node(merge(parts), "candle", np.asarray(sun_dir)))
            return
        if self.kind != "lantern":
            return
        metal = (0.16, 0.14, 0.12, 1.0)
        stone = tuple(float(v) * 0.8 for v in rgb(place.palette.rock)) + (1.0,)
        if place.structures:   # a made place: a small stone plinth
            parts = [moved(cylinder(0.14 * k, floor - 0.16 * k, 8, stone, top_radius=0.12 * k), (0, -floor, 0))]
        else:                  # the wild: a low rock
            parts = [icosphere(0.3 * k, 1, stone, centre=(0, 0, 0), jitter=0.18, rng=np.random.default_rng(place.seed + 3))]
            parts[0].pos[:, 1] = np.clip(parts[0].pos[:, 1] * 0.9, -0.3 * k, 0.0) + (-floor + 0.26 * k - 0.16 * k)
        base, top = -0.16 * k, 0.17 * k
        parts.append(moved(box(0.24 * k, 0.035 * k, 0.24 * k, metal), (0, base, 0)))
        parts.append(moved(cylinder(0.15 * k, 0.07 * k, 4, metal, top_radius=0.03 * k), (0, top, 0)))
        for sx in (-1, 1):
            for sz in (-1, 1):
                parts.append(moved(box(0.018 * k, top - base, 0.018 * k, metal), (sx * 0.1 * k, base, sz * 0.1 * k)))
        self.holder = self.root.attachNewNode(to_geom_node(merge(parts), "lantern", np.asarray(sun_dir)))

    def show(self, level: float, amount: float, weight: float, t: float) -> None:
        """level: the pacer's 0..1; amount: how much the breath is paced
        (0..1); weight: the guide's strength (0 when another style is chosen)."""
        self.level = level
        b = brightness(level, amount) * weight
        s = size(level, amount)
        k = self.scale
        lk = self.look
        if self.core is not None:
            self.core.set(self.rgb, min(1.0, 1.1 * b))
            self.core.resize(0.85 + 0.15 * s)
        self.halo.set(self.rgb, lk.halo_gain * b)
        self.halo.resize(s, lk.stretch)
        if lk.stretch > 1:   # the shaft's foot stays on the ground as it grows
            self.halo.np.setY(lk.halo * k * lk.stretch * s * 0.75 - self.floor)
        if self.pool is not None:
            self.pool.set(self.rgb, lk.pool_gain * b)
            r = self._pool_radius(s)
            self.pool.np.setScale(r, r * lk.pool_stretch, r)
        if self.motes is not None:   # they gather as the breath comes in and drift slowly round
            self.motes.setScale(k * (1.25 - 0.55 * s))
            self.motes.setR(t * 2.5)
            self.motes.setShaderInput("u_glow", float(min(1.0, 0.4 + 0.6 * b)) if weight else 0.0)

    def destroy(self) -> None:
        self.root.removeNode()


def _motes(parent: NodePath, n: int, radius: float, rgb, rng: np.random.Generator) -> NodePath:
    """Fireflies: small glows scattered in one plane that faces the eye, in
    one node (one draw); the bell of each is baked into its vertices' alpha."""
    from panda3d.core import ColorBlendAttrib
    from engine.world import shaders
    from engine.world.glow import disc_mesh
    discs = []
    for _ in range(n):
        m = disc_mesh(rings=4, segments=10)
        r2 = (m.pos[:, :2] ** 2).sum(1)
        bell = np.clip((np.exp(-3.0 * r2) - np.exp(-3.0)) / (1 - np.exp(-3.0)), 0, 1)
        m.col = np.column_stack([np.tile(np.asarray(rgb, np.float32), (len(bell), 1)), bell]).astype(np.float32)
        ang, dist = rng.uniform(0, 2 * np.pi), rng.uniform(0.25, 1.0)
        m.pos = (m.pos * radius / 1.0 + np.array([np.cos(ang) * dist, np.sin(ang) * dist * 0.6, 0.0])).astype(np.float32)
        discs.append(m)
    node = parent.attachNewNode(to_geom_node(merge(discs), "fireflies"))
    node.setBillboardPointEye()
    node.setTwoSided(True)
    node.setShader(shaders.glow(), 20)
    node.setShaderInput("u_glow", 0.0)
    node.setAttrib(ColorBlendAttrib.make(ColorBlendAttrib.M_add, ColorBlendAttrib.O_incoming_alpha, ColorBlendAttrib.O_one))
    node.setDepthWrite(False)
    node.setBin("transparent", 20)
    node.setLightOff(20)
    return node
