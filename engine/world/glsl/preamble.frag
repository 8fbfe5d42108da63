#version 150
// Put before every fragment shader of the world by engine/world/shaders.py.
out vec4 o_col;
