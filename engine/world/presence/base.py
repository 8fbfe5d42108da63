"""What every presence form is built on: `Form` (a root node on the ground
under the presence, +z toward the person once presence_view has turned it;
forms add parts and override `animate`) and `Halo` (a soft round glow that
faces the eye, in world/glow.py and shared with the breathing light).
"""
from __future__ import annotations

import numpy as np
from panda3d.core import NodePath

from engine.world.glow import Halo, card_mesh  # noqa: F401 - the forms' shared parts


class Form:
    """Base: a root node; forms add parts and override animate()."""
    kind = "none"
    height = 1.0          # metres, for the halo and for framing
    steady = False        # True: it holds still (a 'steady' gaze, a strong figure): no idle sway

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
