"""Captions: large, soft, high-contrast text in the lower part of the view.

The text is shown exactly as written (Ursina's tag parsing is off), wrapped
into at most a few short lines, each centred on its own, over a dim
backdrop so it reads on any sky. It fades in and out with the alpha the
director gives and never sits over the centre of the view.
"""
from __future__ import annotations

import textwrap

from ursina import Entity, Text, camera, color

Y = -0.33            # centre of the caption block (the screen spans -0.5..0.5)
WRAP = 40            # characters a line
MAX_LINES = 4
LINE_STEP = 0.052    # screen units between lines at the default scale
INK = (0.98, 0.96, 0.92)
SHADE = (0.05, 0.06, 0.08)


class Captions(Entity):
    def __init__(self, scale: float = 1.9):
        super().__init__(parent=camera.ui, z=-1)
        self.scale_text = scale
        self.backdrop = Entity(parent=self, model="quad", y=Y, z=0.1, color=color.rgba(*SHADE, 0))
        self.lines = [Text(parent=self, text=" ", origin=(0, 0), scale=scale, use_tags=False,
                           color=color.rgba(*INK, 0)) for _ in range(MAX_LINES)]
        self.small = Text(parent=self, text=" ", y=Y - 0.1, origin=(0, 0), scale=0.9, use_tags=False,
                          color=color.rgba(*INK, 0))
        self.current = ""
        self.shown_lines = 0
        self.visible = True

    def _layout(self, text: str) -> None:
        wrapped = textwrap.wrap(text, WRAP)[:MAX_LINES] or [" "]
        step = LINE_STEP * self.scale_text / 1.9
        top = Y + step * (len(wrapped) - 1) / 2
        width = 0.0
        for i, line in enumerate(self.lines):
            line.text = wrapped[i] if i < len(wrapped) else " "
            line.origin = (0, 0)
            line.y = top - i * step
            if i < len(wrapped):
                width = max(width, line.width * line.scale_x)
        self.shown_lines = len(wrapped)
        self.backdrop.scale = (width + 0.06, step * len(wrapped) + 0.035)

    def present(self, text: str | None, alpha: float, hint: str | None = None, hint_alpha: float = 0.0) -> None:
        alpha = alpha if (self.visible and text) else 0.0
        if text and text != self.current:
            self._layout(text)
            self.current = text
        for i, line in enumerate(self.lines):
            line.color = color.rgba(*INK, alpha if i < self.shown_lines else 0.0)
        self.backdrop.color = color.rgba(*SHADE, 0.42 * alpha)
        show_hint = bool(self.visible and hint and hint_alpha > 0)
        if show_hint and hint != self.small.text:
            self.small.text = hint
            self.small.origin = (0, 0)
        self.small.color = color.rgba(*INK, 0.8 * hint_alpha if show_hint else 0.0)
