"""Compassionate colour: a translucent seated body outline that fills with
the person's chosen colour from the heart outward, breathing with the pacer.

The outline is a few ellipsoids merged into one mesh, drawn in two passes -
depth only, then colour where the depth matches - so the overlapping parts
read as one soft silhouette instead of blotches. The fill is a radius around
the heart point in the body's own space, set each frame from the director's
`colour_fill`; the shader fades it with a soft edge, so it never steps.
The normals travel in the vertex colour (the shared Mesh format has no
normal column); only this shader (glsl/colour_body.*) reads them.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import ColorWriteAttrib, DepthTestAttrib, NodePath, RenderAttrib, TransparencyAttrib

from engine.world import shaders
from engine.world.mesh import Mesh, merge, to_geom_node
from engine.world.shapes import icosphere

HEART = (0.04, 0.55, -0.08)   # body space, metres; a little to the person's left
REACH = 0.72                  # metres from the heart to the farthest part (knees)
DISTANCE = 3.0               # metres in front of the eye

# (centre, radii, yaw degrees): a person sitting cross-legged, facing the viewer (-z)
PARTS = [
    ((0, 0.15, 0), (0.2, 0.12, 0.16), 0), ((0, 0.44, 0), (0.19, 0.27, 0.12), 0),
    ((0, 0.62, 0), (0.23, 0.1, 0.12), 0), ((0, 0.76, 0), (0.055, 0.07, 0.055), 0),
    ((0, 0.9, -0.01), (0.1, 0.125, 0.11), 0),
    ((0.235, 0.47, 0), (0.06, 0.17, 0.065), 0), ((-0.235, 0.47, 0), (0.06, 0.17, 0.065), 0),
    ((0.17, 0.28, -0.12), (0.05, 0.05, 0.15), -30), ((-0.17, 0.28, -0.12), (0.05, 0.05, 0.15), 30),
    ((0.06, 0.23, -0.22), (0.055, 0.03, 0.065), 0), ((-0.06, 0.23, -0.22), (0.055, 0.03, 0.065), 0),
    ((0.15, 0.07, -0.2), (0.09, 0.07, 0.24), 20), ((-0.15, 0.07, -0.2), (0.09, 0.07, 0.24), -20),
    ((0, 0.05, -0.38), (0.27, 0.06, 0.07), 0),
]


def body_mesh() -> Mesh:
    parts = []
    for centre, radii, yaw in PARTS:
        part = icosphere(0.5, subdiv=2).transformed(scale=np.array(radii, np.float32) * 2, yaw=yaw,
                                                  offset=centre)
        part.col = np.concatenate([part.nrm * 0.5 + 0.5, np.ones((part.n, 1), np.float32)], axis=1)
        parts.append(part)
    return merge(parts)


class ColourBody:
    """The outline under the camera; `update(...)` each frame from the state."""

    def __init__(self, scene_np: NodePath, camera_np: NodePath, colour_rgb, outline_rgb,
                 eye_height: float = 1.2):
        # Under the scene, not the camera (Ursina hides the camera's own
        # children from itself); it follows the camera each frame instead.
        self.camera = camera_np
        # seated on the ground in front, but never lower than the view's edge
        self.place = (0.0, -min(max(eye_height - 0.1, 0.6), 0.95), DISTANCE)
        self.root = scene_np.attachNewNode("colour-body")
        node = to_geom_node(body_mesh(), "colour-body")
        paint = self.root.attachNewNode(node.makeCopy())   # the same geoms, a second node
        depth = self.root.attachNewNode(node)
        depth.setAttrib(ColorWriteAttrib.make(ColorWriteAttrib.C_off))
        depth.setBin("fixed", 40)
        paint.setAttrib(DepthTestAttrib.make(RenderAttrib.M_less_equal))
        paint.setDepthWrite(False)
        paint.setTransparency(TransparencyAttrib.M_alpha)
        paint.setBin("fixed", 41)
        shader = shaders.program("colour-body", "colour_body.vert", "colour_body.frag", frag_fill={"reach": REACH})
        self.root.setShader(shader, 10)
        self.root.setLightOff(10)
        self.root.setShaderInput("u_colour", tuple(float(c) for c in colour_rgb))
        self.root.setShaderInput("u_outline", tuple(float(c) for c in outline_rgb))
        self.root.setShaderInput("u_heart", HEART)
        self.root.setShaderInput("u_fill", 0.0)
        self.root.setShaderInput("u_level", 0.0)
        self.root.setShaderInput("u_alpha", 0.0)
        self.root.hide()

    def set_colour(self, rgb) -> None:
        self.root.setShaderInput("u_colour", tuple(float(c) for c in rgb))

    def update(self, shown: float, fill: float, level: float) -> None:
        if shown <= 0.002:
            self.root.hide()
            return
        self.root.show()
        self.root.setPosHpr(self.camera, *self.place, 0, 0, 0)
        self.root.setShaderInput("u_alpha", float(shown))
        self.root.setShaderInput("u_fill", float(fill) * 1.05)
        self.root.setShaderInput("u_level", float(level))

    def destroy(self) -> None:
        self.root.removeNode()
