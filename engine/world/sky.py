"""Sky dome: palette gradient, horizon haze and sun glow per time of day,
slowly drifting clouds, the sun or moon with its halo, stars and a faint
milky band at night.

The dome follows the camera and is drawn after opaque geometry (its own cull
bin) so llvmpipe shades only the pixels the land leaves uncovered. Colours
are worked out per vertex (glsl/sky.vert), keeping every colour's hue when
it is bright (a colour over 1 is scaled down as a whole, never clipped
toward white: the golden hour stays golden round the sun); per pixel the
dome does one lookup into a small tileable cloud texture that drifts slowly
(engine/world/clouds.py). The sun or moon (with the moon's halo) and the
stars are soft cards added onto the sky (glsl/sky_dot.*): drawing the disc
per pixel on the dome cost about 7 ms a frame, a second cloud lookup about
2 ms.

`sky_look(place, rig)` is pure numpy: every colour and amount the dome uses,
so tests can check them without rendering.
"""
from __future__ import annotations

import colorsys
from dataclasses import dataclass

import numpy as np
from panda3d.core import ColorBlendAttrib, NodePath

from engine.config.place import Place
from engine.world import shaders
from engine.world.bins import SKY_BIN, ensure_bins
from engine.world.colour import mix, rgb, vec
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


def star_field(seed: int, count: int = 900, band: bool = False) -> Mesh:
    """Stars above the horizon; with `band`, 700 more, small and faint,
    gathered along the milky band (drawn by the dome, see BAND_NORMAL)."""
    rng = np.random.default_rng(seed + 77)
    v = rng.normal(size=(count * 3, 3))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    v = v[v[:, 1] > 0.05][:count]
    bright = rng.uniform(0.35, 1.0, len(v)) ** 2 * np.clip(v[:, 1] * 4, 0, 1)
    half = SKY_RADIUS * 0.0021 * rng.uniform(0.7, 1.3, len(v))
    if band:
        w = rng.normal(size=(2400, 3))
        w /= np.linalg.norm(w, axis=1, keepdims=True)
        off = rng.normal(0.0, 0.07, len(w))     # a gaussian spread across the band
        w = w - BAND_NORMAL[None] * (w @ BAND_NORMAL - off)[:, None]
        w /= np.linalg.norm(w, axis=1, keepdims=True)
        w = w[w[:, 1] > 0.08][:700]
        v = np.concatenate([v, w])
        bright = np.concatenate([bright, rng.uniform(0.25, 0.6, len(w)) ** 2 * np.clip(w[:, 1] * 4, 0, 1)])
        half = np.concatenate([half, SKY_RADIUS * 0.0015 * rng.uniform(0.7, 1.1, len(w))])
    tint = np.stack([0.9 + 0.1 * rng.uniform(size=len(v)), np.full(len(v), 0.95), np.ones(len(v))], 1)
    rgba = np.concatenate([tint * bright[:, None], np.ones((len(v), 1))], 1)
    return dot_cards(v, half, rgba, SKY_RADIUS * 0.97)


DOME_FLOOR_DEG = -6.0
"""The dome ends this far below the horizon. Lower down, the ground or the
water always covers it from the seat, yet every pixel there was still
rasterised and depth-tested (1.2-1.7 ms a frame at 1280x720 on llvmpipe);
the window clears to the sky's colour there instead (`World.backdrop`)."""


def dome(radius: float = SKY_RADIUS, segments: int = 64) -> Mesh:
    """Latitude rings from DOME_FLOOR_DEG up, dense near the horizon where the
    per-vertex gradient and the clouds' perspective change fastest, sparser
    overhead (about 1,300 vertices: vertices are cheap, pixels are not)."""
    lat = np.radians(np.array([DOME_FLOOR_DEG, -2.5, -1, 0, 1, 2.5, 4.5, 7, 10, 13, 16.5, 20.5, 25,
                               30, 36, 43, 51, 60, 70, 80, 90], np.float32))
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


# Per time of day: the clouds' cover when the place does not say, how much
# the sun's glow is saturated (golden hour and dusk: deep and warm), how white
# the sunlit side of a cloud is, and the horizon haze.
@dataclass(frozen=True)
class TimeStyle:
    clouds: float          # default cover 0..1
    saturate: float        # glow colour: the light's saturation times this
    glow: float            # how far the glow round the sun reaches and how strong
    lit_white: float       # sunlit cloud: 0 the light's colour .. 1 white
    shade: float           # shaded cloud: brightness of the sky colour under it
    haze: float            # horizon haze strength


