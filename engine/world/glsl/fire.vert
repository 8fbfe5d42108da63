// Flames: a soft tongue shape drawn on a card; it sways and breathes slowly
// (every motion below 0.5 Hz) and is added onto what is behind it.
uniform float u_time;
in vec4 p3d_Color;
in vec2 light;
in float sway;
out vec4 v_col;
out vec2 v_uv;
out float v_ph;
void main() {
    vec4 p = p3d_Vertex;
    float ph = sway * 6.2831853;
    float v = light.y;
    p.x += (sin(u_time * 1.30 + ph) * 0.6 + sin(u_time * 2.10 + ph * 1.7) * 0.4) * 0.03 * v * v;
    p.y += sin(u_time * 1.70 + ph * 2.3) * 0.035 * v;
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    v_col = p3d_Color;
    v_uv = light;
    v_ph = ph;
}
