"""Sky dome: palette gradient, sun or moon with a soft glow, stars at night.

The dome follows the camera and is drawn after opaque geometry (its own cull
bin) so llvmpipe shades only the pixels the land leaves uncovered.
"""
from __future__ import annotations

from panda3d.core import CullBinEnums, CullBinManager, NodePath

from engine.config.place import Place
from engine.world import shaders
from engine.world.colour import vec
from engine.world.colour import rgb, vec
from engine.world.lighting import LightRig
from engine.world.mesh import to_geom_node
from engine.world.shapes import icosphere

SKY_RADIUS = 900.0

SKY_VERT = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform vec3 u_top;
uniform vec3 u_horizon;
uniform vec3 u_below;
in vec4 p3d_Vertex;
out vec3 v_dir;
out vec3 v_base;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_dir = p3d_Vertex.xyz;
    // The gradient changes slowly across the dome: per vertex is enough, and
    // keeps the per-pixel work (llvmpipe's real cost) to the sun and stars.
    float up = normalize(p3d_Vertex.xyz).y;
    vec3 c = mix(u_horizon, u_top, sqrt(clamp(up, 0.0, 1.0)));
    v_base = mix(c, u_below, smoothstep(0.0, -0.12, up));
}
"""

SKY_FRAG = """#version 150
in vec3 v_dir;
in vec3 v_base;
uniform vec3 u_sun_dir;
uniform vec3 u_sun_col;
uniform float u_sun_size;    // cos of the disc's angular radius
uniform float u_glow;        // breathing/warmth multiplier on the sun glow
out vec4 o_col;
#ifdef STARS
uniform float u_stars;
float hash(vec3 p) { return fract(sin(dot(p, vec3(12.9898, 78.233, 37.719))) * 43758.5453); }
#endif
void main() {
    vec3 d = normalize(v_dir);
    float s = max(dot(d, u_sun_dir), 0.0);
    float s2 = s * s;
    float s8 = s2 * s2; s8 *= s8;
    float s64 = s8 * s8; s64 *= s64; s64 *= s64;
    vec3 c = v_base + u_sun_col * (s2 * s2 * s2 * 0.28 + s64 * 0.35) * u_glow;
    c = mix(c, u_sun_col * 1.15 + vec3(0.08), smoothstep(u_sun_size - 0.00025, u_sun_size + 0.00025, s));
#ifdef STARS
    if (d.y > 0.02) {
        vec3 cell = floor(d * 260.0);
        float h = hash(cell);
        if (h > 0.9965) {
            float dist = length(d - normalize((cell + 0.5) / 260.0)) * 260.0;
            c += vec3(smoothstep(0.5, 0.05, dist) * (0.45 + 0.55 * hash(cell + 7.0)))
                 * u_stars * smoothstep(0.02, 0.25, d.y);
        }
    }
#endif
    o_col = vec4(c, 1.0);
}
"""

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


def build_sky(place: Place, rig: LightRig, parent: NodePath) -> NodePath:
    _ensure_bin()
    mesh = icosphere(radius=SKY_RADIUS, subdiv=3)
    mesh.tri = mesh.tri[:, ::-1].copy()  # seen from inside
    np_ = parent.attachNewNode(to_geom_node(mesh, "sky"))
    pal = place.palette
    night = place.time_of_day == "night"
    frag = SKY_FRAG.replace("#version 150", "#version 150\n#define STARS") if night else SKY_FRAG
    np_.setShader(shaders.cached("sky-night" if night else "sky", SKY_VERT, frag))
    np_.setShaderInput("u_top", vec(rgb(pal.sky_top)))
    np_.setShaderInput("u_horizon", vec(rgb(pal.sky_horizon)))
    np_.setShaderInput("u_below", vec(rgb(pal.resolve("fog")) * 0.85))
    np_.setShaderInput("u_sun_dir", rig.panda_sun())
    np_.setShaderInput("u_sun_col", vec(rgb(pal.light) * (0.75 if night else 1.0)))
    np_.setShaderInput("u_sun_size", 0.99985 if night else 0.99975)
    np_.setShaderInput("u_stars", 1.0 if night else 0.0)
    np_.setShaderInput("u_glow", 1.0)
    np_.setBin(_BIN, 0)
    np_.setDepthWrite(False)
    np_.setLightOff(1)
    np_.setFogOff(1)
    np_.node().setBounds(_infinite())
    np_.node().setFinal(True)
    return np_


def _infinite():
    from panda3d.core import OmniBoundingVolume
    return OmniBoundingVolume()
