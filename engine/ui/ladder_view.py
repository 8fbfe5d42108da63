"""The imagery ladder drawn over the world: mist, the calm dark screen and
the 'eyes closed' words. It reads the director's ladder level each frame
(engine/core/ladder.py says what each level looks like); the halo and captions
stay in front, so the breathing glow and the words go on over the dark."""
from __future__ import annotations

from ursina import Entity, Text, camera, color

from engine.core.ladder import EYES_WORDS, look

CALM_DARK = (0.035, 0.05, 0.075)
"""A deep blue-grey rather than black: a screen at rest, not switched off."""


class LadderView(Entity):
    def __init__(self, world):
        super().__init__(parent=camera.ui)
        self.world = world
        fog = tuple(float(c) for c in world.rig.fog)
        size = (camera.aspect_ratio * 1.04, 1.04)
        self.haze = Entity(parent=self, model="quad", scale=size, z=7, color=color.rgba(*fog, 0))
        self.dark = Entity(parent=self, model="quad", scale=size, z=6, color=color.rgba(*CALM_DARK, 0))
        self.words = Entity(parent=self, z=-0.5)
        self.lines = [Text(parent=self.words, text=line, origin=(0, 0), y=0.1 - 0.06 * i, scale=1.6,
                           use_tags=False, color=color.rgba(0.86, 0.88, 0.92, 0))
                      for i, line in enumerate(EYES_WORDS)]
        self.fog_rgb = fog
        self.fog_range = tuple(float(v) for v in world.rig.fog_range)
        self.level = None

    def follow(self, aspect: float) -> None:
        """Cover the whole view again after the window changed shape."""
        self.haze.scale_x = self.dark.scale_x = aspect * 1.04

    def present(self, level: float) -> None:
        """Only does work when the level moved (it is still most of the time)."""
        if self.level is not None and abs(level - self.level) < 1e-6:
            return
        self.level = level
        lk = look(level)
        self.haze.enabled = lk.haze > 0.002
        self.haze.color = color.rgba(*self.fog_rgb, lk.haze)
        self.dark.enabled = lk.dark > 0.002
        self.dark.color = color.rgba(*CALM_DARK, lk.dark)
        self.words.enabled = lk.eyes > 0.002
        for line in self.lines:
            line.color = color.rgba(0.86, 0.88, 0.92, 0.85 * lk.eyes)
        start, end = self.fog_range
        self.world.root.setShaderInput("u_fog_range", (start * lk.fog, max(end * lk.fog, start * lk.fog + 1.0)))
