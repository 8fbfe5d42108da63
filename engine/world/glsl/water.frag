// Sea and lakes: per pixel only the ripples (two lookups of one small
// texture), the bank's mirror line they break, the glints on the path, foam
// and fog; colours come from the vertices.
in vec4 v_uv;
in vec3 v_base;
in vec4 v_bank;
in vec3 v_mirror;
in vec2 v_path;
in float v_depth;
in float v_fog;
in float v_crest;
uniform sampler2D u_ripples;
uniform float u_time;
uniform vec3 u_key;
uniform vec3 u_fog_col;
uniform float u_foam;
void main() {
    vec4 a = texture(u_ripples, v_uv.xy);
    vec4 b = texture(u_ripples, v_uv.zw);
    // slope toward the viewer: tilted toward the eye mirrors lower (darker,
    // nearer the deep colour), tilted away mirrors higher (brighter sky)
    float tilt = (a.g + b.g) - 1.0;
    vec3 c = v_base + v_mirror * (tilt * 0.22);
    // the far bank's mirror image, its lower edge broken by the ripples
    float bank = smoothstep(-0.003, 0.003, v_bank.a + tilt * 0.006);
    c += v_bank.rgb * bank;
    // the glitter path: a soft sheen, and glints where crests of both scales meet
    float glint = smoothstep(0.08, 0.6, a.b * 0.6 + b.b * 0.6 + tilt * 0.15 - 0.25);
    c += u_key * v_path.x * (0.3 + 1.1 * glint) * (1.0 - bank);
    // foam: soft bands at the shore, broken by the ripples
    float shore = 1.0 - smoothstep(0.0, 0.6, v_depth);
    float band = 0.5 + 0.5 * sin(v_depth * 9.0 - u_time * 0.8);
    float foam = shore * (0.3 + 0.45 * band) * (0.55 + 0.6 * a.b) * u_foam;
    c = mix(c, vec3(0.95, 0.95, 0.92) * (0.55 + 0.45 * u_key), clamp(foam, 0.0, 0.8));
    c = mix(c, u_fog_col, v_fog * v_fog * (3.0 - 2.0 * v_fog));
    c = min(c, vec3(1.0));   // glints may whiten, as the sun's do
    float alpha = mix(0.55, 0.95, smoothstep(0.0, 1.2, v_depth));
    o_col = vec4(c, alpha);
}
