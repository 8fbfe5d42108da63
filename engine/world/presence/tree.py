"""The glowing tree: a small round tree lit from within, that grows in where the presence stops."""
from __future__ import annotations

import math

import numpy as np

from engine.world.presence.base import Halo
from engine.world.presence.geometry import capsule, ellip, mix
from engine.world.presence.rig import ease
from engine.world.presence.shape_form import ShapeForm


class GlowTree(ShapeForm):
    """A small, round tree whose canopy glows warmly from within (the
    person's colour through the green), with soft lights like blossoms in
    it and motes drifting up. It does not walk: while the presence moves it
    travels as a soft light, and the tree grows in where the presence stops."""
    kind = "tree"
    height = 2.2
    halo_at = (1.45, 1.35, 0.55, 0.9)
    stride = 1.0
    MOTES = 8
    LIGHTS = 12
    SCALE = 0.88

    def __init__(self, parent, rgb, size=1.0, sun_dir=None):
        super().__init__(parent, rgb, size, sun_dir)
        rng = np.random.default_rng(11)
        self._motes = np.stack([rng.uniform(0, 2 * math.pi, self.MOTES), rng.uniform(0.3, 0.9, self.MOTES),
                                rng.uniform(0.05, 0.08, self.MOTES), rng.uniform(0, 1, self.MOTES)], 1)
        self.motes = [Halo(self.shown, 0.05, 1.5, self.rgb, softness=3.0, hot=0.6) for _ in self._motes]
        self.travel = Halo(self.root, 0.5, 1.3, self.rgb, softness=3.5, hot=0.35, ground=1.3)

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        bark = (0.42, 0.32, 0.24)
        leaf = mix((0.3, 0.5, 0.24), base, 0.1)
        trunk = [capsule((0, -0.05, 0), (0.03, 0.7, 0.0), 0.11, 0.075, bark, sides=9),
                 capsule((0.03, 0.7, 0), (-0.02, 1.3, 0.02), 0.075, 0.05, bark, sides=9),
                 capsule((0.02, 0.95, 0), (0.34, 1.35, 0.05), 0.045, 0.03, bark, sides=7),
                 capsule((0.0, 1.05, 0), (-0.3, 1.42, -0.08), 0.04, 0.028, bark, sides=7)]
        trunk += [capsule((0, 0.1, 0), (math.cos(a) * 0.24, -0.02, math.sin(a) * 0.24), 0.06, 0.03, bark, sides=6)
                  for a in (0.3, 2.2, 4.1)]
        self.body.add(trunk, "trunk")
        self.canopy = self.body.child("canopy", (0, 1.0, 0))
        rng = np.random.default_rng(5)
        blobs = []
        for at, r in (((0, 1.72, 0), 0.56), ((0.42, 1.55, 0.08), 0.42), ((-0.42, 1.6, -0.05), 0.44),
                      ((0.08, 1.6, 0.4), 0.4), ((-0.05, 1.62, -0.4), 0.4), ((0.05, 2.08, 0.0), 0.4),
                      ((-0.28, 1.95, 0.2), 0.32), ((0.3, 1.95, -0.18), 0.33)):
            b = ellip((r, r * 0.9, r), at, leaf, subdiv=2)
            b.pos += rng.normal(0, 0.012, b.pos.shape).astype(np.float32)
            # lit from within: warmer low and inside, a little dappled
            inner = np.clip(0.55 - 0.6 * b.nrm[:, 1], 0, 1)
            dapple = rng.uniform(0.0, 1.0, b.n)
            b.col[:, :3] = b.col[:, :3] * (0.88 + 0.2 * dapple[:, None])
            b.col[:, :3] = b.col[:, :3] * (1 - 0.35 * inner[:, None]) + base * 0.35 * inner[:, None]
            b.sway[:] = (0.12 + 0.75 * inner ** 1.5 + 0.2 * dapple).astype(np.float32)
            blobs.append(b)
        self.canopy.add(blobs, "canopy")
        # small soft lights in the leaves, like blossoms, most on the side toward the person
        self.lights = []
        rng = np.random.default_rng(13)
        for k in range(self.LIGHTS):
            a = rng.uniform(-1.3, 1.3) + (math.pi if k % 4 == 3 else 0.0)
            y = rng.uniform(1.35, 2.15)
            r = 0.82 * math.sqrt(max(0.1, 1 - ((y - 1.72) / 0.72) ** 2)) + 0.06
            h = Halo(self.canopy.np, rng.uniform(0.08, 0.13), y - 1.0, self.rgb, softness=3.0, hot=0.55)
            h.np.setPos(math.sin(a) * r, y - 1.0, math.cos(a) * r)
            self.lights.append((h, rng.uniform(0, 2 * math.pi), rng.uniform(5.0, 9.0)))

    def set_alpha(self, alpha: float) -> None:
        super().set_alpha(alpha * ease(self.motion.settled))

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        grown = ease(m.settled)
        v = max(0.0, min(visible, 1.0))
        k = self.SCALE
        self.body_np.setScale(k, k * (0.9 + 0.1 * grown), k)
        self.canopy.np.setR(0.8 * math.sin(2 * math.pi * t / 8.0))
        self.canopy.np.setP(0.6 * math.sin(2 * math.pi * t / 11.0))
        s = 1.0 + 0.015 * breath + 0.02 * welcome
        self.canopy.np.setScale(s, s, s)
        self.light(glow, welcome, v * grown, rim=0.25, emit=0.5 + 0.12 * breath, own=0.3)
        self.halo.set(self.rgb, glow * v * (0.3 + 0.25 * welcome) * (0.4 + 0.6 * grown))
        g = max(0.0, glow) * v * grown
        for h, ph, period in self.lights:
            twinkle = 0.75 + 0.25 * math.sin(2 * math.pi * t / period + ph)     # slow: 5-9 s
            h.set(mix(self.rgb, (1, 1, 0.9), 0.3), g * (0.7 + 0.3 * welcome) * twinkle)
        # while it travels: a soft light where the tree will be
        self.travel.set(self.rgb, glow * v * (1.0 - grown) * 0.9)
        self.travel.np.setY(1.3 + 0.06 * math.sin(2 * math.pi * t / 6.0))
        for halo, (a, r, rise, off) in zip(self.motes, self._motes):
            life = (t * rise / 1.4 + off) % 1.0
            ang = a + t * 0.12
            halo.np.setPos(r * math.cos(ang), 0.9 + 1.4 * life, r * math.sin(ang))
            halo.set(self.rgb, v * (0.4 + 0.6 * glow) * math.sin(math.pi * life) ** 2 * 0.8)
