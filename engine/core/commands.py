"""The one way a running practice is changed: pause, resume, the calm way
out, more time or on to the next part, the breathing rate, the imagery
ladder, the volume and the presence (pure: no Ursina).

The window's keys, the therapist's panel and the tests all call these;
each change is said once here (``said``, a short line a change) and the
ones a therapist makes are kept as ``control`` events in the practice's
log and record. Settings change only through the session's one
``SettingsOwner``; the layers that draw and play (world, live sound, UI)
hear what changed through ``listen`` and follow it.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.config.ranges import BREATH_RATE, PRESENCE_DISTANCE, PRESENCE_SIZE_KEYS, PRESENCE_WARMTH, VOLUME
from engine.config.settings import SettingsOwner
from engine.core.clock import SessionClock
from engine.core.director import Director
from engine.core.ladder import STEPS, TOP
from engine.core.pacer_guide import STYLES

EXTEND_SECONDS = 30.0
RATE_GLIDE = 8.0


class Commands:
    """Changes to one running session, each logged in one place."""

    def __init__(self, clock: SessionClock, director: Director, prefs: SettingsOwner):
        self.clock = clock
        self.director = director
        self.prefs = prefs
        self.said: list[str] = []
        self._listeners: dict[str, list[Callable[..., None]]] = {}

    # -- who follows ---------------------------------------------------
    def listen(self, what: str, fn: Callable[..., None]) -> None:
        """``fn`` runs after each change of ``what``: 'timeline' (the voice
        re-plans), 'volume', 'presence', 'captions', 'pause', 'resume'."""
        self._listeners.setdefault(what, []).append(fn)

    def _tell(self, what: str, *args: Any) -> None:
        for fn in self._listeners.get(what, []):
            fn(*args)

    def say(self, line: str) -> None:
        self.said.append(line)

    def _control(self, what: str, value: Any) -> None:
        """A therapist's control: an event in the log (and so the record)."""
        self.director.log.emit(self.clock.now(), "control", what=what, value=value)
        self.say(f"{what} {value}")

    @property
    def now(self) -> float:
        return self.clock.now()

    # -- time ----------------------------------------------------------
    def pause(self) -> None:
        self.clock.pause()
        self.say("pause")
        self._tell("pause")

    def resume(self) -> None:
        self.clock.resume()
        self.say("resume")
        self._tell("resume")

    def ground(self) -> None:
        """The calm way out: from any moment, a gentle return (logged)."""
        t = self.now
        self.director.ground(t)
        self._tell("timeline", t)

    def too_much(self) -> None:
        """'Too much': the calm way out at once, and the moment is marked."""
        t = self.now
        self.director.log.emit(t, "too-much")
        self.say("too much")
        if self.clock.paused:
            self.resume()
        self.ground()

    def skip(self) -> None:
        t = self.now
        self.director.skip(t)
        self._tell("timeline", t)

    def extend(self, seconds: float = EXTEND_SECONDS) -> None:
        t = self.now
        self.director.extend(t, seconds)
        self._tell("timeline", t)

    # -- breathing -----------------------------------------------------
    def change_rate(self, step: float) -> float:
        """The pacer glides to a new rate (held within BREATH_RATE)."""
        t = self.now
        pacer = self.director.pacer
        target = round(BREATH_RATE.hold(round(pacer.rate(t + 1e6) + step, 2)), 2)
        pacer.set_rate(t, target, glide=RATE_GLIDE)
        self._control("breathing rate", target)
        return target

    def set_pacing(self, on: bool) -> None:
        """The breathing light on or off. In a practice it is the person's
        kept choice; in a place with no practice, for this visit only."""
        if self.director.timeline is not None:
            self.prefs.change(pacing=bool(on))
        self.director.set_pacing(self.now, on)
        self.say(f"pacing {'on' if on else 'off'}")

    def breath_option(self, name: str, label: str, on: bool) -> None:
        """Breath words, the edge halo, the soft breath sound (kept)."""
        self.prefs.change(**{name: bool(on)})
        self.director.breath_option(self.now, name, on)
        self.say(f"{label} {'on' if on else 'off'}")

    def set_guide(self, style: str | None = None, strength: float | None = None) -> None:
        """The breathing guide's style and strength (kept); the old one fades
        as the new one comes (director.set_guide)."""
        update = {}
        if style is not None:
            if style not in STYLES:
                raise ValueError(f"breathing guide {style!r} (allowed: {', '.join(STYLES)})")
            update["pacer_style"] = style
        if strength is not None:
            update["pacer_strength"] = round(min(max(float(strength), 0.2), 1.0), 2)
        self.prefs.change(**update)
        s = self.prefs.value
        self.director.set_guide(self.now, s.pacer_style, s.pacer_strength)
        self.say(f"guide {s.pacer_style} {round(s.pacer_strength * 100)} %")

    def natural_rate(self, rate: float) -> None:
        """'Find my pace' measured a rate: kept, and the ramp starts from it."""
        self.prefs.change(natural_rate=round(rate, 2))
        timeline = self.director.timeline
        ramp = timeline.practice.breath.ramp if timeline else 120.0
        self.director.pacer.restart_ramp(self.now, rate, ramp)
        self.say("finder done")

    # -- what is seen and heard -----------------------------------------
    def set_volume(self, volume: float) -> float:
        v = round(VOLUME.hold(volume), 2)
        self.prefs.change(volume=v)
        self._tell("volume", v)
        self._control("volume", v)
        return v

    def set_ladder(self, step: int) -> None:
        step = min(max(int(step), 0), TOP)
        self.director.set_ladder(self.now, step, source="key")
        self.prefs.change(ladder_step=step)
        self.say(f"imagery {STEPS[step].name}")

    def set_captions(self, on: bool) -> None:
        self.prefs.change(captions=bool(on))
        self._tell("captions", bool(on))
        self.say(f"captions {'on' if on else 'off'}")

    # -- the presence --------------------------------------------------
    def presence_now(self) -> dict[str, Any]:
        """The presence as the person has set it for this place (or as the place has it)."""
        from dataclasses import asdict
        from engine.core.presence import setting
        place = self.director.place
        return asdict(setting(place.presence, self.prefs.value.presence_for(place.name)))

    def titrate(self, distance: float = 0.0, warmth: float = 0.0, size: float = 0.0) -> None:
        """Nearer or further, warmer or cooler, larger or smaller: kept for
        this place; the presence glides there at its own calm pace."""
        now = self.presence_now()
        update, what = {}, []
        if distance:
            update["distance"] = round(PRESENCE_DISTANCE.hold(now["distance"] + distance), 2)
            what.append("distance")
        if warmth:
            update["warmth"] = round(PRESENCE_WARMTH.hold(now["warmth"] + warmth), 2)
            what.append("warmth")
        if size:
            update["size"] = round(PRESENCE_SIZE_KEYS.hold(now["size"] + size), 2)
            what.append("size")
        self._presence(",".join(what), **update)
        p = self.presence_now()
        self.say(f"presence distance {p['distance']:g} warmth {p['warmth']:g} size {p['size']:g}")

    def settled(self) -> float | None:
        """The person feels settled (Space): the moment is logged once a
        practice (`settled`); returns its time, or None if already said."""
        log = self.director.log
        if any(e["kind"] == "settled" for e in log.events):
            return None
        t = self.now
        log.emit(t, "settled", seconds=round(t, 1))
        self.say(f"settled {t:.0f} s")
        return t

    def presence_yes(self) -> bool:
        """The person welcomes the company the practice offered (Y)."""
        said = self.director.presence_yes(self.now)
        if said:
            self.say("company welcome")
        return said

    def presence_colour(self, colour: str) -> None:
        self._presence("colour", colour=colour)
        self.say(f"presence colour {colour}")

    def presence_in_view(self, in_view: bool) -> None:
        """In view, or resting beside and behind, out of view (felt, not seen)."""
        self._presence("in_view", in_view=bool(in_view))
        self.say("presence in view" if in_view else "presence out of view")

    def presence_away(self, away: bool) -> None:
        """Back to the far distance at once (and back only when asked)."""
        self._presence("away", away=bool(away))
        self.say("presence away" if away else "presence back")

    def _presence(self, what: str, **update: Any) -> None:
        self.prefs.change_presence(self.director.place.name, **update)
        self._tell("presence", self.now, self.prefs.value, what)
