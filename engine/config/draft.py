"""Building one's own safe place, sense by sense (pure: no Ursina).

A `Draft` starts from a built-in place and is changed one choice at a time;
`STEPS` lists the builder's pages in the order the safe-place practice
unfolds (what you see, hear, smell and feel, who is with you, how the place
welcomes you), each a list of `Field`s that know how to show, change and
type their value. The window (engine/ui/builder_view.py) only draws fields
and forwards keys, so everything a person can choose is tested here.

`save` validates the place exactly as `python main.py check` would and
writes it atomically, owner-only, to the person's places folder; the
person's own recording is copied beside it so the place never points
outside their data.
"""
from __future__ import annotations

import copy
import functools
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from engine import SCENES_DIR
from engine.config.place import PALETTE_ROLES, Place
from engine.config.userdirs import ensure_dir, places_dir, write_private

TIMES = ("dawn", "day", "golden-hour", "dusk", "night")
AMOUNTS = (("none", 0.0), ("fewer", 0.5), ("as it is", 1.0), ("more", 1.5))
FLORA_WORDS = {"grass": "grass", "flower": "flowers", "tree": "trees", "pine": "pines", "palm": "palms",
               "bush": "bushes", "reed": "reeds", "rock": "rocks", "fern": "ferns",
               "shell": "shells", "driftwood": "driftwood"}
MAX_FLORA = 9000
"""Plants in all: above this a software renderer drops below 60 fps."""
LOUDNESS = (("off", None), ("soft", -24.0), ("gentle", -18.0), ("clear", -13.0), ("full", -9.0))
LAYERS = ("surf", "lake", "stream", "fountain", "rain", "rain-window", "wind", "leaves", "birds",
          "crickets", "fire", "chimes", "pad")
LAYER_WORDS = {"surf": "waves on the shore", "lake": "lapping lake water", "stream": "a stream over stones",
               "fountain": "a fountain", "rain": "gentle rain", "rain-window": "rain on a window",
               "wind": "soft wind", "leaves": "wind in leaves", "birds": "birdsong",
               "crickets": "crickets at night", "fire": "a crackling fire", "chimes": "distant wind chimes",
               "pad": "a warm, soft tone"}
PARTICLES = ("none", "fireflies", "leaves", "petals", "snow", "dust", "pollen")
COMPANY = (("nobody: just me", "none", None), ("a soft light", "light", None), ("a dog", "animal", "dog"),
           ("a deer", "animal", "deer"), ("a cat", "animal", "cat"), ("a bird", "animal", "bird"),
           ("a glowing tree", "tree", None), ("a kind figure", "figure", None),
           ("the place itself", "sky", None))
GAZES = (("gently", "gentle"), ("warmly", "warm"), ("steadily, calm and strong", "steady"),
         ("beside me, looking out with me", "beside"))
QUALITIES = ("wisdom", "strength", "warmth", "acceptance")
QUALITY_WORDS = {"wisdom": "Wise", "strength": "Strong", "warmth": "Warm", "acceptance": "Accepting, never judging"}
WELCOME = (("barely: just a quiet sense", 0.1), ("gently", 0.3), ("warmly", 0.55), ("very warmly", 0.8))
COLOUR_ROLES = (("sky", "sky_top"), ("horizon", "sky_horizon"), ("ground", "ground"), ("water", "water"),
                ("leaves", "foliage"), ("flowers, details", "accent"), ("light", "light"))
OWN_SOUND_TYPES = (".wav", ".ogg", ".mp3", ".flac", ".m4a")
MAX_WORDS = 12
MAX_SAYINGS = 8
"""What the figure would say: as many lines as a place file allows (Presence.words)."""


class BuildError(Exception):
    """A choice or the finished place is not allowed; the message says why."""


