"""The dog: a calm, soft, golden retriever-like companion."""
from __future__ import annotations

import math

import numpy as np

from engine.world.presence.geometry import (
    CREAM, DARK_EYE, NOSE, capsule, countershade, ellip, front_pale, mix, rot, shade_back,
)
from engine.world.presence.quadruped import Quadruped
from engine.world.presence.rig import ease


class Dog(Quadruped):
    """A calm, soft dog (a golden, retriever-like shape) standing with its
    body a little aside, head toward the person, ears soft, tail swaying low."""
    kind = "dog"
    height = 0.9
    halo_at = (0.55, 0.85, 0.35, 1.0)
    rest_yaw = 28.0
    stride = 0.75

    def build_model(self) -> None:
        base = np.asarray(self.rgb, np.float32)
        fur = mix(base, (0.9, 0.62, 0.35), 0.2)
        light = mix(fur, CREAM, 0.55)
        dark = fur * 0.8
        ear = mix(fur, (0.55, 0.33, 0.18), 0.3)
        self.trunk = self.body.child("trunk", (0, 0.5, 0))
        chest = ellip((0.18, 0.2, 0.19), (0, 0.5, 0.13), fur)
        parts = [chest, ellip((0.17, 0.18, 0.36), (0, 0.51, -0.09), fur),
                 ellip((0.158, 0.17, 0.15), (0, 0.52, -0.3), fur)]
        for p in parts:
            shade_back(countershade(p, light, 0.8), dark, 0.3)
        front_pale(chest, light, 0.7)
        self.trunk.add(parts, "trunk")
        self.neck = self.body.child("neck", (0, 0.6, 0.24))
        neck = capsule((0, 0.55, 0.21), (0, 0.78, 0.33), 0.118, 0.105, fur)
        self.neck.add([front_pale(countershade(neck, light, 0.9), light, 0.5)], "neck")
        self.head = self.neck.child("head", (0, 0.8, 0.34))
        skull = shade_back(countershade(ellip((0.145, 0.135, 0.145), (0, 0.85, 0.37), fur), light, 0.5), dark, 0.2)
        muzzle = countershade(ellip((0.082, 0.072, 0.11), (0, 0.79, 0.49), mix(fur, CREAM, 0.3)), light, 0.6)
        nose = ellip((0.034, 0.026, 0.024), (0, 0.818, 0.592), NOSE, subdiv=1)
        eyes = [ellip((0.021, 0.024, 0.013), (s * 0.064, 0.872, 0.488), DARK_EYE, R=rot(h=s * 22), subdiv=1)
                for s in (1, -1)]
        self.head.add([skull, muzzle, nose] + eyes, "head")
        self.ears = []
        for s in (1, -1):
            e = self.head.child("ear", (s * 0.115, 0.94, 0.34))
            e.add([ellip((0.036, 0.105, 0.068), (s * 0.152, 0.855, 0.345), ear, R=rot(r=s * 14))], "ear")
            self.ears.append((e, s))
        self.legs = []
        for x, z, ph, back in ((0.095, 0.2, 0.0, False), (-0.095, 0.2, math.pi, False),
                               (0.105, -0.3, math.pi, True), (-0.105, -0.3, 0.0, True)):
            leg = self.body.child("leg", (x, 0.44, z))
            parts = [capsule((x, 0.44, z), (x, 0.06, z + 0.015), 0.068, 0.052, fur),
                     ellip((0.058, 0.04, 0.074), (x, 0.04, z + 0.035), light, subdiv=1)]
            if back:
                parts.append(countershade(ellip((0.08, 0.15, 0.12), (x * 1.05, 0.42, z - 0.01), fur), light, 0.5))
            leg.add(parts, "leg")
            self.legs.append((leg, ph))
        self.tail = self.body.child("tail", (0, 0.6, -0.42))
        self.tail.add([capsule((0, 0.6, -0.42), (0, 0.62, -0.6), 0.048, 0.042, fur),
                       capsule((0, 0.62, -0.6), (0, 0.52, -0.76), 0.042, 0.024, mix(fur, CREAM, 0.3))], "tail")

    def pose(self, t, glow, welcome, breath, visible):
        m = self.motion
        yaw = m.turn_body(self.rest_yaw)
        self.body_np.setH(yaw)
        bob = self.walk_legs()
        self.body_np.setY(bob)
        self.trunk.np.setScale(1.0 + 0.022 * breath, 1.0 + 0.03 * breath, 1.0)
        w = ease(welcome)
        nod = 6.0 * self.welcome_pulse(t, welcome, 4.5)
        tilt = 9.0 * w * math.sin(2 * math.pi * t / 14.0 + 0.6) + 4.0 * w
        self.look(t, yaw, tilt=tilt, nod=nod + 4.0 * (1 - m.walk))
        for e, s in self.ears:       # soft ears: a slow sway, relaxed back a little when glad
            e.np.setR(s * (3.0 * math.sin(2 * math.pi * t / 6.5 + s) + 6.0 * w))
            e.np.setP(-4.0 * w)
        # the tail sways slowly, a little wider when glad (the phase is
        # accumulated so a change of pace can never make it jump)
        self._tail_phase = self.advance(t, getattr(self, "_tail_phase", 0.0), 3.2)
        self.tail.np.setH((10.0 + 6.0 * w + 5 * m.walk) * math.sin(self._tail_phase))
        self.tail.np.setP(-6.0 + 8.0 * w)
        self.light(glow, welcome, visible, rim=0.3, own=0.3)
