// The presence's halos: a card -1..1 facing the eye (world/glow.py).
out vec2 v_uv;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_uv = p3d_Vertex.xy;   // the card spans -1..1
}
