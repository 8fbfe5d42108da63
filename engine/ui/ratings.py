"""Optional 0-10 self-ratings before and after a practice.

Each rating is a row of eleven numbers to click (or choose with the arrow
keys); a rating counts only once the person has chosen it, so skipping
is always honest. After the practice there is room for a short note.
Enter keeps what was chosen, S skips.
"""
from __future__ import annotations

from collections.abc import Callable

from ursina import Button, Entity, Text, camera, color

from engine.ui.line_input import LineInput

from engine.records.store import Ratings

QUESTIONS = {
    "safe": ("How safe and calm do you feel?", "not at all", "completely"),
    "vivid": ("How vivid was the imagery?", "no images", "very vivid"),
    "critical": ("How self-critical do you feel?", "not at all", "very"),
    "unease": ("Any unease, or an urge to stop?", "none", "a great deal"),
    "warmth": ("How much warmth did you feel?", "none", "a great deal"),
}
ROWS = {"before": ("safe", "critical"), "after": ("safe", "vivid", "critical")}
WARM_ROWS = ("unease", "warmth")
"""Asked after a warm practice too: unease can be a sign of fear of
compassion or of grief surfacing (backdraft); both are worth seeing over time."""
CHECK_IN = "check_in"
PANEL_BG = color.rgba(0.06, 0.07, 0.1, 0.82)
CHOSEN = color.rgba(0.95, 0.78, 0.45, 1)
IDLE = color.rgba(0.22, 0.25, 0.32, 0.95)


