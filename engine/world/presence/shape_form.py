"""`ShapeForm`: what every modelled form shares - building the model twice
to learn how its colours follow the presence colour, fading in two passes
(depth, then colour) so it reads as one silhouette, the halo behind it,
warmth shown as light, and the eased welcome that the poses read.
"""
from __future__ import annotations

import math

import numpy as np
from panda3d.core import ColorWriteAttrib, DepthTestAttrib, NodePath, RenderAttrib, TransparencyAttrib

from engine.world.presence.base import Form, Halo
from engine.world.presence.geometry import mix, tri_count
from engine.world.presence.rig import Joint, Motion, approach
from engine.world.presence.shader import shape_shader, to_node


class ShapeForm(Form):
    """A modelled form: `self.body` holds the model (joints below it),
    drawn in one colour pass (opaque when fully visible) and, while fading,
    a depth pass first."""
    height = 1.0
    translucent = 1.0       # < 1: always a little see-through (the figure)
    halo_at = (0.6, 0.8, 0.3, 1.2)   # height, radius, back, stretch
    rest_yaw = 0.0
    stride = 0.8

    def __init__(self, parent: NodePath, rgb, size: float = 1.0, sun_dir=None):
        # sun_dir is part of the build interface; the shader takes the sun from
        # the world's u_sun_dir, so the light stays right however the form turns
        super().__init__(parent, rgb, size)
        self.shown = self.root.attachNewNode("shown")
        self.colour_pass = self.shown.attachNewNode("colour-pass")
        self.body_np = self.colour_pass.attachNewNode("body")
        self.depth_pass = self.shown.attachNewNode("depth-pass")
        self.body_np.instanceTo(self.depth_pass)
        self.depth_pass.setAttrib(ColorWriteAttrib.make(ColorWriteAttrib.C_off))
        self.depth_pass.setBin("fixed", 30)
        self.shown.setShader(shape_shader(), 20)
        self.shown.setShaderInput("u_alpha", 1.0)
        self.shown.setShaderInput("u_emit", 0.0)
        self.shown.setShaderInput("u_emit_col", tuple(float(c) for c in self.rgb))
        self.shown.setShaderInput("u_self", 0.0)
        self.shown.setShaderInput("u_rim_col", (0.0, 0.0, 0.0))
        self.shown.setShaderInput("u_recol", (0.0, 0.0, 0.0))
        h, r, back, stretch = self.halo_at
        self.halo = Halo(self.shown, r, h, self.rgb, softness=2.6, ground=h, back=back)
        self.halo_stretch = stretch
        self._fading: bool | None = None
        self.alpha = 1.0
        self.emit_level = 0.0
        self.motion = Motion(self.stride)
        self.body = Joint(self.body_np, (0, 0, 0), parts=[])
        self._welcome_on: float | None = None
        self._last_welcome = 0.0
        self._welcome: float | None = None
        self._last_t: float | None = None
        self._dt = 0.0
        self._build()
        self._set_fading(False)

    # -- building -------------------------------------------------------
    def build_model(self) -> None:
        raise NotImplementedError

    def _build(self) -> None:
        """Build the model, and learn how each vertex's colour follows the
        presence colour (built once more in a nearby colour: every colour
        here is a blend of the presence colour and fixed ones, so the
        difference is exact), so a colour glide needs no rebuilding."""
        built = np.asarray(self.rgb, np.float32).copy()
        delta = np.where(built > 0.5, -0.15, 0.15).astype(np.float32)
        self.rgb = built + delta
        self.body.parts.clear()
        self.build_model()
        probe = [m.col[:, :3].copy() for _, m in self.body.parts]
        self.body_np.getChildren().detach()
        self.rgb = built
        self.body.parts.clear()
        self.build_model()
        same = len(probe) == len(self.body.parts) and all(
            p.shape == m.col[:, :3].shape for p, (_, m) in zip(probe, self.body.parts))
        for i, (node, m) in enumerate(self.body.parts):
            if same:
                dcol = (probe[i] - m.col[:, :3]) / delta
            else:   # (never expected) follow the colour in proportion
                dcol = m.col[:, :3] / np.maximum(built, 0.05)
            gn = node.node()
            gn.removeAllGeoms()
            gn.addGeomsFrom(to_node(m, node.getName(), dcol))
        self._built_rgb = built
        self.shown.setShaderInput("u_recol", (0.0, 0.0, 0.0))

    def set_colour(self, rgb) -> None:
        """A new colour at once and cheaply (the glide calls it every frame)."""
        super().set_colour(rgb)
        self.shown.setShaderInput("u_emit_col", tuple(float(c) for c in self.rgb))
        self.shown.setShaderInput("u_recol", tuple(float(c) for c in self.rgb - self._built_rgb))

    def triangles(self) -> int:
        return tri_count(self.body_np)

    # -- per frame -------------------------------------------------------
    def _set_fading(self, on: bool) -> None:
        if on == self._fading:
            return
        self._fading = on
        cp = self.colour_pass
        if on:
            self.depth_pass.show()
            cp.setTransparency(TransparencyAttrib.M_alpha)
            cp.setBin("fixed", 31)
            cp.setDepthWrite(False)
            cp.setAttrib(DepthTestAttrib.make(RenderAttrib.M_less_equal))
        else:
            self.depth_pass.hide()
            cp.clearTransparency()
            cp.clearBin()
            cp.clearDepthWrite()
            cp.clearAttrib(DepthTestAttrib)

    def set_alpha(self, alpha: float) -> None:
        a = max(0.0, min(alpha, 1.0)) * self.translucent
        self.alpha = a if a > 0.003 else 0.0
        if a <= 0.003:
            self.shown.hide()
            return
        self.shown.show()
        self._set_fading(a < 0.997)
        self.shown.setShaderInput("u_alpha", float(a))

    def advance(self, t: float, phase: float, period: float) -> float:
        """A phase moved on by this frame's time at the given period."""
        return (phase + 2 * math.pi * self._dt / period) % (2 * math.pi)

    def breath_of(self, t: float, breath: float, period: float = 4.6) -> float:
        """0..1: the pacer's breath, with a slow idle breath of its own under it."""
        idle = 0.5 + 0.5 * math.sin(2 * math.pi * t / period)
        return 0.65 * max(0.0, min(breath, 1.0)) + 0.35 * idle

    def welcome_pulse(self, t: float, welcome: float, seconds: float = 4.0) -> float:
        """0..1..0 once, over `seconds`, from when the welcome began (a nod)."""
        if welcome > 0.05 and self._last_welcome <= 0.05:
            self._welcome_on = t
        if welcome <= 0.01:
            self._welcome_on = None
        self._last_welcome = welcome
        if self._welcome_on is None:
            return 0.0
        x = (t - self._welcome_on) / seconds
        return math.sin(math.pi * x) ** 2 if 0.0 <= x <= 1.0 else 0.0

    def light(self, glow: float, welcome: float, visible: float, rim: float = 0.35,
              emit: float = 0.0, own: float = 0.0) -> None:
        """Warmth read as light: the rim, emissive parts and the halo follow
        glow x visible (and grow a little with the welcome)."""
        g = max(0.0, glow) * max(0.0, min(visible, 1.0))
        warm = mix(self.rgb, (1.0, 0.92, 0.75), 0.35)
        self.shown.setShaderInput("u_rim_col", tuple(float(c) for c in warm * rim * (0.45 + 0.55 * g)))
        self.emit_level = float(emit * (0.35 + 0.65 * g) * (0.85 + 0.3 * welcome))   # (tests read it)
        self.shown.setShaderInput("u_emit", self.emit_level)
        self.shown.setShaderInput("u_self", float(own))
        self.halo.set(self.rgb, g * (0.32 + 0.2 * welcome))
        self.halo.resize(1.0 + 0.15 * welcome, self.halo_stretch)

    def animate(self, t: float, glow: float, welcome: float, breath: float, visible: float) -> None:
        self.motion.update(t, self.root, self.size)
        # the welcome arrives eased already; smoothing it again here means
        # no pose can ever jump, whatever drives it
        last, self._last_t = self._last_t, t
        self._dt = t - last if last is not None and 0 < t - last <= 1.5 else 0.0
        if self._welcome is None or self._dt == 0.0:
            self._welcome = welcome
        else:
            self._welcome = approach(self._welcome, welcome, self._dt, 0.8)
        self.set_alpha(visible)
        self.pose(t, glow, self._welcome, self.breath_of(t, breath), visible)

    def pose(self, t: float, glow: float, welcome: float, breath: float, visible: float) -> None:
        pass
