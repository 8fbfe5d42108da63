// The sky dome (sky.py): gradient and sun glow, all per vertex.
uniform vec3 u_top;
uniform vec3 u_horizon;
uniform vec3 u_below;
uniform vec3 u_sun_dir;
uniform vec3 u_sun_col;
uniform float u_glow;        // breathing/warmth multiplier on the sun glow
out vec3 v_col;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    // Everything per vertex: the sky is smooth, and on llvmpipe a per-pixel
    // sky costs ~4 ms a frame at 1280x720. The disc and stars are geometry.
    vec3 d = normalize(p3d_Vertex.xyz);
    vec3 c = mix(u_horizon, u_top, sqrt(clamp(d.y, 0.0, 1.0)));
    c = mix(c, u_below, smoothstep(0.0, -0.12, d.y));
    float s = max(dot(d, u_sun_dir), 0.0);
    float s2 = s * s;
    float s8 = s2 * s2; s8 *= s8;
    float s32 = s8 * s8; s32 *= s32;
    v_col = c + u_sun_col * (s2 * s2 * s2 * 0.28 + s32 * 0.3) * u_glow;
}
