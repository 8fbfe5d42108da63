"""Settings you can see: every setting Haven remembers, with its value.

Up and down choose a row, left and right (or a click on - +) change it,
Backspace forgets a measured or kept value, Esc or Enter goes back. Each
change is kept at once through the settings' one owner.
"""
from __future__ import annotations

from collections.abc import Callable

from ursina import Button, Entity, Text, camera, color

from engine.config.settings import SettingsOwner
from engine.ui.home import ROW, ROW_ON, SOFT, WARM, more_words
from engine.ui.settings_rows import Row, rows

SHOWN = 14
ROW_H = 0.05


class _Titles:
    """Places' and practices' titles by name, so the rows say 'Above the
    clouds', not 'mountain'. Read on first use (about 0.1 s: every place and
    practice file), so the page opens at once; its rows are near the end."""

    def __init__(self):
        self._read: tuple[dict[str, str], dict[str, str]] | None = None

    def _both(self) -> tuple[dict[str, str], dict[str, str]]:
        if self._read is None:
            from engine.config.catalog import place_entries, practice_entries
            self._read = ({e.name: e.title for e in place_entries()[0]},
                          {e.name: e.title for e in practice_entries()})
        return self._read

    def place(self, name: str) -> str:
        return self._both()[0].get(name, name)

    def practice(self, name: str) -> str:
        return self._both()[1].get(name, name)


class SettingsPage(Entity):
    def __init__(self, prefs: SettingsOwner, on_back: Callable[[], None], over_place: bool = False,
                 on_forget: Callable[[], None] | None = None):
        """``on_forget``: the page that deletes all of the person's data (offered at home, not over a place)."""
        super().__init__(parent=camera.ui, z=-4)
        self.prefs, self.on_back, self.on_forget = prefs, on_back, on_forget
        titles = _Titles()
        self.rows: list[Row] = rows(titles.place, titles.practice)
        self.focus = 0
        if over_place:   # over the paused place: a veil; at home the window's clear colour is the backdrop
            Entity(parent=self, model="quad", scale=(4, 2), color=color.rgba(0.055, 0.065, 0.09, 0.92), z=0.5)
        Text(parent=self, text="Settings", y=0.44, origin=(0, 0), scale=2.0, use_tags=False, color=WARM)
        Text(parent=self, text="Up and down to choose, left and right to change, Esc to go back. "
             "Every change is kept.", y=0.385, origin=(0, 0), scale=0.85, use_tags=False, color=SOFT)
        self.lines: list[tuple[Button, Text, Text]] = []
        for i in range(SHOWN):
            y = 0.32 - i * ROW_H
            b = Button(parent=self, y=y, scale=(1.3, ROW_H * 0.86), color=ROW, highlight_color=ROW,
                       on_click=lambda i=i: self._click(i))
            label = Text(parent=self, x=-0.62, y=y, z=-0.02, origin=(-0.5, 0), scale=0.9, use_tags=False)
            value = Text(parent=self, x=0.1, y=y, z=-0.02, origin=(-0.5, 0), scale=0.9, use_tags=False)
            for dx, step, mark in ((0.03, -1, "-"), (0.6, 1, "+")):
                arrow = Button(parent=self, text=mark, x=dx, y=y, z=-0.03, scale=(0.04, ROW_H * 0.7), color=ROW_ON,
                               on_click=lambda i=i, step=step: self._arrow(i, step))
                arrow.text_entity.use_tags = False
            self.lines.append((b, label, value))
        self.more = Text(parent=self, y=0.32 - SHOWN * ROW_H + 0.01, origin=(0, 0), scale=0.75, use_tags=False,
                         color=SOFT)
        from engine.ui.line_input import LineInput
        self.line = LineInput(parent=self, y=-0.385, width=1.2, limit=120, on_done=self._typed,
                              placeholder="(type, then Enter)")
        self.line.enabled = False
        buttons = [("Back   (Esc)", on_back)]
        if on_forget is not None:
            buttons.append(("Delete all my data   (Del)", on_forget))
        from engine.ui.buttons import button_row
        self.buttons = button_row(self, buttons, step=0.45, width=0.42)
        self.refresh()

    @property
    def first(self) -> int:
        return min(max(self.focus - SHOWN // 2, 0), max(len(self.rows) - SHOWN, 0))

    def refresh(self) -> None:
        s = self.prefs.value
        for k, (b, label, value) in enumerate(self.lines):
            i = self.first + k
            row = self.rows[i] if i < len(self.rows) else None
            label.text = row.label if row else ""
            value.text = row.show(s) if row else ""
            on = i == self.focus
            b.color = b.highlight_color = ROW_ON if on else ROW
            label.color = WARM if on else color.white
        self.more.text = more_words(self.first, len(self.rows) - (self.first + SHOWN))

    def value_of(self, name: str) -> str:
        """The value a row shows (tests read the page as a person would)."""
        row = next(r for r in self.rows if r.name == name)
        return row.show(self.prefs.value)

    def change(self, name: str, step: int) -> None:
        row = next(r for r in self.rows if r.name == name)
        if row.change is not None:
            self.prefs.change(**row.change(self.prefs.value, step))
        self.refresh()

    def _click(self, k: int) -> None:
        self.focus = min(self.first + k, len(self.rows) - 1)
        self.refresh()

    def _arrow(self, k: int, step: int) -> None:
        self._click(k)
        self.change(self.rows[self.focus].name, step)

    @property
    def typing(self) -> bool:
        return self.line.enabled and self.line.active

    def _typed(self, text: str) -> None:
        row = self.rows[self.focus]
        if row.typed is not None:
            self.prefs.change(**{row.typed: text.strip()[:120]})
        self.line.enabled = False
        self.refresh()

    def key(self, key: str) -> bool:
        if self.typing:
            return self.line.key(key)
        row = self.rows[self.focus]
        if key == "enter" and row.typed is not None:
            self.line.text = getattr(self.prefs.value, row.typed)
            self.line.enabled = True
            self.line.active = True
            return True
        if key in ("up arrow", "down arrow"):
            self.focus = (self.focus + (1 if key == "down arrow" else -1)) % len(self.rows)
            self.refresh()
        elif key in ("left arrow", "right arrow"):
            self.change(self.rows[self.focus].name, 1 if key == "right arrow" else -1)
        elif key == "backspace" and self.rows[self.focus].clear is not None:
            self.prefs.change(**self.rows[self.focus].clear)
            self.refresh()
        elif key == "delete" and self.on_forget is not None:
            self.on_forget()
        elif key in ("escape", "enter"):
            self.on_back()
        else:
            return False
        return True
