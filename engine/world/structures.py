"""Structures: rooms and furniture (furniture.py), garden walls, fountains,
benches, arches, pergolas and cairns (garden.py).

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
flowing water), each a function of the session clock only.

Indoors the sun does not reach: light is baked from the room's own sources
instead. The `light` column's first term is the fire's share (the solid
node's `u_key` is set to the fire's colour, breathing gently), the second the
steady share (lamps, window, room ambient; scaled by the world's ambient).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from panda3d.core import (
    ColorBlendAttrib, Geom, GeomNode, GeomTriangles, GeomVertexData, NodePath, TransparencyAttrib,
)

from engine.config.place import Structure
from engine.world import shaders
from engine.world.colour import mix, rgb, rgba, vec
from engine.world.mesh import Mesh, _normalise, baked_light, merge, merge_nearest_first, vertex_format, yaw_matrix

INTERIOR_KINDS = ("room", "window", "fireplace", "lamp", "sofa", "armchair", "rug", "cushion",
                  "bookshelf", "table")
GARDEN_KINDS = ("wall", "fountain", "bench", "arch", "pergola", "cairn")


# ---------------------------------------------------------------- shaders

UV_VERT = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform vec2 u_fog_range;
in vec4 p3d_Vertex;
in vec4 p3d_Color;
in vec2 light;      // uv for these shaders
in float sway;      // per-piece phase 0..1
out vec4 v_col;
out vec2 v_uv;
out float v_ph;
out float v_fog;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_col = p3d_Color;
    v_uv = light;
    v_ph = sway * 6.2831853;
    float d = length((p3d_ModelViewMatrix * p3d_Vertex).xyz);
    v_fog = clamp((d - u_fog_range.x) / max(u_fog_range.y - u_fog_range.x, 1.0), 0.0, 1.0);
}
"""

