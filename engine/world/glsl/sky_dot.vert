// Sun, moon and stars: small camera-facing cards; `sway` carries the card
// corner (0..3) so the fragment shader can draw a soft round dot.
in vec4 p3d_Color;
in float sway;
out vec4 v_col;
out vec2 v_uv;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_col = p3d_Color;
    int k = int(sway + 0.5);
    v_uv = vec2((k == 1 || k == 2) ? 1.0 : -1.0, (k >= 2) ? 1.0 : -1.0);
}
