// Self-lit things (fire, window light, glow): colour passes through, fog still applies.
uniform mat4 p3d_ModelViewMatrix;
uniform float u_time;
uniform vec2 u_fog_range;
uniform float u_glow;         // multiplier the world drives (fire flicker, breath)
uniform vec3 u_fog_col;
in vec4 p3d_Color;
in float sway;
out vec4 v_col;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    float d = length((p3d_ModelViewMatrix * p3d_Vertex).xyz);
    float f = fog_ramp(d, u_fog_range) * 0.6;
    v_col = vec4(mix(p3d_Color.rgb * u_glow, u_fog_col, f), p3d_Color.a);
}
