// The view through a window: a dusky sky over dark hills, rain running down the
// glass in thin, slow, faint streaks (a few centimetres a second).
in vec4 v_col;
in vec2 v_uv;
uniform float u_time;
uniform vec3 u_top;
uniform vec3 u_horizon;
uniform vec3 u_land;
uniform vec3 u_warm;
uniform float u_rain;
float hash(float n) { return fract(sin(n * 127.1 + 3.7) * 43758.5453); }
float streaks(vec2 uv, float cols, float seed) {
    float x = uv.x * cols;
    float ci = floor(x);
    float h1 = hash(ci + seed), h2 = hash(ci * 1.37 + seed + 11.0), h3 = hash(ci * 2.11 + seed + 23.0);
    float fx = fract(x) - 0.5 - (h3 - 0.5) * 0.5;
    float speed = 0.035 + 0.06 * h2;
    float len = 0.05 + 0.12 * h3;
    float y = fract(uv.y * 0.8 + u_time * speed + h1 * 7.0);
    float body = smoothstep(0.0, 0.012, y) * (1.0 - smoothstep(0.0, len, y));
    float width = exp(-fx * fx / (0.012 + 0.02 * (1.0 - clamp(y / len, 0.0, 1.0))));
    return step(0.35, h1) * body * width;
}
float drops(vec2 uv) {
    vec2 g = uv * vec2(34.0, 30.0);
    vec2 c = floor(g);
    float h = hash(c.x * 17.0 + c.y * 131.0);
    vec2 f = fract(g) - 0.5 - (vec2(hash(c.x + c.y * 7.0), hash(c.y + c.x * 3.0)) - 0.5) * 0.6;
    return step(0.72, h) * (1.0 - smoothstep(0.04, 0.12, length(f)));
}
void main() {
    vec2 uv = v_uv;
    vec3 sky = mix(u_horizon, u_top, smoothstep(0.2, 1.05, uv.y));
    sky = mix(sky, vec3(dot(sky, vec3(0.3, 0.5, 0.2))), 0.2);
    float far = 0.34 + 0.045 * sin(uv.x * 4.3 + 1.3) + 0.02 * sin(uv.x * 11.0 + 0.4);
    float near = 0.2 + 0.05 * sin(uv.x * 6.1 + 2.6) + 0.018 * sin(uv.x * 17.0 + 1.1);
    vec3 c = mix(sky, mix(u_top, u_horizon, 0.45) * 0.62, (1.0 - smoothstep(far - 0.006, far + 0.006, uv.y)));
    c = mix(c, u_land, (1.0 - smoothstep(near - 0.006, near + 0.006, uv.y)));
    // two distant lit windows, steady
    vec2 l1 = (uv - vec2(0.27, near - 0.035)) * vec2(1.0, 1.6);
    vec2 l2 = (uv - vec2(0.71, far - 0.05)) * vec2(1.0, 1.6);
    c += u_warm * ((1.0 - smoothstep(0.004, 0.012, length(l1))) * 0.8 + (1.0 - smoothstep(0.003, 0.009, length(l2))) * 0.5);
    float r = streaks(uv, 46.0, 0.0) + 0.7 * streaks(uv + vec2(0.011, 0.3), 73.0, 5.0) + 0.5 * drops(uv);
    c += (sky * 0.5 + vec3(0.1)) * r * 0.22 * u_rain;
    c *= 0.92 + 0.08 * smoothstep(0.0, 0.25, uv.y);
    o_col = vec4(c, 1.0);
}
