"""The session overlay: what a therapist needs at a glance, and its keys.

A small panel in the top corner (O shows or hides it; `--session` opens
with it shown), away from the centre of the view so the person can keep
their attention on the place. Every control is one key and works whether
the panel shows or not; every change is logged by the app.
"""
from __future__ import annotations

from dataclasses import dataclass

from ursina import Entity, Text, camera, color

from engine.core.ladder import STEPS

GUIDE_WORDS = {"place": "the place's light", "bloom": "a bloom", "tide": "a tide line", "none": "none"}

KEYS = (
    ("Esc", "pause / resume"), ("[  ]", "more time / next part"), ("-  =", "breathe slower / faster"),
    (",  .", "presence nearer / further"), (";  '", "presence warmth"), ("9  0", "quieter / louder"),
    ("C", "captions"), ("E", "breathing guide"), ("1-5", "imagery: full to eyes closed"), ("G", "ground now"), ("T", "too much"),
    ("O", "hide this panel"),
)


@dataclass(frozen=True)
class Readout:
    segment: str
    at: float
    length: float
    rate: float
    rate_target: float
    distance: float
    warmth: float
    volume: float
    captions: bool
    ladder: int
    paused: bool
    guide: str = "place"
    guide_strength: float = 1.0


def readout_lines(r: Readout) -> list[str]:
    m, s = divmod(int(r.at), 60)
    lm, ls = divmod(int(r.length), 60)
    state = "paused" if r.paused else "running"
    return [f"{r.segment or 'the place'}   {m}:{s:02d} / {lm}:{ls:02d}   ({state})",
            f"breathing {r.rate:.1f} a minute" + (f" (to {r.rate_target:.1f})" if abs(r.rate - r.rate_target) > 0.05
                                                   else "") + f"    volume {round(r.volume * 100)}%",
            f"guide: {GUIDE_WORDS[r.guide]}" + (f" at {round(r.guide_strength * 100)}%" if r.guide != "none" else ""),
            f"presence {r.distance:.1f} m, warmth {r.warmth:.1f}",
            f"captions {'on' if r.captions else 'off'}    imagery: {STEPS[r.ladder].words}"]


WIDTH = 0.56   # the panel's box, from the window's right edge


class SessionPanel(Entity):
    def __init__(self, shown: bool):
        super().__init__(parent=camera.ui, z=-1)
        self.follow(camera.aspect_ratio)   # the panel's x is its right edge; its parts lie to the left of it
        self.box = Entity(parent=self, model="quad", origin=(0.5, 0.5), y=0.48, scale=(WIDTH, 0.59),
                          z=0.1, color=color.rgba(0.05, 0.06, 0.09, 0.72))
        x = -0.53
        Text(parent=self, text="Session controls", x=x, y=0.46, scale=1.0, use_tags=False,
             color=color.rgba(0.95, 0.85, 0.65, 1))
        self.values = [Text(parent=self, text="", x=x, y=0.42 - 0.03 * i, scale=0.78, use_tags=False)
                       for i in range(5)]
        for i, (key, what) in enumerate(KEYS):
            y = 0.255 - 0.027 * i
            Text(parent=self, text=key, x=x, y=y, scale=0.72, use_tags=False, color=color.rgba(0.95, 0.85, 0.65, 1))
            Text(parent=self, text=what, x=x + 0.09, y=y, scale=0.72, use_tags=False,
                 color=color.rgba(1, 1, 1, 0.85))
        self.enabled = shown

    def follow(self, aspect: float) -> None:
        """Keep to the window's right edge, whatever its shape."""
        self.x = aspect / 2 - 0.02

    @property
    def left_edge(self) -> float:
        """Where the panel begins, from the left: what opens beside it keeps clear of it."""
        return self.x - WIDTH

    def show(self, readout: Readout) -> None:
        if self.enabled:
            for text, line in zip(self.values, readout_lines(readout)):
                if text.text != line:
                    text.text = line
