"""Writing a compassionate letter, over the paused place, and reading one's
letters later.

`LetterPage`: the prompts one at a time (engine/records/letters.py), each
with room to write; Enter goes on to the next, and after the last the
letter is kept (owner-only, in the person's data folder); Esc leaves it
unwritten. `LettersPage` (from "Your practice", L): the kept letters,
newest first; Enter reads one, E saves it as a text file, D twice deletes
it for good.
"""
from __future__ import annotations

from collections.abc import Callable

from ursina import Button, Entity, Text, camera, color

from engine.records.letters import PROMPTS, Letter, delete_letter, export_letter, letters, read_letter
from engine.ui.buttons import button_row
from engine.ui.home import ROW, ROW_ON, SOFT, WARM
from engine.ui.line_input import LineInput

VEIL = color.rgba(0.05, 0.06, 0.085, 0.9)


class LetterPage(Entity):
    def __init__(self, on_done: Callable[[dict[str, str] | None], None]):
        super().__init__(parent=camera.ui, z=-5)
        self.on_done = on_done
        self.parts: dict[str, str] = {}
        self.step = 0
        self.closed = False
        Entity(parent=self, model="quad", scale=(4, 2), color=VEIL, z=0.2)
        Text(parent=self, text="A letter to yourself", y=0.4, origin=(0, 0), scale=1.8, use_tags=False, color=WARM)
        Text(parent=self, text="Written from your compassionate self: warm, understanding, and with some courage.\n"
             "It is kept for you alone. A few words are plenty.", y=0.32, origin=(0, 0), scale=0.85,
             use_tags=False, color=SOFT)
        self.prompt = Text(parent=self, text="", x=-0.6, y=0.2, origin=(-0.5, 0), scale=1.0, use_tags=False)
        self.line = LineInput(parent=self, y=0.0, width=1.2, limit=700, placeholder="(write here; Enter goes on)")
        self.line.box.scale_y = 0.3
        self.line.shown.wordwrap = 66
        self.line.shown.origin = (-0.5, 0.5)
        self.line.shown.y = 0.13
        self.line.active = True
        self.where = Text(parent=self, text="", y=-0.22, origin=(0, 0), scale=0.8, use_tags=False, color=SOFT)
        self.next, _ = button_row(self, [(" ", lambda: self.key("enter")),
                                          ("Leave it unwritten   (Esc)", lambda: self.key("escape"))],
                                  y=-0.42, step=0.42, width=0.38)
        self._show_prompt()

    def _show_prompt(self) -> None:
        key, words = PROMPTS[self.step]
        self.prompt.text = words
        self.line.text = self.parts.get(key, "")
        self.line._refresh()
        self.where.text = f"Part {self.step + 1} of {len(PROMPTS)}"
        self.next.text = "Next part   (Enter)" if self.step + 1 < len(PROMPTS) else "Keep the letter   (Enter)"

    def key(self, key: str) -> bool:
        if self.closed:
            return False
        if key == "escape":
            self._finish(None)
        elif key == "enter":
            self.parts[PROMPTS[self.step][0]] = self.line.text
            if self.step + 1 < len(PROMPTS):
                self.step += 1
                self._show_prompt()
            else:
                self._finish(self.parts)
        else:
            self.line.key(key)
        return True

    def _finish(self, parts: dict[str, str] | None) -> None:
        self.closed = True
        self.on_done(parts)


