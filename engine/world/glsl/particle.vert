// Particles (particles.py): 4 vertices per particle, each a camera-facing
// sprite. A template: particles.py fills in the kind's motion and light
// sections of particle_kinds.glsl; `#define BEAMS` lights dust inside the
// sunbeams.
uniform mat4 p3d_ModelViewMatrix;
uniform mat4 p3d_ProjectionMatrix;
uniform float u_time;
uniform vec2 u_fog_range;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform float u_span;        // height of the particles' band (m)
uniform float u_px;          // viewport height in pixels
uniform float u_strength;    // overall brightness / opacity
uniform vec2 u_near;         // fade in between these distances from the eye (m)
uniform vec4 u_beams[3];     // dust: sunbeam ground point xyz, radius (w = 0: unused)
uniform vec3 u_beam_dir;     // dust: direction of the beams' axis (towards the sun)
in vec4 p3d_Color;
in vec2 light;
in float sway;
out vec2 v_uv;
out vec4 v_col;
void main() {
    float t = u_time;
    float corner = floor(light.x);
    float r1 = light.y;
    float r2 = fract(light.x);
    float r3 = p3d_Color.a;
    vec3 c = p3d_Vertex.xyz;
    vec3 off = vec3(0.0);
    float alpha = 1.0, glow = 1.0, ang = 0.0, squash = 1.0, grow = 1.0;
    %(motion)s
    vec3 wp = c + off;
#ifdef BEAMS
    float inbeam = 0.0;
    for (int i = 0; i < 3; i++) {
        vec3 d = wp - u_beams[i].xyz;
        vec3 across = d - u_beam_dir * dot(d, u_beam_dir);
        float r = max(u_beams[i].w, 1e-3);
        inbeam += step(1e-4, u_beams[i].w) * exp(-dot(across, across) / (r * r));
    }
    glow *= 0.12 + 1.1 * min(inbeam, 1.0);
#endif
    vec4 vc = p3d_ModelViewMatrix * vec4(wp, 1.0);
    float dist = length(vc.xyz);
    vec4 clip = p3d_ProjectionMatrix * vc;
    // Never smaller than 1.5 px: a smaller sprite is drawn at 1.5 px, fainter.
    float size = sway * grow;
    float px = 2.0 * abs(clip.w) / (p3d_ProjectionMatrix[1][1] * u_px);
    float drawn = max(size, 1.5 * px);
    alpha *= (size / drawn) * (size / drawn);
    // Fade out very close to the eye, and into the fog.
    alpha *= smoothstep(u_near.x, u_near.y, dist);
    float fog = fog_ramp(dist, u_fog_range);
    alpha *= 1.0 - fog * fog * (3.0 - 2.0 * fog);
    vec2 uv = vec2((corner == 1.0 || corner == 2.0) ? 1.0 : -1.0, corner >= 2.0 ? 1.0 : -1.0);
    vec2 q = uv * vec2(1.0, squash);
    float ca = cos(ang), sa = sin(ang);
    q = vec2(ca * q.x - sa * q.y, sa * q.x + ca * q.y);
    vc.xy += q * drawn;
    gl_Position = p3d_ProjectionMatrix * vc;
    v_uv = uv;
    %(light)s
    v_col = vec4(p3d_Color.rgb * lit * glow, clamp(alpha * u_strength, 0.0, 1.0));
}
