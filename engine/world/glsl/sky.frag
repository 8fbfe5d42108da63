// The sky dome: per pixel only the clouds (one lookup of a small texture)
// and the milky band's mottling; the gradient, haze, glow and the clouds'
// colours come from the vertices, and the sun or moon is a card (sky.py).
// Each extra per-pixel step here costs a millisecond or more a frame at
// 1280x720 on llvmpipe (a second lookup ~2 ms, the disc's maths ~7 ms, the
// band's mottling 1.3 ms: only skies with the band are built with BAND).
in vec3 v_col;
in vec2 v_uv;
in vec3 v_lit;
in vec4 v_shade;
#ifdef BAND
in vec3 v_band;
#endif
uniform sampler2D u_clouds;
uniform float u_cover;       // density threshold
void main() {
    vec4 a = texture(u_clouds, v_uv);
    float cover = smoothstep(u_cover, u_cover + 0.2, a.r) * v_shade.a;
    vec3 cloud = mix(v_shade.rgb, v_lit, a.g);
#ifdef BAND
    o_col = vec4(mix(v_col + v_band * a.b, cloud, cover), 1.0);
#else
    o_col = vec4(mix(v_col, cloud, cover), 1.0);
#endif
}
