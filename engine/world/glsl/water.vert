// Sea and lakes (water.py): slow waves, calmer in the shallows; the mirrored
// sky, the Fresnel mix and the glitter path worked out per vertex.
uniform mat4 p3d_ModelViewMatrix;
uniform float u_time;
uniform float u_wave_h;
uniform float u_wave_speed;
uniform vec2 u_fog_range;
uniform vec3 u_cam;
uniform vec3 u_sun_dir;
uniform vec3 u_key;
uniform vec3 u_water;
uniform vec3 u_deep;
uniform vec3 u_sky;          // the horizon's colour
uniform vec3 u_sky_top;
uniform vec4 u_sky_haze;     // rgb, amount
uniform vec4 u_sun_glow;     // the glow's colour round the sun, reach
uniform float u_glow;
uniform vec2 u_glitter;      // tilt spread (rad), strength
uniform float u_ripple_scale;
uniform vec2 u_ripple_drift;
uniform float u_foam;
in vec4 p3d_Color;          // the bank's mirrored colour, how far inside its image
in float sway;              // water depth at this vertex (metres)
out vec2 v_uv;
out vec3 v_base;            // deep colour mixed with the mirrored sky
out vec4 v_bank;            // bank colour (already Fresnel-weighted), where its mirror image begins
out vec3 v_mirror;          // mirrored sky minus the deep colour, Fresnel-weighted: what ripples modulate
out vec3 v_path;            // the glitter path's light (key colour times its weight)
out vec4 v_foam;            // foam colour, how much foam here
out vec2 v_fog;             // fog amount (shaped), the water's opacity
void main() {
    vec4 p = p3d_Vertex;
    float t = u_time * u_wave_speed;
    float calm = smoothstep(0.0, 1.5, sway);
    float w = sin(p.z * 0.32 + t * 1.3) * 0.55 + sin(p.x * 0.21 + p.z * 0.11 + t * 0.9) * 0.3
            + sin(p.x * 0.7 - p.z * 0.45 + t * 2.1) * 0.15;
    p.y += w * u_wave_h * (0.35 + 0.65 * calm);
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    vec3 v = normalize(u_cam - p.xyz);
    float cv = clamp(v.y, 0.0, 1.0);
    // Schlick's Fresnel for water: about 2% looking straight down, all mirror at the horizon
    float f1 = 1.0 - cv;
    float f2 = f1 * f1;
    float fres = 0.02 + 0.98 * f2 * f2 * f1;
    fres = min(fres, 0.92);
    // the sky seen in the mirror: the dome's gradient and haze at the same
    // height above the horizon as the eye looks down, and its glow round the sun
    vec3 r = vec3(-v.x, v.y, -v.z);
    vec3 sky = mix(u_sky, u_sky_top, sqrt(cv));
    sky = mix(sky, u_sky_haze.rgb, exp(-cv * 9.0) * u_sky_haze.a);
    float s = max(dot(r, u_sun_dir), 0.0);
    float s4 = s * s; s4 *= s4;
    float s16 = s4 * s4; s16 *= s16;
    sky = mix(sky, u_sun_glow.rgb, clamp((s4 * 0.2 + s16 * 0.42) * u_sun_glow.a * u_glow, 0.0, 0.9));
    vec3 deep = mix(u_deep, u_water * (0.8 + 0.1 * w), smoothstep(6.0, 0.5, sway) * 0.5);
    v_base = mix(deep, sky, fres);
    v_mirror = (sky - deep) * fres;
    // the bank's edge as a ramp a ripple's tilt moves (0.006 tan units wide)
    v_bank = vec4((p3d_Color.rgb - sky) * fres, p3d_Color.a / 0.006 + 0.5);
    // the glitter path: where a ripple tilted by about the spread mirrors the sun
    vec3 h = normalize(v + u_sun_dir);
    float tilt2 = max(1.0 - h.y * h.y, 0.0);
    float spread = u_glitter.x;
    float path = exp(-tilt2 / (2.0 * spread * spread)) * step(0.0, u_sun_dir.y);
    v_path = u_key * (path * u_glitter.y * (0.35 + 0.65 * fres));
    v_uv = p.xz * u_ripple_scale + u_time * u_ripple_drift;
    // foam: soft bands at the shore moving in slowly (per vertex: the
    // shore's grid is fine enough, and per pixel it cost a sine each)
    float shore = 1.0 - smoothstep(0.0, 0.6, sway);
    float band = 0.5 + 0.5 * sin(sway * 9.0 - u_time * 0.8);
    v_foam = vec4(vec3(0.95, 0.95, 0.92) * (0.55 + 0.45 * u_key), shore * (0.3 + 0.45 * band) * u_foam);
    float d = length((p3d_ModelViewMatrix * p).xyz);
    float f = fog_ramp(d, u_fog_range);
    v_fog = vec2(f * f * (3.0 - 2.0 * f), mix(0.55, 0.95, smoothstep(0.0, 1.2, sway)));
}
