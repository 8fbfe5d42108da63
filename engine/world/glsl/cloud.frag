// The sea of cloud: density from the noise texture, lit by key and ambient.
in vec2 v_uv0;
in vec2 v_uv1;
in vec3 v_shape;
uniform sampler2D u_tex;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform vec3 u_fog_col;
uniform float u_cover;       // density threshold: lower = more cloud
void main() {
    vec4 a = texture(u_tex, v_uv0);
    vec4 b = texture(u_tex, v_uv1);
    float d = a.r * 0.68 + b.r * 0.32 + v_shape.x;
    float relief = a.g * 0.6 + b.g * 0.4;
    float cover = clamp((d - u_cover) * 4.0, 0.0, 1.0);
    float thick = clamp((d - u_cover - 0.05) * 2.2, 0.0, 1.0);
    vec3 sunlit = u_key * (0.82 + 0.35 * relief) + u_ambient * 0.5;
    vec3 shade = u_ambient * 1.05 + u_key * 0.4;
    vec3 c = mix(mix(shade, sunlit, 0.35 + 0.65 * thick), u_fog_col, v_shape.y);
    o_col = vec4(c, mix(cover * 0.95, 1.0, v_shape.y) * v_shape.z);
}
