// Structures' animated layers (window, fountain pool, falling water, halo
// sprites): the `light` column carries uv, `sway` a per-piece phase.
uniform mat4 p3d_ModelViewMatrix;
uniform vec2 u_fog_range;
in vec4 p3d_Color;
in vec2 light;      // uv for these shaders
in float sway;      // per-piece phase 0..1
out vec4 v_col;
out vec2 v_uv;
out float v_ph;
out float v_fog;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_col = p3d_Color;
    v_uv = light;
    v_ph = sway * 6.2831853;
    float d = length((p3d_ModelViewMatrix * p3d_Vertex).xyz);
    v_fog = fog_ramp(d, u_fog_range);
}