# -- the draft ------------------------------------------------------------------
@dataclass
class Draft:
    base: str
    data: dict
    base_flora: list[dict] = field(default_factory=list)
    own_sound: Path | None = None
    """A recording the person chose; copied beside the place when saved."""

    @classmethod
    def start(cls, base: str = "meadow") -> "Draft":
        path = SCENES_DIR / f"{base}.yaml"
        if not path.is_file():
            raise BuildError(f"{base}: no built-in place with this name (allowed: {', '.join(builtin_bases())})")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["name"] = _unique_name(f"my-{base}")
        data["title"] = own_title(data["title"])
        data.pop("where", None)   # said from its own title now (Place.where_said)
        data.setdefault("presence", {})
        return cls(base, data, copy.deepcopy(data.get("flora", [])))

    def place(self) -> Place:
        """The draft as a validated place (BuildError with the first problem)."""
        from pydantic import ValidationError
        try:
            return Place.model_validate(self._for_validation())
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise BuildError(f"{where}: {err['msg']}") from None

    def _for_validation(self) -> dict:
        data = copy.deepcopy(clean(self.data))
        if self.own_sound is not None:  # validated as the file it will be once copied
            for s in data.get("sounds", []):
                if s.get("file") == own_sound_name(self.own_sound):
                    s["file"] = str(self.own_sound)
        return data

    def yaml_text(self) -> str:
        header = (f"# {self.data['title']}: a place of your own, made in Haven's builder from '{self.base}'.\n"
                  "# Edit it by hand if you like; `python main.py check` says if anything is amiss.\n")
        return header + yaml.safe_dump(clean(self.data), sort_keys=False, allow_unicode=True, width=100)

    # -- the presence ------------------------------------------------------------
    @property
    def presence(self) -> dict:
        return self.data.setdefault("presence", {})


def builtin_bases() -> list[str]:
    return sorted(p.stem for p in SCENES_DIR.glob("*.yaml"))


def _unique_name(stem: str) -> str:
    taken = set(builtin_bases()) | {p.stem for p in places_dir().glob("*.yaml")} if places_dir().exists() \
        else set(builtin_bases())
    name, n = stem[:40], 2
    while name in taken:
        name, n = f"{stem[:36]}-{n}", n + 1
    return name


def own_title(base_title: str) -> str:
    """A made place's first title: 'Flower meadow' -> 'My flower meadow',
    'Above the clouds' -> 'My place above the clouds'."""
    from engine.config.place import SAYS_WHERE
    low = base_title[:1].lower() + base_title[1:]
    return f"My place {low}" if low.split(" ", 1)[0] in SAYS_WHERE else f"My {low}"


def slug(title: str) -> str:
    """A file name from a title: 'Grandma's garden' -> 'grandmas-garden'."""
    s = re.sub(r"[^a-z0-9]+", "-", title.lower().replace("'", "")).strip("-")
    return (s or "my-place")[:40].strip("-") or "my-place"


def own_sound_name(path: Path) -> str:
    return f"sounds/{slug(path.stem)}{path.suffix.lower()}"


