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

# What each kind does with time (MOTION), how its sprite is lit (LIGHT) and
# its footprint, how the sprite is shaded (FOOT names one of FOOTPRINT): GLSL
# sections of glsl/particle_kinds.glsl, filled into the templates
# glsl/particle.vert and glsl/particle.frag.
FOOT = {"fireflies": "halo", "leaves": "leaf", "petals": "leaf", "snow": "disc", "dust": "glow",
        "spray": "puff", "pollen": "glow"}
_GLSL = shaders.sections("particle_kinds.glsl")
MOTION = {kind: _GLSL["motion " + kind] for kind in KINDS}
LIGHT = {kind: _GLSL["light " + kind] for kind in KINDS}
FOOTPRINT = {name: _GLSL["footprint " + name] for name in sorted(set(FOOT.values()))}

# Overall strength: additive kinds stay faint.
STRENGTH = {"fireflies": 0.9, "leaves": 0.95, "petals": 0.9, "snow": 0.85, "dust": 0.5, "spray": 0.3,
            "pollen": 0.55}

# Near fade (m from the eye): big soft glows stay a little away from the face.
NEAR = {"fireflies": (1.5, 4.0), "spray": (1.5, 4.0)}

# Per-particle colour variety: each particle mixes a random 0-55% of this in.
VARIETY = {"leaves": "#d9902e", "petals": "#fff6f8"}

MAX_BEAMS = 3


def shader_for(kind: str, beams: bool = False):
    """The kind's shader; `beams` lights dust inside the sunbeams."""
    vert = shaders.stage("particle.vert", dict(motion=MOTION[kind], light=LIGHT[kind]),
                         defines=("BEAMS 1",) if beams else ())
    frag = shaders.stage("particle.frag", dict(foot=FOOTPRINT[FOOT[kind]]))
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
