"""The sight moment: the place's colours grow a little richer.

`colours.lift` raises the saturation of the whole view (sky, water, ground,
flora, the presence) by a small, gliding amount - never the captions, which
are drawn after it. It is a post-process: the 3D camera renders into a
texture and one full-screen quad mixes each pixel away from its own grey
(Rec. 709 luma) by the saturation factor. The pass exists only while the
lift is up (the sight segment), so every other moment costs nothing; it is
made once when the lift begins and removed when it has settled back.
"""
from __future__ import annotations

from panda3d.core import Shader, Texture

VERT = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
in vec4 p3d_Vertex;
in vec2 p3d_MultiTexCoord0;
out vec2 uv;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    uv = p3d_MultiTexCoord0;
}
"""

FRAG = """#version 150
uniform sampler2D tex;
uniform float u_sat;
in vec2 uv;
out vec4 o_col;
void main() {
    vec3 c = texture(tex, uv).rgb;
    float grey = dot(c, vec3(0.2126, 0.7152, 0.0722));
    o_col = vec4(clamp(mix(vec3(grey), c, u_sat), 0.0, 1.0), 1.0);
}
"""

OFF_BELOW = 1.0005   # a saturation this close to 1 shows nothing: the pass is removed


class ColourLift:
    def __init__(self, base=None):
        self._base = base
        self.manager = None
        self.quad = None
        self.saturation = 1.0

    @property
    def active(self) -> bool:
        return self.quad is not None

    def present(self, saturation: float) -> None:
        """Saturation factor for this frame (1: the place as it is)."""
        self.saturation = float(saturation)
        if self.saturation < OFF_BELOW:
            self._remove()
            return
        if self.quad is None:
            self._make()
        if self.quad is not None:
            self.quad.setShaderInput("u_sat", self.saturation)

    def _make(self) -> None:
        from direct.filter.FilterManager import FilterManager
        base = self._base
        if base is None:
            from ursina import application
            base = application.base
        if base is None or base.win is None:
            return
        self.manager = FilterManager(base.win, base.cam)
        self.texture = Texture("haven-colour-lift")
        self.quad = self.manager.renderSceneInto(colortex=self.texture)
        if self.quad is None:   # the window cannot render into a texture: no lift, nothing breaks
            self.manager = None
            return
        self.quad.setShader(Shader.make(Shader.SL_GLSL, vertex=VERT, fragment=FRAG))
        self.quad.setShaderInput("tex", self.texture)
        self.quad.setShaderInput("u_sat", self.saturation)

    def _remove(self) -> None:
        if self.manager is not None:
            self.manager.cleanup()
        self.manager = None
        self.quad = None

    def destroy(self) -> None:
        self._remove()