STYLE = {
    "dawn": TimeStyle(0.42, 1.7, 0.85, 0.35, 0.86, 0.35),
    "day": TimeStyle(0.38, 1.0, 0.55, 0.8, 0.92, 0.3),
    "golden-hour": TimeStyle(0.42, 1.7, 1.0, 0.2, 0.84, 0.3),
    "dusk": TimeStyle(0.4, 1.8, 0.95, 0.1, 0.7, 0.3),
    "night": TimeStyle(0.0, 1.0, 0.5, 0.0, 0.35, 0.15),
}

# The milky band: a great circle through the night sky (the unit normal of
# its plane), chosen to rise from the horizon ahead-left (30 deg left) up
# across the seated view (35 deg up, 25 deg right) toward the zenith behind.
BAND_NORMAL = (np.cross([-0.5, 0.0, 0.866], [0.346, 0.574, 0.742]).astype(np.float32)
               / np.linalg.norm(np.cross([-0.5, 0.0, 0.866], [0.346, 0.574, 0.742]))).astype(np.float32)

# The clouds' drift (texture tiles a second at speed 1): about 0.25 deg/s
# 45 degrees up, slow enough that no pixel changes more than a fraction of a
# percent a frame; and how many tiles one unit of the cloud plane holds.
DRIFT = (0.0036, 0.0016)
CLOUD_SCALE = 0.7


def saturated(colour: np.ndarray, factor: float) -> np.ndarray:
    """The colour with its HSV saturation multiplied (capped at 0.85), value kept."""
    h, s, v = colorsys.rgb_to_hsv(*[float(c) for c in colour])
    return np.array(colorsys.hsv_to_rgb(h, min(s * factor, 0.85), v), np.float32)


@dataclass(frozen=True)
class SkyLook:
    top: np.ndarray
    horizon: np.ndarray
    below: np.ndarray
    haze: np.ndarray          # horizon haze colour (rgb) ...
    haze_amount: float        # ... and how strong
    glow: np.ndarray          # colour the sky turns toward round the sun or moon
    glow_amount: float
    disc: np.ndarray          # the sun's or moon's disc colour
    disc_size: float          # half-angle of the disc, radians
    corona: float             # the tight glow round the disc
    cover: float              # cloud density threshold: above 1 means no clouds
    cloud_lit: np.ndarray
    cloud_shade: np.ndarray
    drift: tuple[float, float]
    band: float               # milky band strength (0 by day)


def sky_look(place: Place, rig: LightRig) -> SkyLook:
    pal = place.palette
    tod = place.time_of_day
    st = STYLE[tod]
    night = tod == "night"
    top, horizon, light = rgb(pal.sky_top), rgb(pal.sky_horizon), rgb(pal.light)
    fog = rgb(pal.resolve("fog"))
    glow = saturated(light, st.saturate)
    clouds = st.clouds if place.sky.clouds is None else place.sky.clouds
    # cover 0 -> threshold above any density; 1 -> almost all of it
    cover = 1.5 if clouds <= 0.0 else float(0.78 - 0.5 * clouds)
    mid = mix(top, horizon, 0.55)
    lum = float(mid @ np.array([0.3, 0.55, 0.15], np.float32))
    shade = mix(mid, np.full(3, lum, np.float32), 0.35) * st.shade
    if not night:   # the shaded side of a cloud leans toward the warm light a little
        shade = mix(shade, shade * glow / max(float(glow.max()), 1e-3), 0.25)
    lit = mix(light, np.ones(3, np.float32), st.lit_white) * (0.42 if night else 1.02)
    band = (1.0 if night else 0.0) if place.sky.milky_way is None else (1.0 if place.sky.milky_way else 0.0)
    speed = place.sky.cloud_speed
    return SkyLook(
        top=top, horizon=horizon, below=fog * 0.85,
        haze=mix(horizon, fog, 0.5) * (1.0 if night else 1.04), haze_amount=st.haze,
        glow=glow * (0.75 if night else 1.0), glow_amount=st.glow,
        disc=np.clip(light * 0.95 + 0.1, 0, 1) if night else mix(light, np.ones(3, np.float32), 0.55),
        disc_size=float(np.radians(1.15 if night else 1.6)),
        corona=0.55 if night else 0.8,
        cover=cover, cloud_lit=lit.astype(np.float32), cloud_shade=shade.astype(np.float32),
        drift=(DRIFT[0] * speed, DRIFT[1] * speed), band=band,
    )


