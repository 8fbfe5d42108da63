// Falling water: a translucent sheet with soft streaks moving along it.
in vec4 v_col;
in vec2 v_uv;
in float v_ph;
in float v_fog;
uniform float u_time;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform vec3 u_fog_col;
void main() {
    float threads = 0.5 + 0.5 * sin(v_uv.x * 40.0 + v_ph + 1.7 * sin(v_uv.x * 7.0));
    threads = threads * threads * threads;
    float drip = 0.5 + 0.5 * sin(v_uv.y * 9.0 + u_time * 2.6 + v_uv.x * 13.0);
    vec3 c = v_col.rgb * (u_key * 0.7 + u_ambient * 0.8) * (0.9 + 0.2 * drip);
    c = mix(c, u_fog_col, v_fog * v_fog);
    float a = v_col.a * (0.25 + 0.75 * threads) * (0.75 + 0.25 * drip);
    o_col = vec4(c, a);
}
