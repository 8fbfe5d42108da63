"""Choosing the compassionate colour: a few warm suggestions and a free choice.

Opened by the practice (a `colour.choose` cue) or with K at any time. The
person clicks a swatch or presses 1-6, or moves the hue and softness sliders
for a colour of their own; Enter, K or the Done button closes it. The choice is kept in the
person's settings and the colour in the scene changes at once, smoothly
(the mist and body read it every frame).
"""
from __future__ import annotations

import colorsys

from ursina import Button, Entity, Slider, Text, camera, color

from engine.core.colours import SUGGESTIONS
from engine.ui.home import ROW_ON


def hex_from_hsv(h: float, s: float, v: float = 0.93) -> str:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, max(0.0, min(s, 1.0)), v)
    return "#{:02x}{:02x}{:02x}".format(round(r * 255), round(g * 255), round(b * 255))


def _rgb(hex_colour: str):
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


class ColourPicker(Entity):
    HALF_WIDTH = 0.525
    """Half the picker's width, its backdrop's edge (the sample square reaches 0.49)."""

    def __init__(self, current: str, on_pick, on_done=None,
                 title: str = "Choose a colour that feels kind and warm to you  (1-6, Enter when done)"):
        """``on_done``: what the Done button does (its owner closes it, as on Enter)."""
        super().__init__(parent=camera.ui, z=-2, y=0.22)
        self.on_pick = on_pick
        self.value = current
        Entity(parent=self, model="quad", z=0.1, scale=(2 * self.HALF_WIDTH, 0.36),
               color=color.rgba(0.05, 0.06, 0.08, 0.6))
        Text(parent=self, text=title,
             y=0.14, origin=(0, 0), scale=1.0, use_tags=False)
        for i, (name, hx) in enumerate(SUGGESTIONS):
            b = Button(parent=self, x=-0.4 + i * 0.16, y=0.05, scale=(0.12, 0.08), color=color.rgb(*_rgb(hx)),
                       on_click=lambda hx=hx: self.pick(hx))
            Text(parent=self, text=f"{i + 1} {name}", x=b.x, y=-0.02, origin=(0, 0), scale=0.7, use_tags=False)
        h, s, _ = colorsys.rgb_to_hsv(*_rgb(current))
        self.hue = Slider(0, 1, default=h, parent=self, x=-0.42, y=-0.08, scale=0.85, text="hue", dynamic=True)
        self.soft = Slider(0.15, 0.8, default=min(max(s, 0.15), 0.8), parent=self, x=-0.42, y=-0.13, scale=0.85,
                           text="depth", dynamic=True)
        self.hue.on_value_changed = self.soft.on_value_changed = self._custom
        self.swatch = Entity(parent=self, model="quad", x=0.45, y=-0.105, scale=(0.08, 0.08),
                             color=color.rgb(*_rgb(current)))
        self.done = Button(parent=self, text="Done   (Enter)", x=0.24, y=-0.105, scale=(0.22, 0.06),
                           color=ROW_ON, on_click=on_done, enabled=on_done is not None)
        self.done.text_entity.use_tags = False

    def place(self, left: float, right: float, prefer: float = 0.0) -> None:
        """At x = prefer when it fits whole between left and right (screen
        x), else moved into the room there is, and made smaller if it must be."""
        k = min(1.0, (right - left) / (2 * self.HALF_WIDTH))
        self.scale = (k, k, 1)
        self.x = max(min(prefer, right - self.HALF_WIDTH * k), left + self.HALF_WIDTH * k)

    def _custom(self) -> None:
        self.pick(hex_from_hsv(self.hue.value, self.soft.value))

    def pick(self, hex_colour: str) -> None:
        self.value = hex_colour
        self.swatch.color = color.rgb(*_rgb(hex_colour))
        self.on_pick(hex_colour)

    def key(self, key: str) -> bool:
        """Handle a key; True when the picker should close."""
        if key in "123456" and len(key) == 1:
            self.pick(SUGGESTIONS[int(key) - 1][1])
        return key in ("enter", "k", "escape")
