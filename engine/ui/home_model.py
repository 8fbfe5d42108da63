"""What the home screen holds and which of it is highlighted (pure: no Ursina).

The places (built-in and one's own, then "make a place of my own"), the
practices (breathing first, "just be in the place" last) and the voice;
arrows move the highlight, Enter begins what is highlighted. It starts on
the person's last choice and falls back calmly when that is gone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.config.catalog import PlaceEntry, PracticeEntry

VOICES = (("captions", "captions"), ("natural", "a natural voice"), ("speech", "the basic voice"),
          ("recorded", "my recordings"))
JUST_BE = PracticeEntry("", "Just be in the place", 0.0, "No guidance: the place, its sounds, as long as you like.")
MAKE_PLACE = "make-a-place"


@dataclass
class HomeModel:
    places: list[PlaceEntry]
    practices: list[PracticeEntry]
    place_i: int = 0
    practice_i: int = 0
    voice: str = "captions"
    broken: list[str] = field(default_factory=list)
    """Personal places that could not be read (said on the home screen)."""
    options: dict[str, str] = field(default_factory=dict)
    """The option chosen in each practice that offers a choice (kept in settings)."""
    gently: bool = False
    """The gentle route for warm practices (G; kept in settings)."""

    @classmethod
    def start(cls, places: list[PlaceEntry], practices: list[PracticeEntry], last_place: str | None,
              last_practice: str | None, voice: str, broken: list[str] | None = None,
              options: dict[str, str] | None = None, gently: bool = False) -> "HomeModel":
        m = cls(places, [*practices, JUST_BE], voice=voice if voice in dict(VOICES) else "captions",
                broken=broken or [], options=dict(options or {}), gently=gently)
        names = [p.name for p in places]
        default = "meadow" if "meadow" in names else (names[0] if names else None)
        m.place_i = names.index(last_place) if last_place in names else names.index(default) if default else 0
        done = [p.name for p in m.practices]
        m.practice_i = done.index(last_practice) if last_practice in done else 0
        return m

    # -- what is highlighted ---------------------------------------------
    @property
    def cards(self) -> list[str]:
        """The gallery: every place, then the card that makes a new one."""
        return [p.name for p in self.places] + [MAKE_PLACE]

    @property
    def place(self) -> PlaceEntry | None:
        return self.places[self.place_i] if self.place_i < len(self.places) else None

    @property
    def practice(self) -> PracticeEntry:
        return self.practices[self.practice_i]

    @property
    def making(self) -> bool:
        return self.place is None

    # -- moving the highlight --------------------------------------------
    def move_place(self, step: int) -> None:
        self.place_i = (self.place_i + step) % len(self.cards)

    def move_practice(self, step: int) -> None:
        self.practice_i = min(max(self.practice_i + step, 0), len(self.practices) - 1)

    def next_voice(self) -> str:
        keys = [k for k, _ in VOICES]
        self.voice = keys[(keys.index(self.voice) + 1) % len(keys)]
        return self.voice

    @property
    def option(self) -> str | None:
        """The chosen option of the highlighted practice (None: it offers no choice)."""
        return self.option_of(self.practice)

    def option_of(self, p: PracticeEntry) -> str | None:
        """The option chosen for practice `p` (its first when none was)."""
        if not p.options:
            return None
        ids = [i for i, _ in p.options]
        return self.options.get(p.name) if self.options.get(p.name) in ids else ids[0]

    @property
    def option_words(self) -> str | None:
        chosen = self.option
        return None if chosen is None else dict(self.practice.options)[chosen]

    def next_option(self) -> str | None:
        """C: the highlighted practice's next option (kept by the shell)."""
        chosen = self.option
        if chosen is None:
            return None
        ids = [i for i, _ in self.practice.options]
        self.options[self.practice.name] = ids[(ids.index(chosen) + 1) % len(ids)]
        return self.options[self.practice.name]

    def toggle_gently(self) -> bool:
        self.gently = not self.gently
        return self.gently

    def pick(self, practice_name: str) -> None:
        for i, p in enumerate(self.practices):
            if p.name == practice_name:
                self.practice_i = i

    @property
    def voice_words(self) -> str:
        return dict(VOICES)[self.voice]

    def begin_line(self) -> str:
        """What Enter does now, in words."""
        if self.making:
            return "Make a place of my own"
        if not self.practice.name:
            return f"Be {self.place.where}"
        return f"{self.practice.title} {self.place.where}"


def minutes_text(minutes: float) -> str:
    return "" if minutes <= 0 else f"{max(1, round(minutes))} min"