class LettersPage(Entity):
    def __init__(self, on_back: Callable[[], None], exports: Callable[[], object], sound=None):
        """``sound``: the window's sound manager, for reading a letter aloud (None: made, not heard)."""
        super().__init__(parent=camera.ui, z=-1)
        self.on_back, self.exports, self.sound = on_back, exports, sound
        self.reading = None   # a ReadAloud while a letter is read aloud
        self.items: list[Letter] = letters()
        self.focus = 0
        self.confirm = False
        Text(parent=self, text="Your letters", y=0.44, origin=(0, 0), scale=1.8, use_tags=False, color=WARM)
        Text(parent=self, text="Up and down to choose. Enter shows it, V reads it aloud, E saves it as a text file, "
             "D twice deletes it for good, Esc goes back.", y=0.385, origin=(0, 0), scale=0.8, use_tags=False, color=SOFT)
        self.rows = [Button(parent=self, text=" ", x=-0.55, y=0.3 - i * 0.055, scale=(0.5, 0.045), color=ROW,
                            on_click=lambda i=i: self._pick(i)) for i in range(min(len(self.items), 12))]
        for b in self.rows:
            b.text_entity.use_tags = False
        self.body = Text(parent=self, text=" ", x=-0.22, y=0.3, origin=(-0.5, 0.5), scale=0.85, use_tags=False)
        self.body.wordwrap = 60
        self.status = Text(parent=self, text="", y=-0.37, origin=(0, 0), scale=0.8, use_tags=False, color=WARM)
        if not self.items:
            self.body.text = "No letters yet. The practice 'A letter to yourself' helps you write one."
        acts = [("Read aloud   (V)", self.read_aloud), ("Save as a text file   (E)", self.export),
                ("Delete   (D twice)", self.delete)] if self.items else []
        self.buttons = button_row(self, acts + [("Back   (Esc)", lambda: self.key("escape"))], step=0.34, width=0.31)
        self.refresh()
        self.read()   # the newest letter is shown at once: what is highlighted is what is shown

    @property
    def chosen(self) -> Letter | None:
        return self.items[self.focus] if self.items else None

    def refresh(self) -> None:
        for b in self.buttons[:-1]:   # nothing left to read, save or delete: only Back
            b.enabled = bool(self.items)
        for i, b in enumerate(self.rows):
            b.enabled = i < len(self.items)
            if b.enabled:
                b.text = self.items[i].title
                b.color = ROW_ON if i == self.focus else ROW

    def _pick(self, i: int) -> None:
        self.stop_reading()
        self.focus, self.confirm = i, False
        self.refresh()
        self.read()

    def read(self) -> None:
        if self.chosen is not None:
            self.body.text = read_letter(self.chosen)

    def read_aloud(self) -> None:
        """V: the letter in the spoken voice, a sentence at a time; V again stops."""
        if self.reading is not None:
            self.stop_reading()
            self.status.text = "Reading stopped."
            return
        if self.chosen is None:
            return
        from engine.live.read_aloud import ReadAloud
        self.read()
        self.reading = ReadAloud(self.sound, read_letter(self.chosen))
        self.status.text = ("Reading your letter aloud - V stops." if self.reading.available else
                            "No voice can speak here (espeak-ng is missing); the letter is shown instead.")
        if not self.reading.available:
            self.stop_reading()

    def stop_reading(self) -> None:
        if self.reading is not None:
            self.reading.stop()
            self.reading = None

    def update(self) -> None:
        if self.reading is None:
            return
        from ursina import time as utime
        self.reading.update(min(utime.dt, 0.1))
        if self.reading.done:
            self.stop_reading()
            self.status.text = "That was your letter."

    def on_destroy(self) -> None:
        self.stop_reading()

    def export(self) -> None:
        if self.chosen is not None:
            self.status.text = f"Saved: {export_letter(self.chosen, self.exports())}"

    def delete(self) -> None:
        if self.chosen is None:
            return
        if not self.confirm:
            self.confirm = True
            self.status.text = "Press D again to delete this letter for good (saved copies you made stay)."
            return
        self.stop_reading()
        delete_letter(self.chosen)
        self.items = letters()
        self.focus, self.confirm = 0, False
        self.status.text = "The letter is deleted."
        self.body.text = " "
        self.refresh()
        self.read()

    def key(self, key: str) -> bool:
        if key in ("up arrow", "down arrow") and self.items:
            self._pick((self.focus + (1 if key == "down arrow" else -1)) % min(len(self.items), 12))
        elif key == "enter":
            self.read()
        elif key == "v":
            self.read_aloud()
        elif key == "e":
            self.export()
        elif key == "d":
            self.delete()
        elif key == "escape":
            self.stop_reading()
            self.on_back()
        else:
            return False
        return True
