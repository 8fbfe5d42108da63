"""The director: one practice, one pacer, one set of cue channels (pure).

Each frame the app or the renderer calls `advance(t)` with the session
clock's time; the director fires every cue, caption and breath stage whose
time has come (writing them to the event log) and `state(t)` returns every
value the world, the sound and the captions read for that moment. Nothing
here keeps time of its own, and nothing imports Ursina.

Without a practice the director still runs: the place plays, the breathing
light is off, and the calm way out (`ground`) still works.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.core.breath import Pacer, Pattern
from engine.core.channels import Channel
from engine.config.practice import Practice
from engine.config.ranges import BREATH_RATE
from engine.config.settings import Settings, SettingsOwner
from engine.core.events import EventLog
from engine.core.pacer_guide import STYLE_GLIDE, STYLES
from engine.core.timeline import GAP, Caption, Timeline, build_timeline, line_seconds

FADE = 0.8            # s a caption takes to fade in or out
GROUND_SECONDS = 16.0  # the calm way out: light and sound settle over this long
GROUND_BED_DB = -24.0  # ... the place's own sound recedes to this, under the room tone
SAT_LIFT = 0.35        # colours.lift at amount 1: the view's saturation x1.35 (the sight moment)
INVITE_SECONDS = 25.0  # camera.explore: the invitation to walk shows this long, then fades
BREATH_SWELL_DB = 1.5  # breath_sound: the bed swells this much (peak to trough) with the breath
GROUND_WORDS = (
    "Let the place grow quiet and soft now.",
    "Feel the weight of your body, held by what is beneath you.",
    "Notice the sounds of the room around you.",
    "When you are ready, let your eyes open to the room. Take your time.",
)


@dataclass(frozen=True)
class SceneState:
    """Everything the world, the mixer and the captions need at time t."""
    t: float
    segment: str | None
    caption: str | None
    caption_alpha: float
    breath_level: float        # 0..1 the pacer's level
    breath_amount: float       # 0..1 how much the breathing shows (glides on/off)
    breath_stage: str | None
    key_gain: float
    ambient_gain: float
    tint: tuple[float, float, float]   # multiplies the key light's colour
    halo: float                # 0..1 the soft edge glow
    bed_db: float              # whole soundscape, dB
    focus: float               # 0..1 how far the chosen layers are forward
    focus_layers: tuple[str, ...] | None
    colour: float              # 0..1 the compassionate colour gathered
    colour_fill: float         # 0..1 how far it has spread through the body
    ground: float              # 0..1 the calm return
    explore_invited: bool
    ladder: float = 0.0        # the imagery ladder, 0 full scene .. 4 eyes closed (glides)
    presence: dict[str, float] = field(default_factory=dict)
    invite: float = 0.0        # 0..1 the invitation to walk about (camera.explore), fading in and out
    asked: float = 0.0         # 0..1 company offered (presence.invite), waiting for the person's yes
    room: float = 0.0          # 0..1 the quiet room tone the calm way out settles into
    saturation: float = 1.0    # the view's colour saturation (colours.lift: a little richer)
    guide: dict[str, float] = field(default_factory=dict)
    """How much each breathing guide shows (0..1, its strength; a change glides):
    'place' (the place's own light), 'bloom', 'tide'. See core/pacer_guide.py."""


def _arg(args: dict[str, Any], key: str, default: float) -> float:
    value = args.get(key, default)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


class Director:
    def __init__(self, practice: Practice | None = None, place=None, settings: Settings | SettingsOwner | None = None,
                 log: EventLog | None = None, voice: dict[str, list[float | None]] | None = None):
        # the person's settings have one owner (the window's); a bare Settings gets one that never saves
        self.prefs = settings if isinstance(settings, SettingsOwner) else SettingsOwner(settings, keep=False)
        self.place = place
        self.log = log or EventLog()
        self.timeline: Timeline | None = build_timeline(practice, place, voice) if practice else None
        self.pacer = self._pacer(practice)
        self.ch = {name: Channel(v) for name, v in
                   (("breath", 0.0), ("light", 0.0), ("lift", 0.0), ("bed", 0.0), ("focus", 0.0),
                    ("colour", 0.0), ("ground", 0.0), ("near", 0.0), ("seen", 0.0), ("welcome", 0.0),
                    ("pwarm", self._presence_warmth()), ("ladder", float(self.settings.ladder_step)))}
        self.ch.update(invite=Channel(0.0), room=Channel(0.0), asked=Channel(0.0),
                       halo_on=Channel(1.0 if self.settings.breath_halo else 0.0),
                       swell=Channel(1.0 if self.settings.breath_sound else 0.0))
        self.ch.update({f"guide_{style}": Channel(self._guide_weight(style)) for style in STYLES})
        self.focus_layers: tuple[str, ...] | None = None
        self.still_at: float | None = None   # the last camera.still: the app glides back to the seat
        self.colour_started: float | None = None
        self.explore_invited = False
        self.presence_agreed = self.settings.presence_comes == "always"
        """The person said yes to company (or chose it beforehand): presence cues take effect."""
        self.held_presence: tuple[str, ...] = ()
        self.voiced: set[tuple[str, int]] = set()
        """(segment, line) of the lines a voice can say: at the ladder's sound-only
        and eyes-closed steps their captions fade away (engine/core/ladder.py)."""
        """Presence cues that came before the person said yes (they play, gently, if yes comes)."""
        self.wants_colour = False   # the practice asks the app to offer the colour picker
        self.wants_letter = False   # the practice asks the app to open the letter's writing page
        self.ground_started: float | None = None
        self.breath_wanted = bool(practice is not None and practice.breath.on)
        """Whether the practice asks for the breathing light now (shown only while pacing is on)."""
        self.extra_captions: list[Caption] = []
        self._facts: list[tuple[float, dict[str, Any]]] = []   # (t, values) the cues set: a seek back replays them
        self._first = {k: getattr(self, k) for k in _FACTS}
        self._quiet = False
        self._cursor = -1e-9
        self._frame = 0.0
        if practice is not None and practice.breath.on:
            self.ch["breath"].to(0.0, 1.0 if self.settings.pacing else 0.0, 0.0)

    @property
    def settings(self) -> Settings:
        return self.prefs.value

    @settings.setter
    def settings(self, value: Settings) -> None:
        self.prefs.value = value

    def _pacer(self, practice: Practice | None) -> Pacer:
        s = self.settings
        target = s.breath_rate or (practice.breath.rate if practice else 6.0)
        start = practice.breath.start_rate if practice and practice.breath.start_rate else None
        if start is None and s.natural_rate is not None:
            start = BREATH_RATE.hold(s.natural_rate)
        ramp = practice.breath.ramp if practice else 0.0
        shape = practice.breath.shape() if practice else (4.0, 1.0, 5.0, 0.0)
        return Pacer(Pattern.from_rate(target, shape), start_rate=start if start else max(target, 10.0) if ramp else target,
                     ramp=ramp)

    # -- the clock moves ---------------------------------------------
    def advance(self, t: float) -> list[dict]:
        """Fire everything scheduled in (last t, t]; returns the new events."""
        before = len(self.log.events)
        self._frame = t
        lo = self._cursor
        if t <= lo:
            return []
        self._fire(lo, t)
        if self.ground_started is not None and lo < self.ground_started + GROUND_SECONDS <= t:
            self._emit(self.ground_started + GROUND_SECONDS, "ground.settled")
        if self.ch["breath"].at(t) > 0 or self.ch["breath"].target > 0:
            for when, stage in self.pacer.stage_changes(lo, t):
                if self.ch["breath"].at(when) > 0.01 and self.settings.pacing:
                    self._emit(when, "breath.stage", stage=stage)
        self._cursor = t
        return self.log.events[before:]

    def _fire(self, lo: float, t: float) -> None:
        tl = self.timeline
        captions = (tl.captions if tl else []) + self.extra_captions
        marks: list[tuple[float, int, str, Any]] = []
        marks += [(c.end, 1, "hide", c) for c in captions if lo < c.end <= t]
        marks += [(c.start, 3, "show", c) for c in captions if lo < c.start <= t]
        if tl is not None:
            marks += [(s.start, 0, "segment", s) for s in tl.slots if lo < s.start <= t]
            marks += [(c.t, 2, "cue", c) for c in tl.cues if lo < c.t <= t]
            if lo < tl.length <= t:
                marks.append((tl.length, 4, "end", None))
        for when, _, kind, item in sorted(marks, key=lambda m: (m[0], m[1])):
            if kind == "segment":
                self._emit(when, "segment.start", id=item.id)
            elif kind == "show" and self.settings.captions:
                self._emit(when, "caption.show", text=item.text, segment=item.segment)
            elif kind == "hide" and self.settings.captions:
                self._emit(when, "caption.hide", text=item.text, segment=item.segment)
            elif kind == "cue":
                self._emit(when, "cue", do=item.do, segment=item.segment, **({"args": item.args} if item.args else {}),
                           **({"carried": True} if item.carried else {}))
                self.apply(item.do, item.args, when, segment_end=tl.segment_at(when).end)
            elif kind == "end":
                self._emit(when, "practice.end")

    def _emit(self, t: float, kind: str, **fields: Any) -> None:
        if not self._quiet:
            self.log.emit(t, kind, frame=round(self._frame, 4), **fields)

    def _set(self, t: float, **values: Any) -> None:
        """Set director values a cue or key changes at time t (kept, so that
        a seek back can put them as they were)."""
        self._facts.append((t, values))
        for k, v in values.items():
            setattr(self, k, v)

    # -- seek ------------------------------------------------------------
    def seek(self, t: float) -> None:
        """Move the practice to time t, forward or back. Afterwards every
        value - the segment, the caption, the light, sound and presence
        channels, the breath - is what playing straight to t gives.

        Forward, what lies between takes effect at its own times (cues land
        where they were due) without each being logged; back, every
        instruction given after t is forgotten (channels and the pacer replay
        what was said up to t). The person's changes to the schedule (skip,
        extend, the way out's jump to the return) stay. Logged as one `seek`
        event, with caption.hide / caption.show so the log's captions pair up;
        what falls exactly at t fires with the next `advance(t)`."""
        t = float(t)
        was, to = self._cursor, t - 1e-9
        old = self._open_caption(was)
        if to < was:
            for ch in self.ch.values():
                ch.rewind(to)
            self.pacer.rewind(to)
            for k, v in self._first.items():
                setattr(self, k, v)
            self._facts = [(when, vals) for when, vals in self._facts if when <= to]
            for _, vals in self._facts:
                for k, v in vals.items():
                    setattr(self, k, v)
        elif to > was:
            self._quiet = True
            try:
                self._fire(was, to)
            finally:
                self._quiet = False
        self._cursor, self._frame = to, t
        new = self._open_caption(to)
        tl = self.timeline
        self._emit(t, "seek", **{"from": round(max(was, 0.0), 4)},
                   **({"segment": tl.segment_at(t).id} if tl else {}),
                   **({"stage": self.pacer.stage(t)} if self.ch["breath"].at(t) > 0.01 and self.settings.pacing else {}))
        if self.settings.captions and old is not new:
            if old is not None:
                self._emit(t, "caption.hide", text=old.text, segment=old.segment)
            if new is not None:
                self._emit(t, "caption.show", text=new.text, segment=new.segment)

    def _open_caption(self, t: float) -> Caption | None:
        """The caption the log has shown and not yet hidden at cursor t."""
        every = (self.timeline.captions if self.timeline else []) + self.extra_captions
        return next((c for c in every if c.start <= t < c.end), None)

    # -- cues ---------------------------------------------------------
    def apply(self, do: str, args: dict[str, Any], t: float, segment_end: float | None = None) -> None:
        """Start a cue's effect at time t (from the practice or a key)."""
        ch = self.ch
        ramp = _arg(args, "seconds", 0.0)
        if do == "breath.on":
            if "rate" in args:
                self.pacer.set_rate(t, _arg(args, "rate", 6.0), glide=8.0)
            self._set(t, breath_wanted=True)
            ch["breath"].to(t, 1.0 if self.settings.pacing else 0.0, 4.0)
        elif do == "breath.off":
            self._set(t, breath_wanted=False)
            ch["breath"].to(t, 0.0, 5.0)
        elif do in ("light.warm", "light.soften"):
            sign = 1.0 if do == "light.warm" else -1.0
            ch["light"].to(t, sign * min(_arg(args, "amount", 0.5 if sign > 0 else 0.3), 1.0), ramp or 6.0)
        elif do == "colours.lift":
            self._hold(ch["lift"], t, min(_arg(args, "amount", 0.5), 1.0), ramp or 5.0, segment_end)
        elif do == "sounds.focus":
            layers = args.get("layers", args.get("layer"))
            layers = [layers] if isinstance(layers, str) else layers
            self._set(t, focus_layers=tuple(str(x) for x in layers) if isinstance(layers, list) else None)
            self._hold(ch["focus"], t, 1.0, 3.5, segment_end)
        elif do == "sounds.fade":   # never back up over the calm way out's level
            to_db = _arg(args, "to_db", -10.0)
            ch["bed"].to(t, to_db if self.ground_started is None else min(to_db, GROUND_BED_DB), max(ramp or 4.0, 2.0))
        elif do == "colour.spread":
            self._set(t, colour_started=t if self.colour_started is None else self.colour_started)
            ch["colour"].to(t, 1.0, ramp or 12.0)
        elif do == "letter.write":
            self.wants_letter = True
        elif do == "colour.choose":
            self.wants_colour = True
        elif do == "colour.fade":
            ch["colour"].to(t, 0.0, ramp or 8.0)
        elif do == "camera.explore":   # an invitation only: the person chooses (Tab)
            self._set(t, explore_invited=True)
            ch["invite"].to(t, 1.0, 2.0)
            ch["invite"].to(t + INVITE_SECONDS, 0.0, 3.0, said=t)
        elif do == "camera.still":     # back to the seat: the app glides there, gently
            self._set(t, explore_invited=False, still_at=t)
            ch["invite"].to(t, 0.0, 2.0)
        elif do.startswith("presence."):
            self._presence(do.split(".", 1)[1], t)
        elif do == "ladder.step":
            self.set_ladder(t, int(_arg(args, "step", self.ch["ladder"].target)), source="practice")
        elif do == "ground":
            self.ground(t, from_cue=True)

    def breath_option(self, t: float, name: str, on: bool) -> None:
        """The person turns the halo (`breath_halo`) or the sound's swell
        (`breath_sound`) on or off: it glides there over 3 s, never snaps;
        breath words (`breath_captions`) just show or not."""
        if getattr(self.settings, name) != bool(on):
            self.settings = self.settings.model_copy(update={name: bool(on)})
        channel = {"breath_halo": "halo_on", "breath_sound": "swell"}.get(name)
        if channel is not None:
            self.ch[channel].to(t, 1.0 if on else 0.0, 3.0)
        self._emit(t, "breath.option", what=name, on=bool(on))

    def _guide_weight(self, style: str) -> float:
        s = self.settings
        return s.pacer_strength if s.pacer_style == style else 0.0

    def set_guide(self, t: float, style: str | None = None, strength: float | None = None) -> None:
        """The person's breathing guide (the place's light, a bloom, a tide
        line or none) and its strength: the old fades as the new comes, over
        STYLE_GLIDE seconds. Logged as `breath.guide`."""
        update = {k: v for k, v in (("pacer_style", style), ("pacer_strength", strength)) if v is not None}
        if update:
            self.settings = self.settings.model_copy(update=update)
        for name in STYLES:
            self.ch[f"guide_{name}"].to(t, self._guide_weight(name), STYLE_GLIDE)
        self._emit(t, "breath.guide", style=self.settings.pacer_style, strength=self.settings.pacer_strength)

    def set_pacing(self, t: float, on: bool) -> None:
        """The breathing light on or off by the person's choice: it settles
        over 5 s, and comes back over 4 s whenever the practice (or a place
        with no practice) would show it now."""
        if self.settings.pacing != bool(on):
            self.settings = self.settings.model_copy(update={"pacing": bool(on)})
        wanted = self.breath_wanted or (self.timeline is None and self.ground_started is None)
        if on and wanted:
            self.ch["breath"].to(t, 1.0, 4.0)
        elif not on:
            self.ch["breath"].to(t, 0.0, 5.0)
        self._emit(t, "breath.pacing", on=bool(on))

    def _hold(self, channel: Channel, t: float, value: float, ramp: float, end: float | None) -> None:
        """Glide to value now, and back to 0 as the segment ends."""
        channel.to(t, value, ramp)
        if end is not None and end - ramp > t + ramp:
            channel.to(end - ramp, 0.0, ramp, said=t)

    def _presence(self, what: str, t: float) -> None:
        ch = self.ch
        if what == "invite":
            if self.settings.presence_comes == "ask" and not self.presence_agreed:
                ch["asked"].to(t, 1.0, 2.0)
                ch["asked"].to(t + INVITE_SECONDS, 0.0, 3.0, said=t)
            return
        if not self.presence_agreed:   # nothing comes unasked: held until yes (never, with 'never')
            if self.settings.presence_comes == "ask" and what != "retreat":
                self._set(t, held_presence=self.held_presence + (what,))
            return
        if what == "appear":
            ch["seen"].to(t, 1.0, 6.0)
        elif what == "approach":
            ch["seen"].to(t, 1.0, 6.0)
            ch["near"].to(t, 1.0, 25.0)
        elif what == "welcome":
            ch["welcome"].to(t, 1.0, 5.0)
        elif what == "retreat":
            ch["welcome"].to(t, 0.0, 5.0)
            ch["near"].to(t, 0.0, 12.0)

    def presence_yes(self, t: float) -> bool:
        """The person said yes to company (Y): what the practice has already
        asked of the presence happens now, at its own slow pace. Logged as
        `presence.yes`; False when it had already been said."""
        if self.presence_agreed or self.settings.presence_comes == "never":
            return False
        held = self.held_presence
        self._set(t, presence_agreed=True, held_presence=())
        self.ch["asked"].to(t, 0.0, 2.0)
        self._emit(t, "presence.yes", held=list(held))
        for what in held:
            self._presence(what, t)
        return True

    def _presence_warmth(self) -> float:
        """The person's warmth for this place's presence (x0.35 while sent back)."""
        if self.place is None:
            return 0.5
        choice = self.settings.presence_for(self.place.name)
        w = self.place.presence.warmth if choice.warmth is None else choice.warmth
        return w * (0.35 if choice.away else 1.0)

    def presence_here(self, t: float) -> None:
        """The presence is already where the person set it (the builder's view
        just rebuilt after a change); it fades in over two seconds, never pops."""
        self.ch["near"].to(t, 1.0, 0.0)
        self.ch["seen"].to(t, 1.0, 2.0)

    def presence_titrated(self, t: float, warmth: float, away: bool = False) -> None:
        """The person changed the presence's warmth (or sent it back): the
        place's own answer (a 'sky' presence) glides to it over 3 s."""
        self.ch["pwarm"].to(t, warmth * (0.35 if away else 1.0), 3.0)

    def _sky(self, ch: dict[str, float]) -> tuple[float, float]:
        """A 'sky' presence: the place itself answers instead of a figure.
        (how much, 0..1; how much of that is the welcome)."""
        if self.place is None or self.place.presence.form != "sky":
            return 0.0, 0.0
        warmth = 0.4 + 0.6 * ch["pwarm"]
        seen = ch["seen"]
        return seen * (0.3 + 0.3 * ch["near"] + 0.4 * ch["welcome"]) * warmth, seen * ch["welcome"] * warmth

    def ground(self, t: float, from_cue: bool = False) -> None:
        """The calm way out: over GROUND_SECONDS (16 s) the breath, colour,
        warmth and presence settle, the light softens, the place's sound
        recedes and a quiet room tone comes up in its place; the practice
        moves to its return words. Once only; logged as `ground` (and
        `ground.settled` when everything has come to rest)."""
        if self.ground_started is not None:
            return
        self._set(t, ground_started=t)
        ch = self.ch
        for name, target in (("breath", 0.0), ("colour", 0.0), ("focus", 0.0), ("lift", 0.0),
                             ("welcome", 0.0), ("near", 0.0), ("invite", 0.0)):
            ch[name].to(t, target, 8.0)
        ch["light"].to(t, 0.0, GROUND_SECONDS)
        ch["ground"].to(t, 1.0, GROUND_SECONDS)
        ch["room"].to(t, 1.0, GROUND_SECONDS)
        ch["bed"].to(t, min(ch["bed"].at(t), GROUND_BED_DB), GROUND_SECONDS)
        self._set(t, explore_invited=False, breath_wanted=False)
        self._emit(t, "ground", source="cue" if from_cue else "key", seconds=GROUND_SECONDS)
        if from_cue:
            return
        if self.timeline is None or not self.timeline.jump_to_return(t):
            self._set(t, extra_captions=ground_captions(t + 1.5))
            return
        self._catch_up(t)

    def _catch_up(self, t: float) -> None:
        """After the timeline changed at t: a segment that now begins at t,
        behind the clock's last frame, starts now with its first cues; a
        practice whose last segment was skipped ends now."""
        length = self.timeline.length
        if t - 1e-3 <= length <= self._cursor:
            self._emit(length, "practice.end")
            return
        slot = self.timeline.segment_at(t)
        if slot.start <= self._cursor and slot.start >= t - 1e-3:
            self._emit(slot.start, "segment.start", id=slot.id)
            for cue in (c for c in self.timeline.cues if slot.start <= c.t <= self._cursor):
                self._emit(cue.t, "cue", do=cue.do, segment=cue.segment, **({"carried": True} if cue.carried else {}))
                self.apply(cue.do, cue.args, cue.t, segment_end=slot.end)

    def skip(self, t: float) -> None:
        """Move on to the next segment now (a person's or therapist's key)."""
        if self.timeline is None:
            return
        was = self.timeline.segment_at(t).id
        self.timeline.skip(t)
        self._emit(t, "segment.skip", id=was)
        self._catch_up(t)

    def extend(self, t: float, seconds: float = 30.0) -> None:
        """More time in the current segment; everything after it moves on."""
        if self.timeline is None:
            return
        self.timeline.extend(t, seconds)
        self._emit(t, "segment.extend", id=self.timeline.segment_at(t).id, seconds=seconds)

    def set_ladder(self, t: float, step: int, source: str = "key") -> None:
        """Glide the view to an imagery-ladder step (see engine/core/ladder.py)."""
        from engine.core.ladder import GLIDE_SECONDS, STEPS, TOP
        step = min(max(int(step), 0), TOP)
        if step == self.ch["ladder"].target:
            return
        self.ch["ladder"].to(t, float(step), GLIDE_SECONDS)
        self._emit(t, "ladder.step", step=step, name=STEPS[step].name, source=source)

    # -- values --------------------------------------------------------
    def state(self, t: float) -> SceneState:
        ch = {k: c.at(t) for k, c in self.ch.items()}
        amount = ch["breath"]   # pacing off glides the channel down (set_pacing): never a snap
        level = self.pacer.level(t)
        swing = self.settings.breath_swing * amount * (level - 0.5)
        light, lift, ground = ch["light"], ch["lift"], ch["ground"]
        key = (1 + swing) * (1 + 0.10 * light + 0.06 * lift) * (1 - 0.25 * ground)
        ambient = (1 + 0.6 * swing) * (1 + 0.05 * light + 0.12 * lift) * (1 - 0.2 * ground)
        sky, sky_welcome = self._sky(ch)
        sky, sky_welcome = sky * (1 - 0.7 * ground), sky_welcome * (1 - ground)   # it settles on the way out
        if sky > 0:   # the light warms and brightens softly, and breathes with the pacer
            swell = amount * (level - 0.5)
            key *= 1 + 0.08 * sky + 0.1 * sky * swell
            ambient *= 1 + 0.06 * sky + 0.06 * sky * swell
        warm = max(light, 0.0) + 0.5 * ch["welcome"] + 0.6 * sky
        tint = (1 + 0.08 * warm, 1 + 0.02 * warm, 1 - 0.06 * warm)
        caption, alpha = self._caption(t)
        return SceneState(
            t=t, segment=self.timeline.segment_at(t).id if self.timeline else None,
            invite=ch["invite"], room=ch["room"], saturation=1.0 + SAT_LIFT * max(ch["lift"], 0.0),
            caption=caption, caption_alpha=alpha, breath_level=level, breath_amount=amount,
            breath_stage=self.pacer.stage(t) if amount > 0 else None,
            key_gain=key, ambient_gain=ambient, tint=tint,
            halo=(0.5 + 0.5 * level) * amount * ch["halo_on"],
            guide={style: ch[f"guide_{style}"] for style in STYLES if style != "none"},
            bed_db=ch["bed"] + BREATH_SWELL_DB * amount * (level - 0.5) * ch["swell"]
            + 1.5 * sky_welcome,   # a 'sky' presence: the place's sound comes a little forward
            focus=ch["focus"], focus_layers=self.focus_layers,
            colour=ch["colour"], colour_fill=self._colour_fill(t, ch["colour"]),
            ground=ground, explore_invited=self.explore_invited, ladder=ch["ladder"], asked=ch["asked"],
            presence={"seen": ch["seen"], "near": ch["near"], "welcome": ch["welcome"], "warmth": ch["pwarm"],
                      "sky": sky},
        )

    def _caption(self, t: float) -> tuple[str | None, float]:
        if not self.settings.captions:
            return None, 0.0
        c: Caption | None = self.timeline.caption_at(t) if self.timeline else None
        c = c or next((x for x in self.extra_captions if x.start <= t < x.end), None)
        if c is None:
            return None, 0.0
        fade = min(FADE, (c.end - c.start) / 3)
        alpha = min(1.0, (t - c.start) / fade, (c.end - t) / fade)
        if (c.segment, c.index) in self.voiced:
            from engine.core.ladder import caption_veil
            alpha *= 1.0 - caption_veil(self.ch["ladder"].at(t))
        return c.text, max(0.0, alpha)

    def _colour_fill(self, t: float, gathered: float) -> float:
        """How far the colour reaches from the heart (0..1 of the body): each
        in-breath carries it about a third further, each out-breath lets it
        settle back a little, and what stays grows breath by breath (about
        eight to fill the body)."""
        if self.colour_started is None or gathered <= 0:
            return 0.0
        breaths = max(0.0, self.pacer.cycles(t) - self.pacer.cycles(self.colour_started + 6.0))
        base = min(1.0, 0.1 + breaths / 8.0)
        level = self.pacer.level(t) if self.ch["breath"].at(t) > 0 else 0.5
        return gathered * min(1.0, base + 0.35 * level)


_FACTS = ("breath_wanted", "focus_layers", "colour_started", "explore_invited", "ground_started", "extra_captions", "still_at",
          "presence_agreed", "held_presence")


def ground_captions(start: float) -> list[Caption]:
    """The return words, when the practice has none of its own still ahead."""
    out, t = [], start
    for i, line in enumerate(GROUND_WORDS):
        end = t + line_seconds(line) + 1.0
        out.append(Caption(t, end, line, "return", i))
        t = end + GAP
    return out


__all__ = ["Director", "ground_captions", "GROUND_BED_DB", "GROUND_SECONDS", "GROUND_WORDS", "SAT_LIFT", "SceneState"]
