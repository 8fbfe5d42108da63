// The colour worked out per vertex, as it is (lit, glow and the presence's
// modelled forms do their light and fog per vertex).
in vec4 v_col;
void main() {
    o_col = v_col;
}
