// The sky dome (sky.py): gradient, horizon haze, the glow round the sun or
// moon, the clouds' colours and where they fade, the milky band - all per
// vertex (a per-pixel sky costs ~4 ms a frame at 1280x720 on llvmpipe).
uniform vec3 u_top;
uniform vec3 u_horizon;
uniform vec3 u_below;
uniform vec4 u_haze;         // rgb, amount
uniform vec3 u_sun_dir;
uniform vec4 u_sun_col;      // glow colour (saturated), reach
uniform float u_glow;        // breathing/warmth multiplier on the sun glow
uniform vec3 u_cloud_lit;
uniform vec3 u_cloud_shade;
uniform vec2 u_drift;        // the clouds' drift, tiles per second
uniform float u_scale;
uniform vec4 u_band;         // the milky band's plane normal, strength
uniform float u_time;
out vec3 v_col;
out vec2 v_uv;
out vec3 v_lit;
out vec4 v_shade;            // rgb, how much cloud may show here
#ifdef BAND
out vec3 v_band;
#endif
// bright colours keep their hue: scaled down as a whole, never clipped
// toward white (the golden hour stays golden round the sun)
vec3 keep_hue(vec3 c) { return c / max(1.0, max(c.r, max(c.g, c.b))); }
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    vec3 d = normalize(p3d_Vertex.xyz);
    float up = clamp(d.y, 0.0, 1.0);
    vec3 c = mix(u_horizon, u_top, sqrt(up));
    // haze: a soft band along the horizon, thinning upward
    float haze = exp(-abs(d.y) * 9.0) * u_haze.a;
    c = mix(c, u_haze.rgb, haze);
    c = mix(c, u_below, smoothstep(0.0, -0.12, d.y));
    // the glow round the sun: the sky turns toward its (saturated) colour
    // rather than being brightened toward white, and it spreads along the
    // horizon on the sun's side
    float s = max(dot(d, u_sun_dir), 0.0);
    float s2 = s * s;
    float s4 = s2 * s2;
    float s16 = s4 * s4; s16 *= s16;
    vec2 hz = normalize(vec2(d.x, d.z) + vec2(1e-5, 0.0));
    vec2 sz = normalize(vec2(u_sun_dir.x, u_sun_dir.z) + vec2(1e-5, 0.0));
    float side = max(dot(hz, sz), 0.0);
    float along = exp(-abs(d.y - u_sun_dir.y) * 6.0) * side * side * side;
    float g = (s4 * 0.2 + s16 * 0.42 + along * 0.16) * u_sun_col.a * u_glow;
    c = mix(c, u_sun_col.rgb * (1.0 + 0.15 * s16), clamp(g, 0.0, 0.92));
    c = keep_hue(c);
    v_col = c;
    // clouds on a plane overhead, seen in perspective: squeezed toward the horizon
    vec2 p = d.xz / (up + 0.12);
    v_uv = p * u_scale + u_time * u_drift;
    // sunlit side brighter and warmer near the sun; far clouds melt into the haze
    vec3 lit = u_cloud_lit + u_sun_col.rgb * (s4 * 0.25 + s16 * 0.45) * u_glow;
    float far = 1.0 - smoothstep(0.02, 0.4, up);
    v_lit = keep_hue(mix(lit, c, far * 0.55));
    v_shade = vec4(mix(u_cloud_shade, c, far * 0.6), smoothstep(0.015, 0.12, up));
#ifdef BAND
    // the milky band: a soft great circle, fading low in the haze
    float b = dot(d, u_band.xyz) / 0.17;
    v_band = exp(-b * b) * u_band.a * smoothstep(0.03, 0.35, up) * vec3(0.2, 0.21, 0.26);
#endif
}
