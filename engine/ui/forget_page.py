"""Delete all of my Haven data, from the window (Settings, at home).

Says plainly what goes and where it is, and asks for the word "delete"
typed and Enter before anything is touched; Esc keeps everything. Then says
what happened: Haven is as it was the first time, or what could not go.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ursina import Entity, Text, camera, destroy

from engine.ui.buttons import button_row
from engine.ui.home import SOFT, WARM
from engine.ui.line_input import LineInput, prompt_key

WORD = "delete"
WHAT_GOES = ("Your own places, your practice records and notes, your letters, your recordings,\n"
             "the voice made for you, the files you saved, and your settings: all of it, for good.")


class ForgetPage(Entity):
    def __init__(self, folder: Path, on_forget: Callable[[], list[str]], on_back: Callable[[], None]):
        """``on_forget`` deletes and returns what could not be deleted (plain words)."""
        super().__init__(parent=camera.ui, z=-4)
        self.on_forget, self.on_back = on_forget, on_back
        self.done = False
        Text(parent=self, text="Delete all of your Haven data?", y=0.4, origin=(0, 0), scale=1.8,
             use_tags=False, color=WARM)
        Text(parent=self, text=WHAT_GOES, y=0.27, origin=(0, 0), scale=0.95, use_tags=False)
        Text(parent=self, text=f"It is kept in {folder}. Nothing else on this computer is touched.",
             y=0.17, origin=(0, 0), scale=0.85, use_tags=False, color=SOFT)
        self.ask = Text(parent=self, text=f"To go ahead, type {WORD} and press Enter. Esc keeps everything.",
                        y=0.05, origin=(0, 0), scale=0.9, use_tags=False)
        self.line = LineInput(parent=self, y=-0.03, width=0.5, limit=20, placeholder=f"(type {WORD})")
        self.line.active = True
        self.status = Text(parent=self, text=" ", y=-0.14, origin=(0, 0), scale=0.9, use_tags=False, color=WARM)
        self.buttons: list = []
        self._draw()

    def _draw(self) -> None:
        for b in self.buttons:
            destroy(b)
        rows = ([("Home   (Enter)", self.on_back)] if self.done else
                [("Delete it all   (Enter)", lambda: self._typed(self.line.text)),
                 ("Keep everything   (Esc)", self.on_back)])
        self.buttons = button_row(self, rows, step=0.45, width=0.42)

    def _typed(self, text: str) -> None:
        if self.done:
            return
        if text.strip().lower() != WORD:
            self.status.text = f"Nothing was deleted: type {WORD} to go ahead, or Esc to keep everything."
            self.line.text = ""
            self.line.active = True
            return
        left = self.on_forget()
        self.done = True
        self.line.enabled = self.ask.enabled = False
        self.status.text = ("Deleted. Haven is as it was the first time." if not left else
                            f"Most of it was deleted; some could not be ({'; '.join(left)}).")
        self._draw()

    def key(self, key: str) -> bool:
        if self.done:
            if key in ("enter", "escape"):
                self.on_back()
            return True
        return prompt_key(key, self.line, self.on_back, self._typed)
