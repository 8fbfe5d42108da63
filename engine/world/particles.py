"""Particles: fireflies, leaves, petals, snow, dust, sea spray and pollen.

One GeomNode per `Particles` entry of the place: each particle is a quad of
4 vertices that all carry the particle's resting centre; the vertex shader
turns the quad to face the camera and moves it as a pure function of the
session time `u_time` (set on the world root by `World.update`). Nothing is
updated per particle on the CPU and nothing is random per frame, so a frame
at time t is always the same picture.

Vertex columns (the shared format of engine/world/mesh.py) are reused as
per-particle data:

    vertex  resting centre (world metres, Ursina axes: y up); for falling
            kinds the top of the particle's fall, for rising kinds its start
    color   rgb: the particle's colour; a: a third random number in [0, 1)
    light   x: corner index (0..3, integer part) + a second random number
            in [0, 0.999) (fractional part); y: a first random number (phase)
    sway    half-size of the quad in metres

Safety: every brightness change is a slow sine (firefly pulses have
periods of 3 to 6 s), every sprite is a soft disc, nothing moves faster
than about 0.7 m/s, and sprites fade out before they come closer than about
a metre to the camera. Sprites smaller than 1.5 pixels are drawn at 1.5
pixels with proportionally less alpha, so distant specks do not shimmer.

`stars` entries draw nothing here: the sky shader draws the stars.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import (
    BoundingBox, ColorBlendAttrib, Geom, GeomNode, GeomTriangles, GeomVertexData, LVecBase4f, NodePath,
    Point3, PTA_LVecBase4f, TransparencyAttrib,
)

from engine.config.place import Particles, Place
from engine.world import shaders
from engine.world.colour import mix, rgb, vec
from engine.world.mesh import vertex_format

KINDS = ("fireflies", "leaves", "petals", "snow", "dust", "spray", "pollen")

# Per kind: half-size range (m), blending, margin (how far the shader moves a
# particle from its stored centre, for the cull bounds), default colour when
# the entry keeps the model's default 'light'.
STYLE = {
    "fireflies": dict(size=(0.13, 0.19), blend="add", margin=2.5),
    "leaves": dict(size=(0.07, 0.11), blend="alpha", margin=3.0),
    "petals": dict(size=(0.04, 0.065), blend="alpha", margin=3.0),
    "snow": dict(size=(0.03, 0.06), blend="alpha", margin=1.5),
    "dust": dict(size=(0.012, 0.024), blend="add", margin=1.0),
    "spray": dict(size=(0.35, 0.6), blend="alpha", margin=3.0),
    "pollen": dict(size=(0.015, 0.028), blend="add", margin=1.5),
}

# What each kind does with time. In scope: t (seconds), r1, r2, r3 (the
# particle's random numbers), c (resting centre), u_span (height band, m).
# Each sets: off (vec3 world offset), alpha (0..1 factor), glow (brightness
# factor), ang (sprite rotation, radians), squash (sprite height factor),
# grow (size factor).
MOTION = {
    # Wander on slow Lissajous loops (<= ~0.3 m/s); pulse with a 3-6 s period,
    # smooth (a raised sine, squared for a soft glow-and-rest rhythm).
    "fireflies": """
        float w = 0.10 + 0.10 * r2;
        off = vec3(sin(t * w + r1 * 6.2832) * 1.1 + sin(t * w * 2.3 + r3 * 6.2832) * 0.35,
                   sin(t * w * 1.6 + r2 * 6.2832) * 0.35,
                   cos(t * w * 0.8 + r3 * 6.2832) * 1.1);
        float period = 3.0 + 3.0 * r3;
        float s = 0.5 + 0.5 * sin(6.2832 * (t / period + r1));
        glow = 0.12 + 0.88 * s * s;
        """,
    # Fall through the band, wrapping (mod t) so the count stays constant;
    # sway and tumble; fade in at the top and out just above the ground.
    "leaves": """
        float speed = 0.32 + 0.28 * r2;
        float f = fract(r1 + t * speed / u_span);
        off = vec3(sin(t * (0.55 + 0.3 * r3) + r1 * 6.2832) * 0.7 + f * u_span * 0.35,
                   -f * u_span,
                   cos(t * (0.45 + 0.2 * r2) + r3 * 6.2832) * 0.5);
        alpha = smoothstep(0.0, 0.08, f) * smoothstep(1.0, 0.94, f);
        ang = t * (0.5 + 0.6 * r3) * (r2 < 0.5 ? -1.0 : 1.0) + r1 * 6.2832;
        squash = 0.3 + 0.7 * abs(cos(t * (0.7 + 0.5 * r2) + r3 * 6.2832));
        """,
    "petals": """
        float speed = 0.16 + 0.14 * r2;
        float f = fract(r1 + t * speed / u_span);
        off = vec3(sin(t * (0.5 + 0.3 * r3) + r1 * 6.2832) * 0.9 + f * u_span * 0.5,
                   -f * u_span,
                   cos(t * (0.4 + 0.25 * r2) + r3 * 6.2832) * 0.7);
        alpha = smoothstep(0.0, 0.08, f) * smoothstep(1.0, 0.94, f);
        ang = t * (0.4 + 0.5 * r3) * (r2 < 0.5 ? -1.0 : 1.0) + r1 * 6.2832;
        squash = 0.35 + 0.65 * abs(cos(t * (0.6 + 0.4 * r2) + r3 * 6.2832));
        """,
    "snow": """
        float speed = 0.35 + 0.3 * r2;
        float f = fract(r1 + t * speed / u_span);
        off = vec3(sin(t * (0.5 + 0.3 * r3) + r1 * 6.2832) * 0.3 + f * u_span * 0.15,
                   -f * u_span,
                   cos(t * (0.4 + 0.3 * r2) + r3 * 6.2832) * 0.3);
        alpha = smoothstep(0.0, 0.06, f) * smoothstep(1.0, 0.96, f);
        """,
    # Hang in the air, drifting on very slow loops (< 0.05 m/s); brighter
    # inside a sunbeam (see beam_light below).
    "dust": """
        float w = 0.05 + 0.05 * r2;
        off = vec3(sin(t * w + r1 * 6.2832) * 0.35, sin(t * w * 0.7 + r3 * 6.2832) * 0.3,
                   cos(t * w * 0.9 + r2 * 6.2832) * 0.35);
        glow = 0.7 + 0.3 * sin(t * (0.15 + 0.1 * r3) + r1 * 6.2832);
        """,
    # Soft puffs rising from the shore and fading over a 4-7 s life.
    "spray": """
        float life = 4.0 + 3.0 * r2;
        float f = fract(r1 + t / life);
        off = vec3(f * 0.9 * (r3 - 0.3), f * u_span, f * 0.6);
        float s = sin(3.1416 * f);
        alpha = s * s;
        grow = 0.55 + 0.9 * f;
        ang = r3 * 6.2832 + f * 0.6;
        """,
    "pollen": """
        float w = 0.08 + 0.08 * r2;
        off = vec3(sin(t * w + r1 * 6.2832) * 0.8 + sin(t * w * 2.7 + r3 * 3.0) * 0.15,
                   sin(t * w * 0.6 + r3 * 6.2832) * 0.4,
                   cos(t * w * 0.9 + r2 * 6.2832) * 0.8);
        glow = 0.75 + 0.25 * sin(t * (0.3 + 0.2 * r3) + r1 * 6.2832);
        """,
}

# How a sprite is shaded: its footprint (fragment falloff) and its light.
FOOTPRINT = {
    # A bright core in a wide soft halo (fireflies).
    "halo": ("float r2 = dot(v_uv, v_uv); float a = max(1.0 - r2, 0.0);"
             " a = a * a * 0.28 + exp(-r2 * 28.0) * 0.9; col = mix(col, vec3(1.0, 0.96, 0.8), exp(-r2 * 60.0) * 0.3);"),
    # A small soft glowing speck.
    "glow": "float r2 = dot(v_uv, v_uv); float a = max(1.0 - r2, 0.0); a = a * a * (0.35 + 0.65 * exp(-r2 * 9.0));",
    # A soft round disc.
    "disc": "float r2 = dot(v_uv, v_uv); float a = max(1.0 - r2, 0.0); a = a * a;",
    # A leaf or petal: an ellipse with a soft rim and a little shading along it.
    "leaf": ("vec2 q = v_uv * vec2(1.0, 1.8); float r2 = dot(q, q); float a = smoothstep(1.0, 0.55, r2);"
             " col *= 0.8 + 0.25 * v_uv.x;"),
    # A very soft puff (spray).
    "puff": "float r2 = dot(v_uv, v_uv); float a = max(1.0 - r2, 0.0); a = a * a * a;",
}
FOOT = {"fireflies": "halo", "leaves": "leaf", "petals": "leaf", "snow": "disc", "dust": "glow",
        "spray": "puff", "pollen": "glow"}

# Self-lit (fireflies) keep their colour; the others take the scene light.
LIGHT = {
    "fireflies": "vec3 lit = vec3(1.0);",
    "leaves": "vec3 lit = u_key * 0.75 + u_ambient * 0.6;",
    "petals": "vec3 lit = u_key * 0.8 + u_ambient * 0.65;",
    "snow": "vec3 lit = u_key * 0.7 + u_ambient * 0.8;",
    "dust": "vec3 lit = u_key;",
    "spray": "vec3 lit = u_key * 0.55 + u_ambient * 0.7;",
    "pollen": "vec3 lit = u_key * 0.9 + u_ambient * 0.2;",
}
# Overall strength: additive kinds stay faint.
STRENGTH = {"fireflies": 0.9, "leaves": 0.95, "petals": 0.9, "snow": 0.85, "dust": 0.5, "spray": 0.3,
            "pollen": 0.55}

# Near fade (m from the eye): big soft glows stay a little away from the face.
NEAR = {"fireflies": (1.5, 4.0), "spray": (1.5, 4.0)}

# Per-particle colour variety: each particle mixes a random 0-55% of this in.
VARIETY = {"leaves": "#d9902e", "petals": "#fff6f8"}

MAX_BEAMS = 3

VERT = """#version 150
uniform mat4 p3d_ModelViewMatrix;
uniform mat4 p3d_ProjectionMatrix;
uniform float u_time;
uniform vec2 u_fog_range;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform float u_span;        // height of the particles' band (m)
uniform float u_px;          // viewport height in pixels
uniform float u_strength;    // overall brightness / opacity
uniform vec2 u_near;         // fade in between these distances from the eye (m)
uniform vec4 u_beams[3];     // dust: sunbeam ground point xyz, radius (w = 0: unused)
uniform vec3 u_beam_dir;     // dust: direction of the beams' axis (towards the sun)
in vec4 p3d_Vertex;
in vec4 p3d_Color;
in vec2 light;
in float sway;
out vec2 v_uv;
out vec4 v_col;
void main() {
    float t = u_time;
    float corner = floor(light.x);
    float r1 = light.y;
    float r2 = fract(light.x);
    float r3 = p3d_Color.a;
    vec3 c = p3d_Vertex.xyz;
    vec3 off = vec3(0.0);
    float alpha = 1.0, glow = 1.0, ang = 0.0, squash = 1.0, grow = 1.0;
    %(motion)s
    vec3 wp = c + off;
#ifdef BEAMS
    float inbeam = 0.0;
    for (int i = 0; i < 3; i++) {
        vec3 d = wp - u_beams[i].xyz;
        vec3 across = d - u_beam_dir * dot(d, u_beam_dir);
        float r = max(u_beams[i].w, 1e-3);
        inbeam += step(1e-4, u_beams[i].w) * exp(-dot(across, across) / (r * r));
    }
    glow *= 0.12 + 1.1 * min(inbeam, 1.0);
#endif
    vec4 vc = p3d_ModelViewMatrix * vec4(wp, 1.0);
    float dist = length(vc.xyz);
    vec4 clip = p3d_ProjectionMatrix * vc;
    // Never smaller than 1.5 px: a smaller sprite is drawn at 1.5 px, fainter.
    float size = sway * grow;
    float px = 2.0 * abs(clip.w) / (p3d_ProjectionMatrix[1][1] * u_px);
    float drawn = max(size, 1.5 * px);
    alpha *= (size / drawn) * (size / drawn);
    // Fade out very close to the eye, and into the fog.
    alpha *= smoothstep(u_near.x, u_near.y, dist);
    float fog = clamp((dist - u_fog_range.x) / max(u_fog_range.y - u_fog_range.x, 1.0), 0.0, 1.0);
    alpha *= 1.0 - fog * fog * (3.0 - 2.0 * fog);
    vec2 uv = vec2((corner == 1.0 || corner == 2.0) ? 1.0 : -1.0, corner >= 2.0 ? 1.0 : -1.0);
    vec2 q = uv * vec2(1.0, squash);
    float ca = cos(ang), sa = sin(ang);
    q = vec2(ca * q.x - sa * q.y, sa * q.x + ca * q.y);
    vc.xy += q * drawn;
    gl_Position = p3d_ProjectionMatrix * vc;
    v_uv = uv;
    %(light)s
    v_col = vec4(p3d_Color.rgb * lit * glow, clamp(alpha * u_strength, 0.0, 1.0));
}
"""

FRAG = """#version 150
in vec2 v_uv;
in vec4 v_col;
out vec4 o_col;
void main() {
    vec3 col = v_col.rgb;
    %(foot)s
    if (a <= 0.002) discard;
    o_col = vec4(col, a * v_col.a);
}
"""


def shader_for(kind: str, beams: bool = False):
    vert = VERT % dict(motion=MOTION[kind], light=LIGHT[kind])
    if beams:
        vert = vert.replace("#version 150\n", "#version 150\n#define BEAMS 1\n", 1)
    frag = FRAG % dict(foot=FOOTPRINT[FOOT[kind]])
    return shaders.cached(f"particles-{kind}{'-beams' if beams else ''}", vert, frag)


def default_colour(spec: Particles, place: Place) -> np.ndarray:
    """The entry's colour; kinds whose entry keeps the model default ('light')
    get a colour that suits them."""
    pal = place.palette
    if "colour" in spec.model_fields_set:
        return rgb(pal.resolve(spec.colour))
    light = rgb(pal.light)
    return {
        "fireflies": mix(light, rgb("#ffd36b"), 0.6),
        "leaves": mix(rgb(pal.foliage), rgb("#c98b3a"), 0.3),
        "petals": mix(rgb(pal.accent), rgb("#ffffff"), 0.25),
        "snow": rgb("#ffffff"),
        "dust": mix(light, rgb("#ffffff"), 0.3),
        "spray": rgb("#ffffff"),
        "pollen": mix(light, rgb("#f2cf66"), 0.6),
    }.get(spec.kind, light).astype(np.float32)


def particle_centres(spec: Particles, world, rng: np.random.Generator) -> np.ndarray:
    """(count, 3) resting centres: ground height + a height in the band.
    Falling kinds start at the top of the band; spray starts at the bottom.
    Dust gathers partly inside the sunbeams, where it is visible."""
    n = spec.count
    x0, z0, x1, z1 = spec.area
    x0, x1 = min(x0, x1), max(x0, x1)
    z0, z1 = min(z0, z1), max(z0, z1)
    h0, h1 = min(spec.height), max(spec.height)
    x = rng.uniform(x0, x1, n)
    z = rng.uniform(z0, z1, n)
    y = rng.uniform(h0, h1, n)
    place = world.place
    if spec.kind == "spray" and place.water is not None and place.water.kind == "sea":
        w = place.water
        shore = w.position[1] - w.size[1] / 2 + 4 * np.sin(x * 0.05 + place.seed)
        z = np.clip(shore + rng.uniform(-1.5, 3.0, n), z0, z1)
    if spec.kind in ("leaves", "petals", "snow"):
        y = np.full(n, h1)
    elif spec.kind == "spray":
        y = np.full(n, h0)
    if spec.kind == "dust":
        from engine.world.atmosphere import sunbeams
        beams = sunbeams(world)
        if beams:
            k = int(n * 0.6)
            which = rng.integers(0, len(beams), k)
            d = np.asarray(world.rig.sun_dir, np.float64)
            for i, b in enumerate(beams):
                sel = np.nonzero(which == i)[0]
                hy = rng.uniform(h0, h1, len(sel))
                rr = b.radius * np.sqrt(rng.uniform(0, 1, len(sel))) * 0.9
                aa = rng.uniform(0, 2 * np.pi, len(sel))
                gx, gz = b.ground[0], b.ground[2]
                # Along the beam axis to height hy above its ground point.
                along = hy / max(d[1], 0.2)
                x[sel] = gx + d[0] * along + rr * np.cos(aa)
                z[sel] = gz + d[2] * along + rr * np.sin(aa)
                y[sel] = hy
    ground = world.heightfield.sample(x, z)
    if place.water is not None and place.water.kind != "fountain":
        ground = np.maximum(ground, place.water.level)
    return np.stack([x, ground + y, z], 1).astype(np.float32)


def particle_geom(name: str, centres: np.ndarray, colours: np.ndarray, sizes: np.ndarray,
                  rng: np.random.Generator) -> GeomNode:
    """4 vertices per particle (see the module docstring for the columns)."""
    n = len(centres)
    node = GeomNode(name)
    if n == 0:
        return node
    r1 = rng.uniform(0, 1, n)
    r2 = rng.uniform(0, 0.999, n)
    r3 = rng.uniform(0, 1, n)
    corner = np.tile(np.arange(4, dtype=np.float32), n)
    rows = np.zeros((n * 4, 10), np.float32)
    rows[:, 0:3] = np.repeat(centres, 4, 0)
    rows[:, 3:6] = np.repeat(colours[:, :3], 4, 0)
    rows[:, 6] = np.repeat(r3, 4)
    rows[:, 7] = corner + np.repeat(r2, 4)
    rows[:, 8] = np.repeat(r1, 4)
    rows[:, 9] = np.repeat(sizes, 4)
    vdata = GeomVertexData(name, vertex_format(), Geom.UH_static)
    vdata.uncleanSetNumRows(n * 4)
    vdata.modifyArrayHandle(0).copyDataFrom(np.ascontiguousarray(rows))
    base = (np.arange(n, dtype=np.uint32) * 4)[:, None]
    tri = np.concatenate([base + [0, 1, 2], base + [0, 2, 3]], 1).reshape(-1)
    prim = GeomTriangles(Geom.UH_static)
    prim.setIndexType(Geom.NT_uint32)
    prim.modifyVertices().modifyHandle().copyDataFrom(np.ascontiguousarray(tri.astype(np.uint32)))
    geom = Geom(vdata)
    geom.addPrimitive(prim)
    node.addGeom(geom)
    return node


def set_blend(np_: NodePath, blend: str) -> None:
    """Soft transparency: no depth write, depth test on, transparent bin."""
    if blend == "add":
        np_.setAttrib(ColorBlendAttrib.make(ColorBlendAttrib.M_add, ColorBlendAttrib.O_incoming_alpha,
                                            ColorBlendAttrib.O_one))
    else:
        np_.setTransparency(TransparencyAttrib.M_alpha)
    np_.setBin("transparent", 10)
    np_.setDepthWrite(False)
    np_.setTwoSided(True)
    np_.setLightOff(1)
    np_.setFogOff(1)


def _viewport_height() -> float:
    try:
        from ursina import application
        win = application.base.win
        return float(win.getYSize()) if win is not None else 720.0
    except Exception:  # noqa: BLE001 - no window (pure tests): any sane value
        return 720.0


def build_entry(world, spec: Particles, index: int, rng: np.random.Generator) -> NodePath | None:
    if spec.kind not in KINDS or spec.count == 0:
        return None
    style = STYLE[spec.kind]
    centres = particle_centres(spec, world, rng)
    base = default_colour(spec, world.place)
    n = len(centres)
    tint = rng.uniform(0.9, 1.1, (n, 1)) * rng.uniform(0.96, 1.04, (n, 3))
    colours = base[None, :] * tint
    if spec.kind in VARIETY:
        # Leaves turn from the given colour toward amber; petals toward white.
        colours = mix(colours, rgb(VARIETY[spec.kind])[None, :], rng.uniform(0.0, 0.55, (n, 1)))
    colours = np.clip(colours, 0, 1).astype(np.float32)
    sizes = rng.uniform(*style["size"], n).astype(np.float32)
    name = f"particles-{index}-{spec.kind}"
    np_ = world.root.attachNewNode(particle_geom(name, centres, colours, sizes, rng))
    beams = []
    if spec.kind == "dust":
        from engine.world.atmosphere import sunbeams
        beams = sunbeams(world)
    np_.setShader(shader_for(spec.kind, beams=bool(beams)))
    h0, h1 = min(spec.height), max(spec.height)
    np_.setShaderInput("u_span", float(max(h1 - h0, 0.5)))
    np_.setShaderInput("u_px", _viewport_height())
    np_.setShaderInput("u_strength", float(STRENGTH[spec.kind]))
    np_.setShaderInput("u_near", NEAR.get(spec.kind, (0.6, 1.6)))
    slots = PTA_LVecBase4f.emptyArray(MAX_BEAMS)
    for i, b in enumerate(beams[:MAX_BEAMS]):
        slots[i] = LVecBase4f(*(float(v) for v in b.ground), float(b.radius))
    np_.setShaderInput("u_beams", slots)
    np_.setShaderInput("u_beam_dir", vec(world.rig.sun_dir))
    set_blend(np_, style["blend"])
    m = style["margin"] + float(sizes.max()) * 2
    lo = centres.min(0) - m
    hi = centres.max(0) + m
    if spec.kind in ("leaves", "petals", "snow"):
        lo[1] -= h1 - h0
        lo[0] -= (h1 - h0) * 0.5
        hi[0] += (h1 - h0) * 0.5
    if spec.kind == "spray":
        hi[1] += h1 - h0
    np_.node().setBounds(BoundingBox(Point3(*map(float, lo)), Point3(*map(float, hi))))
    np_.node().setFinal(True)
    return np_


def build(world, rng: np.random.Generator) -> None:
    """One node per drawable entry, registered as world.parts['particles-<i>']."""
    nodes = []
    for i, spec in enumerate(world.place.particles):
        np_ = build_entry(world, spec, i, rng)
        if np_ is not None:
            world.parts[f"particles-{i}"] = np_
            nodes.append(np_)
    if not nodes:
        return
    state = {"px": _viewport_height()}

    def keep_pixel_size(t, cam_pos, nodes=nodes, state=state):
        # The window can be resized: keep the 1.5 px floor right (cheap:
        # one uniform per node, only when the size changed).
        px = _viewport_height()
        if px != state["px"]:
            state["px"] = px
            for node in nodes:
                node.setShaderInput("u_px", px)

    world.updaters.append(keep_pixel_size)
