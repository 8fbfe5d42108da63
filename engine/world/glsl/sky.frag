// The sky dome: per pixel only the clouds (two lookups of one small texture),
// the disc with its tight glow and the milky band's mottling; the rest comes
// from the vertices.
in vec3 v_col;
in vec3 v_dir;
in vec4 v_uv;
in vec3 v_lit;
in vec4 v_shade;
in float v_band;
uniform sampler2D u_clouds;
uniform vec3 u_sun_dir;
uniform vec4 u_disc;         // disc colour, corona strength
uniform vec2 u_disc_size;    // 1 - cos(core), 1 - cos(rim)
uniform float u_cover;       // density threshold
uniform float u_glow;
uniform vec4 u_sun_col;
void main() {
    vec4 a = texture(u_clouds, v_uv.xy);
    vec4 b = texture(u_clouds, v_uv.zw);
    // the disc and the tight glow round it (the dome's triangles are too big
    // for these); behind a cloud they dim with it
    float x = 1.0 - dot(normalize(v_dir), u_sun_dir);
    float disc = 1.0 - smoothstep(u_disc_size.x, u_disc_size.y, x);
    vec3 sky = v_col + u_sun_col.rgb * (u_disc.a * u_glow / (1.0 + x * 2600.0));
    sky += v_band * (0.2 + 0.8 * b.b * a.b) * vec3(0.2, 0.21, 0.26);
    float dens = a.r * 0.64 + b.r * 0.36;
    float cover = smoothstep(u_cover, u_cover + 0.2, dens) * v_shade.a;
    float relief = a.g * 0.65 + b.g * 0.35;
    float thick = smoothstep(u_cover + 0.05, u_cover + 0.45, dens);
    vec3 cloud = mix(v_shade.rgb, v_lit, clamp(relief * 1.1 - thick * 0.35 + 0.2, 0.0, 1.0));
    // bright colours keep their hue: scaled down as a whole, never clipped
    // toward white (the golden hour stays golden round the sun); only the
    // disc itself is allowed its near-white
    sky /= max(1.0, max(sky.r, max(sky.g, sky.b)));
    sky = mix(sky, u_disc.rgb, disc);
    vec3 c = mix(sky, cloud, cover * 0.94);
    c /= max(1.0, max(c.r, max(c.g, c.b)));
    o_col = vec4(c, 1.0);
}
