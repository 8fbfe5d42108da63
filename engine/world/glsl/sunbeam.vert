// Sunbeams (atmosphere.py): shafts of light, each a card turned about the
// beam's axis to face the eye, breathing slowly.
uniform mat4 p3d_ModelViewMatrix;
uniform float u_time;
uniform vec3 u_cam;
uniform vec3 u_key;
uniform vec2 u_fog_range;
uniform vec3 u_beam_dir;    // towards the sun
uniform float u_len;
in vec4 p3d_Color;
in vec2 light;
in float sway;
out vec2 v_uv;
out vec4 v_col;
void main() {
    float across = light.x;
    float along = light.y;
    vec3 a = p3d_Vertex.xyz + u_beam_dir * (u_len * along);
    vec3 toc = u_cam - a;
    vec3 w = cross(u_beam_dir, toc);
    w = dot(w, w) > 1e-6 ? normalize(w) : vec3(1.0, 0.0, 0.0);
    // Light through a gap spreads a little on its way down.
    float r = sway * mix(1.25, 0.8, along);
    vec4 p = vec4(a + w * across * r, 1.0);
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    v_uv = vec2(across, along);
    float phase = p3d_Color.a;
    float breathe = 0.88 + 0.12 * sin(6.2832 * (u_time / (11.0 + 2.0 * phase) + phase));
    float d = length((p3d_ModelViewMatrix * p).xyz);
    float fog = fog_ramp(d, u_fog_range);
    float near = smoothstep(1.0, 4.0, length(toc));
    v_col = vec4(u_key * p3d_Color.rgb * breathe, (1.0 - fog) * near);
}
