// The sea of cloud: density from the noise texture, lit by key and ambient.
in vec2 v_uv0;
in vec3 v_shape;
uniform sampler2D u_tex;
uniform vec3 u_key;
uniform vec3 u_ambient;
uniform vec3 u_fog_col;
uniform float u_cover;       // density threshold: lower = more cloud
void main() {
    vec4 a = texture(u_tex, v_uv0);      // both scales, summed (atmosphere.cloud_sea_field)
    float d = a.r + v_shape.x;
    float relief = a.g;
    float cover = clamp((d - u_cover) * 4.0, 0.0, 1.0);
    float thick = clamp((d - u_cover - 0.05) * 2.2, 0.0, 1.0);
    vec3 sunlit = u_key * (0.82 + 0.35 * relief) + u_ambient * 0.5;
    vec3 shade = u_ambient * 1.05 + u_key * 0.4;
    vec3 c = mix(mix(shade, sunlit, 0.35 + 0.65 * thick), u_fog_col, v_shape.y);
    o_col = vec4(c, mix(cover * 0.95, 1.0, v_shape.y) * v_shape.z);
}
