// The presence's modelled forms (presence/shader.py): the world's lit shader
// plus what a presence needs. Light is computed from normals, so it stays
// right however the form turns; a warm rim light and emissive parts are
// scaled by glow and welcome; u_alpha fades it; u_recol follows the
// person's colour without a rebuild. (Fragment: vertex_colour.frag.)
uniform mat4 p3d_ModelMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform vec3 u_sun_dir;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform vec3 u_fog_col;
uniform vec2 u_fog_range;
uniform float u_alpha;      // how visible the form is, 0..1
uniform float u_emit;       // how strongly its glowing parts shine
uniform vec3 u_emit_col;    // ...and in what light
uniform vec3 u_rim_col;     // warm light around its edges (colour x strength)
uniform float u_self;       // a soft light of its own: never darker than this much of its colour
uniform vec3 u_recol;       // the person's colour now, less the colour it was built in
in vec4 p3d_Color;
in vec3 p3d_Normal;
in float emit;
in vec3 dcol;               // how this vertex's colour follows the presence colour
out vec4 v_col;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    vec3 n = normalize(mat3(p3d_ModelMatrix) * p3d_Normal);
    vec3 base = clamp(p3d_Color.rgb + dcol * u_recol, 0.0, 1.0);
    // the world's soft, wrapped key light and sky light (as mesh.baked_light)
    float diff = clamp((dot(n, u_sun_dir) + 0.5) / 1.5, 0.0, 1.0);
    float sky = 0.6 + 0.4 * n.y;
    vec3 lit = base * (u_key * diff + u_ambient * sky);
    vec3 c = max(lit, base * u_self) + u_emit_col * (emit * u_emit);
    vec3 vp = (p3d_ModelViewMatrix * p3d_Vertex).xyz;
    vec3 vn = normalize(mat3(p3d_ModelViewMatrix) * p3d_Normal);
    float facing = clamp(dot(vn, normalize(-vp)), 0.0, 1.0);
    c += u_rim_col * pow(1.0 - facing, 2.0);
    float d = length(vp);
    float f = fog_ramp(d, u_fog_range);
    v_col = vec4(mix(c, u_fog_col, f * f * (3.0 - 2.0 * f)), p3d_Color.a * u_alpha);
}
