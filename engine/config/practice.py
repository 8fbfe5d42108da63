"""The practice model: a guided practice as timed segments with cues.

A practice file is YAML (see narration/*.yaml). Each segment shows its
caption lines for `duration` seconds, or is a silent `pause`; cues fire at
`at` seconds into their segment. Cross-field rules (a cue inside its
segment, unique segment ids) are checked by the loader, so their problems
point at the exact field.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from engine.config.errors import show
from engine.config.place import Name, Strict

CueAction = Literal[
    "sounds.focus", "sounds.fade", "light.warm", "light.soften",
    "presence.invite", "presence.appear", "presence.approach", "presence.welcome", "presence.retreat",
    "colour.choose", "colour.spread", "colour.fade", "colours.lift", "camera.explore", "camera.still",
    "breath.on", "breath.off", "ground", "ladder.step", "letter.write",
]
"""What each cue does (args in brackets, all optional):
sounds.focus [layers, seconds]  chosen layers (default: all but the pad) come forward, the rest recede
sounds.fade [to_db, seconds]    the whole bed glides to to_db (default -10) over seconds (>= 2)
light.warm / light.soften [amount, seconds]   the place's light warms / settles (amount 0..1)
colours.lift [amount, seconds]  the place's colours come up a little (the sight moment)
presence.invite                 company is offered: it comes only if the person says yes (Y), or chose it beforehand
presence.appear / .approach / .welcome / .retreat   the presence (see the place's presence); held until the
                                person has said yes (settings: presence_comes 'ask'), never with 'never'
colour.choose                   the app offers the colour picker (renders use the chosen colour)
colour.spread / colour.fade     the compassionate colour gathers and breathes / fades away
camera.explore / camera.still   invite walking about (never forced) / back to the seat
breath.on [rate] / breath.off   the breathing light starts (at rate, breaths a minute) / settles
ladder.step [step]              the imagery ladder glides to step 0-4 (full, soft, mist, sound only, eyes closed)
ground                          the calm return: light and sound fade to a quiet room tone
letter.write                    the app opens the writing page over the place (the clock waits while the person writes)
"""
Seconds = Annotated[float, Field(gt=0, le=3600)]


def _lines(value: object) -> object:
    """A string is split into caption lines; blank lines are dropped."""
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


Caption = Annotated[str, Field(min_length=1, max_length=300)]
Text = Annotated[list[Caption], Field(max_length=40), BeforeValidator(_lines)]
_SCALARS = (str, int, float, bool, type(None))


def _plain_args(args: dict[str, Any]) -> dict[str, Any]:
    """Cue arguments are plain values or lists of them (no nested mappings)."""
    for key, value in args.items():
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, _SCALARS) for v in items):
            raise ValueError(f"'{key}' must be a number, text, true/false or a list of those")
    return args


Args = Annotated[dict[str, Any], Field(max_length=16), AfterValidator(_plain_args)]


class Cue(Strict):
    at: Annotated[float, Field(ge=0, le=3600)]
    """Seconds into the segment."""
    do: CueAction
    args: Args = {}


class Segment(Strict):
    id: Name
    text: Text = []
    words: Literal["smells", "touch", "presence"] | None = None
    """Add the place's own words: its smells or touch as a last caption line, or
    the presence's words (what the person's compassionate figure would say)."""
    duration: Seconds | None = None
    pause: Seconds | None = None
    """A silent segment: this many seconds with no caption or voice."""
    voice: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    cues: Annotated[list[Cue], Field(max_length=64)] = []
    eyes_closed: Annotated[dict[Annotated[int, Field(ge=0, le=39)], Caption], Field(max_length=40)] = {}
    """Lines said instead at the imagery ladder's "sound only" and "eyes closed"
    steps, by line number from 0: a line that asks to look becomes one that
    listens or feels ('let your eyes wander over the colours' -> 'let your
    attention wander over the sounds')."""
    only: Annotated[list[Name], Field(min_length=1, max_length=8)] | None = None
    """This segment plays only when the person chose one of these options
    (the practice's `choose`); without it, it always plays."""

    @model_validator(mode="after")
    def _one_length(self) -> "Segment":
        if (self.duration is None) == (self.pause is None):
            raise ValueError("give exactly one of 'duration' or 'pause' (seconds)")
        return self

    @property
    def length(self) -> float:
        """Seconds this segment lasts."""
        return float(self.duration if self.duration is not None else self.pause)


from engine.config.ranges import BREATH_RATE  # noqa: E402

MIN_BPM, MAX_BPM = BREATH_RATE.lo, BREATH_RATE.hi
_BREATH_RULE = f"allowed: {MIN_BPM:g} to {MAX_BPM:g} breaths a minute, a breath of {60 / MAX_BPM:g} to {60 / MIN_BPM:g} s"
Part = Annotated[float, Field(ge=0, le=20)]


class BreathPattern(Strict):
    """One breath in seconds; its length sets the rate (3-12 breaths a minute)."""
    inhale: Annotated[float, Field(gt=0, le=20)]
    hold: Part = 0.0
    exhale: Annotated[float, Field(gt=0, le=20)]
    rest: Part = 0.0

    @model_validator(mode="after")
    def _in_range(self) -> "BreathPattern":
        period = self.inhale + self.hold + self.exhale + self.rest
        rate = 60.0 / period
        if not MIN_BPM - 1e-9 <= rate <= MAX_BPM + 1e-9:
            raise ValueError(f"a breath of {period:g} s is {rate:.3g} breaths a minute ({_BREATH_RULE})")
        return self

    @property
    def rate(self) -> float:
        return 60.0 / (self.inhale + self.hold + self.exhale + self.rest)


def _ratio(value: object) -> object:
    """'4:6' (in:out), '4:1:5' (in:hold:out) or '4:1:5:0' (in:hold:out:rest)
    -> four numbers; anything else is refused with the forms allowed."""
    forms = "allowed: 'in:out', 'in:hold:out' or 'in:hold:out:rest', e.g. '4:6' or '4:1:5'"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"{show(value)} is a single number ({forms})")
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        value = ":".join(f"{v:g}" for v in value)
    if not isinstance(value, str):
        return value
    given = show(value)   # clipped: a hostile file may hold a megabyte here
    parts = [p.strip() for p in value.split(":")]
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"{given} is not numbers joined by ':' ({forms})") from None
    if not 2 <= len(nums) <= 4:
        raise ValueError(f"{given} has {len(nums)} part{'s' if len(nums) != 1 else ''} ({forms})")
    if len(nums) == 2:
        nums = [nums[0], 0.0, nums[1], 0.0]
    nums += [0.0] * (4 - len(nums))
    if any(not (n == n and abs(n) != float("inf")) or n < 0 for n in nums) or nums[0] <= 0 or nums[2] <= 0:
        raise ValueError(f"{given} needs in and out above 0 and no negative parts ({forms})")
    return tuple(nums)


