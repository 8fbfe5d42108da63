// The outline, filling with the colour from the heart outward. A template:
// colour_body.py fills in REACH (metres).
uniform vec3 u_colour;
uniform vec3 u_outline;
uniform vec3 u_heart;
uniform float u_fill;     // 0..1 of REACH
uniform float u_level;    // breath 0..1
uniform float u_alpha;    // the whole figure's presence 0..1
in vec3 v_obj;
in vec3 v_nrm;
in vec3 v_view;
void main() {
    float d = length(v_obj - u_heart) / %(reach)f;
    float inside = (1.0 - smoothstep(u_fill - 0.12, u_fill + 0.02, d)) * step(0.001, u_fill);
    float facing = abs(dot(normalize(v_nrm), normalize(-v_view)));
    float rim = pow(1.0 - facing, 2.0);
    vec3 col = mix(u_outline, u_colour * (1.0 + 0.2 * u_level), inside);
    float a = u_alpha * (0.08 + 0.5 * rim + inside * (0.32 + 0.18 * u_level));
    o_col = vec4(col, clamp(a, 0.0, 0.85));
}
