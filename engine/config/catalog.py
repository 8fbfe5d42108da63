"""What places and practices exist: built-in files and the person's own."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine import NARRATION_DIR, SCENES_DIR


def builtin_places() -> list[str]:
    return sorted(p.stem for p in SCENES_DIR.glob("*.yaml"))


def builtin_practices() -> list[str]:
    return sorted(p.stem for p in NARRATION_DIR.glob("*.yaml"))


def personal_places() -> list[Path]:
    try:
        from engine.config.userdirs import places_dir
    except ImportError:
        return []
    folder = places_dir()
    return sorted(folder.glob("*.yaml")) if folder.exists() else []


def catalog_lines() -> list[str]:
    lines = ["Built-in places:"] + [f"  {n}" for n in builtin_places()]
    mine = personal_places()
    lines += ["Your places:"] + ([f"  {p.stem}  ({p})" for p in mine] or ["  (none yet)"])
    practices = builtin_practices()
    lines += ["Built-in practices:"] + ([f"  {n}" + _choices(n) for n in practices] or ["  (none yet)"])
    return lines


def _choices(name: str) -> str:
    """'  (--option: a, b, c)' for a practice that offers a choice."""
    from engine.config.errors import ConfigError
    from engine.config.loader import load_practice
    try:
        p = load_practice(name)
    except ConfigError:
        return ""
    return f"  (--option: {', '.join(o.id for o in p.choose.options)})" if p.choose else ""


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    title: str
    path: Path
    personal: bool
    colours: tuple[str, str, str]
    """Sky top, horizon and ground: a soft picture of the place until its real one is ready."""
    where: str
    """How Haven says being there ('in the flower meadow', `Place.where_said`)."""


@dataclass(frozen=True)
class PracticeEntry:
    name: str
    title: str
    minutes: float
    summary: str
    ask: str = ""
    """For a practice that offers a choice: its question."""
    options: tuple[tuple[str, str], ...] = ()
    """(id, label) of each option."""
    option_minutes: tuple[float, ...] = ()
    """How long the practice lasts with each option (they differ: loving-kindness
    with a difficult person is longer than with the three flows alone)."""

    def minutes_for(self, option: str | None) -> float:
        ids = [i for i, _ in self.options]
        if option in ids and len(self.option_minutes) == len(ids):
            return self.option_minutes[ids.index(option)]
        return self.minutes


def place_entries() -> tuple[list[PlaceEntry], list[str]]:
    """(every place a person can open, the personal ones that could not be read)."""
    from engine.config.errors import ConfigError
    from engine.config.loader import load_file
    from engine.config.place import Place
    out, broken = [], []
    paths = [(SCENES_DIR / f"{n}.yaml", False) for n in builtin_places()] + [(p, True) for p in personal_places()]
    for path, personal in paths:
        try:
            place = load_file(path, Place)
        except ConfigError as exc:
            broken.append(exc.problems[0] if exc.problems else f"{path}: could not be read")
            continue
        pal = place.palette
        out.append(PlaceEntry(place.name, place.title, path, personal, (pal.sky_top, pal.sky_horizon, pal.ground),
                              place.where_said))
    return out, broken


def practice_entries() -> list[PracticeEntry]:
    """The built-in practices in the order a person meets them (breathing first)."""
    from engine.config.errors import ConfigError
    from engine.config.loader import load_practice
    out = []
    for name in builtin_practices():
        try:
            p = load_practice(name)
        except ConfigError:
            continue
        minutes = (p.duration or p.length) / 60.0
        options = tuple((o.id, o.label) for o in p.choose.options) if p.choose else ()
        option_minutes = tuple(p.chosen(o.id).length / 60.0 for o in p.choose.options) if p.choose else ()
        out.append(PracticeEntry(p.name, p.title, minutes, p.summary or p.description.split(". ")[0],
                                 p.choose.ask if p.choose else "", options, option_minutes))
    order = {n: i for i, n in enumerate(PRACTICE_ORDER)}
    return sorted(out, key=lambda e: (order.get(e.name, len(order)), e.name))


PRACTICE_ORDER = ("soothing-breathing", "three-circles", "safe-place-short", "safe-place", "compassionate-colour",
                  "compassionate-other", "compassionate-self", "loving-kindness", "chosen-flow",
                  "compassion-for-struggle", "inner-critic", "compassionate-letter")
"""How the practices build on one another (practice-brief.md and the CMT outline): breathing
first, then understanding the three circles, the pleasant layer, then compassion toward suffering."""