Ratio = Annotated[tuple[float, float, float, float], BeforeValidator(_ratio)]


class Breath(Strict):
    """The practice's breathing pacer; the person's settings may override it.

    The rhythm is given one of three ways: a `rate` (breaths a minute, with
    the default shape: 4 in, 1 hold, 5 out at 6 a minute), a `rate` and a
    `ratio` ('4:6' in:out, or '4:1:5' in:hold:out), or a `pattern` in seconds
    ({inhale, hold, exhale, rest}), whose length sets the rate. Always 3-12
    breaths a minute."""
    rate: Annotated[float, Field(ge=BREATH_RATE.lo, le=BREATH_RATE.hi)] = 6.0
    """Target breaths a minute (from the pattern when one is given)."""
    ratio: Ratio | None = None
    """in:hold:out:rest proportions of each breath at `rate`."""
    pattern: BreathPattern | None = None
    """One breath in seconds; sets the rate itself."""
    start_rate: Annotated[float, Field(ge=BREATH_RATE.lo, le=BREATH_RATE.hi)] | None = None
    """Where the ramp starts; default the person's natural rate, else 10."""
    ramp: Annotated[float, Field(ge=0, le=900)] = 120.0
    """Seconds to glide from the start rate to the target."""
    on: bool = False
    """Whether the light breathes from the start (else from a breath.on cue)."""

    @model_validator(mode="after")
    def _one_rhythm(self) -> "Breath":
        if self.pattern is not None:
            if "rate" in self.model_fields_set:
                raise ValueError("give 'rate' or 'pattern', not both (a pattern's length sets its rate)")
            if self.ratio is not None:
                raise ValueError("give 'ratio' or 'pattern', not both (a pattern already has its proportions)")
            # frozen model: the pattern's rate becomes `rate`, so every reader sees the real target
            object.__setattr__(self, "rate", self.pattern.rate)
        return self

    def shape(self) -> tuple[float, float, float, float]:
        """in, hold, out, rest proportions (any scale) of one breath."""
        if self.pattern is not None:
            p = self.pattern
            return (p.inhale, p.hold, p.exhale, p.rest)
        return tuple(self.ratio) if self.ratio is not None else (4.0, 1.0, 5.0, 0.0)