def build_sky(place: Place, rig: LightRig, parent: NodePath) -> NodePath:
    from engine.world.clouds import sky_texture
    ensure_bins()
    mesh = dome()
    np_ = parent.attachNewNode(to_geom_node(mesh, "sky"))
    look = sky_look(place, rig)
    band = ("BAND",) if look.band > 0 else ()
    np_.setShader(shaders.cached("sky" + "-band" * bool(band), shaders.stage("sky.vert", defines=band),
                                 shaders.stage("sky.frag", defines=band)))
    np_.setShaderInput("u_top", vec(look.top))
    np_.setShaderInput("u_horizon", vec(look.horizon))
    np_.setShaderInput("u_below", vec(look.below))
    np_.setShaderInput("u_haze", (*vec(look.haze), float(look.haze_amount)))
    np_.setShaderInput("u_sun_dir", rig.panda_sun())
    np_.setShaderInput("u_sun_col", (*vec(look.glow), float(look.glow_amount)))
    np_.setShaderInput("u_glow", 1.0)
    np_.setShaderInput("u_cover", float(look.cover))
    np_.setShaderInput("u_cloud_lit", vec(look.cloud_lit))
    np_.setShaderInput("u_cloud_shade", vec(look.cloud_shade))
    np_.setShaderInput("u_drift", tuple(float(x) for x in look.drift))
    np_.setShaderInput("u_scale", CLOUD_SCALE)
    np_.setShaderInput("u_band", (*vec(BAND_NORMAL), float(look.band)))
    sun = rig.sun_dir
    np_.setShaderInput("u_clouds", sky_texture(place.seed, (float(sun[0]), float(sun[2]))))
    np_.setBin(SKY_BIN, 0)
    np_.setDepthWrite(False)
    np_.node().setBounds(_infinite())
    np_.node().setFinal(True)
    if look.band > 0 or place.time_of_day == "night":
        _dots(np_, "stars", star_field(place.seed, band=look.band > 0), 0.0, 1)
    _sun_or_moon(np_, rig.sun_dir, look, place.time_of_day == "night")
    return np_


def _sun_or_moon(sky: NodePath, direction: np.ndarray, look: SkyLook, night: bool) -> None:
    """The disc as a card added onto the sky (a few thousand pixels instead of
    a test on every pixel of the dome); at night a soft halo round the moon
    several times its size. By day the dome's own glow (per vertex) is the
    sun's: a second card cost about a millisecond a frame."""
    half = SKY_RADIUS * 0.98 * float(np.tan(look.disc_size))
    if night:
        halo = np.append(look.glow * look.corona * 0.45, 1.0)[None]
        _dots(sky, "moon-halo", dot_cards(direction[None], np.array([half * 6.0]), halo, SKY_RADIUS * 0.985), 0.0, 2)
    disc = np.append(look.disc, 1.0)[None]
    _dots(sky, "sun", dot_cards(direction[None], np.array([half]), disc, SKY_RADIUS * 0.98), 0.55, 3)


def _dots(sky: NodePath, name: str, mesh: Mesh, edge: float, sort: int) -> NodePath:
    """Soft round dots added onto the sky (a faint star only lightens it)."""
    node = sky.attachNewNode(to_geom_node(mesh, name))
    node.setShader(shaders.program("sky-dots", "sky_dot.vert", "sky_dot.frag"))
    node.setShaderInput("u_edge", edge)
    node.setAttrib(ColorBlendAttrib.make(ColorBlendAttrib.M_add, ColorBlendAttrib.O_incoming_alpha,
                                         ColorBlendAttrib.O_one))
    node.setBin(SKY_BIN, sort)
    node.setDepthWrite(False)
    return node


def _infinite():
    from panda3d.core import OmniBoundingVolume
    return OmniBoundingVolume()
