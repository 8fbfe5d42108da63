"""One line of typing in Haven's own font (a note, a client code).

Ursina's InputField is a monospaced code editor: it sets text in its own
font and, switched on by a key, also types that key. This is the small
thing a note needs: it takes characters only once it is on, shows a soft
caret, and Backspace, Enter and Esc do what a person expects.
"""
from __future__ import annotations

from collections.abc import Callable

from ursina import Entity, Text, color

IDLE = color.rgba(0.12, 0.13, 0.17, 0.95)
ON = color.rgba(0.16, 0.17, 0.22, 1)


class LineInput(Entity):
    def __init__(self, width: float = 0.9, limit: int = 200, allowed: Callable[[str], bool] | None = None,
                 on_done: Callable[[str], None] | None = None, placeholder: str = "", **kwargs):
        super().__init__(**kwargs)
        self.limit = limit
        self.allowed = allowed or (lambda ch: ch.isprintable())
        self.on_done = on_done
        self.placeholder = placeholder
        self.box = Entity(parent=self, model="quad", scale=(width, 0.05), color=IDLE, z=0.05)
        self.shown = Text(parent=self, text="", x=-width / 2 + 0.015, origin=(-0.5, 0), scale=0.9,
                          use_tags=False)
        self.text = ""
        self._active = False
        self._armed = False   # switched on this frame: the key that switched it on is not typed
        self._refresh()

    @property
    def active(self) -> bool:
        return self._active

    @active.setter
    def active(self, on: bool) -> None:
        self._active = bool(on)
        self._armed = False
        self.box.color = ON if on else IDLE
        self._refresh()

    def update(self) -> None:
        if self._active:
            self._armed = True

    def text_input(self, key: str) -> None:
        """Typed characters (Ursina sends these apart from other keys)."""
        if not (self._active and self._armed) or len(self.text) >= self.limit:
            return
        if len(key) == 1 and self.allowed(key):
            self.text += key
            self._refresh()

    def key(self, key: str) -> bool:
        """Editing keys while on; True when the key was the input's."""
        if not self._active:
            return False
        if key in ("backspace", "backspace hold"):
            self.text = self.text[:-1]
            self._refresh()
        elif key in ("enter", "escape"):
            self.active = False
            if self.on_done is not None:
                self.on_done(self.text)
        return True

    def type(self, text: str) -> None:
        """Type ``text`` as a person would (tests, scripted runs)."""
        self._armed = True
        for ch in text:
            self.text_input(ch)

    def _refresh(self) -> None:
        if self.text:
            self.shown.text = self.text + (" |" if self._active else "")
            self.shown.color = color.white
        else:
            self.shown.text = ("|  " if self._active else "") + self.placeholder
            self.shown.color = color.rgba(1, 1, 1, 0.45)


def prompt_key(key: str, line: LineInput, on_back: Callable[[], None], submit: Callable[[str], None]) -> bool:
    """The keys of a page that asks for one typed line (a client code, a
    folder, a word to confirm): Esc goes back, Enter gives the line's text,
    Backspace edits it; every key is the page's."""
    if key == "escape":
        on_back()
    elif key == "enter":
        submit(line.text)
    else:
        line.key(key)
    return True