Words = Annotated[dict[Annotated[str, Field(pattern=r"^[a-z][a-z_]{0,19}$")], Caption], Field(max_length=8)]


class Option(Strict):
    id: Name
    label: Annotated[str, Field(min_length=1, max_length=60)]
    """How the option is offered ('the anxious self')."""
    words: Words = {}
    """What each {placeholder} in the practice's lines becomes for this option."""


class Choose(Strict):
    """Something the person chooses before the practice begins (remembered):
    the practice's lines fill in the chosen option's words, and segments with
    `only` play for their options alone."""
    ask: Annotated[str, Field(min_length=1, max_length=120)]
    options: Annotated[list[Option], Field(min_length=2, max_length=6)]


class CheckIn(Strict):
    """A question with a few answers offered after the practice, kept with
    its record ('which circle feels biggest today?')."""
    ask: Annotated[str, Field(min_length=1, max_length=120)]
    options: Annotated[list[Option], Field(min_length=2, max_length=6)]


class Practice(Strict):
    name: Name
    title: Annotated[str, Field(min_length=1, max_length=80)]
    description: Annotated[str, Field(max_length=400)] = ""
    summary: Annotated[str, Field(max_length=90)] = ""
    """One line for the home screen's list of practices."""
    duration: Annotated[float, Field(gt=0, le=7200)] | None = None
    """The nominal length shown to people; the segments set the real one."""
    breath: Breath = Breath()
    kind: Literal["practice", "reading"] = "practice"
    """A reading (a programme week's few words, shown in the place and spoken)
    asks no questions before or after and has no check-in."""
    warm: bool = True
    """A warm practice (compassion given or received): the questions after
    also ask about unease or an urge to stop, and warmth felt."""
    choose: Choose | None = None
    check_in: CheckIn | None = None
    asks_settled: bool = False
    """The person may press Space when they feel settled; the time is kept
    with the record ('calm within three minutes' is a common goal)."""
    segments: Annotated[list[Segment], Field(min_length=1, max_length=100)]

    def option(self, chosen: str | None) -> Option | None:
        """The option chosen (the first when none or an unknown one is given)."""
        if self.choose is None:
            return None
        return next((o for o in self.choose.options if o.id == chosen), self.choose.options[0])

    def gentle(self) -> "Practice":
        """The practice on the gentle route (for people who find warmth hard):
        eyes open welcome from the start; before each warm moment a pause to
        notice, with permission to go slower or stop; the light's warmth half
        as strong; the silences beside warm moments 40 % shorter. Company
        still comes only when asked. A practice that is not warm is left as it is."""
        if not self.warm:
            return self
        out = []
        for i, seg in enumerate(self.segments):
            update: dict = {}
            if seg.pause is not None and any(_is_warm(s) for s in self.segments[max(i - 1, 0):i + 1]):
                update["pause"] = round(max(seg.pause * GENTLE_PAUSE, 4.0), 1)
            elif seg.duration is not None and (i == 0 or _is_warm(seg)):
                line = EYES_OPEN if i == 0 else PAUSE_AND_NOTICE
                update.update(text=[*seg.text, line] if i == 0 else [line, *seg.text],
                              duration=seg.duration + GENTLE_LINE_S,
                              cues=seg.cues if i == 0 else [_gentler(c, GENTLE_LINE_S) for c in seg.cues])
            out.append(seg.model_copy(update=update) if update else seg)
        return self.model_copy(update={"segments": out})

    def chosen(self, option: str | None) -> "Practice":
        """The practice as it plays for this option: its segments for that
        option only, and every {placeholder} filled with the option's words."""
        picked = self.option(option)
        if picked is None:
            return self
        segments = [seg.model_copy(update={"text": [_fill(line, picked.words) for line in seg.text]})
                    for seg in self.segments if seg.only is None or picked.id in seg.only]
        return self.model_copy(update={"segments": segments})

    def played(self, option: str | None = None, gently: bool = False, eyes_closed: bool = False) -> "Practice":
        """The practice as a session or a file plays it for a person's choices,
        in one order: its option's segments and words (the first option when
        none or an unknown one is given), the gentle route (warm practices
        only), the lines for closed eyes."""
        practice = self.chosen(option) if self.choose is not None else self
        if gently and practice.warm:
            practice = practice.gentle()
        return practice.unseen() if eyes_closed else practice

    def unseen(self) -> "Practice":
        """The practice as said at the ladder's sound-only and eyes-closed
        steps: each line that asks to look replaced by its `eyes_closed` line."""
        if not any(seg.eyes_closed for seg in self.segments):
            return self
        out = [seg.model_copy(update={"text": [seg.eyes_closed.get(j, line) for j, line in enumerate(seg.text)]})
               if seg.eyes_closed else seg for seg in self.segments]
        return self.model_copy(update={"segments": out})

    @property
    def length(self) -> float:
        """Seconds the whole practice lasts (sum of its segments)."""
        return sum(s.length for s in self.segments)


