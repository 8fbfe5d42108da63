// Fountain water: the palette's water under a sky sheen, rings spreading
// slowly from where the falling water lands. uv = local metres from the centre.
in vec4 v_col;
in vec2 v_uv;
in float v_ph;
in float v_fog;
uniform float u_time;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform vec3 u_fog_col;
uniform vec3 u_sky;
void main() {
    float r = length(v_uv);
    float land = v_col.a;                 // radius where the water falls in
    float d = abs(r - land);
    float rings = sin(d * 22.0 - u_time * 2.4 + v_ph) * 0.6 + sin(d * 37.0 - u_time * 3.1) * 0.4;
    rings *= exp(-d * 1.6);
    float cross = sin(v_uv.x * 9.0 + u_time * 0.7) * sin(v_uv.y * 8.0 - u_time * 0.6) * 0.25;
    vec3 base = v_col.rgb * (u_key * 0.45 + u_ambient * 0.75);
    vec3 c = mix(base, u_sky * 0.95, 0.28 + 0.06 * (rings + cross));
    c += vec3(0.05) * max(rings, 0.0) * (0.4 + 0.6 * dot(u_key, vec3(0.33)));
    float foam = (1.0 - smoothstep(0.0, 0.12, d)) * (0.55 + 0.2 * rings);
    c = mix(c, vec3(0.92, 0.94, 0.95) * (u_key * 0.5 + u_ambient * 0.7), foam * 0.55);
    c = mix(c, u_fog_col, v_fog * v_fog);
    o_col = vec4(c, 0.9);
}
