"""The home screen: where Haven opens.

The places as a gallery of pictures (left and right arrows, or click), the
practices as a list with their length and one line each (up and down), the
voice (V) and Begin (Enter). The programme's week is one line (P opens it). Settings (S), your practice (R),
the chosen practice as a sound file to take home (A), a place of your own
(N), session mode for therapists (T) and leaving Haven (Esc) are one key or
one click away. Pictures that are not ready yet show the place's
own colours and fade in when they are.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ursina import Button, Entity, Text, Texture, camera, color

from engine.ui.home_model import MAKE_PLACE, HomeModel, minutes_text

BG = color.rgba(0.055, 0.065, 0.09, 1)
WARM = color.rgba(0.96, 0.8, 0.5, 1)
SOFT = color.rgba(1, 1, 1, 0.72)
ROW = color.rgba(0.13, 0.15, 0.2, 0.9)
ROW_ON = color.rgba(0.3, 0.27, 0.2, 0.95)
CARD_W, CARD_H = 0.27, 0.152
SHOWN_CARDS = 5
SHOWN_ROWS = 6
"""Practices shown at once; the list scrolls with the highlight."""
ROW_STEP = 0.052
FADE_S = 0.8


def gradient(colours: tuple[str, ...]) -> Texture:
    """A soft vertical gradient in the place's colours (sky to ground)."""
    from PIL import Image
    import numpy as np
    stops = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colours], float)
    y = np.linspace(0, len(stops) - 1, 64)
    rows = np.array([stops[int(min(v, len(stops) - 2))] * (1 - (v - int(min(v, len(stops) - 2))))
                     + stops[int(min(v, len(stops) - 2)) + 1] * (v - int(min(v, len(stops) - 2))) for v in y])
    img = np.concatenate([rows, np.full((64, 1), 255.0)], axis=1).astype(np.uint8)[::-1]
    return Texture(Image.fromarray(np.repeat(img[:, None, :], 4, axis=1), "RGBA"))


def picture(path: Path) -> Texture | None:
    from PIL import Image
    try:
        with Image.open(path) as im:
            return Texture(im.convert("RGBA"))
    except OSError:
        return None


class Card(Entity):
    """One place in the gallery: its picture (or colours) and its title."""

    def __init__(self, parent, title: str, texture: Texture | None, on_click: Callable[[], None]):
        super().__init__(parent=parent)
        self.frame = Entity(parent=self, model="quad", scale=(CARD_W + 0.012, CARD_H + 0.012), color=ROW, z=0.02)
        self.under = Entity(parent=self, model="quad", texture=texture, scale=(CARD_W, CARD_H), z=0.01)
        self.over = Entity(parent=self, model="quad", scale=(CARD_W, CARD_H), color=color.rgba(1, 1, 1, 0))
        self.button = Button(parent=self, model="quad", scale=(CARD_W, CARD_H), color=color.rgba(0, 0, 0, 0),
                             highlight_color=color.rgba(1, 1, 1, 0.06), on_click=on_click, z=-0.01)
        self.label = Text(parent=self, text=title, y=-CARD_H / 2 - 0.028, origin=(0, 0), scale=0.85, use_tags=False)
        self.fade = 1.0

    def show_picture(self, texture: Texture) -> None:
        """The real picture fades in over the colours (never a snap)."""
        self.over.texture = texture
        self.fade = 0.0

    def advance(self, dt: float) -> None:
        if self.fade < 1.0:
            self.fade = min(1.0, self.fade + dt / FADE_S)
            self.over.color = color.rgba(1, 1, 1, self.fade)

    def highlight(self, on: bool) -> None:
        self.frame.color = WARM if on else ROW
        self.label.color = WARM if on else SOFT


class SideHint(Button):
    """Beside the gallery: that more places lie this way ('<' and '2 more'),
    so none is hidden without a word; a click moves one place that way."""

    def __init__(self, parent, side: int, on_click: Callable[[], None]):
        x = side * ((SHOWN_CARDS - 1) / 2 * (CARD_W + 0.05) + CARD_W / 2 + 0.057)
        super().__init__(parent=parent, model="quad", x=x, scale=(0.09, CARD_H), color=color.rgba(0, 0, 0, 0),
                         highlight_color=color.rgba(1, 1, 1, 0.06), on_click=on_click)
        self.arrow = Text(parent=parent, text="<" if side < 0 else ">", x=x, y=0.012, origin=(0, 0), scale=1.6,
                          use_tags=False, color=SOFT)
        self.words = Text(parent=parent, text="", x=x, y=-0.035, origin=(0, 0), scale=0.7, use_tags=False,
                          color=SOFT)

    def present(self, hidden: int) -> None:
        self.enabled = self.arrow.enabled = self.words.enabled = hidden > 0
        self.words.text = f"{hidden} more" if hidden > 0 else ""


