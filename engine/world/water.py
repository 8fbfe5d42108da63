"""Water: a vertex-animated grid with gentle waves, sky reflection and a
soft moving foam line where it meets the shore.

The shore depth under each vertex is baked into the `sway` column at build
time (water never sways), so the shader knows where the shoreline is
without reading the terrain.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import NodePath, TransparencyAttrib

from engine.config.place import Place
from engine.world import shaders
from engine.world.colour import rgb, vec
from engine.world.mesh import Mesh, to_geom_node
from engine.world.terrain import Heightfield

WATER_VERT = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform float u_time;
uniform float u_wave_h;
uniform float u_wave_speed;
uniform vec2 u_fog_range;
in vec4 p3d_Vertex;
in float sway;          // water depth at this vertex (metres)
out vec3 v_world;
out float v_depth;
out float v_fog;
out float v_crest;
void main() {
    vec4 p = p3d_Vertex;
    float t = u_time * u_wave_speed;
    float calm = smoothstep(0.0, 1.5, sway);
    float w = sin(p.z * 0.32 + t * 1.3) * 0.55 + sin(p.x * 0.21 + p.z * 0.11 + t * 0.9) * 0.3
            + sin(p.x * 0.7 - p.z * 0.45 + t * 2.1) * 0.15;
    p.y += w * u_wave_h * (0.35 + 0.65 * calm);
    v_crest = w;
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    v_world = p.xyz;
    v_depth = sway;
    float d = length((p3d_ModelViewMatrix * p).xyz);
    v_fog = clamp((d - u_fog_range.x) / max(u_fog_range.y - u_fog_range.x, 1.0), 0.0, 1.0);
}
"""

WATER_FRAG = """#version 150
in vec3 v_world;
in float v_depth;
in float v_fog;
in float v_crest;
uniform float u_time;
uniform vec3 u_cam;
uniform vec3 u_water;
uniform vec3 u_sky;
uniform vec3 u_sun_dir;
uniform vec3 u_key;
uniform vec3 u_fog_col;
uniform float u_foam;
out vec4 o_col;
void main() {
    vec3 v = normalize(u_cam - v_world);
    float fres = pow(1.0 - clamp(v.y, 0.0, 1.0), 3.0);
    vec3 c = mix(u_water * (0.75 + 0.1 * v_crest), u_sky, 0.15 + 0.55 * fres);
    vec3 r = reflect(-v, vec3(0.0, 1.0, 0.0));
    c += u_key * pow(max(dot(r, u_sun_dir), 0.0), 24.0) * 0.22;
    float shore = 1.0 - smoothstep(0.0, 0.6, v_depth);
    float band = 0.5 + 0.5 * sin(v_depth * 9.0 - u_time * 0.8);
    float foam = shore * (0.35 + 0.4 * band) * u_foam;
    c = mix(c, vec3(0.95, 0.95, 0.92) * (0.55 + 0.45 * u_key), clamp(foam, 0.0, 0.8));
    c = mix(c, u_fog_col, v_fog * v_fog * (3.0 - 2.0 * v_fog));
    float a = mix(0.55, 0.93, smoothstep(0.0, 1.2, v_depth));
    o_col = vec4(c, a);
}
"""


def water_mesh(place: Place, hf: Heightfield) -> Mesh:
    w = place.water
    cx, cz = w.position
    sx, sz = w.size
    if w.kind == "sea":
        sx, sz = max(sx, 900.0), max(sz, 700.0)
        cz = cz + sz / 2 - w.size[1] / 2
    n = 56 if w.kind == "sea" else 44
    # Denser rows near the viewer: spacing grows quadratically with distance.
    u = np.linspace(0, 1, n, dtype=np.float32)
    xs = cx - sx / 2 + sx * u
    zs = cz - sz / 2 + sz * (u ** 2 if w.kind == "sea" else u)
    x, z = np.meshgrid(xs, zs)
    depth = np.clip(w.level - hf.sample(x, z), -1.0, 50.0).astype(np.float32)
    pos = np.stack([x, np.full_like(x, w.level), z], -1).reshape(-1, 3)
    i = np.arange(n - 1)
    a = (i[:, None] * n + i[None, :]).ravel()
    tri = np.concatenate([np.stack([a, a + n, a + n + 1], 1), np.stack([a, a + n + 1, a + 1], 1)])
    col = np.ones((n * n, 4), np.float32)
    nrm = np.tile(np.array([0, 1, 0], np.float32), (n * n, 1))
    return Mesh(pos.astype(np.float32), nrm, col, depth.ravel(), tri.astype(np.uint32))


def build_water(place: Place, hf: Heightfield, parent: NodePath) -> NodePath | None:
    w = place.water
    if w is None or w.kind == "fountain":
        return None
    np_ = parent.attachNewNode(to_geom_node(water_mesh(place, hf), "water"))
    np_.setShader(shaders.cached("water", WATER_VERT, WATER_FRAG))
    np_.setShaderInput("u_wave_h", w.wave_height)
    np_.setShaderInput("u_wave_speed", w.wave_speed)
    np_.setShaderInput("u_water", vec(rgb(place.palette.resolve(w.colour))))
    np_.setShaderInput("u_sky", vec(rgb(place.palette.sky_horizon)))
    np_.setShaderInput("u_foam", 1.0 if w.kind in ("sea", "lake") else 0.5)
    np_.setTransparency(TransparencyAttrib.M_alpha)
    np_.setDepthWrite(False)
    np_.setTwoSided(True)
    return np_
