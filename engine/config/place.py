"""The place model: what a safe place is made of, validated.

A place file is YAML (see scenes/*.yaml). Every field is checked here; the
world builders in engine/world read only these models, never raw YAML.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from engine.config.ranges import PRESENCE_DISTANCE, PRESENCE_SIZE, PRESENCE_WARMTH

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

TimeOfDay = Literal["dawn", "day", "golden-hour", "dusk", "night"]
PALETTE_ROLES = (
    "sky_top", "sky_horizon", "ground", "water", "foliage", "accent", "light",
    "bark", "rock", "fog", "wall", "fabric",
)


def _hex(value: str) -> str:
    if not HEX_COLOUR.match(value):
        raise ValueError("must be a colour like '#a1b2c3' (# and six hex digits)")
    return value.lower()


def _colour_ref(value: str) -> str:
    """A colour is either '#rrggbb' or the name of a palette role."""
    if value in PALETTE_ROLES:
        return value
    if HEX_COLOUR.match(value):
        return value.lower()
    raise ValueError(
        "must be '#rrggbb' or a palette role (" + ", ".join(PALETTE_ROLES) + ")")


def _name(value: str) -> str:
    if not NAME.match(value):
        raise ValueError("must be 1-40 lower-case letters, digits or '-', starting with a letter or digit")
    return value


Hex = Annotated[str, AfterValidator(_hex)]
ColourRef = Annotated[str, AfterValidator(_colour_ref)]
Name = Annotated[str, AfterValidator(_name)]
Vec2 = tuple[Annotated[float, Field(ge=-500, le=500)], Annotated[float, Field(ge=-500, le=500)]]
Vec3 = tuple[
    Annotated[float, Field(ge=-500, le=500)],
    Annotated[float, Field(ge=-100, le=500)],
    Annotated[float, Field(ge=-500, le=500)],
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Palette(Strict):
    """Named colour roles. The seven core roles are required; the rest derive."""
    sky_top: Hex
    sky_horizon: Hex
    ground: Hex
    water: Hex
    foliage: Hex
    accent: Hex
    light: Hex
    bark: Hex = "#5a4030"
    rock: Hex = "#8a8580"
    fog: Hex | None = None  # defaults to sky_horizon
    wall: Hex = "#d8c8b0"
    fabric: Hex = "#a05a4a"

    def resolve(self, ref: str) -> str:
        """'#rrggbb' for a colour reference (hex or role name)."""
        if ref.startswith("#"):
            return ref
        if ref == "fog":
            return self.fog or self.sky_horizon
        return getattr(self, ref)


class Sky(Strict):
    """The sky above an outdoor place (engine/world/sky.py). Every field is
    optional: the time of day chooses well on its own."""
    clouds: Annotated[float, Field(ge=0, le=1)] | None = None
    """How much of the sky the clouds cover, 0 (clear) .. 1 (overcast);
    None: the time of day's own (clear at night)."""
    cloud_speed: Annotated[float, Field(ge=0, le=2)] = 1.0
    """How fast they drift, relative to the calm default (about 0.25 deg/s overhead)."""
    milky_way: bool | None = None
    """The faint band of the galaxy at night; None: at night only."""


class Terrain(Strict):
    kind: Literal["flat", "dunes", "hills", "valley", "mountains", "floor"] = "hills"
    size: Annotated[float, Field(ge=20, le=400)] = 160.0
    height: Annotated[float, Field(ge=0, le=80)] = 3.0
    roughness: Annotated[float, Field(ge=0, le=1)] = 0.5
    resolution: Annotated[int, Field(ge=16, le=192)] = 96


class Water(Strict):
    kind: Literal["sea", "lake", "stream", "pond", "fountain"]
    level: Annotated[float, Field(ge=-20, le=20)] = 0.0
    wave_height: Annotated[float, Field(ge=0, le=1.5)] = 0.15
    wave_speed: Annotated[float, Field(ge=0, le=2)] = 0.4
    position: Vec2 = (0.0, 40.0)
    size: Vec2 = (200.0, 120.0)
    colour: ColourRef = "water"
    glitter: Annotated[float, Field(ge=0, le=2)] = 1.0
    """How strongly the sun's (or moon's) path glitters on it; 0: none."""


FloraKind = Literal["grass", "flower", "tree", "pine", "palm", "bush", "reed", "rock", "fern", "shell", "driftwood"]


