"""The deer: a gentle doe with big, slowly turning ears."""
from __future__ import annotations

import math

import numpy as np

from engine.world.presence.geometry import (
    CREAM, DARK_EYE, NOSE, capsule, countershade, ellip, front_pale, mix, rot, shade_back,
)
from engine.world.presence.quadruped import Quadruped
from engine.world.presence.rig import ease


class Deer(Quadruped):
    """A gentle doe (no antlers): a long, soft neck, big ears that turn
    slowly, a pale throat and a few faint fawn spots; body aside, head
    toward the person."""
    kind = "deer"
    height = 1.5
    halo_at = (0.85, 0.95, 0.35, 1.25)
    rest_yaw = 32.0
    stride = 1.0
    look_limit = 70.0
    leg_swing = 20.0

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        coat = mix(base, (0.72, 0.47, 0.28), 0.25)
        light = mix(coat, CREAM, 0.7)
        dark = coat * 0.78
        self.trunk = self.body.child("trunk", (0, 0.74, 0))
        chest = ellip((0.14, 0.175, 0.17), (0, 0.74, 0.23), coat)
        parts = [chest, ellip((0.155, 0.185, 0.44), (0, 0.76, -0.04), coat),
                 ellip((0.15, 0.17, 0.15), (0, 0.78, -0.31), coat)]
        for p in parts:
            shade_back(countershade(p, light, 0.85), dark, 0.3)
        front_pale(chest, light, 0.6)
        self.trunk.add(parts, "trunk")
        self.neck = self.body.child("neck", (0, 0.82, 0.28))
        neck = capsule((0, 0.76, 0.24), (0, 1.1, 0.45), 0.1, 0.064, coat)
        self.neck.add([front_pale(countershade(neck, light, 0.95), light, 0.6)], "neck")
        self.head = self.neck.child("head", (0, 1.12, 0.46))
        skull = shade_back(countershade(ellip((0.074, 0.078, 0.088), (0, 1.165, 0.48), coat), light, 0.6), dark, 0.2)
        muzzle = countershade(capsule((0, 1.155, 0.51), (0, 1.105, 0.64), 0.062, 0.036, coat), light, 0.7)
        nose = ellip((0.028, 0.02, 0.018), (0, 1.112, 0.672), NOSE, subdiv=1)
        eyes = [ellip((0.019, 0.023, 0.014), (s * 0.066, 1.185, 0.51), DARK_EYE, R=rot(h=s * 35), subdiv=1)
                for s in (1, -1)]
        self.head.add([skull, muzzle, nose] + eyes, "head")
        self.ears = []
        for s in (1, -1):
            e = self.head.child("ear", (s * 0.055, 1.22, 0.47))
            R = rot(h=s * 10, r=-s * 50)
            outer = ellip((0.05, 0.088, 0.018), (s * 0.115, 1.27, 0.47), coat, R=R)
            inner = ellip((0.036, 0.064, 0.01), (s * 0.115, 1.27, 0.477), light, R=R, subdiv=1)
            e.add([outer, inner], "ear")
            self.ears.append((e, s))
        self.legs = []
        for x, z, ph, back in ((0.082, 0.25, 0.0, False), (-0.082, 0.25, math.pi, False),
                               (0.092, -0.34, math.pi, True), (-0.092, -0.34, 0.0, True)):
            leg = self.body.child("leg", (x, 0.7, z))
            parts = [capsule((x, 0.7, z), (x, 0.04, z + 0.01), 0.046, 0.027, coat, sides=8),
                     ellip((0.03, 0.03, 0.036), (x, 0.03, z + 0.016), NOSE, subdiv=1)]
            if back:
                parts.append(countershade(ellip((0.075, 0.18, 0.125), (x * 1.03, 0.66, z - 0.01), coat), light, 0.6))
            leg.add(parts, "leg")
            self.legs.append((leg, ph))
        self.tail = self.body.child("tail", (0, 0.87, -0.48))
        self.tail.add([ellip((0.036, 0.07, 0.03), (0, 0.83, -0.52), coat, R=rot(p=20), subdiv=1),
                       ellip((0.03, 0.055, 0.02), (0, 0.82, -0.5), CREAM, R=rot(p=20), subdiv=1)], "tail")

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        yaw = m.turn_body(self.rest_yaw)
        self.body_np.setH(yaw)
        self.body_np.setY(self.walk_legs())
        self.trunk.np.setScale(1.0 + 0.02 * breath, 1.0 + 0.028 * breath, 1.0)
        w = ease(welcome)
        nod = 7.0 * self.welcome_pulse(t, welcome, 5.0)
        tilt = 6.0 * w * math.sin(2 * math.pi * t / 16.0)
        self.look(t, yaw, tilt=tilt, nod=nod + 3.0 * w, wander=2.5)
        for e, s in self.ears:   # ears turn slowly, now and then one a little more
            flick = math.sin(2 * math.pi * t / 7.5 + (0.0 if s > 0 else 2.2)) ** 3
            e.np.setR(s * (5.0 * flick - 4.0 * w))
            e.np.setH(s * (8.0 * flick + 6.0 * w))
        self.tail.np.setP(8.0 * math.sin(2 * math.pi * t / 5.0) ** 2)
        self.light(glow, welcome, visible, rim=0.3, own=0.3)
