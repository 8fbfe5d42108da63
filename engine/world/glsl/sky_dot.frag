// Sun, moon and stars: a soft round dot.
in vec4 v_col;
in vec2 v_uv;
uniform float u_edge;        // where the soft edge starts, 0..1 of the card
void main() {
    float r = length(v_uv);
    o_col = vec4(v_col.rgb, v_col.a * (1.0 - smoothstep(u_edge, 1.0, r)));
}
