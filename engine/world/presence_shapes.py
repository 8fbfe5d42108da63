"""The presence's modelled forms: animal companions, a glowing tree and a
soft human-like figure, each built procedurally from a few merged shapes.

`build(kind, parent, rgb, size, animal, sun_dir)` returns a `Form` (see
presence_forms.py): its root stands on the ground under the presence and
its +z axis faces the person once presence_view has turned it.

What every form here shares (ShapeForm):
- Soft, rounded parts (ellipsoids and capsules) with smooth normals, in the
  person's colour with a lighter belly/muzzle; eyes only on the animals, and
  small, dark and soft. The figure has no face at all.
- One shader of its own (the world's lit one, plus what a presence needs):
  light is computed from normals, so it stays right however the form turns;
  a warm rim light and emissive parts (the tree's canopy, the figure's
  glow) are scaled by glow and welcome; `u_alpha` fades it.
- Fading without see-through overlaps: while not fully visible the model is
  drawn twice - depth only, then colour where the depth matches - so it
  reads as one soft silhouette at any opacity (as colour_body does).
- Motion it works out for itself: from how far its root moved between
  frames it knows whether it is walking toward the person, walking away or
  standing; legs swing only as far as it really moves (no sliding), and once
  it has stood still a few seconds it settles (the dog turns its body a
  little aside while its head keeps looking at the person, the bird lands
  on its stump, the tree grows in place from the light that travelled).
- Every motion is slow and eased: breathing (with the pacer's `breath`, or
  a slow idle breath), ears and tails with periods of several seconds, a
  head tilt or a nod on welcome that eases in over seconds.
"""
from __future__ import annotations

import math

import numpy as np
from panda3d.core import (
    ColorWriteAttrib, DepthTestAttrib, Geom, GeomNode, GeomTriangles, GeomVertexArrayFormat,
    GeomVertexData, GeomVertexFormat, InternalName, NodePath, RenderAttrib, TransparencyAttrib, Vec3,
)

from engine.world import shaders
from engine.world.mesh import Mesh, _normalise, merge
from engine.world.presence_forms import Form, Halo
from engine.world.shapes import icosphere

# ----------------------------------------------------------------- shader

