"""The figure: a soft, faceless, robed human-like form."""
from __future__ import annotations

import math

import numpy as np

from engine.world.presence.geometry import capsule, ellip, lathe, mix
from engine.world.presence.rig import approach, ease
from engine.world.presence.shape_form import ShapeForm


class Figure(ShapeForm):
    """A soft, faceless human-like figure: a long plain robe, a veil of a
    deeper, rosier tone over the head, framing the face and falling behind
    the shoulders (so it reads as a gentle, robed person, not a bare
    mannequin head), standing at ease with its
    elbows softly bent and its hands resting together in front. It is lit
    softly from within, a little translucent, with a warm glowing edge and
    a deeper, warmer tone toward the hem. It walks calmly when it moves; on
    welcome it opens its hands outward a little, palms toward the person,
    and nods once, slowly."""
    kind = "figure"
    height = 1.75
    translucent = 0.86
    halo_at = (1.2, 1.1, 0.25, 1.5)
    stride = 1.2

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        c = mix(base, (1.0, 0.95, 0.88), 0.3)                # the robe: the colour, paler
        veil = mix(base, (0.93, 0.64, 0.58), 0.42)           # the veil: the colour, a deeper rose
        face = mix(base, (1.0, 0.9, 0.8), 0.45)
        hem = mix(base, (0.86, 0.52, 0.42), 0.35)
        self.trunk = self.body.child("trunk", (0, 0.95, 0))
        robe = lathe([(0.07, 0.25, 0.21), (0.1, 0.255, 0.215), (0.35, 0.235, 0.19), (0.7, 0.205, 0.155),
                      (0.95, 0.172, 0.128), (1.1, 0.168, 0.122), (1.25, 0.182, 0.125), (1.33, 0.185, 0.118),
                      (1.39, 0.172, 0.108), (1.435, 0.14, 0.092), (1.47, 0.09, 0.068), (1.49, 0.062, 0.052)],
                     c, sides=20)
        # deeper and warmer toward the hem, and a warm light at the heart
        k = np.clip((1.0 - robe.pos[:, 1]) / 0.9, 0, 1)[:, None]
        robe.col[:, :3] = robe.col[:, :3] * (1 - 0.6 * k) + hem * 0.6 * k
        heart = np.array([0.0, 1.2, 0.12], np.float32)
        d2 = ((robe.pos - heart) ** 2 * np.array([1.0, 0.6, 1.0], np.float32)).sum(1)
        robe.sway[:] = np.exp(-d2 / 0.03).astype(np.float32)
        self.trunk.add([robe], "robe")
        self.head = self.trunk.child("head", (0, 1.49, 0))
        # a veil over the head, framing the face and falling behind the
        # shoulders to the middle of the back
        hood = ellip((0.128, 0.145, 0.128), (0, 1.645, -0.01), veil)
        fall = ellip((0.205, 0.27, 0.085), (0, 1.34, -0.075), veil)
        self.trunk.add([fall], "veil")
        self.head.add([capsule((0, 1.45, 0), (0, 1.53, 0.01), 0.058, 0.054, face, sides=8),
                       ellip((0.086, 0.112, 0.098), (0, 1.612, 0.034), face), hood,
                       capsule((0, 1.6, -0.05), (0, 1.46, -0.075), 0.115, 0.13, veil, sides=12)], "head")
        self.arms = []
        for s in (1, -1):
            arm = self.trunk.child("arm", (s * 0.17, 1.38, 0))
            arm.add([capsule((s * 0.17, 1.38, 0), (s * 0.2, 1.13, 0.0), 0.058, 0.062, c, sides=10)], "upper")
            fore = arm.child("fore", (s * 0.2, 1.13, 0.0))
            # a wide, soft sleeve, and a small soft hand
            fore.add([capsule((s * 0.2, 1.13, 0.0), (s * 0.21, 0.94, 0.02), 0.062, 0.08, c, sides=12),
                      ellip((0.032, 0.05, 0.022), (s * 0.212, 0.9, 0.03), face, subdiv=1)], "fore")
            self.arms.append((arm, fore, s))
        self.legs = []
        for s, ph in ((1, 0.0), (-1, math.pi)):
            leg = self.body.child("foot", (s * 0.09, 0.6, 0))
            leg.add([ellip((0.055, 0.04, 0.1), (s * 0.09, 0.04, 0.05), hem, subdiv=1)], "foot")
            self.legs.append((leg, ph))

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        yaw = 180.0 if m.speed < -0.08 else 0.0
        m.heading = yaw if m.heading is None else approach(m.heading, yaw, m.dt, 0.8)
        self.body_np.setH(m.heading)
        wk = m.walk
        for leg, ph in self.legs:
            leg.np.setP(14.0 * wk * math.sin(m.phase + ph))
        self.body_np.setY(0.015 * wk * abs(math.sin(m.phase)))
        self.trunk.np.setScale(1.0 + 0.012 * breath, 1.0 + 0.008 * breath, 1.0 + 0.018 * breath)
        w = ease(welcome)
        still = 0.0 if self.steady else 1.0
        nod = 9.0 * self.welcome_pulse(t, welcome, 5.0)
        self.head.np.setHpr(still * 2.0 * math.sin(2 * math.pi * t / 13.0), -(nod + 4.0 * w),
                            still * 2.5 * math.sin(2 * math.pi * t / 17.0) + 3.0 * w)
        # at rest the elbows are softly bent and the hands rest together in
        # front; the welcome opens them outward a little, palms to the person
        rest = 1.0 - wk            # walking, the arms hang and swing a little
        for arm, fore, s in self.arms:
            swing = 10.0 * wk * math.sin(m.phase + (math.pi if s > 0 else 0.0))
            sway = still * 1.5 * math.sin(2 * math.pi * t / 7.0 + s)
            # (a node's roll turns the other way from rot()'s: -s opens the arm outward)
            arm.np.setHpr(0, swing + 8.0 * rest + 4.0 * w, -s * (4.0 + 12.0 * w + sway))
            fore.np.setHpr(s * (22.0 * rest * (1 - w)) - s * 16.0 * w, 42.0 * rest + 8.0 * w, 0)
        self.light(glow, welcome, visible, rim=1.0, own=0.6, emit=0.38 + 0.12 * breath)
