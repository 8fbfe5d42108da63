// Sea and lakes: per pixel only the ripples (one lookup of a small
// texture): the mirrored sky they tilt, the bank's mirror line they break,
// the glints on the path, the foam they break up; the rest comes from the
// vertices. On llvmpipe each per-pixel step over a sea costs: a second
// lookup, the foam's sine and the smoothsteps were moved out for that.
in vec2 v_uv;
in vec3 v_base;
in vec4 v_bank;
in vec3 v_mirror;
in vec3 v_path;
in vec4 v_foam;
in vec2 v_fog;
uniform sampler2D u_ripples;
uniform vec3 u_fog_col;
void main() {
    vec4 a = texture(u_ripples, v_uv);
    // slope toward the viewer: tilted toward the eye mirrors lower (darker,
    // nearer the deep colour), tilted away mirrors higher (brighter sky)
    float tilt = a.g * 2.0 - 1.0;
    vec3 c = v_base + v_mirror * (tilt * 0.22);
    float bank = clamp(v_bank.a + tilt, 0.0, 1.0);
    c += v_bank.rgb * bank;
    // the glitter path: a soft sheen, and glints on the crests
    float glint = clamp(a.b * 2.3 + tilt * 0.3 - 0.63, 0.0, 1.0);
    c += v_path * ((0.3 + 1.1 * glint) * (1.0 - bank));
    c = mix(c, v_foam.rgb, min(v_foam.a * (0.55 + 0.6 * a.b), 0.8));
    c = mix(c, u_fog_col, v_fog.x);
    o_col = vec4(min(c, vec3(1.0)), v_fog.y);   // glints may whiten, as the sun's do
}