class HomeScreen(Entity):
    def __init__(self, model: HomeModel, actions: dict[str, Callable[[], None]],
                 pictures: Callable[[object], Path | None], this_week: str = "", headset: bool = False):
        super().__init__(parent=camera.ui, z=-1)
        self.choices, self.actions, self.pictures = model, actions, pictures
        # the backdrop is the window's clear colour (the shell sets it): a full-screen quad costs ~7 ms a frame on llvmpipe
        Text(parent=self, text="Haven", y=0.44, origin=(0, 0), scale=2.4, use_tags=False, color=WARM)
        Text(parent=self, text="A calm place to practise compassion. Choose a place and a practice; Enter begins.",
             y=0.385, origin=(0, 0), scale=0.95, use_tags=False, color=SOFT)
        self.week = Button(parent=self, text=this_week or " ", y=-0.262, scale=(1.5, 0.042), color=ROW,
                           highlight_color=color.rgba(0.2, 0.22, 0.28, 0.95), on_click=lambda: self._do("programme"))
        self.week.text_entity.use_tags = False
        self.week.text_entity.scale *= 0.8
        self.week.enabled = bool(this_week)
        self.gallery = Entity(parent=self, y=0.245)
        self.cards: dict[str, Card] = {}
        self.shown_pictures: set[str] = set()
        for i, name in enumerate(model.cards):
            self.cards[name] = self._card(i, name)
        self.sides = (SideHint(self.gallery, -1, lambda: self._step_place(-1)),
                      SideHint(self.gallery, 1, lambda: self._step_place(1)))
        self.rows: list[Button] = []
        self.lines: list[Entity] = []
        self.labels: list[Text] = []
        for i, p in enumerate(model.practices):
            line = Entity(parent=self)
            b = Button(parent=line, text="", scale=(1.5, 0.046), color=ROW,
                       highlight_color=color.rgba(0.2, 0.22, 0.28, 0.95), on_click=lambda i=i: self._click_practice(i))
            self.labels.append(Text(parent=line, text=" ", x=-0.73, z=-0.02, origin=(-0.5, 0), scale=0.9,
                                    use_tags=False))
            Text(parent=line, text=p.summary, x=-0.13, z=-0.02, origin=(-0.5, 0), scale=0.78,
                 use_tags=False, color=SOFT)
            self.rows.append(b)
            self.lines.append(line)
        self.more = Text(parent=self, text="", x=0.75, y=-0.215, origin=(0.5, 0),
                         scale=0.7, use_tags=False, color=SOFT)
        self.option = Button(parent=self, text=" ", x=-0.17, y=-0.215, scale=(1.16, 0.04), color=ROW,
                             highlight_color=color.rgba(0.2, 0.22, 0.28, 0.95), on_click=lambda: self._do_option())
        self.option.text_entity.use_tags = False
        self.option.text_entity.scale *= 0.8
        self._option_text_scale = self.option.text_entity.scale
        self.voice = Text(parent=self, text="", x=-0.75, y=-0.37, origin=(-0.5, 0), scale=0.9, use_tags=False)
        self.begin = Button(parent=self, text=" ", x=0.36, y=-0.37, scale=(0.78, 0.058), color=ROW_ON,
                            highlight_color=color.rgba(0.4, 0.35, 0.25, 1), on_click=lambda: self._do("begin"))
        self.begin.text_entity.use_tags = False
        self.headset = headset   # an OpenXR runtime is there: the visit can be in the headset (H)
        keys = (("Settings (S)", "settings"), ("Your practice (R)", "records"), ("Take it home (A)", "take_home"),
                ("Make a place (N)", "build"),
                ("Session mode (T)", "session")) + ((("In the headset (H)", "headset"),) if headset else ()) \
            + (("Leave Haven (Esc)", "leave"),)
        step = 1.5 / len(keys)
        for i, (label, what) in enumerate(keys):
            b = Button(parent=self, text=label, x=(i - (len(keys) - 1) / 2) * step, y=-0.45,
                       scale=(step - 0.02, 0.045), color=ROW,
                       highlight_color=color.rgba(0.2, 0.22, 0.28, 0.95), on_click=lambda w=what: self._do(w))
            b.text_entity.use_tags = False
            b.text_entity.scale *= 0.8
        self.notice = Text(parent=self, text="", y=-0.305, origin=(0, 0), scale=0.8, use_tags=False,
                           color=color.rgba(1, 0.86, 0.7, 0.95))
        if model.broken:
            self.say(f"One of your places could not be read: {model.broken[0]}")
        self.refresh()

    def _card(self, i: int, name: str) -> Card:
        if name == MAKE_PLACE:
            card = Card(self.gallery, "Make a place of my own", gradient(("#3b4252", "#6b5b73", "#a88a6e")),
                        lambda: self._click_place(i))
            Text(parent=card, text="+", origin=(0, 0), scale=3.2, use_tags=False, z=-0.02)
            return card
        entry = self.choices.places[i]
        title = entry.title + ("  (yours)" if entry.personal else "")
        card = Card(self.gallery, title, gradient(entry.colours), lambda: self._click_place(i))
        path = self.pictures(entry)
        if path is not None:
            tex = picture(path)
            if tex is not None:
                card.over.texture, card.fade = tex, 1.0
                card.over.color = color.rgba(1, 1, 1, 1)
                self.shown_pictures.add(name)
        return card

    # -- keys and clicks -------------------------------------------------
    def key(self, key: str) -> bool:
        """The home screen's keys; True when it took the key."""
        m = self.choices
        moves = {"left arrow": lambda: m.move_place(-1), "right arrow": lambda: m.move_place(1),
                 "up arrow": lambda: m.move_practice(-1), "down arrow": lambda: m.move_practice(1),
                 "v": m.next_voice, "c": m.next_option, "g": m.toggle_gently}
        if key in moves:
            moves[key]()
            self.refresh()
            return True
        named = {"enter": "begin", "s": "settings", "r": "records", "n": "build", "t": "session", "escape": "leave",
                 "p": "programme", "a": "take_home", "o": "recordings", **({"h": "headset"} if self.headset else {})}
        if key in named:
            self._do(named[key])
            return True
        return False

    def _click_place(self, i: int) -> None:
        self.choices.place_i = i
        self.refresh()

    def _step_place(self, step: int) -> None:
        self.choices.move_place(step)
        self.refresh()

    def _click_practice(self, i: int) -> None:
        self.choices.practice_i = i
        self.refresh()

    def _do_option(self) -> None:
        self.choices.next_option()
        self.refresh()

    def _do(self, what: str) -> None:
        if what == "begin" and self.choices.making:
            what = "build"
        action = self.actions.get(what)
        if action is not None:
            action()

    def say(self, line: str) -> None:
        self.notice.text = line

    # -- drawing -----------------------------------------------------------
    def refresh(self) -> None:
        m = self.choices
        n = len(m.cards)
        first = min(max(m.place_i - SHOWN_CARDS // 2, 0), max(n - SHOWN_CARDS, 0))
        for i, name in enumerate(m.cards):
            card = self.cards[name]
            card.enabled = first <= i < first + SHOWN_CARDS
            card.x = (i - first - (min(n, SHOWN_CARDS) - 1) / 2) * (CARD_W + 0.05)
            card.highlight(i == m.place_i)
        self.sides[0].present(first)
        self.sides[1].present(n - SHOWN_CARDS - first)
        first = min(max(m.practice_i - SHOWN_ROWS // 2, 0), max(len(self.rows) - SHOWN_ROWS, 0))
        for i, (row, line) in enumerate(zip(self.rows, self.lines)):
            row.color = ROW_ON if i == m.practice_i else ROW
            p = m.practices[i]
            minutes = p.minutes_for(m.option_of(p))
            self.labels[i].text = p.title + (f"   {minutes_text(minutes)}" if minutes else "")
            line.enabled = first <= i < first + SHOWN_ROWS
            line.y = 0.095 - (i - first) * ROW_STEP
        self.more.text = more_words(first, len(self.rows) - SHOWN_ROWS - first)
        option = m.option_words
        self.option.enabled = option is not None
        if option is not None:
            self.option.text = f"{m.practice.ask} {option}   (C to change)"
            within(self.option, self._option_text_scale)
        own = "  - add them: O" if m.voice == "recorded" else ""
        self.voice.text = (f"Voice: {m.voice_words} (V){own}      Go gently: {'on' if m.gently else 'off'} (G)")
        self.begin.text = f"Begin: {m.begin_line()}   (Enter)"

    def update(self) -> None:
        from ursina import time as utime
        dt = min(utime.dt, 0.1)
        for card in self.cards.values():
            card.advance(dt)

    def poll_pictures(self) -> int:
        """Fade in the pictures that have become ready; returns how many are still missing."""
        left = 0
        for entry in self.choices.places:
            if entry.name in self.shown_pictures:
                continue
            path = self.pictures(entry)
            tex = picture(path) if path is not None else None
            if tex is None:
                left += 1
                continue
            self.cards[entry.name].show_picture(tex)
            self.shown_pictures.add(entry.name)
        return left


def within(button: Button, text_scale, margin: float = 0.02) -> None:
    """The button's words made smaller, if they must be, to sit inside it:
    a long question with a long choice ran out of the window's left side."""
    te = button.text_entity
    te.scale = text_scale
    lo, hi = te.getTightBounds(button)
    if lo is None:
        return
    room = 1.0 - margin / max(button.scale_x, 1e-6)   # the button's own width is 1 in its coordinates
    if hi.x - lo.x > room:
        te.scale = text_scale * (room / (hi.x - lo.x))


def more_words(above: int, below: int) -> str:
    """What a scrolled list (the practices, the settings) hides, and which
    arrow shows it; nothing when nothing is hidden."""
    if above > 0 and below > 0:
        return f"{above} more above, {below} below (up and down)"
    if above > 0:
        return f"{above} more above (up)"
    return f"{below} more below (down)" if below > 0 else ""
