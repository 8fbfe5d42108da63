"""The bird: a plump songbird that sits on its mossy stump and flies when the presence moves."""
from __future__ import annotations

import math

import numpy as np

from engine.world.presence.geometry import CREAM, DARK_EYE, capsule, countershade, ellip, lathe, mix, rot, shade_back
from engine.world.presence.rig import Joint, ease
from engine.world.presence.shape_form import ShapeForm


class Bird(ShapeForm):
    """A plump little songbird. Standing still it sits on a low mossy stump,
    breathing, tilting its head, its tail bobbing; when the presence moves
    it flies (slow wingbeats, the stump fading away) and lands on its stump
    again, which grows back out of the light, where it stops."""
    kind = "bird"
    height = 1.0
    halo_at = (0.72, 0.55, 0.25, 1.0)
    stride = 2.0
    PERCH = 0.5
    FLY = 1.15
    SCALE = 1.45
    rest_yaw = 35.0

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        breast = mix(base, (0.95, 0.55, 0.3), 0.35)
        back = mix(base, (0.45, 0.33, 0.22), 0.45)
        belly = mix(base, CREAM, 0.75)
        y0 = self.PERCH
        bark = np.array([0.5, 0.42, 0.34], np.float32)
        stump = Joint(self.body_np.attachNewNode("stump"), (0, 0, 0))
        trunk = lathe([(-0.05, 0.2, 0.19), (0.03, 0.19, 0.18), (0.1, 0.15, 0.145), (0.22, 0.135, 0.13),
                       (y0 - 0.06, 0.13, 0.125), (y0 - 0.025, 0.128, 0.123)], bark, sides=14, dome=0.0)
        rng = np.random.default_rng(2)
        trunk.col[:, :3] *= rng.uniform(0.85, 1.08, (trunk.n, 1)).astype(np.float32)
        top = ellip((0.118, 0.012, 0.113), (0, y0 - 0.025, 0), (0.8, 0.68, 0.52))
        ring = ellip((0.128, 0.01, 0.123), (0, y0 - 0.03, 0), (0.55, 0.44, 0.33))
        moss = [ellip((0.07, 0.028, 0.06), (0.07, y0 - 0.03, -0.05), (0.42, 0.58, 0.28), subdiv=1)]
        roots = [capsule((math.cos(a) * 0.1, 0.14, math.sin(a) * 0.1), (math.cos(a) * 0.27, -0.01, math.sin(a) * 0.27),
                         0.055, 0.025, bark * 0.95, sides=6) for a in (0.3, 1.5, 2.6, 3.8, 5.0)]
        stump.add([trunk, top, ring] + moss + roots, "stump")
        self.stump = stump
        # the bird is modelled small, about its feet at the origin, and scaled up
        self.bird = self.body.child("bird", (0, y0, 0))
        self.bird.np.setScale(self.SCALE)
        bird = Joint(self.bird.np, (0, 0, 0))
        self.trunk = bird.child("trunk", (0, 0.09, 0))
        b = ellip((0.082, 0.08, 0.11), (0, 0.095, -0.01), back, R=rot(p=-20))
        countershade(b, belly, 0.9, lo=0.2, hi=-0.6)
        chest = ellip((0.07, 0.068, 0.06), (0, 0.1, 0.05), breast)
        countershade(chest, belly, 0.6, lo=-0.2, hi=-0.9)
        self.trunk.add([b, chest], "trunk")
        self.head = bird.child("head", (0, 0.16, 0.03))
        head = shade_back(ellip((0.058, 0.056, 0.058), (0, 0.19, 0.04), mix(back, base, 0.4)), back, 0.5)
        face = ellip((0.048, 0.042, 0.03), (0, 0.178, 0.068), breast, subdiv=1)
        beak = capsule((0, 0.183, 0.09), (0, 0.178, 0.122), 0.013, 0.002, (0.42, 0.32, 0.22), sides=6, rings=1)
        eyes = [ellip((0.011, 0.012, 0.008), (s * 0.037, 0.2, 0.077), DARK_EYE, R=rot(h=s * 35), subdiv=1)
                for s in (1, -1)]
        self.head.add([head, face, beak] + eyes, "head")
        self.wings = []
        for s in (1, -1):
            w = bird.child("wing", (s * 0.07, 0.13, 0.02))
            w.add([ellip((0.017, 0.054, 0.095), (s * 0.064, 0.1, -0.04), back, R=rot(p=12, r=s * 4))], "wing")
            self.wings.append((w, s))
        self.tail = bird.child("tail", (0, 0.06, -0.1))
        self.tail.add([ellip((0.04, 0.012, 0.075), (0, 0.04, -0.16), back, R=rot(p=25), subdiv=1)], "tail")
        legs = [capsule((s * 0.025, 0.03, 0.0), (s * 0.025, -0.005, 0.01), 0.007, 0.006, (0.4, 0.3, 0.22),
                        sides=5, rings=1) for s in (1, -1)]
        bird.add(legs, "legs")

    def set_alpha(self, alpha: float) -> None:
        super().set_alpha(alpha)
        perched = ease(self.motion.settled)
        a = max(0.0, min(alpha, 1.0))
        if self._fading is False and perched < 0.997:
            self._set_fading(True)
        self.stump_alpha = a * perched
        self.stump.np.setShaderInput("u_alpha", float(self.stump_alpha))
        if perched > 0.003:
            self.stump.np.show()
        else:
            self.stump.np.hide()

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        perched = ease(m.settled)
        fly = 1.0 - perched
        y = (self.FLY - self.PERCH) * ease(min(1.0, fly * 1.4)) + 0.05 * fly * math.sin(2 * math.pi * t / 3.0)
        self.bird.np.setPos(0, self.PERCH + y, 0)
        yaw = m.turn_body(self.rest_yaw, rate=40.0)
        self.bird.np.setH(yaw)
        self.trunk.np.setScale(1.0 + 0.04 * breath, 1.0 + 0.04 * breath + 0.04 * welcome, 1.0 + 0.03 * breath)
        w = ease(welcome)
        # birds tilt their heads; here slowly, now one way, now the other
        tilt = (10.0 + 8.0 * w) * math.sin(2 * math.pi * t / 9.0)
        look = 0.0 if abs(yaw) > 120 else -yaw
        self.head.np.setHpr(look + 6.0 * math.sin(2 * math.pi * t / 12.0),
                            -4.0 * self.welcome_pulse(t, welcome, 3.5), tilt)
        flap = math.sin(2 * math.pi * t / 0.9)
        glide = 0.6 + 0.4 * math.sin(2 * math.pi * t / 5.0)
        lift = 10.0 * self.welcome_pulse(t, welcome, 3.0)       # a small lift of gladness
        for wing, s in self.wings:
            spread = fly * (80.0 + 30.0 * flap * glide)
            wing.np.setScale(1.0, 1.0 + 1.6 * fly, 1.0)
            wing.np.setR(s * (spread + lift))
        self.tail.np.setP(5.0 * math.sin(2 * math.pi * t / 4.0) ** 2 - 10.0 * fly)
        self.light(glow, welcome, visible, rim=0.3, own=0.3)