class Flora(Strict):
    kind: FloraKind
    count: Annotated[int, Field(ge=0, le=20000)]
    colour: ColourRef = "foliage"
    area: tuple[Annotated[float, Field(ge=-500, le=500)], Annotated[float, Field(ge=-500, le=500)],
                Annotated[float, Field(ge=-500, le=500)], Annotated[float, Field(ge=-500, le=500)]] = (
        -60.0, -20.0, 60.0, 80.0)
    """x_min, z_min, x_max, z_max in metres (z grows away from the seated camera)."""
    scale: Annotated[float, Field(gt=0, le=10)] = 1.0
    clear_radius: Annotated[float, Field(ge=0, le=100)] = 3.0
    """No flora this close to the camera's seat, so the view stays open."""
    clumps: Annotated[int, Field(ge=1, le=400)] | None = None
    """Gather the plants around this many spots in the area (dune grass in
    clumps, flowers in drifts) instead of spreading them evenly."""
    clump_radius: Annotated[float, Field(gt=0, le=30)] = 2.5
    """How far a clump's plants spread from its spot (metres, one standard deviation)."""


StructureKind = Literal[
    "room", "window", "fireplace", "lamp", "sofa", "armchair", "rug", "cushion",
    "bookshelf", "table", "wall", "fountain", "bench", "arch", "pergola", "cairn",
]


class Structure(Strict):
    kind: StructureKind
    position: Vec3 = (0.0, 0.0, 0.0)
    rotation: Annotated[float, Field(ge=-360, le=360)] = 0.0
    size: Vec3 | None = None
    colour: ColourRef | None = None


ParticleKind = Literal["fireflies", "leaves", "petals", "snow", "dust", "spray", "pollen", "stars"]


class Particles(Strict):
    kind: ParticleKind
    count: Annotated[int, Field(ge=0, le=5000)] = 200
    colour: ColourRef = "light"
    area: tuple[Annotated[float, Field(ge=-500, le=500)], Annotated[float, Field(ge=-500, le=500)],
                Annotated[float, Field(ge=-500, le=500)], Annotated[float, Field(ge=-500, le=500)]] = (
        -20.0, 2.0, 20.0, 40.0)
    height: tuple[Annotated[float, Field(ge=-50, le=200)], Annotated[float, Field(ge=-50, le=200)]] = (0.3, 4.0)


SoundLayer = Literal[
    "surf", "lake", "stream", "rain", "rain-window", "wind", "leaves", "birds",
    "crickets", "fire", "chimes", "pad", "fountain",
]


class Sound(Strict):
    layer: SoundLayer | None = None
    file: str | None = None
    gain: Annotated[float, Field(ge=-60, le=6)] = -12.0
    """Decibels relative to full level."""
    position: Vec3 | None = None

    @model_validator(mode="after")
    def _one_source(self) -> "Sound":
        if (self.layer is None) == (self.file is None):
            raise ValueError("give exactly one of 'layer' or 'file'")
        return self


Gaze = Literal["gentle", "warm", "steady", "beside"]
Quality = Literal["wisdom", "strength", "warmth", "acceptance"]


class Presence(Strict):
    form: Literal["light", "animal", "tree", "figure", "sky", "none"] = "light"
    animal: Literal["dog", "deer", "cat", "bird"] | None = None
    colour: ColourRef = "light"
    distance: Annotated[float, Field(ge=PRESENCE_DISTANCE.lo, le=PRESENCE_DISTANCE.hi)] = 8.0
    """The nearest it ever comes, in metres; the person sets it."""
    start_distance: Annotated[float, Field(ge=2, le=120)] = 25.0
    warmth: Annotated[float, Field(ge=PRESENCE_WARMTH.lo, le=PRESENCE_WARMTH.hi)] = 0.5
    size: Annotated[float, Field(ge=PRESENCE_SIZE.lo, le=PRESENCE_SIZE.hi)] = 1.0
    bearing: Annotated[float, Field(ge=-90, le=90)] = 15.0
    """Degrees from straight ahead (right positive) where it stands."""
    in_view: bool = True
    """False: it stays out of view (behind and to the side), felt rather than seen."""
    # the compassionate figure, as the person describes it in the builder
    called: Annotated[str, Field(max_length=40)] = ""
    """What the person calls it ('my guide', 'Grandma's dog'); empty: unnamed."""
    gaze: Gaze = "gentle"
    """How it looks at the person; 'beside' sits alongside, looking out with them."""
    qualities: Annotated[list[Quality], Field(max_length=4)] = []
    words: Annotated[list[Annotated[str, Field(min_length=1, max_length=160)]], Field(max_length=8)] = []
    """Things it would say, in the person's own words (shown in compassionate-other)."""


