"""The presence's forms: what it looks like, and its small idle motions.

Every form is built under one NodePath whose origin sits on the ground under
the presence and whose +z axis faces the person once it has turned toward
them (presence_view turns and places it). `animate(...)` is called every
frame with the time, how strongly it glows, how glad it shows itself, the
breath level and how visible it is; all motion is slow and small (breathing,
an ear or a tail, a gentle sway) so nothing ever startles.

Forms:
- light   a soft being of light: a glowing core, a halo, a few drifting motes
- sky     no figure: the place's light itself answers (the world's tint)
- none    nothing
- animal / tree / figure: see `build_form` (more in presence_shapes.py)
"""
from __future__ import annotations

import math

import numpy as np
from panda3d.core import NodePath, TransparencyAttrib

from engine.world import shaders
from engine.world.mesh import Mesh, merge, to_geom_node
from engine.world.shapes import icosphere

HALO_VERT = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
in vec4 p3d_Vertex;
out vec2 v_uv;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_uv = p3d_Vertex.xy;   // the card spans -1..1
}
"""

HALO_FRAG = """#version 150
uniform vec3 u_halo_col;
uniform float u_halo;       // 0..1 strength
in vec2 v_uv;
out vec4 o_col;
void main() {
    float r2 = dot(v_uv, v_uv);
    float a = max(0.0, 1.0 - r2);
    o_col = vec4(u_halo_col, a * a * a * u_halo);
}
"""


def card_mesh() -> Mesh:
    """A square -1..1 in x and y, facing -z (billboarded toward the eye)."""
    pos = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], np.float32)
    nrm = np.tile(np.array([0, 0, -1], np.float32), (4, 1))
    col = np.ones((4, 4), np.float32)
    return Mesh(pos, nrm, col, np.zeros(4, np.float32), np.array([[0, 1, 2], [0, 2, 3]], np.int32))


class Halo:
    """A soft round glow that always faces the eye."""

    def __init__(self, parent: NodePath, radius: float, height: float, rgb):
        self.np = parent.attachNewNode(to_geom_node(card_mesh(), "halo"))
        self.np.setScale(radius)
        self.np.setZ(0)
        self.np.setPos(0, height, 0)
        self.np.setBillboardPointEye()
        self.np.setShader(shaders.cached("presence-halo", HALO_VERT, HALO_FRAG), 20)
        self.np.setTransparency(TransparencyAttrib.M_alpha)
        self.np.setDepthWrite(False)
        self.np.setBin("transparent", 20)
        self.np.setLightOff(20)
        self.set(rgb, 0.0)

    def set(self, rgb, strength: float) -> None:
        self.np.setShaderInput("u_halo_col", tuple(float(c) for c in rgb))
        self.np.setShaderInput("u_halo", float(max(0.0, min(strength, 1.0))))


class Form:
    """Base: a root node; forms add parts and override animate()."""
    kind = "none"
    height = 1.0          # metres, for the halo and for framing

    def __init__(self, parent: NodePath, rgb, size: float = 1.0):
        self.root = parent.attachNewNode(f"presence-{self.kind}")
        self.rgb = np.asarray(rgb, np.float32)
        self.size = size
        self.root.setScale(size)

    def animate(self, t: float, glow: float, welcome: float, breath: float, visible: float) -> None:
        pass

    def set_colour(self, rgb) -> None:
        self.rgb = np.asarray(rgb, np.float32)

    def destroy(self) -> None:
        self.root.removeNode()


class LightForm(Form):
    """A soft being of light: a glowing core, a halo and slow motes."""
    kind = "light"
    height = 1.6

    def __init__(self, parent: NodePath, rgb, size: float = 1.0):
        super().__init__(parent, rgb, size)
        core = icosphere(0.22, subdiv=2)
        core.col[:] = 1.0
        self.core = self.root.attachNewNode(to_geom_node(core, "core"))
        self.core.setPos(0, self.height, 0)
        self.core.setShader(shaders.glow(), 20)
        self.halo = Halo(self.root, 1.1, self.height, self.rgb)
        rng = np.random.default_rng(7)
        motes = []
        self._motes = rng.uniform(0, 2 * math.pi, (9, 3)).astype(np.float32)
        for _ in range(9):
            m = icosphere(0.025, subdiv=0)
            m.col[:] = 1.0
            motes.append(m)
        self.mote_nodes = [self.root.attachNewNode(to_geom_node(m, "mote")) for m in motes]
        for n in self.mote_nodes:
            n.setShader(shaders.glow(), 20)

    def animate(self, t: float, glow: float, welcome: float, breath: float, visible: float) -> None:
        bright = visible * (0.55 + 0.45 * glow)
        self.core.setShaderInput("u_glow", float(1.0 + 0.6 * bright))
        self.core.setColorScale(*(self.rgb * 0.6 + 0.4), visible)
        self.core.setScale(1.0 + 0.08 * breath + 0.1 * welcome)
        self.core.setY(self.height + 0.05 * math.sin(t * 0.5))
        self.halo.set(self.rgb, 0.25 + 0.55 * bright * (0.85 + 0.15 * breath))
        self.halo.np.setScale(1.0 + 0.25 * welcome + 0.08 * breath)
        for i, n in enumerate(self.mote_nodes):
            a, b, c = self._motes[i]
            r = 0.55 + 0.2 * math.sin(t * 0.21 + c)
            ang = a + t * 0.12 * (1 + (i % 3) * 0.3)
            n.setPos(r * math.cos(ang), self.height + 0.5 * math.sin(t * 0.17 + b), r * math.sin(ang))
            n.setColorScale(*(self.rgb * 0.5 + 0.5), visible * 0.8)
            n.setShaderInput("u_glow", 1.4)


class SkyForm(Form):
    """No figure: the place's own light and sound respond (see PracticeView)."""
    kind = "sky"


def build_form(kind: str, parent: NodePath, rgb, size: float = 1.0, animal: str | None = None,
               sun_dir=None) -> Form:
    """The presence's form for a place (`none` gives an empty one)."""
    if kind == "light":
        return LightForm(parent, rgb, size)
    if kind == "sky":
        return SkyForm(parent, rgb, size)
    if kind in ("animal", "tree", "figure"):
        try:
            from engine.world import presence_shapes
        except ImportError:
            return LightForm(parent, rgb, size)
        return presence_shapes.build(kind, parent, rgb, size, animal, sun_dir)
    return Form(parent, rgb, size)


__all__ = ["Form", "Halo", "LightForm", "SkyForm", "build_form", "card_mesh", "merge"]
