"""The calm screen after a practice: what you did, your minutes this week,
a kind word, and the way back home (Enter or a click)."""
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
    place_title: str
    practice_title: str | None
    minutes: float
    completed: bool
    grounded: bool
    week_minutes: float
    week_days: int
    visits_before: int = 0


def summary_lines(v: Visit) -> tuple[str, str, str]:
    """(what you did, this week, a kind word) in Haven's words."""
    mins = max(1, round(v.minutes)) if v.minutes >= 0.5 else None
    span = f"{mins} minute{'s' * (mins != 1)}" if mins else "a few moments"
    if v.practice_title:
        did = f"{v.practice_title} in the {v.place_title.lower()}: {span}" + ("." if v.completed else ", ended early.")
    else:
        did = f"You spent {span} in the {v.place_title.lower()}."
    wm = round(v.week_minutes)
    amount = f"{wm} minute{'s' * (wm != 1)}" if wm >= 1 else "a few moments"
    week = (f"This week: {amount} of practice on {v.week_days} day{'s' * (v.week_days != 1)}."
            if v.week_days else "This was your first practice this week.")
    kind = STOPPED_WORDS if v.grounded and not v.completed else KIND_WORDS[v.visits_before % len(KIND_WORDS)]
    return did, week, kind


class ClosingScreen(Entity):
    def __init__(self, visit: Visit, on_home: Callable[[], None]):
        super().__init__(parent=camera.ui, z=-1)
        self.on_home = on_home
        # the backdrop is the window's clear colour (the shell sets it): a full-screen quad costs ~7 ms a frame on llvmpipe
        did, week, kind = summary_lines(visit)
        self.lines = (did, week, kind)
        Text(parent=self, text="Welcome back", y=0.22, origin=(0, 0), scale=2.0, use_tags=False, color=WARM)
        Text(parent=self, text=did, y=0.1, origin=(0, 0), scale=1.1, use_tags=False)
        Text(parent=self, text=week, y=0.03, origin=(0, 0), scale=1.0, use_tags=False, color=SOFT)
        Text(parent=self, text=kind, y=-0.07, origin=(0, 0), scale=1.05, use_tags=False, color=WARM)
        b = Button(parent=self, text="Back home   (Enter)", y=-0.2, scale=(0.4, 0.06), color=ROW_ON,
                   on_click=self.home)
        b.text_entity.use_tags = False
        Text(parent=self, text="Haven is a practice aid, not a crisis service.", y=-0.42, origin=(0, 0),
             scale=0.75, use_tags=False, color=color.rgba(1, 1, 1, 0.6))

    def key(self, key: str) -> bool:
        if key in ("enter", "escape", "space"):
            self.home()
            return True
        return False

    def home(self) -> None:
        self.on_home()
