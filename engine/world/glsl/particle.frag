// Particles: the sprite's footprint (a template: particles.py fills in the
// kind's footprint section of particle_kinds.glsl).
in vec2 v_uv;
in vec4 v_col;
void main() {
    vec3 col = v_col.rgb;
    %(foot)s
    if (a <= 0.002) discard;
    o_col = vec4(col, a * v_col.a);
}
