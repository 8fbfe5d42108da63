#version 150
// Put before every vertex shader of the world by engine/world/shaders.py
// (any #define goes right after the #version line).
uniform mat4 p3d_ModelViewProjectionMatrix;
in vec4 p3d_Vertex;

// How far into a fog a point `d` metres from the eye is: 0 nearer than
// range.x, 1 beyond range.y, linear between (a range under 1 m counts as 1 m).
float fog_ramp(float d, vec2 range) {
    return clamp((d - range.x) / max(range.y - range.x, 1.0), 0.0, 1.0);
}