class RatingsPanel(Entity):
    """``warm``: the after-questions also ask about unease and warmth felt;
    ``check_in``: the practice's check-in question, its answers as buttons
    (after only). ``on_done(ratings, note, answer)``: answer is the chosen
    check-in option's id, or ''."""

    def __init__(self, when: str, on_done: Callable[..., None], warm: bool = False, check_in=None):
        super().__init__(parent=camera.ui, z=-3)
        self.when, self.on_done = when, on_done
        after = when == "after"
        self.check_in = check_in if after else None
        self.rows = ROWS[when] + (WARM_ROWS if after and warm else ()) + ((CHECK_IN,) if self.check_in else ())
        self.values: dict[str, int | None] = {r: None for r in self.rows}
        self.focus = 0
        self.closed = False
        self.step = min(0.16, 0.66 / len(self.rows))
        height = 0.24 + self.step * len(self.rows) + (0.12 if after else 0)
        top = height / 2
        Entity(parent=self, model="quad", scale=(1.1, height), z=0.2, color=PANEL_BG)
        title = "Before you begin" if when == "before" else "How was that?"
        Text(parent=self, text=title, y=top - 0.05, origin=(0, 0), scale=1.6, use_tags=False)
        Text(parent=self, text="Optional: choose a number for each, or press S to skip.  "
             "Arrow keys or click, Enter when done.", y=top - 0.1, origin=(0, 0), scale=0.8,
             use_tags=False, color=color.rgba(1, 1, 1, 0.8))
        self.buttons: dict[str, list[Button]] = {}
        self.labels: dict[str, Text] = {}
        for i, name in enumerate(self.rows):
            (self._answers if name == CHECK_IN else self._row)(name, top - 0.2 - self.step * i)
        self.note = None
        if when == "after":
            y = top - 0.2 - self.step * len(self.rows) + 0.02
            Text(parent=self, text="A note, if you like (click here or press N, then type; Enter ends it):", x=-0.5, y=y, origin=(-0.5, 0), scale=0.9, use_tags=False)
            self.note = LineInput(parent=self, y=y - 0.05, width=0.96, limit=200,
                                  placeholder="(press N to write a note)")
            self.note.box.on_click = lambda: setattr(self.note, "active", True)
            self.note.box.collider = "box"
        done = "Begin   (Enter)" if when == "before" else "Keep   (Enter)"
        for x, label, keep in ((-0.14, done, True), (0.14, "Skip   (S)", False)):
            b = Button(parent=self, text=label, x=x, y=-top + 0.055, scale=(0.24, 0.06), color=IDLE,
                       on_click=lambda keep=keep: self.finish(keep))
            b.text_entity.use_tags = False
        self._show_focus()

    def _row(self, name: str, y: float) -> None:
        question, low, high = QUESTIONS[name]
        self.labels[name] = Text(parent=self, text=question, x=-0.5, y=y + 0.035, origin=(-0.5, 0),
                                 scale=1.05, use_tags=False)
        self.buttons[name] = [Button(parent=self, text=str(v), x=-0.45 + v * 0.09, y=y - 0.025,
                                     scale=(0.075, 0.055), color=IDLE, on_click=lambda v=v, n=name: self.choose(n, v))
                              for v in range(11)]
        for b in self.buttons[name]:
            b.text_entity.use_tags = False
        Text(parent=self, text=low, x=-0.49, y=y - 0.07, origin=(-0.5, 0), scale=0.7, use_tags=False,
             color=color.rgba(1, 1, 1, 0.65))
        Text(parent=self, text=high, x=0.49, y=y - 0.07, origin=(0.5, 0), scale=0.7, use_tags=False,
             color=color.rgba(1, 1, 1, 0.65))

    def _answers(self, name: str, y: float) -> None:
        """The check-in: its question and one button an answer."""
        options = self.check_in.options
        self.labels[name] = Text(parent=self, text=self.check_in.ask, x=-0.5, y=y + 0.035, origin=(-0.5, 0),
                                 scale=1.05, use_tags=False)
        width = 0.98 / len(options)
        self.buttons[name] = [Button(parent=self, text=o.label, x=-0.49 + width * (k + 0.5), y=y - 0.025,
                                     scale=(width - 0.01, 0.055), color=IDLE,
                                     on_click=lambda k=k: self.choose(name, k)) for k, o in enumerate(options)]
        for b, o in zip(self.buttons[name], options):   # a long answer is set smaller, to fit its button
            b.text_entity.use_tags = False
            b.text_entity.scale *= min(0.8, (width - 0.02) / (len(o.label) * 0.0105))

    def choose(self, name: str, value: int) -> None:
        top = len(self.buttons[name]) - 1
        self.values[name] = max(0, min(top, int(value)))
        for v, b in enumerate(self.buttons[name]):
            b.color = CHOSEN if v == self.values[name] else IDLE
            b.text_color = color.black if v == self.values[name] else color.white

    def _show_focus(self) -> None:
        for i, name in enumerate(self.rows):
            self.labels[name].color = CHOSEN if i == self.focus else color.white

    @property
    def typing(self) -> bool:
        return self.note is not None and self.note.active

    def key(self, key: str) -> None:
        """Keys while the panel is open (the app sends them here)."""
        if self.typing:
            self.note.key(key)
            return
        name = self.rows[self.focus]
        if key in ("up arrow", "down arrow"):
            self.focus = (self.focus + (1 if key == "down arrow" else -1)) % len(self.rows)
            self._show_focus()
        elif key in ("left arrow", "right arrow"):
            now = self.values[name]
            step = 1 if key == "right arrow" else -1
            start = 5 if name != CHECK_IN else (0 if step > 0 else len(self.buttons[name]) - 1)
            self.choose(name, start if now is None else now + step)
        elif key == "n" and self.note is not None:
            self.note.active = True
        elif key == "enter":
            self.finish(keep=True)
        elif key in ("s", "escape"):
            self.finish(keep=False)

    def finish(self, keep: bool) -> None:
        if self.closed:
            return
        self.closed = True
        ratings = Ratings(**{n: v for n, v in self.values.items() if n != CHECK_IN}) if keep else Ratings()
        note = self.note.text.strip() if keep and self.note is not None else ""
        picked = self.values.get(CHECK_IN)
        answer = self.check_in.options[picked].id if keep and self.check_in and picked is not None else ""
        self.on_done(ratings, note, answer)
