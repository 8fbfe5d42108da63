// Sea and lakes (water.py): slow waves, calmer in the shallows.
uniform mat4 p3d_ModelViewMatrix;
uniform float u_time;
uniform float u_wave_h;
uniform float u_wave_speed;
uniform vec2 u_fog_range;
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
    v_fog = fog_ramp(d, u_fog_range);
}