# Flames: a soft tongue shape drawn on a card; it sways and breathes slowly
# (every motion below 0.5 Hz) and is added onto what is behind it.
FIRE_VERT = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform float u_time;
in vec4 p3d_Vertex;
in vec4 p3d_Color;
in vec2 light;
in float sway;
out vec4 v_col;
out vec2 v_uv;
out float v_ph;
void main() {
    vec4 p = p3d_Vertex;
    float ph = sway * 6.2831853;
    float v = light.y;
    p.x += (sin(u_time * 1.30 + ph) * 0.6 + sin(u_time * 2.10 + ph * 1.7) * 0.4) * 0.03 * v * v;
    p.y += sin(u_time * 1.70 + ph * 2.3) * 0.035 * v;
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    v_col = p3d_Color;
    v_uv = light;
    v_ph = ph;
}
"""

FIRE_FRAG = """#version 150
in vec4 v_col;
in vec2 v_uv;
in float v_ph;
uniform float u_time;
uniform float u_glow;
out vec4 o_col;
void main() {
    float v = clamp(v_uv.y, 0.0, 1.0);
    float u = v_uv.x + 0.22 * v * sin(v * 4.0 - u_time * 2.2 + v_ph)
                     + 0.08 * v * sin(v * 9.0 - u_time * 2.9 + v_ph * 2.0);
    float w = 0.9 * pow(1.0 - v, 0.55) * smoothstep(-0.08, 0.22, v);
    float a = 1.0 - smoothstep(w * 0.25, w, abs(u));
    float core = (1.0 - smoothstep(0.0, w * 0.6, abs(u))) * (1.0 - v);
    vec3 c = mix(v_col.rgb, vec3(1.0, 0.86, 0.58), core * 0.75) * mix(1.0, 0.45, v * v);
    o_col = vec4(c * a * v_col.a * u_glow, 1.0);
}
"""

# Soft round glow sprites (lamp halo, firelight haze, candle), added.
HALO_FRAG = """#version 150
in vec4 v_col;
in vec2 v_uv;
in float v_fog;
uniform float u_glow;
out vec4 o_col;
void main() {
    float r2 = dot(v_uv, v_uv);
    float a = max(1.0 - r2, 0.0);
    a = a * a * a;
    o_col = vec4(v_col.rgb * a * v_col.a * u_glow * (1.0 - v_fog), 1.0);
}
"""

# The view through a window: a dusky sky over dark hills, rain running down the
# glass in thin, slow, faint streaks (a few centimetres a second).
WINDOW_FRAG = """#version 150
in vec4 v_col;
in vec2 v_uv;
uniform float u_time;
uniform vec3 u_top;
uniform vec3 u_horizon;
uniform vec3 u_land;
uniform vec3 u_warm;
uniform float u_rain;
out vec4 o_col;
float hash(float n) { return fract(sin(n * 127.1 + 3.7) * 43758.5453); }
float streaks(vec2 uv, float cols, float seed) {
    float x = uv.x * cols;
    float ci = floor(x);
    float h1 = hash(ci + seed), h2 = hash(ci * 1.37 + seed + 11.0), h3 = hash(ci * 2.11 + seed + 23.0);
    float fx = fract(x) - 0.5 - (h3 - 0.5) * 0.5;
    float speed = 0.035 + 0.06 * h2;
    float len = 0.05 + 0.12 * h3;
    float y = fract(uv.y * 0.8 + u_time * speed + h1 * 7.0);
    float body = smoothstep(0.0, 0.012, y) * (1.0 - smoothstep(0.0, len, y));
    float width = exp(-fx * fx / (0.012 + 0.02 * (1.0 - clamp(y / len, 0.0, 1.0))));
    return step(0.35, h1) * body * width;
}
float drops(vec2 uv) {
    vec2 g = uv * vec2(34.0, 30.0);
    vec2 c = floor(g);
    float h = hash(c.x * 17.0 + c.y * 131.0);
    vec2 f = fract(g) - 0.5 - (vec2(hash(c.x + c.y * 7.0), hash(c.y + c.x * 3.0)) - 0.5) * 0.6;
    return step(0.72, h) * (1.0 - smoothstep(0.04, 0.12, length(f)));
}
void main() {
    vec2 uv = v_uv;
    vec3 sky = mix(u_horizon, u_top, smoothstep(0.2, 1.05, uv.y));
    sky = mix(sky, vec3(dot(sky, vec3(0.3, 0.5, 0.2))), 0.2);
    float far = 0.34 + 0.045 * sin(uv.x * 4.3 + 1.3) + 0.02 * sin(uv.x * 11.0 + 0.4);
    float near = 0.2 + 0.05 * sin(uv.x * 6.1 + 2.6) + 0.018 * sin(uv.x * 17.0 + 1.1);
    vec3 c = mix(sky, mix(u_top, u_horizon, 0.45) * 0.62, (1.0 - smoothstep(far - 0.006, far + 0.006, uv.y)));
    c = mix(c, u_land, (1.0 - smoothstep(near - 0.006, near + 0.006, uv.y)));
    // two distant lit windows, steady
    vec2 l1 = (uv - vec2(0.27, near - 0.035)) * vec2(1.0, 1.6);
    vec2 l2 = (uv - vec2(0.71, far - 0.05)) * vec2(1.0, 1.6);
    c += u_warm * ((1.0 - smoothstep(0.004, 0.012, length(l1))) * 0.8 + (1.0 - smoothstep(0.003, 0.009, length(l2))) * 0.5);
    float r = streaks(uv, 46.0, 0.0) + 0.7 * streaks(uv + vec2(0.011, 0.3), 73.0, 5.0) + 0.5 * drops(uv);
    c += (sky * 0.5 + vec3(0.1)) * r * 0.22 * u_rain;
    c *= 0.92 + 0.08 * smoothstep(0.0, 0.25, uv.y);
    o_col = vec4(c, 1.0);
}
"""

# Fountain water: the palette's water under a sky sheen, rings spreading
# slowly from where the falling water lands. uv = local metres from the centre.
POOL_FRAG = """#version 150
in vec4 v_col;
in vec2 v_uv;
in float v_ph;
in float v_fog;
uniform float u_time;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform vec3 u_fog_col;
uniform vec3 u_sky;
out vec4 o_col;
void main() {
    float r = length(v_uv);
    float land = v_col.a;                 // radius where the water falls in
    float d = abs(r - land);
    float rings = sin(d * 22.0 - u_time * 2.4 + v_ph) * 0.6 + sin(d * 37.0 - u_time * 3.1) * 0.4;
    rings *= exp(-d * 1.6);
    float cross = sin(v_uv.x * 9.0 + u_time * 0.7) * sin(v_uv.y * 8.0 - u_time * 0.6) * 0.25;
    vec3 base = v_col.rgb * (u_key * 0.45 + u_ambient * 0.75);
    vec3 c = mix(base, u_sky * 0.95, 0.28 + 0.06 * (rings + cross));
    c += vec3(0.05) * max(rings, 0.0) * (0.4 + 0.6 * dot(u_key, vec3(0.33)));
    float foam = (1.0 - smoothstep(0.0, 0.12, d)) * (0.55 + 0.2 * rings);
    c = mix(c, vec3(0.92, 0.94, 0.95) * (u_key * 0.5 + u_ambient * 0.7), foam * 0.55);
    c = mix(c, u_fog_col, v_fog * v_fog);
    o_col = vec4(c, 0.9);
}
"""

# Falling water: a translucent sheet with soft streaks moving along it.
FLOW_FRAG = """#version 150
in vec4 v_col;
in vec2 v_uv;
in float v_ph;
in float v_fog;
uniform float u_time;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform vec3 u_fog_col;
out vec4 o_col;
void main() {
    float threads = 0.5 + 0.5 * sin(v_uv.x * 40.0 + v_ph + 1.7 * sin(v_uv.x * 7.0));
    threads = threads * threads * threads;
    float drip = 0.5 + 0.5 * sin(v_uv.y * 9.0 + u_time * 2.6 + v_uv.x * 13.0);
    vec3 c = v_col.rgb * (u_key * 0.7 + u_ambient * 0.8) * (0.9 + 0.2 * drip);
    c = mix(c, u_fog_col, v_fog * v_fog);
    float a = v_col.a * (0.25 + 0.75 * threads) * (0.75 + 0.25 * drip);
    o_col = vec4(c, a);
}
"""


def uv_shader(key: str, frag: str, vert: str = UV_VERT):
    return shaders.cached("structures-" + key, vert, frag)


# ---------------------------------------------------------------- mesh helpers

def rotate(m: Mesh, rx: float = 0.0, ry: float = 0.0, rz: float = 0.0) -> Mesh:
    """Rotate about x, then z, then y (degrees). x tips the top towards +z."""
    a, b = math.radians(rx), math.radians(rz)
    rot_x = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]], np.float32)
    rot_z = np.array([[math.cos(b), -math.sin(b), 0], [math.sin(b), math.cos(b), 0], [0, 0, 1]], np.float32)
    r = yaw_matrix(ry) @ rot_z @ rot_x
    out = m.copy()
    out.pos = (out.pos @ r.T).astype(np.float32)
    out.nrm = _normalise(out.nrm @ r.T)
    return out


def moved(m: Mesh, offset) -> Mesh:
    out = m.copy()
    out.pos = out.pos + np.asarray(offset, np.float32)
    return out


def soft_box(sx: float, sy: float, sz: float, rgba_=(1, 1, 1, 1), round_: float = 0.35,
             centre=(0.0, None, 0.0)) -> Mesh:
    """A box with rounded edges (a superellipsoid from a subdivided icosphere):
    cushions, upholstery, pillows. Base at y=0 unless centre[1] is given."""
    from engine.world.shapes import icosphere
    s = icosphere(radius=1.0, subdiv=1)
    u = s.pos.astype(np.float64)
    half = np.array([sx / 2, sy / 2, sz / 2])
    p = np.sign(u) * np.abs(u) ** round_ * half
    n = np.sign(u) * np.abs(u) ** (2 - round_) / half
    cy = sy / 2 if centre[1] is None else centre[1]
    p = p + np.array([centre[0], cy, centre[2]])
    m = Mesh(p.astype(np.float32), _normalise(n.astype(np.float32)),
             np.tile(np.asarray(rgba_, np.float32), (len(p), 1)), np.zeros(len(p), np.float32), s.tri.copy())
    return m


def grid_quad(w: float, h: float, nu: int, nv: int, rgba_=(1, 1, 1, 1)) -> Mesh:
    """A quad in the local x-y plane facing -z, from (-w/2, 0) to (w/2, h), split
    into nu x nv cells so baked point light falls off smoothly across it."""
    xs = np.linspace(-w / 2, w / 2, nu + 1, dtype=np.float32)
    ys = np.linspace(0, h, nv + 1, dtype=np.float32)
    x, y = np.meshgrid(xs, ys)
    pos = np.stack([x, y, np.zeros_like(x)], -1).reshape(-1, 3)
    n = nu + 1
    i, j = np.meshgrid(np.arange(nu), np.arange(nv))
    a = (j * n + i).ravel()
    # counter-clockwise seen from -z (right-handed terms, as shapes.py writes them)
    tri = np.concatenate([np.stack([a, a + n + 1, a + 1], 1), np.stack([a, a + n, a + n + 1], 1)])
    nrm = np.tile(np.array([0, 0, -1], np.float32), (len(pos), 1))
    col = np.tile(np.asarray(rgba_, np.float32), (len(pos), 1))
    return Mesh(pos, nrm, col, np.zeros(len(pos), np.float32), tri.astype(np.uint32))


def quad_uv(w: float, h: float, rgba_=(1, 1, 1, 1), uv=((-1, 0), (1, 0), (1, 1), (-1, 1)), y0: float = 0.0,
            phase: float = 0.0) -> tuple[Mesh, np.ndarray]:
    """A card in the x-y plane facing -z with uv per corner (bl, br, tr, tl)."""
    pos = np.array([(-w / 2, y0, 0), (w / 2, y0, 0), (w / 2, y0 + h, 0), (-w / 2, y0 + h, 0)], np.float32)
    nrm = np.tile(np.array([0, 0, -1], np.float32), (4, 1))
    col = np.tile(np.asarray(rgba_, np.float32), (4, 1))
    tri = np.array([(0, 2, 1), (0, 3, 2)], np.uint32)
    return Mesh(pos, nrm, col, np.full(4, phase, np.float32), tri), np.asarray(uv, np.float32)


def face_yaw(frm, to) -> float:
    """Yaw (deg) that turns a -z-facing card at `frm` to face the point `to`."""
    dx, dz = to[0] - frm[0], to[2] - frm[2]
    return math.degrees(math.atan2(-dx, -dz))


def colour_of(pal, ref: str | None, default: str, alpha: float = 1.0) -> np.ndarray:
    return rgba(pal.resolve(ref or default), alpha)


def shade(c, k: float) -> np.ndarray:
    out = np.asarray(c, np.float32).copy()
    out[:3] = np.clip(out[:3] * k, 0, 1)
    return out


def tint(a, b, t: float) -> np.ndarray:
    out = mix(a, b, t).astype(np.float32)
    out[3] = np.asarray(a)[3]
    return out


def size_of(s: Structure, default) -> tuple[float, float, float]:
    return tuple(float(v) for v in (s.size if s.size is not None else default))


def placed(m: Mesh, s: Structure) -> Mesh:
    return m.transformed(1.0, s.rotation, s.position)


# ---------------------------------------------------------------- collecting


@dataclass
class Lamp:
    """A baked point light indoors: position, radius (m), strength, and which
    light term it feeds ('fire' flickers with the fire; 'steady' does not)."""
    pos: tuple[float, float, float]
    radius: float
    strength: float
    term: str = "steady"
    warm: float = 0.0


@dataclass
class Kit:
    """What one build collects: meshes per layer, uv-carrying layers, lights
    and per-frame updaters, plus the context the builders need."""
    world: object
    rng: np.random.Generator
    layers: dict[str, list[Mesh]] = field(default_factory=dict)
    uvs: dict[str, list[np.ndarray]] = field(default_factory=dict)
    lights: list[Lamp] = field(default_factory=list)
    fires: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def place(self):
        return self.world.place

    @property
    def pal(self):
        return self.world.place.palette

    @property
    def seat(self) -> tuple[float, float, float]:
        return tuple(self.place.camera.position)

    def add(self, layer: str, mesh: Mesh, uv: np.ndarray | None = None) -> None:
        self.layers.setdefault(layer, []).append(mesh)
        if uv is not None:
            self.uvs.setdefault(layer, []).append(np.asarray(uv, np.float32).reshape(-1, 2))

    def ground(self, x: float, z: float) -> float:
        if self.place.indoor:
            return 0.0
        return float(self.world.heightfield.sample(np.float32(x), np.float32(z)))


def upload(mesh: Mesh, name: str, light: np.ndarray) -> GeomNode:
    """Like mesh.to_geom_node, but the `light` column is given (baked room
    light, or uv for the animated shaders)."""
    node = GeomNode(name)
    if mesh.n == 0:
        return node
    vdata = GeomVertexData(name, vertex_format(), Geom.UH_static)
    vdata.uncleanSetNumRows(mesh.n)
    inter = np.concatenate([mesh.pos, mesh.col, np.asarray(light, np.float32).reshape(-1, 2),
                            mesh.sway[:, None]], axis=1).astype(np.float32)
    vdata.modifyArrayHandle(0).copyDataFrom(np.ascontiguousarray(inter))
    prim = GeomTriangles(Geom.UH_static)
    prim.setIndexType(Geom.NT_uint32)
    prim.modifyVertices().modifyHandle().copyDataFrom(
        np.ascontiguousarray(mesh.tri[:, ::-1].astype(np.uint32).ravel()))
    geom = Geom(vdata)
    geom.addPrimitive(prim)
    node.addGeom(geom)
    return node


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
    from engine.world import furniture, garden
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
    solid = merge_nearest_first(kit.layers.get("solid", []), place.camera.position)
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
    _uv_layer(kit, root, "window", WINDOW_FRAG, blend=None)
    pool = _uv_layer(kit, root, "pool", POOL_FRAG, blend="alpha")
    if pool is not None:
        pool.setShaderInput("u_sky", vec(rgb(kit.pal.sky_horizon)))
    _uv_layer(kit, root, "flow", FLOW_FRAG, blend="alpha", two_sided=True)
    fire = _uv_layer(kit, root, "fire", FIRE_FRAG, vert=FIRE_VERT, blend="add", two_sided=True)
    if fire is not None:
        world.updaters.append(_glow_updater(fire, 0.06, 1.7))
    halo = _uv_layer(kit, root, "halo", HALO_FRAG, blend="add", two_sided=True)
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


def _uv_layer(kit: Kit, root: NodePath, name: str, frag: str, vert: str = UV_VERT, blend: str | None = None,
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
