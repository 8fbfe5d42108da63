// The world's lit shader: every solid object (terrain, flora, structures).
// Light is baked per vertex (mesh.py) and scaled here by the shared key and
// ambient uniforms the breathing light and cues drive each frame; a cheap
// wind sway with slow travelling gusts, and fog.
uniform mat4 p3d_ModelMatrix;
uniform mat4 p3d_ModelViewMatrix;
in vec4 p3d_Color;
in vec2 light;
in float sway;

uniform float u_time;
uniform vec3 u_sun_dir;      // towards the sun, world space
uniform vec3 u_key;          // key light colour * strength
uniform vec3 u_ambient;      // sky/ambient colour * strength
uniform vec3 u_fog_col;
uniform vec2 u_fog_range;    // start, end (metres)
uniform float u_wind;        // sway amplitude (metres at tip)

out vec4 v_col;
void main() {
    vec4 wp = p3d_ModelMatrix * p3d_Vertex;
    float ph = wp.x * 0.21 + wp.z * 0.17;
    // Slow gusts roll across the place (bands about 40 m apart, moving about
    // 3.5 m/s): each leans the plants a little downwind and livens their sway.
    float gust = 0.6 + 0.4 * sin(dot(wp.xz, vec2(0.11, 0.12)) - u_time * 0.55);
    float a = u_wind * sway;
    vec2 w = vec2(0.8, 0.6) * (a * 0.7 * gust)
           + vec2(sin(u_time * 1.1 + ph), cos(u_time * 0.9 + ph * 1.3)) * (a * (0.35 + 0.4 * gust));
    vec4 p = p3d_Vertex + vec4(w.x, 0.0, w.y, 0.0);
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    vec3 c = p3d_Color.rgb * (u_key * light.x + u_ambient * light.y);
    // Fog per vertex, not per pixel: on llvmpipe every per-pixel operation is
    // paid ~900k times a frame, and fog changes slowly across a triangle.
    float d = length((p3d_ModelViewMatrix * p).xyz);
    float f = fog_ramp(d, u_fog_range);
    v_col = vec4(mix(c, u_fog_col, f * f * (3.0 - 2.0 * f)), p3d_Color.a);
}
