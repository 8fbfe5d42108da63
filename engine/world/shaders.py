"""GLSL shaders for the world. Ursina runs Panda3D with y up (left-handed).

One lit shader serves every solid object (terrain, flora, structures,
presence): light baked per vertex (see mesh.py) scaled by the shared key and
ambient uniforms that the breathing light and cues drive each frame, a cheap
wind sway, and fog.
"""
from __future__ import annotations

from panda3d.core import Shader

COMMON_UNIFORMS = """
uniform float u_time;
uniform vec3 u_sun_dir;      // towards the sun, world space
uniform vec3 u_key;          // key light colour * strength
uniform vec3 u_ambient;      // sky/ambient colour * strength
uniform vec3 u_fog_col;
uniform vec2 u_fog_range;    // start, end (metres)
uniform float u_wind;        // sway amplitude (metres at tip)
"""

LIT_VERT = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelMatrix;
uniform mat4 p3d_ModelViewMatrix;
in vec4 p3d_Vertex;
in vec4 p3d_Color;
in vec2 light;
in float sway;
""" + COMMON_UNIFORMS + """
out vec4 v_col;
void main() {
    vec4 wp = p3d_ModelMatrix * p3d_Vertex;
    float ph = wp.x * 0.21 + wp.z * 0.17;
    vec2 w = vec2(sin(u_time * 1.1 + ph), cos(u_time * 0.9 + ph * 1.3)) * (u_wind * sway);
    vec4 p = p3d_Vertex + vec4(w.x, 0.0, w.y, 0.0);
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    vec3 c = p3d_Color.rgb * (u_key * light.x + u_ambient * light.y);
    // Fog per vertex, not per pixel: on llvmpipe every per-pixel operation is
    // paid ~900k times a frame, and fog changes slowly across a triangle.
    float d = length((p3d_ModelViewMatrix * p).xyz);
    float f = clamp((d - u_fog_range.x) / max(u_fog_range.y - u_fog_range.x, 1.0), 0.0, 1.0);
    v_col = vec4(mix(c, u_fog_col, f * f * (3.0 - 2.0 * f)), p3d_Color.a);
}
"""

LIT_FRAG = """#version 150
in vec4 v_col;
out vec4 o_col;
void main() {
    o_col = v_col;
}
"""

# Self-lit things (fire, window light, glow): colour passes through, fog still applies.
GLOW_VERT = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform float u_time;
uniform vec2 u_fog_range;
uniform float u_glow;         // multiplier the world drives (fire flicker, breath)
uniform vec3 u_fog_col;
in vec4 p3d_Vertex;
in vec4 p3d_Color;
in float sway;
out vec4 v_col;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    float d = length((p3d_ModelViewMatrix * p3d_Vertex).xyz);
    float f = clamp((d - u_fog_range.x) / max(u_fog_range.y - u_fog_range.x, 1.0), 0.0, 1.0) * 0.6;
    v_col = vec4(mix(p3d_Color.rgb * u_glow, u_fog_col, f), p3d_Color.a);
}
"""

GLOW_FRAG = LIT_FRAG  # colour and fog are done per vertex


def make(vert: str, frag: str) -> Shader:
    return Shader.make(Shader.SL_GLSL, vertex=vert, fragment=frag)


_CACHE: dict[str, Shader] = {}


def lit() -> Shader:
    if "lit" not in _CACHE:
        _CACHE["lit"] = make(LIT_VERT, LIT_FRAG)
    return _CACHE["lit"]


def glow() -> Shader:
    if "glow" not in _CACHE:
        _CACHE["glow"] = make(GLOW_VERT, GLOW_FRAG)
    return _CACHE["glow"]


def cached(key: str, vert: str, frag: str) -> Shader:
    if key not in _CACHE:
        _CACHE[key] = make(vert, frag)
    return _CACHE[key]
