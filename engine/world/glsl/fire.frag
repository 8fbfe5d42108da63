// Flames (see fire.vert): the tongue's shape, a paler core, added.
in vec4 v_col;
in vec2 v_uv;
in float v_ph;
uniform float u_time;
uniform float u_glow;
void main() {
    float v = clamp(v_uv.y, 0.0, 1.0);
    float u = v_uv.x + 0.22 * v * sin(v * 4.0 - u_time * 2.2 + v_ph)
                     + 0.08 * v * sin(v * 9.0 - u_time * 2.9 + v_ph * 2.0);
    float w = 0.9 * pow(1.0 - v, 0.55) * smoothstep(-0.08, 0.22, v);
    float a = 1.0 - smoothstep(w * 0.25, w, abs(u));
    float core = (1.0 - smoothstep(0.0, w * 0.6, abs(u))) * (1.0 - v);
    vec3 c = mix(v_col.rgb, vec3(1.0, 0.86, 0.58), core * 0.75) * mix(1.0, 0.45, v * v);
    o_col = vec4(c * a * v_col.a * u_glow, 1.0);
}
