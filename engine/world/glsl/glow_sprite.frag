// Soft round glow sprites (lamp halo, firelight haze, candle), added.
in vec4 v_col;
in vec2 v_uv;
in float v_fog;
uniform float u_glow;
void main() {
    float r2 = dot(v_uv, v_uv);
    float a = max(1.0 - r2, 0.0);
    a = a * a * a;
    o_col = vec4(v_col.rgb * a * v_col.a * u_glow * (1.0 - v_fog), 1.0);
}
