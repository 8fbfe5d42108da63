// What makes each kind of particle itself: sections that particles.py
// (through shaders.sections) fills into particle.vert and particle.frag.
// A line `//@ <section name>` starts a section; it runs to the next one.
//
// motion <kind> (particle.vert): what the kind does with time. In scope:
// t (seconds), r1, r2, r3 (the particle's random numbers), c (resting
// centre), u_span (height band, m). Each sets: off (vec3 world offset),
// alpha (0..1 factor), glow (brightness factor), ang (sprite rotation,
// radians), squash (sprite height factor), grow (size factor).
//
// light <kind> (particle.vert): sets `vec3 lit`. Self-lit kinds (fireflies)
// keep their colour; the others take the scene light.
//
// footprint <name> (particle.frag): how a sprite is shaded, from v_uv
// (-1..1 across the sprite): sets `float a` and may change `col`.

//@ motion fireflies
// Wander on slow Lissajous loops (<= ~0.3 m/s); pulse with a 3-6 s period,
// smooth (a raised sine, squared for a soft glow-and-rest rhythm).
float w = 0.10 + 0.10 * r2;
off = vec3(sin(t * w + r1 * 6.2832) * 1.1 + sin(t * w * 2.3 + r3 * 6.2832) * 0.35,
           sin(t * w * 1.6 + r2 * 6.2832) * 0.35,
           cos(t * w * 0.8 + r3 * 6.2832) * 1.1);
float period = 3.0 + 3.0 * r3;
float s = 0.5 + 0.5 * sin(6.2832 * (t / period + r1));
glow = 0.12 + 0.88 * s * s;

//@ motion leaves
// Fall through the band, wrapping (mod t) so the count stays constant;
// sway and tumble; fade in at the top and out just above the ground.
float speed = 0.32 + 0.28 * r2;
float f = fract(r1 + t * speed / u_span);
off = vec3(sin(t * (0.55 + 0.3 * r3) + r1 * 6.2832) * 0.7 + f * u_span * 0.35,
           -f * u_span,
           cos(t * (0.45 + 0.2 * r2) + r3 * 6.2832) * 0.5);
alpha = smoothstep(0.0, 0.08, f) * smoothstep(1.0, 0.94, f);
ang = t * (0.5 + 0.6 * r3) * (r2 < 0.5 ? -1.0 : 1.0) + r1 * 6.2832;
squash = 0.3 + 0.7 * abs(cos(t * (0.7 + 0.5 * r2) + r3 * 6.2832));

//@ motion petals
float speed = 0.16 + 0.14 * r2;
float f = fract(r1 + t * speed / u_span);
off = vec3(sin(t * (0.5 + 0.3 * r3) + r1 * 6.2832) * 0.9 + f * u_span * 0.5,
           -f * u_span,
           cos(t * (0.4 + 0.25 * r2) + r3 * 6.2832) * 0.7);
alpha = smoothstep(0.0, 0.08, f) * smoothstep(1.0, 0.94, f);
ang = t * (0.4 + 0.5 * r3) * (r2 < 0.5 ? -1.0 : 1.0) + r1 * 6.2832;
squash = 0.35 + 0.65 * abs(cos(t * (0.6 + 0.4 * r2) + r3 * 6.2832));

//@ motion snow
float speed = 0.35 + 0.3 * r2;
float f = fract(r1 + t * speed / u_span);
off = vec3(sin(t * (0.5 + 0.3 * r3) + r1 * 6.2832) * 0.3 + f * u_span * 0.15,
           -f * u_span,
           cos(t * (0.4 + 0.3 * r2) + r3 * 6.2832) * 0.3);
alpha = smoothstep(0.0, 0.06, f) * smoothstep(1.0, 0.96, f);

//@ motion dust
// Hang in the air, drifting on very slow loops (< 0.05 m/s); brighter
// inside a sunbeam (see BEAMS in particle.vert).
float w = 0.05 + 0.05 * r2;
off = vec3(sin(t * w + r1 * 6.2832) * 0.35, sin(t * w * 0.7 + r3 * 6.2832) * 0.3,
           cos(t * w * 0.9 + r2 * 6.2832) * 0.35);
glow = 0.7 + 0.3 * sin(t * (0.15 + 0.1 * r3) + r1 * 6.2832);

//@ motion spray
// Soft puffs rising from the shore and fading over a 4-7 s life.
float life = 4.0 + 3.0 * r2;
float f = fract(r1 + t / life);
off = vec3(f * 0.9 * (r3 - 0.3), f * u_span, f * 0.6);
float s = sin(3.1416 * f);
alpha = s * s;
grow = 0.55 + 0.9 * f;
ang = r3 * 6.2832 + f * 0.6;

//@ motion pollen
float w = 0.08 + 0.08 * r2;
off = vec3(sin(t * w + r1 * 6.2832) * 0.8 + sin(t * w * 2.7 + r3 * 3.0) * 0.15,
           sin(t * w * 0.6 + r3 * 6.2832) * 0.4,
           cos(t * w * 0.9 + r2 * 6.2832) * 0.8);
glow = 0.75 + 0.25 * sin(t * (0.3 + 0.2 * r3) + r1 * 6.2832);

//@ light fireflies
vec3 lit = vec3(1.0);

//@ light leaves
vec3 lit = u_key * 0.75 + u_ambient * 0.6;

//@ light petals
vec3 lit = u_key * 0.8 + u_ambient * 0.65;

//@ light snow
vec3 lit = u_key * 0.7 + u_ambient * 0.8;

//@ light dust
vec3 lit = u_key;

//@ light spray
vec3 lit = u_key * 0.55 + u_ambient * 0.7;

//@ light pollen
vec3 lit = u_key * 0.9 + u_ambient * 0.2;

//@ footprint halo
// A bright core in a wide soft halo (fireflies).
float r2 = dot(v_uv, v_uv); float a = max(1.0 - r2, 0.0);
a = a * a * 0.28 + exp(-r2 * 28.0) * 0.9; col = mix(col, vec3(1.0, 0.96, 0.8), exp(-r2 * 60.0) * 0.3);

//@ footprint glow
// A small soft glowing speck.
float r2 = dot(v_uv, v_uv); float a = max(1.0 - r2, 0.0); a = a * a * (0.35 + 0.65 * exp(-r2 * 9.0));

//@ footprint disc
// A soft round disc.
float r2 = dot(v_uv, v_uv); float a = max(1.0 - r2, 0.0); a = a * a;

//@ footprint leaf
// A leaf or petal: an ellipse with a soft rim and a little shading along it.
vec2 q = v_uv * vec2(1.0, 1.8); float r2 = dot(q, q); float a = smoothstep(1.0, 0.55, r2);
col *= 0.8 + 0.25 * v_uv.x;

//@ footprint puff
// A very soft puff (spray).
float r2 = dot(v_uv, v_uv); float a = max(1.0 - r2, 0.0); a = a * a * a;
