// Sunbeams: soft across the shaft, fading along it, faintly streaked.
in vec2 v_uv;
in vec4 v_col;
void main() {
    float x = v_uv.x;
    float across = max(1.0 - x * x, 0.0);
    across *= across;
    float along = smoothstep(0.0, 0.1, v_uv.y) * smoothstep(1.0, 0.45, v_uv.y);
    // A few faint streaks running along the shaft.
    float streak = 0.82 + 0.18 * sin(x * 7.0 + v_uv.y * 1.5);
    o_col = vec4(v_col.rgb, across * along * streak * v_col.a);
}