WARM_CUES = {"light.warm", "presence.approach", "presence.welcome", "colour.spread"}
PAUSE_AND_NOTICE = "First, pause and notice how you are. You can go slower, or stop, whenever you like."
EYES_OPEN = "Keeping your eyes open is just as good. Let them rest softly wherever they like."
GENTLE_LINE_S = 8.0
GENTLE_PAUSE = 0.6
"""The gentle route: each added line's seconds; silences near warm moments this much shorter."""


def _gentler(cue: Cue, later: float) -> Cue:
    """A warm cue on the gentle route: after the pause to notice, and a light's warmth half as strong."""
    args = dict(cue.args)
    if cue.do == "light.warm":
        args["amount"] = round(float(args.get("amount", 0.5)) * 0.5, 3)
    return cue.model_copy(update={"at": cue.at + later, "args": args})


def _is_warm(seg: Segment) -> bool:
    return any(c.do in WARM_CUES for c in seg.cues)


def _fill(line: str, words: dict[str, str]) -> str:
    for key, value in words.items():
        line = line.replace("{" + key + "}", value)
    return line


_PLACEHOLDER = re.compile(r"\{([a-z][a-z_]{0,19})\}")


def _choice_checks(practice: Practice) -> list[tuple[tuple[str | int, ...], str]]:
    """Every {placeholder} has words in every option; every `only` names an option."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    options = practice.choose.options if practice.choose else []
    ids = [o.id for o in options]
    for i, seg in enumerate(practice.segments):
        for j, line in enumerate(seg.text):
            for key in _PLACEHOLDER.findall(line):
                missing = [o.id for o in options if key not in o.words]
                if not options or missing:
                    out.append((("segments", i, "text", j), f"{{{key}}} has no words"
                                + (f" in option {', '.join(missing)}" if options else "")
                                + " (allowed: a placeholder every option of 'choose' gives words for)"))
        for j, only in enumerate(seg.only or []):
            if only not in ids:
                out.append((("segments", i, "only", j), f"'{only}' is not an option (allowed: "
                            + (", ".join(ids) if ids else "none: the practice has no 'choose'") + ")"))
    return out


def cross_checks(practice: Practice) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) for rules spanning several fields."""
    out: list[tuple[tuple[str | int, ...], str]] = _choice_checks(practice)
    seen: set[str] = set()
    for i, seg in enumerate(practice.segments):
        if seg.id in seen:
            out.append((("segments", i, "id"), f"'{seg.id}' is used twice (allowed: a different id per segment)"))
        seen.add(seg.id)
        for j in seg.eyes_closed:
            if j >= len(seg.text):
                out.append((("segments", i, "eyes_closed", j), f"line {j} does not exist (allowed: 0 to "
                            f"{len(seg.text) - 1}, the segment's text lines counted from 0)"))
        for j, cue in enumerate(seg.cues):
            if cue.at > seg.length:
                out.append((("segments", i, "cues", j, "at"),
                            f"{cue.at:g} is after the segment ends (allowed: 0 to {seg.length:g})"))
    return out

