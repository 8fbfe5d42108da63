// The compassionate colour's outline of a sitting person (colour_body.py).
uniform mat4 p3d_ModelViewMatrix;
in vec4 p3d_Color;
out vec3 v_obj;
out vec3 v_nrm;
out vec3 v_view;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_obj = p3d_Vertex.xyz;
    v_nrm = mat3(p3d_ModelViewMatrix) * (p3d_Color.rgb * 2.0 - 1.0);
    v_view = (p3d_ModelViewMatrix * p3d_Vertex).xyz;
}
