"""The calm screen after a practice: what you did, your minutes this week,
a kind word, and the way back home (Enter or a click). After the calm way
out (G) or 'too much' (T): words that honour stopping, and soothing
breathing offered (B). When the questions after show distress, or after
'too much', the care words stand out, with the person's own support."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ursina import Button, Entity, Text, camera, color

from engine.ui.home import ROW_ON, SOFT, WARM

KIND_WORDS = (
    "Thank you for giving yourself this time.",
    "However it went, turning up for yourself counts.",
    "Whatever you noticed today is welcome here.",
    "Small, kind moments add up.",
)
STOPPED_WORDS = "Stopping when you needed to was a wise choice. Be gentle with yourself for a while."


@dataclass(frozen=True)
class Visit:
    """What one visit was, for the closing screen."""
    place_where: str
    """'in the flower meadow' (`Place.where_said`)."""
    practice_title: str | None
    minutes: float
    completed: bool
    grounded: bool
    week_minutes: float
    week_days: int
    visits_before: int = 0
    too_much: bool = False
    distress: bool = False
    """The questions after said so: safe and calm 0-2, or unease 8-10."""
    support: str = ""
    """The person's own support line (settings)."""
    place_name: str = ""


def distressed(after) -> bool:
    """What the questions after count as distress (to offer care, never to judge)."""
    if after is None:
        return False
    return (after.safe is not None and after.safe <= 2) or (after.unease is not None and after.unease >= 8)


def summary_lines(v: Visit) -> tuple[str, str, str]:
    """(what you did, this week, a kind word) in Haven's words."""
    mins = max(1, round(v.minutes)) if v.minutes >= 0.5 else None
    span = f"{mins} minute{'s' * (mins != 1)}" if mins else "a few moments"
    if v.practice_title:
        did = f"{v.practice_title} {v.place_where}: {span}" + ("." if v.completed else ", ended early.")
    else:
        did = f"You spent {span} {v.place_where}."
    wm = round(v.week_minutes)
    amount = f"{wm} minute{'s' * (wm != 1)}" if wm >= 1 else "a few moments"
    week = (f"This week: {amount} of practice on {v.week_days} day{'s' * (v.week_days != 1)}."
            if v.week_days else "This was your first practice this week.")
    kind = STOPPED_WORDS if v.grounded and not v.completed else KIND_WORDS[v.visits_before % len(KIND_WORDS)]
    return did, week, kind


class ClosingScreen(Entity):
    def __init__(self, visit: Visit, on_home: Callable[[], None], on_breathe: Callable[[], None] | None = None):
        super().__init__(parent=camera.ui, z=-1)
        self.on_home = on_home
        stopped = (visit.grounded or visit.too_much) and not visit.completed
        self.on_breathe = on_breathe if stopped else None
        # the backdrop is the window's clear colour (the shell sets it): a full-screen quad costs ~7 ms a frame on llvmpipe
        did, week, kind = summary_lines(visit)
        self.lines = (did, week, kind)
        Text(parent=self, text="Welcome back", y=0.22, origin=(0, 0), scale=2.0, use_tags=False, color=WARM)
        Text(parent=self, text=did, y=0.1, origin=(0, 0), scale=1.1, use_tags=False)
        Text(parent=self, text=week, y=0.03, origin=(0, 0), scale=1.0, use_tags=False, color=SOFT)
        Text(parent=self, text=kind, y=-0.07, origin=(0, 0), scale=1.05, use_tags=False, color=WARM)
        buttons = [("Back home   (Enter)", self.home)]
        if self.on_breathe is not None:   # stopping was wise: something soothing is offered, never pushed
            buttons.append(("Some soothing breathing   (B)", self.breathe))
        for k, (label, act) in enumerate(buttons):
            x = (k - (len(buttons) - 1) / 2) * 0.46
            b = Button(parent=self, text=label, x=x, y=-0.2, scale=(0.42, 0.06), color=ROW_ON, on_click=act)
            b.text_entity.use_tags = False
        from engine.ui.care import PLAIN, care_words
        caring = visit.distress or visit.too_much
        self.care = care_words(visit.support) if caring else PLAIN
        Text(parent=self, text=self.care, y=-0.33 if caring else -0.42, origin=(0, 0), scale=0.9 if caring else 0.75,
             use_tags=False, wordwrap=70, color=WARM if caring else color.rgba(1, 1, 1, 0.6))

    def key(self, key: str) -> bool:
        if key in ("enter", "escape", "space"):
            self.home()
            return True
        if key == "b" and self.on_breathe is not None:
            self.breathe()
            return True
        return False

    def breathe(self) -> None:
        self.on_breathe()

    def home(self) -> None:
        self.on_home()
