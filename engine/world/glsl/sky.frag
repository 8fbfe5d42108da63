// The sky dome: the colour worked out per vertex.
in vec3 v_col;
void main() {
    o_col = vec4(v_col, 1.0);
}
