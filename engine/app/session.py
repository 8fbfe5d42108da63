"""One session, assembled in one place (pure: no window, no Ursina).

From what a person (or a command line, a test or the builder) chose - a
place, a practice, a voice, a few options - ``assemble`` gives one value
holding everything a practice runs on: the loaded place and practice with
the files they came from, the settings and their one owner, the voice
clips, the event log, the director and the commands that change it. The
window, ``render``, ``bench``, the builder's preview, the soak and the tests
all start here, so a practice is put together the same way everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engine.config import ConfigError, load_practice, practice_path
from engine.config.loader import load_place, load_place_or_default
from engine.config.place import Place
from engine.config.practice import Practice
from engine.config.refs import place_path
from engine.config.settings import Settings, SettingsOwner
from engine.core.breath import BreathError, check_rate
from engine.core.clock import SessionClock
from engine.core.commands import Commands
from engine.core.director import Director
from engine.core.events import EventLog

DEFAULT_PLACE = "meadow"


@dataclass(frozen=True)
class Choice:
    """What to open. ``place``/``practice``: a built-in name, a personal
    place's name or a path; None: the last place (or the default), no practice."""
    place: str | Place | None = None
    practice: str | None = None
    voice: str = "captions"
    breath_rate: float | None = None
    reduced_motion: bool = False
    ladder: int | None = None
    option: str | None = None
    """For a practice that offers a choice: the option's id (None: the one
    the person chose last time, else the first)."""


@dataclass
class Session:
    place: Place
    place_path: Path | None
    """The file the place came from (None: a place given as a value, or the built-in fallback)."""
    practice: Practice | None
    practice_path: Path | None
    prefs: SettingsOwner
    director: Director
    log: EventLog
    clock: SessionClock
    commands: Commands
    voice_seconds: dict | None = None
    clips: dict = field(default_factory=dict)
    voice_engine: str = "none"
    """Which voices speak (engine/voice/practice.py, PracticeVoice.engine)."""
    voice_preparer: object | None = None
    """The natural voice's background maker of lines, when they are made while the practice plays."""
    problems: list[str] = field(default_factory=list)
    """What could not be opened as asked, in plain words (the window shows these)."""
    option: str | None = None
    """What the person chose, for a practice that offers a choice."""
    ladder_voice: bool = False
    """The person reads captions: the voice speaks only at the ladder's sound-only
    and eyes-closed steps (engine/core/ladder.py), and its lines are made only
    once the ladder first gets there (``voice_preparer`` is then left unstarted)."""

    @property
    def settings(self) -> Settings:
        return self.prefs.value

    def speaks_now(self) -> bool:
        """Whether the voice speaks now: always when the person chose a voice;
        with captions, only at the ladder's sound-only and eyes-closed steps."""
        from engine.core.ladder import spoken
        return not self.ladder_voice or spoken(self.director.ch["ladder"].target)

    def keep_log(self, log: EventLog) -> EventLog:
        """Keep this session's events in ``log`` from here on (``render``
        opens its events file only once the place and practice are known good)."""
        if self.log.events:
            raise RuntimeError("the session has already logged events")
        self.log = self.director.log = log
        return log


def choose_place(ref: str | Place | None, prefs: SettingsOwner,
                 strict: bool) -> tuple[Place, Path | None, list[str]]:
    """(place, its file, problems). Strict: a bad place raises ConfigError
    (render, bench); otherwise Haven opens the last or the default place
    and says which."""
    if isinstance(ref, Place):
        return ref, None, []
    name = ref or prefs.value.last_place or DEFAULT_PLACE
    if strict:
        return load_place(name), place_path(name), []
    place, problems = load_place_or_default(name, DEFAULT_PLACE)
    if problems:
        return place, None, problems + [f"haven: opening '{place.name}' instead"]
    return place, place_path(name), []


def choose_practice(ref: str | None, strict: bool) -> tuple[Practice | None, Path | None, list[str]]:
    if not ref:
        return None, None, []
    try:
        return load_practice(ref), practice_path(ref), []
    except ConfigError as exc:
        if strict:
            raise
        lines = list(exc.problems or [str(exc)])
        return None, None, lines + [f"haven: '{ref}' could not be opened; opening the place without a practice"]