LightKind = Literal["orb", "lantern", "candle", "sunbeam", "reflection", "sun", "fireflies"]


class BreathLight(Strict):
    """The place's own breathing light: where the eyes rest, it grows and
    brightens as the breath comes in and settles as it goes out."""
    kind: LightKind = "orb"
    bearing: Annotated[float, Field(ge=-40, le=40)] = -6.0
    """Degrees from straight ahead (right positive); the presence's side is +."""
    distance: Annotated[float, Field(ge=1.5, le=60)] | None = None
    """Metres from the seat, along the ground; None: where the seated view's
    lower middle meets the ground (so it works in any place)."""
    height: Annotated[float, Field(ge=0, le=20)] = 0.5
    """Metres above the ground (or the floor, or the water) below it."""
    colour: ColourRef = "light"
    size: Annotated[float, Field(ge=0.3, le=4)] = 1.0


class Camera(Strict):
    mode: Literal["seated", "explore"] = "seated"
    position: Vec3 = (0.0, 1.2, 0.0)
    """x and z place the seat; y is eye height above the ground there (outdoors)
    or above the floor (indoors)."""
    yaw: Annotated[float, Field(ge=-360, le=360)] = 0.0
    """Degrees; 0 looks along +z."""
    pitch: Annotated[float, Field(ge=-45, le=45)] = -3.0
    drift: bool = True
    fov: Annotated[float, Field(ge=40, le=100)] = 70.0


class Fog(Strict):
    colour: ColourRef = "fog"
    start: Annotated[float, Field(ge=0, le=1000)] = 30.0
    end: Annotated[float, Field(ge=1, le=2000)] = 180.0


Words = Annotated[list[Annotated[str, Field(min_length=1, max_length=120)]], Field(max_length=12)]


SAYS_WHERE = {"above", "across", "along", "among", "at", "behind", "below", "beneath", "beside", "between",
              "by", "in", "inside", "near", "on", "over", "under", "underneath", "within"}
SAYS_WHOSE = {"a", "an", "the", "my", "our", "your", "his", "her", "their"}


def where_words(title: str, where: str | None = None) -> str:
    """How Haven says being in a place: its own ``where`` words, else 'in
    the' and its title ('in the flower meadow'). A title that already says
    where ('Above the clouds') is said as it is, and one that says whose
    ('My nan's kitchen', 'Nan's kitchen') after 'in' alone."""
    if where:
        return where
    first = title.split(" ", 1)[0]
    low = title.lower()   # 'Quiet Cove' -> 'in the quiet cove'
    if first.lower() in SAYS_WHERE:
        return low
    if first.lower() in SAYS_WHOSE:
        return f"in {low}"
    if first.endswith(("'s", "\u2019s")):
        return f"in {title}"
    return f"in the {low}"


class Place(Strict):
    name: Name
    title: Annotated[str, Field(min_length=1, max_length=80)]
    where: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    """How Haven says being there ('on the golden beach'); by default 'in the'
    and the title (`where_words`)."""
    description: Annotated[str, Field(max_length=400)] = ""
    time_of_day: TimeOfDay = "day"
    palette: Palette
    terrain: Terrain = Terrain()
    sky: Sky = Sky()
    water: Water | None = None
    flora: Annotated[list[Flora], Field(max_length=32)] = []
    structures: Annotated[list[Structure], Field(max_length=64)] = []
    particles: Annotated[list[Particles], Field(max_length=8)] = []
    sounds: Annotated[list[Sound], Field(max_length=16)] = []
    presence: Presence = Presence()
    breath_light: BreathLight = BreathLight()
    smells: Words = []
    touch: Words = []
    camera: Camera = Camera()
    fog: Fog = Fog()
    light_strength: Annotated[float, Field(ge=0.2, le=2)] = 1.0
    breath_sea: bool = False
    """Surf or lapping water swells with the breathing light while the pacer is on."""
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 1

    @property
    def indoor(self) -> bool:
        return any(s.kind == "room" for s in self.structures)

    @property
    def where_said(self) -> str:
        """'in the flower meadow', 'above the clouds': see `where_words`."""
        return where_words(self.title, self.where)

    def flora_count(self) -> int:
        return sum(f.count for f in self.flora)
