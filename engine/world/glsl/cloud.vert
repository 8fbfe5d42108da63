// The sea of cloud below a summit (atmosphere.py): a disc under a drifting
// texture that holds its two noise scales, summed (one lookup a pixel).
uniform float u_time;
uniform vec3 u_cam;
uniform vec2 u_cloud_fog;    // start, end of the clouds' own fade (m)
uniform vec3 u_centre;
in float sway;              // clearance above the terrain (m)
out vec2 v_uv0;
out vec3 v_shape;           // valley bonus, fog amount, edge alpha
void main() {
    vec4 p = p3d_Vertex;
    gl_Position = p3d_ModelViewProjectionMatrix * p;
    // drifting slowly, about 0.4 m/s (340 m a tile)
    v_uv0 = p.xz / 340.0 + u_time * vec2(0.00105, 0.00045);
    // Slowly varying terms per vertex (llvmpipe pays for every per-pixel op):
    // cloud pools in valleys and thins where a slope rises through it; far
    // away it becomes haze; its rim melts away.
    float valley = 0.18 * smoothstep(4.0, 40.0, sway) - 0.1;
    float f = fog_ramp(length(p.xyz - u_cam), u_cloud_fog);
    f = f * f * (3.0 - 2.0 * f);
    float edge = smoothstep(0.0, 7.0, sway) * smoothstep(1.0, 0.85, length(p.xz - u_centre.xz) / 850.0);
    v_shape = vec3(valley, f, edge);
}
