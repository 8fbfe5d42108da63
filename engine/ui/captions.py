"""Captions: large, soft, high-contrast text in the lower part of the view.

The text is shown exactly as written (Ursina's tag parsing is off), on a
dim, rounded backdrop so it reads on any sky; it fades in and out with the
alpha the director gives, and never sits over the centre of the view.
"""
from __future__ import annotations

from ursina import Entity, Text, camera, color  # noqa: F401 - Entity is the base

Y = -0.37            # lower part of the screen (the screen spans -0.5..0.5)
WRAP = 40            # characters a line before it wraps
INK = (0.98, 0.96, 0.92)


class Captions(Entity):
    def __init__(self, scale: float = 1.9):
        super().__init__(parent=camera.ui, z=-1)
        self.text = Text(parent=self, text=" ", y=Y, origin=(0, 0), scale=scale, use_tags=False,
                         wordwrap=WRAP, color=color.rgba(*INK, 0))
        self.small = Text(parent=self, text=" ", y=Y - 0.085, origin=(0, 0), scale=0.9, use_tags=False,
                          color=color.rgba(*INK, 0))
        self.current = ""
        self.visible = True

    def present(self, text: str | None, alpha: float, hint: str | None = None, hint_alpha: float = 0.0) -> None:
        alpha = alpha if (self.visible and text) else 0.0
        if text and text != self.current:
            self.text.text = text
            self.current = text
            # a soft rounded backdrop sized to the text, in the text's own units
            self.text.create_background(padding=(0.07, 0.022), radius=0.012, color=color.rgba(0, 0, 0, 0))
        self.text.color = color.rgba(*INK, alpha)
        if self.text.background:
            self.text.background.color = color.rgba(0.05, 0.06, 0.08, 0.42 * alpha)
        show_hint = bool(self.visible and hint and hint_alpha > 0)
        if show_hint and hint != self.small.text:
            self.small.text = hint
        self.small.color = color.rgba(*INK, 0.8 * hint_alpha if show_hint else 0.0)
