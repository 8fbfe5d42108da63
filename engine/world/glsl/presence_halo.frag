// A soft round light: a smooth bell that reaches exactly zero at the card's
// edge (no ring), a hotter, paler centre, and a fade near the ground so a
// low glow never ends in a hard line where the grass meets it.
uniform vec3 u_halo_col;
uniform vec3 u_halo_hot;    // the colour at the very centre
uniform float u_halo;       // 0..1 strength
uniform vec3 u_halo_shape;  // falloff sharpness, hot-centre size, ground (card units)
in vec2 v_uv;
void main() {
    float r2 = dot(v_uv, v_uv);
    float k = u_halo_shape.x;
    float bell = max(0.0, (exp(-k * r2) - exp(-k)) / (1.0 - exp(-k)));
    float hot = exp(-r2 / max(u_halo_shape.y * u_halo_shape.y, 1e-4));
    float ground = smoothstep(u_halo_shape.z, u_halo_shape.z + 0.35, v_uv.y);
    vec3 col = mix(u_halo_col, u_halo_hot, hot);
    o_col = vec4(col, clamp(bell * ground * u_halo * (1.0 + hot), 0.0, 1.0));
}