SHAPE_VERT = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform vec3 u_sun_dir;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform vec3 u_fog_col;
uniform vec2 u_fog_range;
uniform float u_alpha;      // how visible the form is, 0..1
uniform float u_emit;       // how strongly its glowing parts shine
uniform vec3 u_emit_col;    // ...and in what light
uniform vec3 u_rim_col;     // warm light around its edges (colour x strength)
uniform float u_self;       // a soft light of its own: never darker than this much of its colour
uniform vec3 u_recol;       // the person's colour now, less the colour it was built in
in vec4 p3d_Vertex;
in vec4 p3d_Color;
in vec3 p3d_Normal;
in float emit;
in vec3 dcol;               // how this vertex's colour follows the presence colour
out vec4 v_col;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    vec3 n = normalize(mat3(p3d_ModelMatrix) * p3d_Normal);
    vec3 base = clamp(p3d_Color.rgb + dcol * u_recol, 0.0, 1.0);
    // the world's soft, wrapped key light and sky light (as mesh.baked_light)
    float diff = clamp((dot(n, u_sun_dir) + 0.5) / 1.5, 0.0, 1.0);
    float sky = 0.6 + 0.4 * n.y;
    vec3 lit = base * (u_key * diff + u_ambient * sky);
    vec3 c = max(lit, base * u_self) + u_emit_col * (emit * u_emit);
    vec3 vp = (p3d_ModelViewMatrix * p3d_Vertex).xyz;
    vec3 vn = normalize(mat3(p3d_ModelViewMatrix) * p3d_Normal);
    float facing = clamp(dot(vn, normalize(-vp)), 0.0, 1.0);
    c += u_rim_col * pow(1.0 - facing, 2.0);
    float d = length(vp);
    float f = clamp((d - u_fog_range.x) / max(u_fog_range.y - u_fog_range.x, 1.0), 0.0, 1.0);
    v_col = vec4(mix(c, u_fog_col, f * f * (3.0 - 2.0 * f)), p3d_Color.a * u_alpha);
}
"""

SHAPE_FRAG = """#version 150
in vec4 v_col;
out vec4 o_col;
void main() {
    o_col = v_col;
}
"""


def shape_shader():
    return shaders.cached("presence-shape", SHAPE_VERT, SHAPE_FRAG)


_FORMAT = None


def _vertex_format() -> GeomVertexFormat:
    """position, colour, normal, `emit` (how much the vertex glows) and
    `dcol` (how its colour follows the presence colour, per channel)."""
    global _FORMAT
    if _FORMAT is None:
        arr = GeomVertexArrayFormat()
        arr.addColumn(InternalName.getVertex(), 3, Geom.NT_float32, Geom.C_point)
        arr.addColumn(InternalName.getColor(), 4, Geom.NT_float32, Geom.C_color)
        arr.addColumn(InternalName.getNormal(), 3, Geom.NT_float32, Geom.C_normal)
        arr.addColumn(InternalName.make("emit"), 1, Geom.NT_float32, Geom.C_other)
        arr.addColumn(InternalName.make("dcol"), 3, Geom.NT_float32, Geom.C_other)
        _FORMAT = GeomVertexFormat.registerFormat(GeomVertexFormat(arr))
    return _FORMAT


def to_node(mesh: Mesh, name: str, dcol: np.ndarray | None = None) -> GeomNode:
    """Upload a mesh (its `sway` column carries the emit weight; `dcol`, N x 3,
    how each vertex's colour moves with the presence colour). Same winding
    convention as mesh.to_geom_node."""
    node = GeomNode(name)
    if mesh.n == 0:
        return node
    vdata = GeomVertexData(name, _vertex_format(), Geom.UH_static)
    vdata.uncleanSetNumRows(mesh.n)
    dcol = np.zeros((mesh.n, 3), np.float32) if dcol is None else np.asarray(dcol, np.float32)
    inter = np.concatenate([mesh.pos, mesh.col, mesh.nrm, mesh.sway[:, None], dcol], axis=1).astype(np.float32)
    vdata.modifyArrayHandle(0).copyDataFrom(np.ascontiguousarray(inter))
    prim = GeomTriangles(Geom.UH_static)
    prim.setIndexType(Geom.NT_uint32)
    prim.modifyVertices().modifyHandle().copyDataFrom(
        np.ascontiguousarray(mesh.tri[:, ::-1].astype(np.uint32).ravel()))
    geom = Geom(vdata)
    geom.addPrimitive(prim)
    node.addGeom(geom)
    return node


# ----------------------------------------------------------------- geometry

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


# ----------------------------------------------------------------- joints

class Joint:
    """A pivot in the model: parts added to it are given in form space (rest
    pose); turning or scaling the joint moves them about its pivot."""

    def __init__(self, np_: NodePath, at, parts: list | None = None):
        self.np = np_
        self.at = np.asarray(at, np.float32)
        self.parts = [] if parts is None else parts   # (node, mesh) of every part, shared by the model

    def child(self, name: str, at) -> "Joint":
        n = self.np.attachNewNode(name)
        at = np.asarray(at, np.float32)
        n.setPos(*(float(v) for v in at - self.at))
        return Joint(n, at, self.parts)

    def add(self, meshes: list[Mesh], name: str = "part") -> NodePath:
        m = merge(meshes)
        m.pos = (m.pos - self.at).astype(np.float32)
        node = self.np.attachNewNode(to_node(m, name))
        self.parts.append((node, m))
        return node


def ease(x: float) -> float:
    x = max(0.0, min(1.0, x))
    return x * x * (3 - 2 * x)


def approach(value: float, goal: float, dt: float, seconds: float) -> float:
    """Exponential glide toward goal with the given time constant."""
    if dt <= 0:
        return value
    return goal + (value - goal) * math.exp(-dt / max(seconds, 1e-3))


class Motion:
    """What the form's root did since the last frame: its speed along its
    facing (+ toward the person), how much it is walking (0..1), the gait
    phase (advanced by the distance walked, so feet never slide), and how
    settled it is (1 after standing still a few seconds)."""

    def __init__(self, stride: float = 0.8):
        self.stride = stride
        self.last: tuple[float, Vec3] | None = None
        self.speed = 0.0
        self.walk = 0.0
        self.phase = 0.0
        self.settled = 1.0
        self.heading: float | None = None   # the body's own turn (degrees) about the root
        self.dt = 0.0

    def update(self, t: float, root: NodePath, scale: float) -> None:
        pos = root.getPos()
        self.dt = 0.0
        if self.last is None:
            self.last = (t, Vec3(pos))
            return
        lt, lp = self.last
        self.last = (t, Vec3(pos))
        dt = t - lt
        if dt <= 1e-5 or dt > 1.5:     # a jump in time (a new practice, a seek): no motion
            return
        self.dt = dt
        moved = pos - lp
        fwd = root.getParent().getRelativeVector(root, Vec3(0, 0, 1))
        fwd.normalize()
        along = float(moved.dot(fwd)) / dt
        dist = float(moved.length())
        self.speed = approach(self.speed, along, dt, 0.35)
        self.walk = approach(self.walk, min(1.0, abs(self.speed) / 0.3), dt, 0.4)
        self.phase = (self.phase + 2 * math.pi * dist / max(self.stride * scale, 1e-3)) % (2 * math.pi)
        still = abs(self.speed) < 0.04
        self.settled = max(0.0, min(1.0, self.settled + (dt / 3.0 if still else -dt / 1.2)))

    def turn_body(self, rest_yaw: float, rate: float = 30.0) -> float:
        """The body's heading about the root: straight at the person while
        walking to them, turned round while going away, `rest_yaw` aside once
        settled; it turns at a gentle rate."""
        goal = 180.0 if self.speed < -0.08 else rest_yaw * ease(self.settled)
        if self.heading is None:
            self.heading = goal
        step = (2.0 if goal == 180.0 else 1.0) * rate * self.dt    # going away it turns round sooner
        self.heading += max(-step, min(step, goal - self.heading))
        return self.heading


# ----------------------------------------------------------------- forms

class ShapeForm(Form):
    """A modelled form: `self.body` holds the model (joints below it),
    drawn in one colour pass (opaque when fully visible) and, while fading,
    a depth pass first."""
    height = 1.0
    translucent = 1.0       # < 1: always a little see-through (the figure)
    halo_at = (0.6, 0.8, 0.3, 1.2)   # height, radius, back, stretch
    rest_yaw = 0.0
    stride = 0.8

    def __init__(self, parent: NodePath, rgb, size: float = 1.0, sun_dir=None):
        # sun_dir is part of the build interface; the shader takes the sun from
        # the world's u_sun_dir, so the light stays right however the form turns
        super().__init__(parent, rgb, size)
        self.shown = self.root.attachNewNode("shown")
        self.colour_pass = self.shown.attachNewNode("colour-pass")
        self.body_np = self.colour_pass.attachNewNode("body")
        self.depth_pass = self.shown.attachNewNode("depth-pass")
        self.body_np.instanceTo(self.depth_pass)
        self.depth_pass.setAttrib(ColorWriteAttrib.make(ColorWriteAttrib.C_off))
        self.depth_pass.setBin("fixed", 30)
        self.shown.setShader(shape_shader(), 20)
        self.shown.setShaderInput("u_alpha", 1.0)
        self.shown.setShaderInput("u_emit", 0.0)
        self.shown.setShaderInput("u_emit_col", tuple(float(c) for c in self.rgb))
        self.shown.setShaderInput("u_self", 0.0)
        self.shown.setShaderInput("u_rim_col", (0.0, 0.0, 0.0))
        self.shown.setShaderInput("u_recol", (0.0, 0.0, 0.0))
        h, r, back, stretch = self.halo_at
        self.halo = Halo(self.shown, r, h, self.rgb, softness=2.6, ground=h, back=back)
        self.halo_stretch = stretch
        self._fading: bool | None = None
        self.alpha = 1.0
        self.emit_level = 0.0
        self.motion = Motion(self.stride)
        self.body = Joint(self.body_np, (0, 0, 0), parts=[])
        self._welcome_on: float | None = None
        self._last_welcome = 0.0
        self._welcome: float | None = None
        self._last_t: float | None = None
        self._dt = 0.0
        self._build()
        self._set_fading(False)

    # -- building -------------------------------------------------------
    def build_model(self) -> None:
        raise NotImplementedError

    def _build(self) -> None:
        """Build the model, and learn how each vertex's colour follows the
        presence colour (built once more in a nearby colour: every colour
        here is a blend of the presence colour and fixed ones, so the
        difference is exact), so a colour glide needs no rebuilding."""
        built = np.asarray(self.rgb, np.float32).copy()
        delta = np.where(built > 0.5, -0.15, 0.15).astype(np.float32)
        self.rgb = built + delta
        self.body.parts.clear()
        self.build_model()
        probe = [m.col[:, :3].copy() for _, m in self.body.parts]
        self.body_np.getChildren().detach()
        self.rgb = built
        self.body.parts.clear()
        self.build_model()
        same = len(probe) == len(self.body.parts) and all(
            p.shape == m.col[:, :3].shape for p, (_, m) in zip(probe, self.body.parts))
        for i, (node, m) in enumerate(self.body.parts):
            if same:
                dcol = (probe[i] - m.col[:, :3]) / delta
            else:   # (never expected) follow the colour in proportion
                dcol = m.col[:, :3] / np.maximum(built, 0.05)
            gn = node.node()
            gn.removeAllGeoms()
            gn.addGeomsFrom(to_node(m, node.getName(), dcol))
        self._built_rgb = built
        self.shown.setShaderInput("u_recol", (0.0, 0.0, 0.0))

    def set_colour(self, rgb) -> None:
        """A new colour at once and cheaply (the glide calls it every frame)."""
        super().set_colour(rgb)
        self.shown.setShaderInput("u_emit_col", tuple(float(c) for c in self.rgb))
        self.shown.setShaderInput("u_recol", tuple(float(c) for c in self.rgb - self._built_rgb))

    def triangles(self) -> int:
        return tri_count(self.body_np)

    # -- per frame -------------------------------------------------------
    def _set_fading(self, on: bool) -> None:
        if on == self._fading:
            return
        self._fading = on
        cp = self.colour_pass
        if on:
            self.depth_pass.show()
            cp.setTransparency(TransparencyAttrib.M_alpha)
            cp.setBin("fixed", 31)
            cp.setDepthWrite(False)
            cp.setAttrib(DepthTestAttrib.make(RenderAttrib.M_less_equal))
        else:
            self.depth_pass.hide()
            cp.clearTransparency()
            cp.clearBin()
            cp.clearDepthWrite()
            cp.clearAttrib(DepthTestAttrib)

    def set_alpha(self, alpha: float) -> None:
        a = max(0.0, min(alpha, 1.0)) * self.translucent
        self.alpha = a if a > 0.003 else 0.0
        if a <= 0.003:
            self.shown.hide()
            return
        self.shown.show()
        self._set_fading(a < 0.997)
        self.shown.setShaderInput("u_alpha", float(a))

    def advance(self, t: float, phase: float, period: float) -> float:
        """A phase moved on by this frame's time at the given period."""
        return (phase + 2 * math.pi * self._dt / period) % (2 * math.pi)

    def breath_of(self, t: float, breath: float, period: float = 4.6) -> float:
        """0..1: the pacer's breath, with a slow idle breath of its own under it."""
        idle = 0.5 + 0.5 * math.sin(2 * math.pi * t / period)
        return 0.65 * max(0.0, min(breath, 1.0)) + 0.35 * idle

    def welcome_pulse(self, t: float, welcome: float, seconds: float = 4.0) -> float:
        """0..1..0 once, over `seconds`, from when the welcome began (a nod)."""
        if welcome > 0.05 and self._last_welcome <= 0.05:
            self._welcome_on = t
        if welcome <= 0.01:
            self._welcome_on = None
        self._last_welcome = welcome
        if self._welcome_on is None:
            return 0.0
        x = (t - self._welcome_on) / seconds
        return math.sin(math.pi * x) ** 2 if 0.0 <= x <= 1.0 else 0.0

    def light(self, glow: float, welcome: float, visible: float, rim: float = 0.35,
              emit: float = 0.0, own: float = 0.0) -> None:
        """Warmth read as light: the rim, emissive parts and the halo follow
        glow x visible (and grow a little with the welcome)."""
        g = max(0.0, glow) * max(0.0, min(visible, 1.0))
        warm = mix(self.rgb, (1.0, 0.92, 0.75), 0.35)
        self.shown.setShaderInput("u_rim_col", tuple(float(c) for c in warm * rim * (0.45 + 0.55 * g)))
        self.emit_level = float(emit * (0.35 + 0.65 * g) * (0.85 + 0.3 * welcome))   # (tests read it)
        self.shown.setShaderInput("u_emit", self.emit_level)
        self.shown.setShaderInput("u_self", float(own))
        self.halo.set(self.rgb, g * (0.32 + 0.2 * welcome))
        self.halo.resize(1.0 + 0.15 * welcome, self.halo_stretch)

    def animate(self, t: float, glow: float, welcome: float, breath: float, visible: float) -> None:
        self.motion.update(t, self.root, self.size)
        # the welcome arrives eased already; smoothing it again here means
        # no pose can ever jump, whatever drives it
        last, self._last_t = self._last_t, t
        self._dt = t - last if last is not None and 0 < t - last <= 1.5 else 0.0
        if self._welcome is None or self._dt == 0.0:
            self._welcome = welcome
        else:
            self._welcome = approach(self._welcome, welcome, self._dt, 0.8)
        self.set_alpha(visible)
        self.pose(t, glow, self._welcome, self.breath_of(t, breath), visible)

    def pose(self, t: float, glow: float, welcome: float, breath: float, visible: float) -> None:
        pass


# ----------------------------------------------------------------- animals

DARK_EYE = (0.16, 0.11, 0.09)
NOSE = (0.2, 0.14, 0.12)
CREAM = (1.0, 0.96, 0.88)


class Quadruped(ShapeForm):
    """Shared walking and looking for the four-legged animals."""
    legs: list
    head: Joint
    neck: Joint | None = None
    look_limit = 60.0
    leg_swing = 24.0

    def walk_legs(self, amp: float | None = None) -> float:
        """Swing the legs in a walk (diagonal pairs together); returns the bob."""
        m = self.motion
        a = (self.leg_swing if amp is None else amp) * m.walk
        for leg, phase in self.legs:
            leg.np.setP(a * math.sin(m.phase + phase))
        return 0.012 * m.walk * abs(math.sin(m.phase))

    def look(self, t: float, body_yaw: float, tilt: float = 0.0, nod: float = 0.0,
             wander: float = 3.0) -> None:
        """Turn the head (and neck) back toward the person, with a slow small
        wander and a soft tilt."""
        want = -body_yaw
        if abs(want) > 120:        # walking away: it looks where it goes
            want = 0.0
        want = max(-self.look_limit, min(self.look_limit, want))
        idle_h = wander * math.sin(2 * math.pi * t / 9.0)
        idle_p = 0.5 * wander * math.sin(2 * math.pi * t / 11.0 + 1.0)
        if self.neck is not None:
            self.neck.np.setH(0.45 * want)
            self.head.np.setHpr(0.55 * want + idle_h, idle_p - nod, tilt)
        else:
            self.head.np.setHpr(want + idle_h, idle_p - nod, tilt)


def lighten(m: Mesh, colour, w: np.ndarray) -> Mesh:
    w = np.clip(w, 0, 1)[:, None]
    m.col[:, :3] = m.col[:, :3] * (1 - w) + np.asarray(colour, np.float32)[:3] * w
    return m


def front_pale(m: Mesh, colour, k: float = 0.6) -> Mesh:
    """Paler on the front and underside (a throat, a chest)."""
    n = m.nrm
    w = np.clip(0.2 + 0.8 * n[:, 2], 0, 1) * np.clip(0.7 - 0.6 * n[:, 1], 0, 1)
    return lighten(m, colour, k * w * w * (3 - 2 * w))


class Dog(Quadruped):
    """A calm, soft dog (a golden, retriever-like shape) standing with its
    body a little aside, head toward the person, ears soft, tail swaying low."""
    kind = "dog"
    height = 0.9
    halo_at = (0.55, 0.85, 0.35, 1.0)
    rest_yaw = 28.0
    stride = 0.75

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        fur = mix(base, (0.9, 0.62, 0.35), 0.2)
        light = mix(fur, CREAM, 0.55)
        dark = fur * 0.8
        ear = mix(fur, (0.55, 0.33, 0.18), 0.3)
        self.trunk = self.body.child("trunk", (0, 0.5, 0))
        chest = ellip((0.18, 0.2, 0.19), (0, 0.5, 0.13), fur)
        parts = [chest, ellip((0.17, 0.18, 0.36), (0, 0.51, -0.09), fur),
                 ellip((0.158, 0.17, 0.15), (0, 0.52, -0.3), fur)]
        for p in parts:
            shade_back(countershade(p, light, 0.8), dark, 0.3)
        front_pale(chest, light, 0.7)
        self.trunk.add(parts, "trunk")
        self.neck = self.body.child("neck", (0, 0.6, 0.24))
        neck = capsule((0, 0.55, 0.21), (0, 0.78, 0.33), 0.118, 0.105, fur)
        self.neck.add([front_pale(countershade(neck, light, 0.9), light, 0.5)], "neck")
        self.head = self.neck.child("head", (0, 0.8, 0.34))
        skull = shade_back(countershade(ellip((0.145, 0.135, 0.145), (0, 0.85, 0.37), fur), light, 0.5), dark, 0.2)
        muzzle = countershade(ellip((0.082, 0.072, 0.11), (0, 0.79, 0.49), mix(fur, CREAM, 0.3)), light, 0.6)
        nose = ellip((0.034, 0.026, 0.024), (0, 0.818, 0.592), NOSE, subdiv=1)
        eyes = [ellip((0.021, 0.024, 0.013), (s * 0.064, 0.872, 0.488), DARK_EYE, R=rot(h=s * 22), subdiv=1)
                for s in (1, -1)]
        self.head.add([skull, muzzle, nose] + eyes, "head")
        self.ears = []
        for s in (1, -1):
            e = self.head.child("ear", (s * 0.115, 0.94, 0.34))
            e.add([ellip((0.036, 0.105, 0.068), (s * 0.152, 0.855, 0.345), ear, R=rot(r=s * 14))], "ear")
            self.ears.append((e, s))
        self.legs = []
        for x, z, ph, back in ((0.095, 0.2, 0.0, False), (-0.095, 0.2, math.pi, False),
                               (0.105, -0.3, math.pi, True), (-0.105, -0.3, 0.0, True)):
            leg = self.body.child("leg", (x, 0.44, z))
            parts = [capsule((x, 0.44, z), (x, 0.06, z + 0.015), 0.068, 0.052, fur),
                     ellip((0.058, 0.04, 0.074), (x, 0.04, z + 0.035), light, subdiv=1)]
            if back:
                parts.append(countershade(ellip((0.08, 0.15, 0.12), (x * 1.05, 0.42, z - 0.01), fur), light, 0.5))
            leg.add(parts, "leg")
            self.legs.append((leg, ph))
        self.tail = self.body.child("tail", (0, 0.6, -0.42))
        self.tail.add([capsule((0, 0.6, -0.42), (0, 0.62, -0.6), 0.048, 0.042, fur),
                       capsule((0, 0.62, -0.6), (0, 0.52, -0.76), 0.042, 0.024, mix(fur, CREAM, 0.3))], "tail")

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        yaw = m.turn_body(self.rest_yaw)
        self.body_np.setH(yaw)
        bob = self.walk_legs()
        self.body_np.setY(bob)
        self.trunk.np.setScale(1.0 + 0.022 * breath, 1.0 + 0.03 * breath, 1.0)
        w = ease(welcome)
        nod = 6.0 * self.welcome_pulse(t, welcome, 4.5)
        tilt = 9.0 * w * math.sin(2 * math.pi * t / 14.0 + 0.6) + 4.0 * w
        self.look(t, yaw, tilt=tilt, nod=nod + 4.0 * (1 - m.walk))
        for e, s in self.ears:       # soft ears: a slow sway, relaxed back a little when glad
            e.np.setR(s * (3.0 * math.sin(2 * math.pi * t / 6.5 + s) + 6.0 * w))
            e.np.setP(-4.0 * w)
        # the tail sways slowly, a little wider when glad (the phase is
        # accumulated so a change of pace can never make it jump)
        self._tail_phase = self.advance(t, getattr(self, "_tail_phase", 0.0), 3.2)
        self.tail.np.setH((10.0 + 6.0 * w + 5 * m.walk) * math.sin(self._tail_phase))
        self.tail.np.setP(-6.0 + 8.0 * w)
        self.light(glow, welcome, visible, rim=0.3, own=0.3)


class Deer(Quadruped):
    """A gentle doe (no antlers): a long, soft neck, big ears that turn
    slowly, a pale throat and a few faint fawn spots; body aside, head
    toward the person."""
    kind = "deer"
    height = 1.5
    halo_at = (0.85, 0.95, 0.35, 1.25)
    rest_yaw = 32.0
    stride = 1.0
    look_limit = 70.0
    leg_swing = 20.0

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        coat = mix(base, (0.72, 0.47, 0.28), 0.25)
        light = mix(coat, CREAM, 0.7)
        dark = coat * 0.78
        self.trunk = self.body.child("trunk", (0, 0.74, 0))
        chest = ellip((0.14, 0.175, 0.17), (0, 0.74, 0.23), coat)
        parts = [chest, ellip((0.155, 0.185, 0.44), (0, 0.76, -0.04), coat),
                 ellip((0.15, 0.17, 0.15), (0, 0.78, -0.31), coat)]
        for p in parts:
            shade_back(countershade(p, light, 0.85), dark, 0.3)
        front_pale(chest, light, 0.6)
        self.trunk.add(parts, "trunk")
        self.neck = self.body.child("neck", (0, 0.82, 0.28))
        neck = capsule((0, 0.76, 0.24), (0, 1.1, 0.45), 0.1, 0.064, coat)
        self.neck.add([front_pale(countershade(neck, light, 0.95), light, 0.6)], "neck")
        self.head = self.neck.child("head", (0, 1.12, 0.46))
        skull = shade_back(countershade(ellip((0.074, 0.078, 0.088), (0, 1.165, 0.48), coat), light, 0.6), dark, 0.2)
        muzzle = countershade(capsule((0, 1.155, 0.51), (0, 1.105, 0.64), 0.062, 0.036, coat), light, 0.7)
        nose = ellip((0.028, 0.02, 0.018), (0, 1.112, 0.672), NOSE, subdiv=1)
        eyes = [ellip((0.019, 0.023, 0.014), (s * 0.066, 1.185, 0.51), DARK_EYE, R=rot(h=s * 35), subdiv=1)
                for s in (1, -1)]
        self.head.add([skull, muzzle, nose] + eyes, "head")
        self.ears = []
        for s in (1, -1):
            e = self.head.child("ear", (s * 0.055, 1.22, 0.47))
            R = rot(h=s * 10, r=-s * 50)
            outer = ellip((0.05, 0.088, 0.018), (s * 0.115, 1.27, 0.47), coat, R=R)
            inner = ellip((0.036, 0.064, 0.01), (s * 0.115, 1.27, 0.477), light, R=R, subdiv=1)
            e.add([outer, inner], "ear")
            self.ears.append((e, s))
        self.legs = []
        for x, z, ph, back in ((0.082, 0.25, 0.0, False), (-0.082, 0.25, math.pi, False),
                               (0.092, -0.34, math.pi, True), (-0.092, -0.34, 0.0, True)):
            leg = self.body.child("leg", (x, 0.7, z))
            parts = [capsule((x, 0.7, z), (x, 0.04, z + 0.01), 0.046, 0.027, coat, sides=8),
                     ellip((0.03, 0.03, 0.036), (x, 0.03, z + 0.016), NOSE, subdiv=1)]
            if back:
                parts.append(countershade(ellip((0.075, 0.18, 0.125), (x * 1.03, 0.66, z - 0.01), coat), light, 0.6))
            leg.add(parts, "leg")
            self.legs.append((leg, ph))
        self.tail = self.body.child("tail", (0, 0.87, -0.48))
        self.tail.add([ellip((0.036, 0.07, 0.03), (0, 0.83, -0.52), coat, R=rot(p=20), subdiv=1),
                       ellip((0.03, 0.055, 0.02), (0, 0.82, -0.5), CREAM, R=rot(p=20), subdiv=1)], "tail")

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        yaw = m.turn_body(self.rest_yaw)
        self.body_np.setH(yaw)
        self.body_np.setY(self.walk_legs())
        self.trunk.np.setScale(1.0 + 0.02 * breath, 1.0 + 0.028 * breath, 1.0)
        w = ease(welcome)
        nod = 7.0 * self.welcome_pulse(t, welcome, 5.0)
        tilt = 6.0 * w * math.sin(2 * math.pi * t / 16.0)
        self.look(t, yaw, tilt=tilt, nod=nod + 3.0 * w, wander=2.5)
        for e, s in self.ears:   # ears turn slowly, now and then one a little more
            flick = math.sin(2 * math.pi * t / 7.5 + (0.0 if s > 0 else 2.2)) ** 3
            e.np.setR(s * (5.0 * flick - 4.0 * w))
            e.np.setH(s * (8.0 * flick + 6.0 * w))
        self.tail.np.setP(8.0 * math.sin(2 * math.pi * t / 5.0) ** 2)
        self.light(glow, welcome, visible, rim=0.3, own=0.3)


class Cat(Quadruped):
    """A soft cat standing with its tail held up and curled at the tip (a
    cat's greeting); on welcome it closes its eyes slowly (a cat's smile)."""
    kind = "cat"
    height = 0.7
    halo_at = (0.35, 0.6, 0.3, 1.1)
    rest_yaw = 30.0
    stride = 0.5
    leg_swing = 26.0

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        fur = mix(base, (0.92, 0.6, 0.34), 0.15)
        light = mix(fur, CREAM, 0.6)
        dark = fur * 0.75
        pink = (0.93, 0.62, 0.6)
        self.trunk = self.body.child("trunk", (0, 0.27, 0))
        chest = ellip((0.105, 0.118, 0.11), (0, 0.285, 0.15), fur)
        parts = [chest, ellip((0.1, 0.105, 0.22), (0, 0.28, -0.03), fur),
                 ellip((0.105, 0.11, 0.11), (0, 0.28, -0.17), fur)]
        for p in parts:
            shade_back(countershade(p, light, 0.8), dark, 0.4)
        front_pale(chest, light, 0.7)
        self.trunk.add(parts, "trunk")
        self.head = self.body.child("head", (0, 0.36, 0.22))
        y, z = 0.445, 0.285    # the head's centre
        head = shade_back(countershade(ellip((0.1, 0.09, 0.088), (0, y, z), fur), light, 0.5), dark, 0.35)
        cheeks = countershade(ellip((0.114, 0.066, 0.076), (0, y - 0.03, z + 0.015), fur), light, 0.8)
        muzzle = ellip((0.048, 0.034, 0.032), (0, y - 0.037, z + 0.07), mix(fur, CREAM, 0.75), subdiv=1)
        nose = ellip((0.015, 0.011, 0.01), (0, y - 0.018, z + 0.097), pink, subdiv=1)
        neck = countershade(capsule((0, 0.3, 0.2), (0, y - 0.03, z - 0.02), 0.075, 0.07, fur), light, 0.8)
        ears = []
        for s in (1, -1):
            ears.append(cone_ear((s * 0.056, y + 0.045, z - 0.02), (s * 0.09, y + 0.145, z - 0.03), 0.048, fur))
            ears.append(cone_ear((s * 0.056, y + 0.047, z - 0.01), (s * 0.086, y + 0.125, z - 0.018), 0.03, pink))
        self.head.add([head, cheeks, muzzle, nose, front_pale(neck, light, 0.6)] + ears, "head")
        self.eyes = self.head.child("eyes", (0, y + 0.01, z + 0.075))
        self.eyes.add([ellip((0.022, 0.017, 0.01), (s * 0.043, y + 0.01, z + 0.073), (0.3, 0.24, 0.1),
                             R=rot(h=s * 25, r=-s * 12), subdiv=1) for s in (1, -1)], "eyes")
        self.legs = []
        for x, z0, ph in ((0.055, 0.16, 0.0), (-0.055, 0.16, math.pi), (0.062, -0.17, math.pi), (-0.062, -0.17, 0.0)):
            leg = self.body.child("leg", (x, 0.25, z0))
            leg.add([capsule((x, 0.25, z0), (x, 0.035, z0 + 0.01), 0.042, 0.034, fur, sides=8),
                     ellip((0.036, 0.025, 0.044), (x, 0.025, z0 + 0.02), light, subdiv=1)], "leg")
            self.legs.append((leg, ph))
        # the tail: up from the rump, its tip curled forward
        self.tail = self.body.child("tail", (0, 0.31, -0.25))
        self.tail.add([capsule((0, 0.31, -0.25), (0, 0.42, -0.32), 0.034, 0.031, fur, sides=8),
                       capsule((0, 0.42, -0.32), (0, 0.55, -0.33), 0.031, 0.029, fur, sides=8)], "tail")
        self.tail_tip = self.tail.child("tip", (0, 0.55, -0.33))
        self.tail_tip.add([capsule((0, 0.55, -0.33), (0, 0.625, -0.29), 0.029, 0.025, fur, sides=8),
                           capsule((0, 0.625, -0.29), (0, 0.645, -0.23), 0.025, 0.019, dark, sides=8)], "tip")

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        yaw = m.turn_body(self.rest_yaw)
        self.body_np.setH(yaw)
        self.body_np.setY(self.walk_legs())
        self.trunk.np.setScale(1.0 + 0.025 * breath, 1.0 + 0.03 * breath, 1.0)
        w = ease(welcome)
        tilt = 8.0 * w * math.sin(2 * math.pi * t / 13.0 + 0.3) + 3.0 * w
        self.look(t, yaw, tilt=tilt, nod=3.0 * self.welcome_pulse(t, welcome, 4.0), wander=3.0)
        # a slow blink: every ~7 s when glad, eyes close softly over ~1 s
        blink = 0.0
        if w > 0.05:
            x = (t % 7.0) / 7.0
            blink = w * (math.sin(math.pi * min(1.0, x / 0.16)) ** 2 if x < 0.16 else 0.0)
        self.eyes.np.setScale(1.0, max(0.12, 1.0 - 0.88 * blink), 1.0)
        self.tail.np.setR(6.0 * math.sin(2 * math.pi * t / 5.5))
        self.tail_tip.np.setR(10.0 * math.sin(2 * math.pi * t / 5.5 - 1.0))
        self.tail_tip.np.setP(6.0 * math.sin(2 * math.pi * t / 8.0) + 6.0 * w)
        self.light(glow, welcome, visible, rim=0.3, own=0.3)


class Bird(ShapeForm):
    """A plump little songbird. Standing still it sits on a low mossy stump,
    breathing, tilting its head, its tail bobbing; when the presence moves
    it flies (slow wingbeats, the stump fading away) and lands on its stump
    again, which grows back out of the light, where it stops."""
    kind = "bird"
    height = 1.0
    halo_at = (0.72, 0.55, 0.25, 1.0)
    stride = 2.0
    PERCH = 0.5
    FLY = 1.15
    SCALE = 1.45
    rest_yaw = 35.0

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        breast = mix(base, (0.95, 0.55, 0.3), 0.35)
        back = mix(base, (0.45, 0.33, 0.22), 0.45)
        belly = mix(base, CREAM, 0.75)
        y0 = self.PERCH
        bark = np.array([0.5, 0.42, 0.34], np.float32)
        stump = Joint(self.body_np.attachNewNode("stump"), (0, 0, 0))
        trunk = lathe([(-0.05, 0.2, 0.19), (0.03, 0.19, 0.18), (0.1, 0.15, 0.145), (0.22, 0.135, 0.13),
                       (y0 - 0.06, 0.13, 0.125), (y0 - 0.025, 0.128, 0.123)], bark, sides=14, dome=0.0)
        rng = np.random.default_rng(2)
        trunk.col[:, :3] *= rng.uniform(0.85, 1.08, (trunk.n, 1)).astype(np.float32)
        top = ellip((0.118, 0.012, 0.113), (0, y0 - 0.025, 0), (0.8, 0.68, 0.52))
        ring = ellip((0.128, 0.01, 0.123), (0, y0 - 0.03, 0), (0.55, 0.44, 0.33))
        moss = [ellip((0.07, 0.028, 0.06), (0.07, y0 - 0.03, -0.05), (0.42, 0.58, 0.28), subdiv=1)]
        roots = [capsule((math.cos(a) * 0.1, 0.14, math.sin(a) * 0.1), (math.cos(a) * 0.27, -0.01, math.sin(a) * 0.27),
                         0.055, 0.025, bark * 0.95, sides=6) for a in (0.3, 1.5, 2.6, 3.8, 5.0)]
        stump.add([trunk, top, ring] + moss + roots, "stump")
        self.stump = stump
        # the bird is modelled small, about its feet at the origin, and scaled up
        self.bird = self.body.child("bird", (0, y0, 0))
        self.bird.np.setScale(self.SCALE)
        bird = Joint(self.bird.np, (0, 0, 0))
        self.trunk = bird.child("trunk", (0, 0.09, 0))
        b = ellip((0.082, 0.08, 0.11), (0, 0.095, -0.01), back, R=rot(p=-20))
        countershade(b, belly, 0.9, lo=0.2, hi=-0.6)
        chest = ellip((0.07, 0.068, 0.06), (0, 0.1, 0.05), breast)
        countershade(chest, belly, 0.6, lo=-0.2, hi=-0.9)
        self.trunk.add([b, chest], "trunk")
        self.head = bird.child("head", (0, 0.16, 0.03))
        head = shade_back(ellip((0.058, 0.056, 0.058), (0, 0.19, 0.04), mix(back, base, 0.4)), back, 0.5)
        face = ellip((0.048, 0.042, 0.03), (0, 0.178, 0.068), breast, subdiv=1)
        beak = capsule((0, 0.183, 0.09), (0, 0.178, 0.122), 0.013, 0.002, (0.42, 0.32, 0.22), sides=6, rings=1)
        eyes = [ellip((0.011, 0.012, 0.008), (s * 0.037, 0.2, 0.077), DARK_EYE, R=rot(h=s * 35), subdiv=1)
                for s in (1, -1)]
        self.head.add([head, face, beak] + eyes, "head")
        self.wings = []
        for s in (1, -1):
            w = bird.child("wing", (s * 0.07, 0.13, 0.02))
            w.add([ellip((0.017, 0.054, 0.095), (s * 0.064, 0.1, -0.04), back, R=rot(p=12, r=s * 4))], "wing")
            self.wings.append((w, s))
        self.tail = bird.child("tail", (0, 0.06, -0.1))
        self.tail.add([ellip((0.04, 0.012, 0.075), (0, 0.04, -0.16), back, R=rot(p=25), subdiv=1)], "tail")
        legs = [capsule((s * 0.025, 0.03, 0.0), (s * 0.025, -0.005, 0.01), 0.007, 0.006, (0.4, 0.3, 0.22),
                        sides=5, rings=1) for s in (1, -1)]
        bird.add(legs, "legs")

    def set_alpha(self, alpha: float) -> None:
        super().set_alpha(alpha)
        perched = ease(self.motion.settled)
        a = max(0.0, min(alpha, 1.0))
        if self._fading is False and perched < 0.997:
            self._set_fading(True)
        self.stump_alpha = a * perched
        self.stump.np.setShaderInput("u_alpha", float(self.stump_alpha))
        if perched > 0.003:
            self.stump.np.show()
        else:
            self.stump.np.hide()

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        perched = ease(m.settled)
        fly = 1.0 - perched
        y = (self.FLY - self.PERCH) * ease(min(1.0, fly * 1.4)) + 0.05 * fly * math.sin(2 * math.pi * t / 3.0)
        self.bird.np.setPos(0, self.PERCH + y, 0)
        yaw = m.turn_body(self.rest_yaw, rate=40.0)
        self.bird.np.setH(yaw)
        self.trunk.np.setScale(1.0 + 0.04 * breath, 1.0 + 0.04 * breath + 0.04 * welcome, 1.0 + 0.03 * breath)
        w = ease(welcome)
        # birds tilt their heads; here slowly, now one way, now the other
        tilt = (10.0 + 8.0 * w) * math.sin(2 * math.pi * t / 9.0)
        look = 0.0 if abs(yaw) > 120 else -yaw
        self.head.np.setHpr(look + 6.0 * math.sin(2 * math.pi * t / 12.0),
                            -4.0 * self.welcome_pulse(t, welcome, 3.5), tilt)
        flap = math.sin(2 * math.pi * t / 0.9)
        glide = 0.6 + 0.4 * math.sin(2 * math.pi * t / 5.0)
        lift = 10.0 * self.welcome_pulse(t, welcome, 3.0)       # a small lift of gladness
        for wing, s in self.wings:
            spread = fly * (80.0 + 30.0 * flap * glide)
            wing.np.setScale(1.0, 1.0 + 1.6 * fly, 1.0)
            wing.np.setR(s * (spread + lift))
        self.tail.np.setP(5.0 * math.sin(2 * math.pi * t / 4.0) ** 2 - 10.0 * fly)
        self.light(glow, welcome, visible, rim=0.3, own=0.3)


# ----------------------------------------------------------------- tree

class GlowTree(ShapeForm):
    """A small, round tree whose canopy glows warmly from within (the
    person's colour through the green), with soft lights like blossoms in
    it and motes drifting up. It does not walk: while the presence moves it
    travels as a soft light, and the tree grows in where the presence stops."""
    kind = "tree"
    height = 2.2
    halo_at = (1.45, 1.35, 0.55, 0.9)
    stride = 1.0
    MOTES = 8
    LIGHTS = 12
    SCALE = 0.88

    def __init__(self, parent, rgb, size=1.0, sun_dir=None):
        super().__init__(parent, rgb, size, sun_dir)
        rng = np.random.default_rng(11)
        self._motes = np.stack([rng.uniform(0, 2 * math.pi, self.MOTES), rng.uniform(0.3, 0.9, self.MOTES),
                                rng.uniform(0.05, 0.08, self.MOTES), rng.uniform(0, 1, self.MOTES)], 1)
        self.motes = [Halo(self.shown, 0.05, 1.5, self.rgb, softness=3.0, hot=0.6) for _ in self._motes]
        self.travel = Halo(self.root, 0.5, 1.3, self.rgb, softness=3.5, hot=0.35, ground=1.3)

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        bark = (0.42, 0.32, 0.24)
        leaf = mix((0.3, 0.5, 0.24), base, 0.1)
        trunk = [capsule((0, -0.05, 0), (0.03, 0.7, 0.0), 0.11, 0.075, bark, sides=9),
                 capsule((0.03, 0.7, 0), (-0.02, 1.3, 0.02), 0.075, 0.05, bark, sides=9),
                 capsule((0.02, 0.95, 0), (0.34, 1.35, 0.05), 0.045, 0.03, bark, sides=7),
                 capsule((0.0, 1.05, 0), (-0.3, 1.42, -0.08), 0.04, 0.028, bark, sides=7)]
        trunk += [capsule((0, 0.1, 0), (math.cos(a) * 0.24, -0.02, math.sin(a) * 0.24), 0.06, 0.03, bark, sides=6)
                  for a in (0.3, 2.2, 4.1)]
        self.body.add(trunk, "trunk")
        self.canopy = self.body.child("canopy", (0, 1.0, 0))
        rng = np.random.default_rng(5)
        blobs = []
        for at, r in (((0, 1.72, 0), 0.56), ((0.42, 1.55, 0.08), 0.42), ((-0.42, 1.6, -0.05), 0.44),
                      ((0.08, 1.6, 0.4), 0.4), ((-0.05, 1.62, -0.4), 0.4), ((0.05, 2.08, 0.0), 0.4),
                      ((-0.28, 1.95, 0.2), 0.32), ((0.3, 1.95, -0.18), 0.33)):
            b = ellip((r, r * 0.9, r), at, leaf, subdiv=2)
            b.pos += rng.normal(0, 0.012, b.pos.shape).astype(np.float32)
            # lit from within: warmer low and inside, a little dappled
            inner = np.clip(0.55 - 0.6 * b.nrm[:, 1], 0, 1)
            dapple = rng.uniform(0.0, 1.0, b.n)
            b.col[:, :3] = b.col[:, :3] * (0.88 + 0.2 * dapple[:, None])
            b.col[:, :3] = b.col[:, :3] * (1 - 0.35 * inner[:, None]) + base * 0.35 * inner[:, None]
            b.sway[:] = (0.12 + 0.75 * inner ** 1.5 + 0.2 * dapple).astype(np.float32)
            blobs.append(b)
        self.canopy.add(blobs, "canopy")
        # small soft lights in the leaves, like blossoms, most on the side toward the person
        self.lights = []
        rng = np.random.default_rng(13)
        for k in range(self.LIGHTS):
            a = rng.uniform(-1.3, 1.3) + (math.pi if k % 4 == 3 else 0.0)
            y = rng.uniform(1.35, 2.15)
            r = 0.82 * math.sqrt(max(0.1, 1 - ((y - 1.72) / 0.72) ** 2)) + 0.06
            h = Halo(self.canopy.np, rng.uniform(0.08, 0.13), y - 1.0, self.rgb, softness=3.0, hot=0.55)
            h.np.setPos(math.sin(a) * r, y - 1.0, math.cos(a) * r)
            self.lights.append((h, rng.uniform(0, 2 * math.pi), rng.uniform(5.0, 9.0)))

    def set_alpha(self, alpha: float) -> None:
        super().set_alpha(alpha * ease(self.motion.settled))

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        grown = ease(m.settled)
        v = max(0.0, min(visible, 1.0))
        k = self.SCALE
        self.body_np.setScale(k, k * (0.9 + 0.1 * grown), k)
        self.canopy.np.setR(0.8 * math.sin(2 * math.pi * t / 8.0))
        self.canopy.np.setP(0.6 * math.sin(2 * math.pi * t / 11.0))
        s = 1.0 + 0.015 * breath + 0.02 * welcome
        self.canopy.np.setScale(s, s, s)
        self.light(glow, welcome, v * grown, rim=0.25, emit=0.5 + 0.12 * breath, own=0.3)
        self.halo.set(self.rgb, glow * v * (0.3 + 0.25 * welcome) * (0.4 + 0.6 * grown))
        g = max(0.0, glow) * v * grown
        for h, ph, period in self.lights:
            twinkle = 0.75 + 0.25 * math.sin(2 * math.pi * t / period + ph)     # slow: 5-9 s
            h.set(mix(self.rgb, (1, 1, 0.9), 0.3), g * (0.7 + 0.3 * welcome) * twinkle)
        # while it travels: a soft light where the tree will be
        self.travel.set(self.rgb, glow * v * (1.0 - grown) * 0.9)
        self.travel.np.setY(1.3 + 0.06 * math.sin(2 * math.pi * t / 6.0))
        for halo, (a, r, rise, off) in zip(self.motes, self._motes):
            life = (t * rise / 1.4 + off) % 1.0
            ang = a + t * 0.12
            halo.np.setPos(r * math.cos(ang), 0.9 + 1.4 * life, r * math.sin(ang))
            halo.set(self.rgb, v * (0.4 + 0.6 * glow) * math.sin(math.pi * life) ** 2 * 0.8)


# ----------------------------------------------------------------- figure

class Figure(ShapeForm):
    """A soft, faceless human-like figure: a long plain robe, a veil of a
    deeper, rosier tone over the head, framing the face and falling behind
    the shoulders (so it reads as a gentle, robed person, not a bare
    mannequin head), standing at ease with its
    elbows softly bent and its hands resting together in front. It is lit
    softly from within, a little translucent, with a warm glowing edge and
    a deeper, warmer tone toward the hem. It walks calmly when it moves; on
    welcome it opens its hands outward a little, palms toward the person,
    and nods once, slowly."""
    kind = "figure"
    height = 1.75
    translucent = 0.86
    halo_at = (1.2, 1.1, 0.25, 1.5)
    stride = 1.2

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        c = mix(base, (1.0, 0.95, 0.88), 0.3)                # the robe: the colour, paler
        veil = mix(base, (0.93, 0.64, 0.58), 0.42)           # the veil: the colour, a deeper rose
        face = mix(base, (1.0, 0.9, 0.8), 0.45)
        hem = mix(base, (0.86, 0.52, 0.42), 0.35)
        self.trunk = self.body.child("trunk", (0, 0.95, 0))
        robe = lathe([(0.07, 0.25, 0.21), (0.1, 0.255, 0.215), (0.35, 0.235, 0.19), (0.7, 0.205, 0.155),
                      (0.95, 0.172, 0.128), (1.1, 0.168, 0.122), (1.25, 0.182, 0.125), (1.33, 0.185, 0.118),
                      (1.39, 0.172, 0.108), (1.435, 0.14, 0.092), (1.47, 0.09, 0.068), (1.49, 0.062, 0.052)],
                     c, sides=20)
        # deeper and warmer toward the hem, and a warm light at the heart
        k = np.clip((1.0 - robe.pos[:, 1]) / 0.9, 0, 1)[:, None]
        robe.col[:, :3] = robe.col[:, :3] * (1 - 0.6 * k) + hem * 0.6 * k
        heart = np.array([0.0, 1.2, 0.12], np.float32)
        d2 = ((robe.pos - heart) ** 2 * np.array([1.0, 0.6, 1.0], np.float32)).sum(1)
        robe.sway[:] = np.exp(-d2 / 0.03).astype(np.float32)
        self.trunk.add([robe], "robe")
        self.head = self.trunk.child("head", (0, 1.49, 0))
        # a veil over the head, framing the face and falling behind the
        # shoulders to the middle of the back
        hood = ellip((0.128, 0.145, 0.128), (0, 1.645, -0.01), veil)
        fall = ellip((0.205, 0.27, 0.085), (0, 1.34, -0.075), veil)
        self.trunk.add([fall], "veil")
        self.head.add([capsule((0, 1.45, 0), (0, 1.53, 0.01), 0.058, 0.054, face, sides=8),
                       ellip((0.086, 0.112, 0.098), (0, 1.612, 0.034), face), hood,
                       capsule((0, 1.6, -0.05), (0, 1.46, -0.075), 0.115, 0.13, veil, sides=12)], "head")
        self.arms = []
        for s in (1, -1):
            arm = self.trunk.child("arm", (s * 0.17, 1.38, 0))
            arm.add([capsule((s * 0.17, 1.38, 0), (s * 0.2, 1.13, 0.0), 0.058, 0.062, c, sides=10)], "upper")
            fore = arm.child("fore", (s * 0.2, 1.13, 0.0))
            # a wide, soft sleeve, and a small soft hand
            fore.add([capsule((s * 0.2, 1.13, 0.0), (s * 0.21, 0.94, 0.02), 0.062, 0.08, c, sides=12),
                      ellip((0.032, 0.05, 0.022), (s * 0.212, 0.9, 0.03), face, subdiv=1)], "fore")
            self.arms.append((arm, fore, s))
        self.legs = []
        for s, ph in ((1, 0.0), (-1, math.pi)):
            leg = self.body.child("foot", (s * 0.09, 0.6, 0))
            leg.add([ellip((0.055, 0.04, 0.1), (s * 0.09, 0.04, 0.05), hem, subdiv=1)], "foot")
            self.legs.append((leg, ph))

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        yaw = 180.0 if m.speed < -0.08 else 0.0
        m.heading = yaw if m.heading is None else approach(m.heading, yaw, m.dt, 0.8)
        self.body_np.setH(m.heading)
        wk = m.walk
        for leg, ph in self.legs:
            leg.np.setP(14.0 * wk * math.sin(m.phase + ph))
        self.body_np.setY(0.015 * wk * abs(math.sin(m.phase)))
        self.trunk.np.setScale(1.0 + 0.012 * breath, 1.0 + 0.008 * breath, 1.0 + 0.018 * breath)
        w = ease(welcome)
        still = 0.0 if self.steady else 1.0
        nod = 9.0 * self.welcome_pulse(t, welcome, 5.0)
        self.head.np.setHpr(still * 2.0 * math.sin(2 * math.pi * t / 13.0), -(nod + 4.0 * w),
                            still * 2.5 * math.sin(2 * math.pi * t / 17.0) + 3.0 * w)
        # at rest the elbows are softly bent and the hands rest together in
        # front; the welcome opens them outward a little, palms to the person
        rest = 1.0 - wk            # walking, the arms hang and swing a little
        for arm, fore, s in self.arms:
            swing = 10.0 * wk * math.sin(m.phase + (math.pi if s > 0 else 0.0))
            sway = still * 1.5 * math.sin(2 * math.pi * t / 7.0 + s)
            # (a node's roll turns the other way from rot()'s: -s opens the arm outward)
            arm.np.setHpr(0, swing + 8.0 * rest + 4.0 * w, -s * (4.0 + 12.0 * w + sway))
            fore.np.setHpr(s * (22.0 * rest * (1 - w)) - s * 16.0 * w, 42.0 * rest + 8.0 * w, 0)
        self.light(glow, welcome, visible, rim=1.0, own=0.6, emit=0.38 + 0.12 * breath)


ANIMALS = {"dog": Dog, "deer": Deer, "cat": Cat, "bird": Bird}


def build(kind: str, parent: NodePath, rgb, size: float = 1.0, animal: str | None = None, sun_dir=None) -> Form:
    """The modelled form for kind animal (dog by default), tree or figure."""
    if kind == "animal":
        return ANIMALS.get(animal or "dog", Dog)(parent, rgb, size, sun_dir)
    if kind == "tree":
        return GlowTree(parent, rgb, size, sun_dir)
    if kind == "figure":
        return Figure(parent, rgb, size, sun_dir)
    raise ValueError(f"no modelled presence form {kind!r}")


__all__ = ["ANIMALS", "Bird", "Cat", "Deer", "Dog", "Figure", "GlowTree", "ShapeForm", "build",
           "capsule", "ellip", "rot", "shape_shader", "to_node", "tri_count"]
