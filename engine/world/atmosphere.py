"""Atmosphere: sunbeams through a glade and a sea of clouds below a summit.

Sunbeams: a place whose particles include `dust` gets 1-3 soft shafts of
light from the sun through the dust's area (until places have an explicit
`sunbeams:` entry). Each shaft is two camera-turned quads
(an inner and a wider outer layer) around an axis that runs from a point
on the ground toward the sun; the fragment shader fades them across and
along, and their strength breathes very slowly (an 11-13 s sine, +-12%).
Drawn additively, faint, without depth write.

Cloud sea: a mountain place whose seat is high (camera y > 20) gets a wide
layer of cloud below the seat. The clouds are a tileable fBm texture made
once in numpy (R: density, G: relief lit from the sun's side), sampled
twice at two scales that scroll slowly in different directions (two
texture lookups per pixel, no noise in the shader), lit by the key and
ambient colours and fading into the fog toward the horizon.

Both are pure functions of `u_time`; nothing here runs per frame on the CPU.
Their shaders are glsl/sunbeam.* and glsl/cloud.*.

Vertex columns reused (see engine/world/mesh.py):
  sunbeams:  vertex = the beam's ground point; color.rgb = layer strength,
             color.a = phase (0..1); light = (across -1..1, along 0..1);
             sway = radius (m)
  clouds:    vertex = position; other columns unused
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from panda3d.core import (
    ColorBlendAttrib, Geom, GeomNode, GeomTriangles, GeomVertexData, NodePath,
    OmniBoundingVolume, Texture, TransparencyAttrib,
)

from engine.world import shaders
from engine.world.colour import vec
from engine.world.mesh import vertex_format
from engine.world.clouds import sun_relief, tile_fbm, tileable_texture

# ---------------------------------------------------------------- sunbeams


@dataclass(frozen=True)
class Beam:
    ground: tuple[float, float, float]   # where the axis meets the ground
    radius: float                        # metres (inner layer; the outer is wider)
    length: float                        # metres along the axis toward the sun
    phase: float                         # 0..1, offsets the breathing


def sunbeams(world) -> list[Beam]:
    """The place's sunbeams: deterministic from the place (its seed, its first
    dust entry and the sun), so particles.py can light dust inside them."""
    place = world.place
    if place.indoor or world.rig.celestial != "sun":
        return []
    dust = [p for p in place.particles if p.kind == "dust" and p.count > 0]
    if not dust:
        return []
    spec = dust[0]
    x0, z0, x1, z1 = spec.area
    x0, x1 = min(x0, x1), max(x0, x1)
    z0, z1 = min(z0, z1), max(z0, z1)
    rng = np.random.default_rng(place.seed * 7919 + 104729)
    n = int(np.clip(round((x1 - x0) / 9.0), 1, 3))
    cam = place.camera.position
    sun = np.asarray(world.rig.sun_dir, np.float64)
    top = max(max(spec.height) + 7.0, 11.0)
    length = float(min(top / max(sun[1], 0.2), 45.0))
    beams = []
    for i in range(n):
        fx = (i + 0.5) / n + rng.uniform(-0.12, 0.12) / n
        x = x0 + (x1 - x0) * (0.15 + 0.7 * fx)
        z = z0 + (z1 - z0) * rng.uniform(0.35, 0.75)
        # Keep the shafts out of the seat: the viewer watches them, not from inside.
        if np.hypot(x - cam[0], z - cam[2]) < 5.0:
            z = cam[2] + 6.0
        y = float(world.heightfield.sample(np.float32(x), np.float32(z)))
        beams.append(Beam((float(x), y, float(z)), float(rng.uniform(1.0, 1.7)), length,
                          float(rng.uniform(0, 1))))
    return beams


# (radius factor, strength) for the layers of one shaft.
BEAM_LAYERS = ((1.0, 0.13), (1.9, 0.06))


def _upload(name: str, rows: np.ndarray, tri: np.ndarray) -> GeomNode:
    node = GeomNode(name)
    vdata = GeomVertexData(name, vertex_format(), Geom.UH_static)
    vdata.uncleanSetNumRows(len(rows))
    vdata.modifyArrayHandle(0).copyDataFrom(np.ascontiguousarray(rows.astype(np.float32)))
    prim = GeomTriangles(Geom.UH_static)
    prim.setIndexType(Geom.NT_uint32)
    prim.modifyVertices().modifyHandle().copyDataFrom(np.ascontiguousarray(tri.astype(np.uint32).ravel()))
    geom = Geom(vdata)
    geom.addPrimitive(prim)
    node.addGeom(geom)
    return node


def build_sunbeams(world) -> NodePath | None:
    beams = sunbeams(world)
    if not beams:
        return None
    rows, tris = [], []
    for b in beams:
        for rf, strength in BEAM_LAYERS:
            base = len(rows)
            for across, along in ((-1, 0), (1, 0), (1, 1), (-1, 1)):
                rows.append([*b.ground, strength, strength, strength, b.phase, across, along, b.radius * rf])
            tris += [(base, base + 1, base + 2), (base, base + 2, base + 3)]
    np_ = world.root.attachNewNode(_upload("sunbeams", np.array(rows), np.array(tris)))
    np_.setShader(shaders.program("sunbeams", "sunbeam.vert", "sunbeam.frag"))
    np_.setShaderInput("u_beam_dir", vec(world.rig.sun_dir))
    np_.setShaderInput("u_len", beams[0].length)
    np_.setAttrib(ColorBlendAttrib.make(ColorBlendAttrib.M_add, ColorBlendAttrib.O_incoming_alpha,
                                        ColorBlendAttrib.O_one))
    _soft(np_)
    np_.setBin("transparent", 5)
    return np_


def _soft(np_: NodePath) -> None:
    np_.setDepthWrite(False)
    np_.setTwoSided(True)
    np_.setLightOff(1)
    np_.setFogOff(1)
    # The shader moves the vertices: never cull by the stored positions.
    np_.node().setBounds(OmniBoundingVolume())
    np_.node().setFinal(True)


# --------------------------------------------------------------- cloud sea

CLOUD_RADIUS = 850.0   # inside the sky dome (900)
CLOUD_TEX = 256
_TEX_CACHE: dict[int, Texture] = {}


def cloud_level(world) -> float | None:
    """Height of the cloud layer, or None when this place has none: a
    mountain place whose eye is more than 20 m above the low ground (the
    terrain's 10th percentile). The layer lies at the height that 93% of
    the distant terrain stays below (so only the higher far peaks rise out
    of it), and at least 10 m below the seat."""
    place = world.place
    if place.terrain.kind != "mountains":
        return None
    cx, cy, cz = place.camera.position
    hf = world.heightfield
    seat = float(hf.sample(np.float32(cx), np.float32(cz)))
    low = float(np.percentile(hf.h, 10))
    if seat + cy - low <= 20.0:
        return None
    x, z = hf.grid()
    far = hf.h[np.hypot(x - cx, z - cz) > 0.3 * hf.size]
    level = float(np.percentile(far, 93)) if far.size else low + 0.5 * (seat - low)
    return max(min(level, seat - 10.0), low + 2.0)


def cloud_field(seed: int, n: int = CLOUD_TEX, sun_xz=(0.0, 1.0)) -> np.ndarray:
    """(n, n, 4) uint8, tileable: R = density (fBm), G = relief lit from the
    sun's side, B = density again, A = 255."""
    d = tile_fbm(n, seed, 6, 5)
    relief = sun_relief(d, sun_xz, step=3, gain=4.0)   # the side of a billow that faces the sun is brighter
    out = np.empty((n, n, 4), np.uint8)
    out[..., 0] = np.round(d * 255)
    out[..., 1] = np.round(relief * 255)
    out[..., 2] = out[..., 0]
    out[..., 3] = 255
    return out


SEA_TILE_M = 340.0
"""The cloud sea's texture repeats every this many metres."""
SEA_FINE = 3
"""Its finer layer repeats this many times across one tile (every ~113 m)."""


def _wrap_resize(a: np.ndarray, m: int) -> np.ndarray:
    """Bilinear resize of a tileable (n, n, c) field to (m, m, c), wrapping."""
    n = a.shape[0]
    u = (np.arange(m) + 0.5) * n / m - 0.5
    i0 = np.floor(u).astype(int)
    f = (u - i0)[:, None]
    i0, i1 = i0 % n, (i0 + 1) % n
    rows = a[i0] * (1 - f)[..., None] + a[i1] * f[..., None]
    return rows[:, i0] * (1 - f.T)[..., None] + rows[:, i1] * f.T[..., None]


def cloud_sea_field(seed: int, sun_xz=(0.0, 1.0), n: int = CLOUD_TEX) -> np.ndarray:
    """(m, m, 4) uint8, m = 1.5 n, tileable: the two drifting scales the layer
    once sampled apart, summed once here so a pixel reads one texel (a second
    lookup cost ~1 ms a frame at 1280x720 on llvmpipe): R = density (0.68 of
    the coarse layer, 0.32 of the fine one, shifted), G = relief."""
    base = cloud_field(seed, n, sun_xz).astype(np.float32)
    m = n * 3 // 2
    coarse = _wrap_resize(base, m)
    k = m // SEA_FINE
    fine = np.tile(np.roll(_wrap_resize(base, k), (int(0.71 * k), int(0.37 * k)), (0, 1)), (SEA_FINE, SEA_FINE, 1))
    out = np.empty((m, m, 4), np.uint8)
    out[..., 0] = np.round(0.68 * coarse[..., 0] + 0.32 * fine[..., 0])
    out[..., 1] = np.round(0.6 * coarse[..., 1] + 0.4 * fine[..., 1])
    out[..., 2] = out[..., 0]
    out[..., 3] = 255
    return out


def cloud_texture(seed: int, sun_xz) -> Texture:
    key = hash((seed, round(float(sun_xz[0]), 3), round(float(sun_xz[1]), 3)))
    if key in _TEX_CACHE:
        return _TEX_CACHE[key]
    tex = tileable_texture("cloud-sea", cloud_sea_field(seed, sun_xz))
    _TEX_CACHE[key] = tex
    return tex


def cloud_mesh(world, centre: tuple[float, float], level: float, rings: int = 30, segments: int = 56):
    """A flat disc of radius CLOUD_RADIUS at y = level, rings denser near the
    centre. `sway` holds the clearance (level minus the terrain height under
    the vertex; large beyond the terrain), so the shader thins the cloud where
    a slope rises through it and thickens it over deep valleys."""
    cx, cz = centre
    r = CLOUD_RADIUS * (np.arange(1, rings + 1) / rings) ** 1.6
    a = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    xs = cx + r[:, None] * np.cos(a)[None, :]
    zs = cz + r[:, None] * np.sin(a)[None, :]
    pos = np.concatenate([[[cx, level, cz]], np.stack([xs, np.full_like(xs, level), zs], -1).reshape(-1, 3)])
    tris = []
    j = np.arange(segments)
    k = (j + 1) % segments
    tris.append(np.stack([np.zeros(segments, int), 1 + j, 1 + k], 1))
    for i in range(rings - 1):
        a0, a1 = 1 + i * segments, 1 + (i + 1) * segments
        tris.append(np.stack([a0 + j, a1 + j, a1 + k], 1))
        tris.append(np.stack([a0 + j, a1 + k, a0 + k], 1))
    hf = world.heightfield
    px, pz = pos[:, 0], pos[:, 2]
    inside = ((px >= hf.x0) & (px <= hf.x0 + hf.size) & (pz >= hf.z0) & (pz <= hf.z0 + hf.size))
    clearance = np.where(inside, level - hf.sample(px, pz), 100.0)
    rows = np.zeros((len(pos), 10), np.float32)
    rows[:, 0:3] = pos
    rows[:, 3:7] = 1.0
    rows[:, 9] = clearance
    tri = np.concatenate(tris)
    # Where the summit rises through the layer the cloud is clear (the
    # shader's edge term) and under the ground anyway: those triangles were
    # rasterised and depth-tested behind the seat's own slope for nothing.
    return rows, tri[(clearance[tri] > 0.0).any(1)]


HEAD_ROOM = 0.6
"""Metres a sight line must pass under the ground to count as hidden: the
head moves about the seat (drift, a headset) by less than this."""


BROW_M = 60.0
"""Only the seat's own hilltop hides cloud: ground further out than this is
not counted (the disc's far triangles are large, and one whose corners all
lie behind far peaks can still show cloud in front of them)."""


def seen_from_seat(world, points: np.ndarray, samples: int = 96) -> np.ndarray:
    """For each point, whether the eye at the seat may see it: its sight
    line stays above the ground within BROW_M of the seat (less HEAD_ROOM)."""
    place, hf = world.place, world.heightfield
    cx, cy, cz = place.camera.position
    eye = np.array([cx, float(hf.sample(np.float32(cx), np.float32(cz))) + cy, cz], np.float32)
    t = np.linspace(0.0, 1.0, samples, dtype=np.float32)[None, :]
    ray = eye[None, None, :] + (points[:, None, :] - eye[None, None, :]) * t[..., None]
    x, z = ray[..., 0], ray[..., 2]
    brow = (np.hypot(x - cx, z - cz) < BROW_M) & (t > 0.0)
    ground = np.where(brow, hf.sample(np.clip(x, hf.x0, hf.x0 + hf.size), np.clip(z, hf.z0, hf.z0 + hf.size)),
                      -np.inf)
    return ~(ground > ray[..., 1] + HEAD_ROOM).any(1)


def build_cloud_sea(world) -> NodePath | None:
    level = cloud_level(world)
    if level is None:
        return None
    place = world.place
    cx, _, cz = place.camera.position
    rows, tri = cloud_mesh(world, (cx, cz), level)
    seen = seen_from_seat(world, rows[:, 0:3])
    front = seen[tri].any(1)
    np_ = world.root.attachNewNode(_upload("cloud-sea", rows, tri[front]))
    if (~front).any():   # behind the summit's brow: drawn only when walking about
        behind = np_.attachNewNode(_upload("cloud-sea-behind-the-brow", rows, tri[~front]))
        world.unseen_from_seat.append(behind)
    np_.setShader(shaders.program("cloud-sea", "cloud.vert", "cloud.frag"))
    sun = world.rig.sun_dir
    np_.setShaderInput("u_tex", cloud_texture(place.seed, (float(sun[0]), float(sun[2]))))
    fog0, fog1 = world.rig.fog_range
    # The clouds keep their shape further than the fog would allow, then
    # melt into the fog colour well before the layer's rim.
    start = max(fog0, 60.0)
    end = min(max(fog1 * 1.6, start + 200.0), CLOUD_RADIUS * 0.8)
    np_.setShaderInput("u_cloud_fog", (float(start), float(end)))
    np_.setShaderInput("u_cover", 0.3)
    np_.setShaderInput("u_centre", (float(cx), float(level), float(cz)))
    np_.setTransparency(TransparencyAttrib.M_alpha)
    _soft(np_)
    np_.setBin("transparent", 0)
    return np_


# ------------------------------------------------------------------ entry


def build(world, rng: np.random.Generator) -> None:
    """Register 'sunbeams' and 'cloud-sea' parts where the place has them.
    Uses no draws from `rng` (beams are seeded by the place itself)."""
    beams = build_sunbeams(world)
    if beams is not None:
        world.parts["sunbeams"] = beams
    clouds = build_cloud_sea(world)
    if clouds is not None:
        world.parts["cloud-sea"] = clouds
