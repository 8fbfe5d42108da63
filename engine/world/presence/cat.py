"""The cat: tail held up in greeting, a slow blink on welcome."""
from __future__ import annotations

import math

import numpy as np

from engine.world.presence.geometry import (
    CREAM, capsule, cone_ear, countershade, ellip, front_pale, mix, rot, shade_back,
)
from engine.world.presence.quadruped import Quadruped
from engine.world.presence.rig import ease


class Cat(Quadruped):
    """A soft cat standing with its tail held up and curled at the tip (a
    cat's greeting); on welcome it closes its eyes slowly (a cat's smile)."""
    kind = "cat"
    height = 0.7
    halo_at = (0.35, 0.6, 0.3, 1.1)
    rest_yaw = 30.0
    stride = 0.5
    leg_swing = 26.0

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        fur = mix(base, (0.92, 0.6, 0.34), 0.15)
        light = mix(fur, CREAM, 0.6)
        dark = fur * 0.75
        pink = (0.93, 0.62, 0.6)
        self.trunk = self.body.child("trunk", (0, 0.27, 0))
        chest = ellip((0.105, 0.118, 0.11), (0, 0.285, 0.15), fur)
        parts = [chest, ellip((0.1, 0.105, 0.22), (0, 0.28, -0.03), fur),
                 ellip((0.105, 0.11, 0.11), (0, 0.28, -0.17), fur)]
        for p in parts:
            shade_back(countershade(p, light, 0.8), dark, 0.4)
        front_pale(chest, light, 0.7)
        self.trunk.add(parts, "trunk")
        self.head = self.body.child("head", (0, 0.36, 0.22))
        y, z = 0.445, 0.285    # the head's centre
        head = shade_back(countershade(ellip((0.1, 0.09, 0.088), (0, y, z), fur), light, 0.5), dark, 0.35)
        cheeks = countershade(ellip((0.114, 0.066, 0.076), (0, y - 0.03, z + 0.015), fur), light, 0.8)
        muzzle = ellip((0.048, 0.034, 0.032), (0, y - 0.037, z + 0.07), mix(fur, CREAM, 0.75), subdiv=1)
        nose = ellip((0.015, 0.011, 0.01), (0, y - 0.018, z + 0.097), pink, subdiv=1)
        neck = countershade(capsule((0, 0.3, 0.2), (0, y - 0.03, z - 0.02), 0.075, 0.07, fur), light, 0.8)
        ears = []
        for s in (1, -1):
            ears.append(cone_ear((s * 0.056, y + 0.045, z - 0.02), (s * 0.09, y + 0.145, z - 0.03), 0.048, fur))
            ears.append(cone_ear((s * 0.056, y + 0.047, z - 0.01), (s * 0.086, y + 0.125, z - 0.018), 0.03, pink))
        self.head.add([head, cheeks, muzzle, nose, front_pale(neck, light, 0.6)] + ears, "head")
        self.eyes = self.head.child("eyes", (0, y + 0.01, z + 0.075))
        self.eyes.add([ellip((0.022, 0.017, 0.01), (s * 0.043, y + 0.01, z + 0.073), (0.3, 0.24, 0.1),
                             R=rot(h=s * 25, r=-s * 12), subdiv=1) for s in (1, -1)], "eyes")
        self.legs = []
        for x, z0, ph in ((0.055, 0.16, 0.0), (-0.055, 0.16, math.pi), (0.062, -0.17, math.pi), (-0.062, -0.17, 0.0)):
            leg = self.body.child("leg", (x, 0.25, z0))
            leg.add([capsule((x, 0.25, z0), (x, 0.035, z0 + 0.01), 0.042, 0.034, fur, sides=8),
                     ellip((0.036, 0.025, 0.044), (x, 0.025, z0 + 0.02), light, subdiv=1)], "leg")
            self.legs.append((leg, ph))
        # the tail: up from the rump, its tip curled forward
        self.tail = self.body.child("tail", (0, 0.31, -0.25))
        self.tail.add([capsule((0, 0.31, -0.25), (0, 0.42, -0.32), 0.034, 0.031, fur, sides=8),
                       capsule((0, 0.42, -0.32), (0, 0.55, -0.33), 0.031, 0.029, fur, sides=8)], "tail")
        self.tail_tip = self.tail.child("tip", (0, 0.55, -0.33))
        self.tail_tip.add([capsule((0, 0.55, -0.33), (0, 0.625, -0.29), 0.029, 0.025, fur, sides=8),
                           capsule((0, 0.625, -0.29), (0, 0.645, -0.23), 0.025, 0.019, dark, sides=8)], "tip")

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        yaw = m.turn_body(self.rest_yaw)
        self.body_np.setH(yaw)
        self.body_np.setY(self.walk_legs())
        self.trunk.np.setScale(1.0 + 0.025 * breath, 1.0 + 0.03 * breath, 1.0)
        w = ease(welcome)
        tilt = 8.0 * w * math.sin(2 * math.pi * t / 13.0 + 0.3) + 3.0 * w
        self.look(t, yaw, tilt=tilt, nod=3.0 * self.welcome_pulse(t, welcome, 4.0), wander=3.0)
        # a slow blink: every ~7 s when glad, eyes close softly over ~1 s
        blink = 0.0
        if w > 0.05:
            x = (t % 7.0) / 7.0
            blink = w * (math.sin(math.pi * min(1.0, x / 0.16)) ** 2 if x < 0.16 else 0.0)
        self.eyes.np.setScale(1.0, max(0.12, 1.0 - 0.88 * blink), 1.0)
        self.tail.np.setR(6.0 * math.sin(2 * math.pi * t / 5.5))
        self.tail_tip.np.setR(10.0 * math.sin(2 * math.pi * t / 5.5 - 1.0))
        self.tail_tip.np.setP(6.0 * math.sin(2 * math.pi * t / 8.0) + 6.0 * w)
        self.light(glow, welcome, visible, rim=0.3, own=0.3)
