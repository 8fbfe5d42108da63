// The breathing light's glows (world/glow.py, per_vertex): the same soft
// bell, hot centre and ground fade as presence_halo.frag, worked out at the
// vertices of a disc of rings, so each covered pixel only blends a colour
// (software GL pays per fragment; the rings are close enough that the bell
// stays smooth).
uniform vec3 u_halo_col;
uniform vec3 u_halo_hot;
uniform float u_halo;
uniform vec3 u_halo_shape;  // falloff sharpness, hot-centre size, ground (card units)
out vec4 v_col;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    vec2 uv = p3d_Vertex.xy;
    float r2 = dot(uv, uv);
    float k = u_halo_shape.x;
    float bell = max(0.0, (exp(-k * r2) - exp(-k)) / (1.0 - exp(-k)));
    float hot = exp(-r2 / max(u_halo_shape.y * u_halo_shape.y, 1e-4));
    float ground = smoothstep(u_halo_shape.z, u_halo_shape.z + 0.35, uv.y);
    v_col = vec4(mix(u_halo_col, u_halo_hot, hot), clamp(bell * ground * u_halo * (1.0 + hot), 0.0, 1.0));
}
