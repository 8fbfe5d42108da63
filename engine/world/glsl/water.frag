// Sea and lakes: sky reflection, sun glint, shore foam, fog.
in vec3 v_world;
in float v_depth;
in float v_fog;
in float v_crest;
uniform float u_time;
uniform vec3 u_cam;
uniform vec3 u_water;
uniform vec3 u_sky;
uniform vec3 u_sun_dir;
uniform vec3 u_key;
uniform vec3 u_fog_col;
uniform float u_foam;
void main() {
    vec3 v = normalize(u_cam - v_world);
    float fres = pow(1.0 - clamp(v.y, 0.0, 1.0), 3.0);
    vec3 c = mix(u_water * (0.75 + 0.1 * v_crest), u_sky, 0.15 + 0.55 * fres);
    vec3 r = reflect(-v, vec3(0.0, 1.0, 0.0));
    c += u_key * pow(max(dot(r, u_sun_dir), 0.0), 24.0) * 0.22;
    float shore = 1.0 - smoothstep(0.0, 0.6, v_depth);
    float band = 0.5 + 0.5 * sin(v_depth * 9.0 - u_time * 0.8);
    float foam = shore * (0.35 + 0.4 * band) * u_foam;
    c = mix(c, vec3(0.95, 0.95, 0.92) * (0.55 + 0.45 * u_key), clamp(foam, 0.0, 0.8));
    c = mix(c, u_fog_col, v_fog * v_fog * (3.0 - 2.0 * v_fog));
    float a = mix(0.55, 0.93, smoothstep(0.0, 1.2, v_depth));
    o_col = vec4(c, a);
}
