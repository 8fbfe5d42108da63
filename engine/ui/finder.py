"""'Find my natural pace': hold Space (or the mouse button) while breathing
in, let go breathing out.

A small panel over the place; the session clock waits while it is open.
The measured rate is kept (settings) and starts the breathing ramp; the
numbers stay hidden unless the person has asked to see them (N), because
counting breaths makes some people strain.
"""
from __future__ import annotations

from ursina import Entity, Text, camera, color

from engine.core.breath import RateFinder

ASK = ("Hold Space (or the mouse button) as you breathe in, and let go as you breathe out.\n"
       "Just breathe as you are; a few breaths is enough.  (Esc: not now)")


class FinderPanel(Entity):
    def __init__(self, show_numbers: bool = False):
        super().__init__(parent=camera.ui, z=-2)
        self.backdrop = Entity(parent=self, model="quad", scale=(1.3, 0.2), y=0.3,
                               color=color.rgba(0.05, 0.06, 0.08, 0.55))
        self.label = Text(parent=self, text=ASK, y=0.3, origin=(0, 0), scale=1.1, use_tags=False)
        self.dots = Text(parent=self, text="", y=0.22, origin=(0, 0), scale=1.4, use_tags=False)
        self.show_numbers = show_numbers
        self.finder = RateFinder()
        self.result: float | None = None

    def press(self, t: float) -> None:
        self.finder.press(t)
        self._refresh()

    def release(self, t: float) -> None:
        self.finder.release(t)
        self._refresh()

    def _refresh(self) -> None:
        n = len(self.finder.presses)
        self.dots.text = "  ".join("o" for _ in range(n))
        if self.finder.done:
            self.result = self.finder.rate()
            words = "Thank you. The light will begin near your own pace."
            if self.show_numbers and self.result:
                words += f"  (about {self.result:.0f} breaths a minute)"
            self.label.text = words
            self.dots.text = ""