# -- fields ---------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    """One choice on a builder page. `show` is the value as words; `change`
    moves it one step (+1 / -1); `type_in` sets it from typed text."""
    label: str
    show: Callable[[Draft], str]
    change: Callable[[Draft, int], None] | None = None
    type_in: Callable[[Draft, str], None] | None = None
    colour: str | None = None
    """A palette role: the window offers its colour picker for this field."""

    @property
    def typed(self) -> bool:
        return self.type_in is not None


def _cycle(options: tuple, current, step: int):
    values = list(options)
    i = values.index(current) if current in values else 0
    return values[(i + step) % len(values)]


def _choice(label: str, options: tuple[tuple[str, object], ...], get: Callable[[Draft], object],
            put: Callable[[Draft, object], None]) -> Field:
    words = {v: w for w, v in options}
    return Field(label, lambda d: words.get(get(d), str(get(d))),
                 lambda d, step: put(d, _cycle(tuple(v for _, v in options), get(d), step)))


def _slider(label: str, lo: float, hi: float, step: float, get, put, unit: str = "", shown: float = 1.0) -> Field:
    """A number stepped left and right, shown times ``shown`` with its unit."""
    def change(d: Draft, k: int) -> None:
        put(d, round(min(max(get(d) + k * step, lo), hi), 3))
    return Field(label, lambda d: f"{round(get(d) * shown, 3):g}{unit}", change)


# - what you see
def _time_field() -> Field:
    return _choice("Time of day", tuple((t.replace("-", " "), t) for t in TIMES),
                   lambda d: d.data.get("time_of_day", "day"), lambda d, v: d.data.__setitem__("time_of_day", v))


def _colour_field(words: str, role: str) -> Field:
    def show(d: Draft) -> str:
        return d.data["palette"].get(role, "")

    def put(d: Draft, text: str) -> None:
        text = text.strip().lower()
        if not re.fullmatch(r"#[0-9a-f]{6}", text):
            raise BuildError(f"{words}: '{text}' is not a colour (allowed: # and six hex digits, like #e8a060)")
        d.data["palette"][role] = text
    return Field(f"Colour of the {words}", show, type_in=put, colour=role)


def _flora_kinds(d: Draft) -> list[str]:
    return list(dict.fromkeys(f["kind"] for f in d.base_flora))


def _flora_field(kind: str) -> Field:
    def get(d: Draft) -> float:
        return d.data.get("_amounts", {}).get(kind, 1.0)

    def put(d: Draft, v: float) -> None:
        d.data.setdefault("_amounts", {})[kind] = v
        _apply_flora(d)
    return _choice(FLORA_WORDS[kind].capitalize(), tuple((w, v) for w, v in AMOUNTS), get, put)


def _apply_flora(d: Draft) -> None:
    """Flora counts from the base place times each kind's amount, within the
    speed budget."""
    amounts = d.data.get("_amounts", {})
    flora = []
    for f in d.base_flora:
        count = int(round(f["count"] * amounts.get(f["kind"], 1.0)))
        if count > 0:
            flora.append({**f, "count": count})
    total = sum(f["count"] for f in flora)
    if total > MAX_FLORA:
        scale = MAX_FLORA / total
        flora = [{**f, "count": max(1, int(f["count"] * scale))} for f in flora]
    d.data["flora"] = flora


def _water_field() -> Field:
    """On or off, where the starting place has water (its shape is the place's own)."""
    def show(d: Draft) -> str:
        if d.data.get("water"):
            return "yes"
        return "none" if d.data.get("_water") else "none in this place"

    def change(d: Draft, step: int) -> None:
        if d.data.get("water"):
            d.data["_water"] = d.data.pop("water")
        elif d.data.get("_water"):
            d.data["water"] = d.data.pop("_water")
    return Field("Water", show, change)


def _particles_field() -> Field:
    def get(d: Draft) -> str:
        parts = d.data.get("particles") or []
        return parts[0]["kind"] if parts else "none"

    def put(d: Draft, kind: str) -> None:
        if kind == "none":
            d.data["particles"] = []
            return
        count = {"fireflies": 90, "leaves": 120, "petals": 140, "snow": 400, "dust": 160, "pollen": 160}[kind]
        colour = {"fireflies": "#ffe08a", "snow": "#f4f6fa", "leaves": "accent", "petals": "accent"}.get(kind, "light")
        d.data["particles"] = [{"kind": kind, "count": count, "colour": colour,
                                "area": [-14, 3, 14, 30], "height": [0.3, 3.0]}]
    return _choice("Drifting in the air", tuple((k, k) for k in PARTICLES), get, put)


LIGHTS = (("a soft orb among the plants", "orb"), ("a lantern on a rock", "lantern"), ("a candle", "candle"),
          ("a sunbeam", "sunbeam"), ("the sun on the water", "reflection"), ("a low sun over the land", "sun"),
          ("a gathering of fireflies", "fireflies"))


def _breath_light_field() -> Field:
    """The place's own breathing light. A new kind is put where the seated
    view's lower middle meets the ground (no distance kept from the base)."""
    def get(d: Draft) -> str:
        return (d.data.get("breath_light") or {}).get("kind", "orb")

    def put(d: Draft, kind: str) -> None:
        old = d.data.get("breath_light") or {}
        d.data["breath_light"] = {"kind": kind, **({"colour": old["colour"]} if "colour" in old else {}),
                                  **({"height": 0.35} if kind in ("reflection", "sunbeam") else {}),
                                  **({"size": 3.0} if kind == "sun" else {})}
    return _choice("The breathing light", LIGHTS, get, put)


# - what you hear
def _sounds(d: Draft) -> list[dict]:
    return d.data.setdefault("sounds", [])


def _layer_field(layer: str) -> Field:
    def get(d: Draft):
        s = next((s for s in _sounds(d) if s.get("layer") == layer), None)
        if s is None:
            return None
        return min((g for _, g in LOUDNESS if g is not None), key=lambda g: abs(g - s.get("gain", -12.0)))

    def put(d: Draft, gain) -> None:
        rest = [s for s in _sounds(d) if s.get("layer") != layer]
        old = next((s for s in _sounds(d) if s.get("layer") == layer), {"layer": layer})
        d.data["sounds"] = rest + ([{**old, "gain": gain}] if gain is not None else [])
    return _choice(LAYER_WORDS[layer].capitalize(), LOUDNESS, get, put)


def _own_sound_field() -> Field:
    def show(d: Draft) -> str:
        return d.own_sound.name if d.own_sound else "none (type the path to a file)"

    def put(d: Draft, text: str) -> None:
        text = text.strip().strip("'\"")
        sounds = [s for s in _sounds(d) if not str(s.get("file", "")).startswith("sounds/")]
        if not text:
            d.own_sound, d.data["sounds"] = None, sounds
            return
        path = Path(text).expanduser()
        if path.suffix.lower() not in OWN_SOUND_TYPES:
            raise BuildError(f"{path.name}: cannot use this kind of file (allowed: {', '.join(OWN_SOUND_TYPES)})")
        if not path.is_file():
            raise BuildError(f"{path}: no such file")
        d.own_sound = path
        d.data["sounds"] = sounds + [{"file": own_sound_name(path), "gain": -14.0}]
    return Field("Your own recording", show, type_in=put)


# - smell and touch
def _words_field(label: str, key: str) -> Field:
    def show(d: Draft) -> str:
        return ", ".join(d.data.get(key) or []) or "(type a few words, with commas between)"

    def put(d: Draft, text: str) -> None:
        words = [w.strip() for w in text.split(",") if w.strip()]
        if len(words) > MAX_WORDS or any(len(w) > 120 for w in words):
            raise BuildError(f"{label}: at most {MAX_WORDS} words or phrases, each up to 120 letters")
        d.data[key] = words
    return Field(label, show, type_in=put)


# - who is with you
def _company_field() -> Field:
    def get(d: Draft):
        p = d.presence
        return (p.get("form", "light"), p.get("animal") if p.get("form") == "animal" else None)

    def put(d: Draft, value) -> None:
        form, animal = value
        p = d.presence
        p["form"] = form
        if animal:
            p["animal"] = animal
        else:
            p.pop("animal", None)
    return _choice("Who is with you", tuple((w, (f, a)) for w, f, a in COMPANY), get, put)


def _presence_slider(label: str, key: str, lo: float, hi: float, step: float, default: float,
                     unit: str = "", shown: float = 1.0) -> Field:
    return _slider(label, lo, hi, step, lambda d: float(d.presence.get(key, default)),
                   lambda d, v: d.presence.__setitem__(key, v), unit, shown)


def _in_view_field() -> Field:
    return _choice("Where it stays", (("where I can see it", True), ("out of sight, just felt", False)),
                   lambda d: d.presence.get("in_view", True), lambda d, v: d.presence.__setitem__("in_view", v))


def _presence_colour_field() -> Field:
    """Its colour: a hex colour of the person's choosing, or the place's light."""
    def show(d: Draft) -> str:
        c = d.presence.get("colour", "light")
        return c if str(c).startswith("#") else d.data["palette"].get(c, "#fff1d6")

    def put(d: Draft, text: str) -> None:
        text = text.strip().lower()
        if not re.fullmatch(r"#[0-9a-f]{6}", text):
            raise BuildError(f"Its colour: '{text}' is not a colour (allowed: # and six hex digits)")
        d.presence["colour"] = text
    return Field("Its colour", show, type_in=put, colour="presence")


def _called_field() -> Field:
    def put(d: Draft, text: str) -> None:
        text = text.strip()
        if len(text) > 40:
            raise BuildError("Its name: at most 40 letters")
        d.presence["called"] = text
    return Field("What you call it", lambda d: d.presence.get("called") or "(no name; type one if you like)",
                 type_in=put)


def _gaze_field() -> Field:
    return _choice("How it looks at you", GAZES, lambda d: d.presence.get("gaze", "gentle"),
                   lambda d, v: d.presence.__setitem__("gaze", v))


def _quality_field(quality: str) -> Field:
    def get(d: Draft) -> bool:
        return quality in d.presence.get("qualities", [])

    def put(d: Draft, on: bool) -> None:
        rest = [q for q in d.presence.get("qualities", []) if q != quality]
        d.presence["qualities"] = [q for q in QUALITIES if q in rest or (on and q == quality)]
    return _choice(QUALITY_WORDS[quality], (("yes", True), ("not chosen", False)), get, put)


def _saying_field(i: int) -> Field:
    def show(d: Draft) -> str:
        words = d.presence.get("words", [])
        return words[i] if i < len(words) else "(type something it would say to you)"

    def put(d: Draft, text: str) -> None:
        text = " ".join(text.split())
        if len(text) > 160:
            raise BuildError("What it would say: at most 160 letters a line")
        words = list(d.presence.get("words", []))
        words += [""] * (i + 1 - len(words))
        words[i] = text
        d.presence["words"] = [w for w in words if w]
    return Field(f"It might say ({i + 1})", show, type_in=put)


def _welcome_field() -> Field:
    def get(d: Draft) -> float:
        w = float(d.presence.get("warmth", 0.5))
        return min((v for _, v in WELCOME), key=lambda v: abs(v - w))
    return _choice("The place welcomes you", WELCOME, get, lambda d, v: d.presence.__setitem__("warmth", v))


def _base_field(on_base: Callable[[str], None]) -> Field:
    names = tuple(builtin_bases())
    return Field("Start from", lambda d: _base_title(d.base),
                 lambda d, step: on_base(_cycle(names, d.base, step)))


@functools.lru_cache(maxsize=None)
def _base_title(name: str) -> str:
    """A built-in place by its title ('Above the clouds'), as the home screen names it."""
    data = yaml.safe_load((SCENES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    return str(data.get("title", name))


def _title_field() -> Field:
    def put(d: Draft, text: str) -> None:
        text = " ".join(text.split())
        if not 1 <= len(text) <= 80:
            raise BuildError("Its name: 1 to 80 letters")
        d.data["title"] = text
        d.data.pop("where", None)
        d.data["name"] = _unique_name(slug(text))
    return Field("Name of your place", lambda d: d.data["title"], type_in=put)


@dataclass(frozen=True)
class Step:
    title: str
    hint: str
    fields: Callable[[Draft], list[Field]]


def steps(on_base: Callable[[str], None]) -> list[Step]:
    """The builder's pages, in the order the safe-place practice unfolds."""
    return [
        Step("Where to begin", "Choose a place to start from. Everything can change after.",
             lambda d: [_base_field(on_base)]),
        Step("What you see", "Light, colours and what grows. The view changes as you choose.",
             lambda d: [_time_field()] + [_colour_field(w, r) for w, r in COLOUR_ROLES if r in d.data["palette"]]
             + [_flora_field(k) for k in _flora_kinds(d)] + [_water_field(), _particles_field(), _breath_light_field()]),
        Step("What you hear", "Turn sounds up, down or off, or add a recording of your own.",
             lambda d: [_layer_field(layer) for layer in LAYERS] + [_own_sound_field()]),
        Step("What you smell and feel", "Your own words. The practice will offer them back to you.",
             lambda d: [_words_field("What you smell", "smells"), _words_field("What you feel", "touch")]),
        Step("Who is with you", "Alone is fine. Anyone with you stays only as near as you choose.",
             lambda d: [_company_field(), _presence_slider("How near it comes", "distance", 2.0, 30.0, 1.0, 8.0, " m"),
                        _in_view_field()]
             + ([_presence_slider("Its size", "size", 0.5, 2.0, 0.1, 1.0, " %", 100), _presence_colour_field(),
                 _called_field(), _gaze_field()]
                + [_quality_field(q) for q in QUALITIES] + [_saying_field(i) for i in range(MAX_SAYINGS)]
                if d.presence.get("form", "light") != "none" else [])),
        Step("How the place welcomes you", "How strongly the place is glad you are here.",
             lambda d: [_welcome_field()]),
        Step("Name and keep it", "Give your place a name, then keep it (Enter on 'Keep my place').",
             lambda d: [_title_field()]),
    ]


# -- saving -------------------------------------------------------------------------
def clean(data: dict) -> dict:
    """The place as written: builder bookkeeping removed."""
    return {k: v for k, v in data.items() if not k.startswith("_")}


def save(draft: Draft, folder: Path | None = None) -> Path:
    """Validate and write the place (atomic, owner-only); copy the person's
    recording beside it. Returns the file. BuildError when it is not valid."""
    folder = folder or places_dir(create=True)
    draft_clean = Draft(draft.base, clean(draft.data), draft.base_flora, draft.own_sound)
    draft_clean.place()   # raises BuildError before anything is written
    if draft.own_sound is not None:
        target = folder / own_sound_name(draft.own_sound)
        ensure_dir(target.parent)
        shutil.copyfile(draft.own_sound, target)
        target.chmod(0o600)
    path = folder / f"{draft.data['name']}.yaml"
    text = draft_clean.yaml_text()

    def check(text: str) -> None:
        data = yaml.safe_load(text)
        Place.model_validate(data)
    write_private(path, text, check=check)
    from engine.config.loader import check_one
    ok, problems = check_one(path)
    if not ok:  # the model accepted it, so this is a file check (a sound file): say so, keep the file
        raise BuildError("; ".join(problems))
    return path
