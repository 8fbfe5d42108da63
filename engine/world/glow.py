"""A soft round glow that faces the eye (or lies flat on the ground): the
presence's halos and the breathing light are made of these
(glsl/presence_halo.*)."""
from __future__ import annotations

import numpy as np
from panda3d.core import ColorBlendAttrib, NodePath, TransparencyAttrib

from engine.world import shaders
from engine.world.mesh import Mesh, to_geom_node


def card_mesh() -> Mesh:
    """A square -1..1 in x and y (drawn from both sides: a billboard's facing
    depends on the coordinate system, and a culled halo is an invisible one)."""
    pos = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], np.float32)
    nrm = np.tile(np.array([0, 0, -1], np.float32), (4, 1))
    col = np.ones((4, 4), np.float32)
    return Mesh(pos, nrm, col, np.zeros(4, np.float32), np.array([[0, 1, 2], [0, 2, 3]], np.int32))


def octagon_mesh() -> Mesh:
    """An octagon around the unit circle: a glow's bell is exactly zero past
    radius 1, so this draws the same pixels as the -1..1 square and shades
    17 % fewer of them (software GL pays for every blended fragment)."""
    r = 1.0 / np.cos(np.pi / 8)
    ang = np.pi / 8 + np.arange(8) * np.pi / 4
    pos = np.concatenate([[[0, 0, 0]], np.stack([r * np.cos(ang), r * np.sin(ang), np.zeros(8)], 1)]).astype(np.float32)
    nrm = np.tile(np.array([0, 0, -1], np.float32), (9, 1))
    tri = np.array([[0, 1 + i, 1 + (i + 1) % 8] for i in range(8)], np.int32)
    return Mesh(pos, nrm, np.ones((9, 4), np.float32), np.zeros(9, np.float32), tri)


def disc_mesh(rings: int = 9, segments: int = 20) -> Mesh:
    """A disc of radius 1 in rings, denser toward the middle (where the bell
    and the hot centre bend most), for glows shaded per vertex."""
    radii = np.linspace(0, 1, rings + 1)[1:] ** 1.35
    ang = np.arange(segments) * 2 * np.pi / segments
    ring_pts = [np.stack([r * np.cos(ang), r * np.sin(ang), np.zeros(segments)], 1) for r in radii]
    pos = np.concatenate([[[0, 0, 0]], *ring_pts]).astype(np.float32)
    tri = [[0, 1 + i, 1 + (i + 1) % segments] for i in range(segments)]
    for ring in range(rings - 1):
        a, b = 1 + ring * segments, 1 + (ring + 1) * segments
        for i in range(segments):
            j = (i + 1) % segments
            tri += [[a + i, b + i, b + j], [a + i, b + j, a + j]]
    n = len(pos)
    return Mesh(pos, np.tile(np.array([0, 0, -1], np.float32), (n, 1)), np.ones((n, 4), np.float32),
                np.zeros(n, np.float32), np.array(tri, np.int32))


def trimmed(disc: Mesh, side: float, reach: float) -> Mesh:
    """The disc without the triangles lying wholly beyond `reach` (disc
    units) on the `side` (+1 or -1) of its y axis: a glow on the water whose
    near end would lie under the land is not rasterised there."""
    y = disc.pos[disc.tri, 1] * side                    # (T, 3)
    keep = y.min(1) <= reach
    return Mesh(disc.pos, disc.nrm, disc.col, disc.sway, disc.tri[keep])


def _warm_white(rgb) -> tuple[float, float, float]:
    """The pale centre of a light of this colour: mostly white, a little of it."""
    c = np.asarray(rgb, np.float32)
    return tuple(float(v) for v in np.clip(0.35 * c + 0.65 * np.array([1.0, 0.97, 0.9]), 0, 1))


class Halo:
    """A soft round glow that always faces the eye.

    `softness` is the bell's sharpness (higher: a smaller bright middle),
    `hot` the size of its paler centre (fraction of the radius), `ground` the
    height of the ground below its centre in metres (the glow fades out there;
    by default its own height), `back` moves it behind the form (away from the
    person), `additive` adds its light to what is behind it, and `flat` lays
    it on the ground instead of facing the eye (light pooling under a being).
    `per_vertex` works the bell out at the vertices of a disc of rings
    instead of at every pixel: a little less exact, much cheaper on large
    glows in software GL.
    """

    def __init__(self, parent: NodePath, radius: float, height: float, rgb, softness: float = 3.0,
                 hot: float = 0.0, ground: float | None = None, back: float = 0.0, additive: bool = False,
                 flat: bool = False, per_vertex: bool = False, mesh: Mesh | None = None):
        if mesh is None:
            mesh = disc_mesh() if per_vertex else octagon_mesh()
        self.np = parent.attachNewNode(to_geom_node(mesh, "halo"))
        self.radius = radius
        self.np.setScale(radius)
        self.np.setPos(0, height, -back)
        if flat:
            self.np.setP(90)
        else:
            self.np.setBillboardPointEye()
        self.np.setTwoSided(True)
        if per_vertex:   # the bell at the vertices: each pixel only blends (the breathing light's large glows)
            self.np.setShader(shaders.program("glow-fan", "glow_fan.vert", "vertex_colour.frag"), 20)
        else:
            self.np.setShader(shaders.program("presence-halo", "presence_halo.vert", "presence_halo.frag"), 20)
        if additive:   # light added to what is behind (a luminous core), not painted over it
            self.np.setAttrib(ColorBlendAttrib.make(ColorBlendAttrib.M_add, ColorBlendAttrib.O_incoming_alpha,
                                                    ColorBlendAttrib.O_one))
        else:
            self.np.setTransparency(TransparencyAttrib.M_alpha)
        self.np.setDepthWrite(False)
        self.np.setBin("transparent", 20)
        self.np.setLightOff(20)
        self._shape = (float(softness), float(hot))
        self._ground = None if flat else (height if ground is None else ground)
        self.resize(1.0)
        self.set(rgb, 0.0)

    def set(self, rgb, strength: float, hot=None) -> None:
        """Colour and strength (0..1); `hot` the centre's colour (default: a
        warm white with a little of the colour)."""
        self.np.setShaderInput("u_halo_col", tuple(float(c) for c in rgb))
        self.np.setShaderInput("u_halo_hot", _warm_white(rgb) if hot is None else tuple(float(c) for c in hot))
        s = float(max(0.0, min(strength, 1.0)))
        self.np.setShaderInput("u_halo", s)
        if s <= 0.002:
            self.np.hide()
        else:
            self.np.show()

    def resize(self, factor: float, stretch: float = 1.0) -> None:
        """Scale the glow (`stretch` makes it taller than wide)."""
        r = self.radius * factor
        self.np.setScale(r, r * stretch, r)
        floor = -self._ground / (r * stretch) if self._ground is not None else -2.0
        self.np.setShaderInput("u_halo_shape", (*self._shape, float(max(floor, -2.0))))
