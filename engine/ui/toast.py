"""A short line that says what a key just changed ("Breathing light off -
P turns it on"), shown for a few seconds above the key help, fading in and
out; a new line takes the old one's place."""
from __future__ import annotations

from ursina import Entity, Text, camera, color, time as utime

from engine.ui.drawn import drawn

SHOW_S = 4.0
FADE_S = 0.6


class Toast(Entity):
    def __init__(self, y: float = 0.43, x: float = -0.12):
        super().__init__(parent=camera.ui, z=-2, x=x)
        self.text = Text(parent=self, text="", y=y, origin=(0, 0), scale=0.95, use_tags=False,
                         color=color.rgba(1, 1, 1, 0))
        self.show_s = SHOW_S
        self.line = ""
        self.age = 1e9
        self.lines: list[str] = []
        """Everything said, in order (tests and the log read it)."""

    def say(self, line: str, seconds: float = SHOW_S) -> None:
        self.show_s = seconds
        self.line = line
        self.text.text = line
        self.text.wordwrap = 80   # a long line (a bad file's message) breaks between words
        self.text.create_background(color=color.rgba(0.05, 0.06, 0.08, 0))
        self.age = 0.0
        self.lines.append(line)

    @property
    def showing(self) -> str | None:
        return self.line if self.age < self.show_s + FADE_S else None

    def update(self) -> None:
        self.advance(min(utime.dt, 0.1))

    def advance(self, dt: float) -> None:
        was = self.age
        self.age += dt
        if was > self.show_s + FADE_S:
            return   # faded out and steady: nothing to redraw until the next line
        a = min(self.age / FADE_S, 1.0, max(0.0, (self.show_s + FADE_S - self.age) / FADE_S))
        self.text.color = color.rgba(1, 1, 1, 0.92 * a)
        drawn(self.text, a)   # faded out: its clear line and backdrop are not drawn
        if self.text.background is not None:
            self.text.background.color = color.rgba(0.05, 0.06, 0.08, 0.6 * a)