def personal_settings(choice: Choice, keep: bool = True) -> tuple[SettingsOwner, list[str]]:
    """The person's kept settings with this choice's options on top."""
    from engine.config.settings import load_settings
    settings, problem = load_settings()
    owner = SettingsOwner(settings, keep=keep)
    problems = [problem] if problem else []
    update: dict = {"voice": choice.voice}
    if choice.reduced_motion:
        update["reduced_motion"] = True
    if choice.breath_rate is not None:
        try:
            update["breath_rate"] = check_rate(choice.breath_rate, "--breath-rate")
        except BreathError as exc:
            raise ConfigError([f"haven: {exc}"]) from None
    if choice.ladder is not None:
        update["ladder_step"] = int(choice.ladder)
    owner.value = owner.value.model_copy(update=update)
    return owner, problems


def assemble(choice: Choice, prefs: SettingsOwner | Settings | None = None, *, clock: SessionClock | None = None,
             log: EventLog | None = None, strict: bool = False, record_events: bool = False,
             voice: bool = True, voice_later: bool = False, standby_voice: bool = False) -> Session:
    """Everything a practice runs on. ``prefs``: the window's owner of the
    person's settings, or fixed settings (render, tests; never saved).
    ``record_events``: the practice's events are kept in the data folder.
    ``voice``: prepare spoken or recorded clips for the chosen voice mode.
    ``voice_later``: the natural voice's new lines are not made now: the
    window starts ``voice_preparer`` to make them while the practice plays,
    and render makes only those its span holds. ``standby_voice``: a person
    reading captions gets the natural voice ready (unmade) for the moment the
    imagery ladder reaches sound only (the window; at that step from the
    start, every caller gets it)."""
    if not isinstance(prefs, SettingsOwner):
        prefs = SettingsOwner(prefs or Settings(), keep=False)
    place, ppath, problems = choose_place(choice.place, prefs, strict)
    practice, rpath, more = choose_practice(choice.practice, strict)
    problems += more
    option = None
    if practice is not None and practice.choose is not None:
        wanted = choice.option or prefs.value.practice_options.get(practice.name)
        if choice.option and choice.option not in [o.id for o in practice.choose.options]:
            problems.append(f"haven: '{choice.option}' is not one of {practice.name}'s choices "
                            f"({', '.join(o.id for o in practice.choose.options)}); using the first")
        option = practice.option(wanted).id
    from engine.core.ladder import spoken as ladder_speaks
    eyes_closed = ladder_speaks(prefs.value.ladder_step)
    if practice is not None:
        gently = prefs.value.gently and practice.warm
        practice = practice.played(option, gently, eyes_closed)
        if gently:
            option = f"{option}, gently" if option else "gently"   # how the record names it
    mode = choice.voice
    if voice and practice is not None and mode == "captions" and (eyes_closed or (standby_voice and voice_later and _natural_ready())):
        mode = "natural"   # the voice for the ladder's sound-only and eyes-closed steps
    secs, clips, engine, preparer = None, {}, "none", None
    if voice and practice is not None and mode != "captions":
        from engine.voice.practice import prepare_voice
        said = prepare_voice(practice, place, mode, rpath, later=voice_later)
        secs, clips, engine, preparer = said.seconds or None, said.clips, said.engine, said.preparer
        if said.message and (choice.voice != "captions" or eyes_closed):
            problems.append(said.message)
    ladder_voice = choice.voice == "captions" and bool(clips)
    if log is None:
        log = _practice_log(place, practice) if record_events and practice is not None else EventLog()
    director = Director(practice, place, prefs, log, voice=secs if not ladder_voice or eyes_closed else None)
    director.voiced = _voiced(director, clips)
    clock = clock or SessionClock()
    return Session(place=place, place_path=ppath, practice=practice, practice_path=rpath, prefs=prefs,
                   director=director, log=log, clock=clock, commands=Commands(clock, director, prefs),
                   voice_seconds=secs, clips=clips, voice_engine=engine, voice_preparer=preparer,
                   problems=problems, option=option, ladder_voice=ladder_voice)


def _natural_ready() -> bool:
    """The natural voice can run here (the standby voice for the ladder is only ever that one)."""
    from engine.voice.natural import natural_available
    return natural_available()[0]


def _voiced(director: Director, clips: dict) -> set[tuple[str, int]]:
    """(segment, line) of every caption a clip says (a recording says its whole segment)."""
    tl = director.timeline
    if tl is None:
        return set()
    out = set()
    for c in tl.captions:
        lst = clips.get(c.segment) or []
        if tl.recording(c.segment) is not None or (c.index < len(lst) and lst[c.index] is not None):
            out.add((c.segment, c.index))
    return out


def preview_session(place: Place) -> Session:
    """The builder's live view: the place on its own, default settings, nothing kept."""
    return assemble(Choice(place), voice=False)


def _practice_log(place: Place, practice: Practice) -> EventLog:
    from engine.records.session_log import open_session_log
    return open_session_log(place.name, practice.name)
