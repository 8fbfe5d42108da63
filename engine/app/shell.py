"""The Haven window as a person lives in it: home, a visit to a place,
the closing screen, settings, records and the builder, one after another
in one window - never a terminal.

home -> (questions before) -> the practice -> (questions after, also when
leaving early) -> the closing screen -> home. Leaving a practice comes back
home; Haven closes only from home, with the gentle fade. Each visit is
assembled like every session (engine/app/session.py); the screens are the
UI's (engine/ui/); the shell only moves between them.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ursina import Entity, application, camera, color, destroy

from engine.app.session import Choice, assemble
from engine.config.settings import SettingsOwner
from engine.core.clock import SessionClock
from engine.ui.fit import fit

QUIT_FADE_S = 2.0
POLL_S = 0.5


@dataclass
class ShellOptions:
    start: Choice | None = None
    """Begin this at once (``run --place P --practice R``); None: the home screen."""
    session_panel: bool = False
    sound: bool = True
    fixed_fps: float | None = None
    """Tests: every visit's clock steps exactly 1/fps a frame."""
    builder_from: str | None = None
    """Open the builder first (``python main.py build``), starting from this place."""
    pictures: bool = True
    """Render the gallery's missing pictures in a background process."""
    quit: Callable[[], None] = field(default=lambda: application.quit())
    headset: Callable[[], bool] = field(default=lambda: _runtime_here())
    """Whether home offers the headset (an OpenXR runtime is active)."""


def _runtime_here() -> bool:
    from engine.app.headset import offered
    return offered()


class Shell(Entity):
    def __init__(self, app, prefs: SettingsOwner, options: ShellOptions | None = None):
        super().__init__()
        from ursina import window
        from engine.ui.home import BG
        window.color = BG   # the screens' calm backdrop (a visit's sky covers it)
        self.app, self.prefs = app, prefs
        self.opts = options or ShellOptions()
        self.screen = None        # home, closing, settings, records or the client-code prompt
        self.controller = None    # a visit to a place
        self.builder = None
        self.welcome = None
        self.client = ""          # session mode: the therapist's client code
        self.maker = None         # the background process making the gallery's pictures
        self.headset = None       # a visit in the headset, in its own process (engine/app/headset.py)
        self.log: list[str] = []
        self._fresh = True        # a screen changed this frame: the key that changed it is not used again
        self._poll = 0.0
        self._veil = None
        self._visit_started = 0.0
        self._programme_step = False   # the visit is a step of the programme: its page comes after
        if self.opts.builder_from is not None:
            self.open_builder(self.opts.builder_from)
        elif self.opts.start is not None:
            self.begin(self.opts.start)
        else:
            self.show_home()

    # -- screens -------------------------------------------------------------
    def _show(self, screen) -> None:
        home = self.home
        if home is not None and screen is not home and not home.choices.making:
            self._remember(home.choices)   # back from settings, records or a page, home is as it was left
        for old in (self.screen, self.welcome):
            if old is not None:
                destroy(old)
        self.screen, self.welcome = screen, None
        self._fresh = True
        fit(screen)

    def show_home(self) -> None:
        from engine.app.thumbnails import thumb_path
        from engine.config.catalog import place_entries, practice_entries
        from engine.ui.home import HomeScreen
        from engine.ui.home_model import HomeModel
        entries, broken = place_entries()
        s = self.prefs.value
        model = HomeModel.start(entries, practice_entries(), s.last_place, s.last_practice, s.voice, broken,
                                options=s.practice_options, gently=s.gently)
        actions = {"begin": self.begin_from_home, "settings": lambda: self.open_settings(),
                   "records": self.open_records, "build": lambda: self.open_builder(),
                   "session": self.session_mode, "leave": self.leave, "programme": self.open_programme,
                   "take_home": self.open_take_home, "recordings": self.open_recordings,
                   "headset": self.begin_in_headset}
        wanted = {e.name: thumb_path(e) for e in entries}   # hashed once, not at every look
        home = HomeScreen(model, actions, lambda e: p if (p := wanted[e.name]).exists() else None,
                          this_week=self._this_week(), headset=self.opts.headset())
        self._show(home)
        camera.fov = 60
        if self.client:
            home.say(f"Session mode: practices are kept for {self.client}. T ends session mode.")
        if not s.welcomed:
            from engine.ui.welcome import Welcome
            self.welcome = Welcome(on_begin=self._welcome_begin, on_close=self._welcome_close)
        if self.opts.pictures and self.maker is None:
            from engine.app.thumbnails import start_making
            self.maker = start_making(entries)
        self.log.append("home")

    def _this_week(self) -> str:
        from engine.core.programme import home_line
        from engine.records.programme import read
        view = read(self.client)
        return home_line(view.progress, view.programme) if view.programme is not None else ""

    def _welcome_close(self) -> None:
        destroy(self.welcome)
        self.welcome = None
        self._fresh = True
        self.prefs.change(welcomed=True)

    def _welcome_begin(self) -> None:
        """The welcome's Enter: soothing breathing begins at once (the
        questions before are for later visits; the ones after are offered)."""
        self._welcome_close()
        self.screen.choices.pick("soothing-breathing")
        self.begin_from_home(ask_before=False)

    @property
    def home(self):
        from engine.ui.home import HomeScreen
        return self.screen if isinstance(self.screen, HomeScreen) else None

    # -- a visit ---------------------------------------------------------------
    def begin_from_home(self, ask_before: bool = True) -> None:
        m = self.home.choices
        if m.making:
            self.open_builder()
            return
        self._remember(m)
        self.begin(Choice(place=m.place.name, practice=m.practice.name or None, voice=m.voice, option=m.option),
                   ask_before)

    def _remember(self, m) -> None:
        """Home's choice, kept for next time (a visit here or in the headset);
        the settings file is written only when something changed."""
        s = self.prefs.value
        wanted = dict(last_place=m.place.name, last_practice=m.practice.name, voice=m.voice,
                      practice_options={**s.practice_options, **m.options}, gently=m.gently)
        changed = {k: v for k, v in wanted.items() if getattr(s, k) != v}
        if changed:
            self.prefs.change(**changed)

    def begin_in_headset(self) -> None:
        """H on home: the chosen place and practice in the headset, in a process
        of its own; this window waits, and says how it went when it ends."""
        from engine.app.headset import HeadsetVisit
        from engine.config.userdirs import data_dir
        m = self.home.choices
        if m.making:
            return
        self._remember(m)
        self.headset = HeadsetVisit.start(m.place.name, m.practice.name or None, m.voice, m.option, self.client,
                                          data_dir(create=True) / "logs" / "headset.log")
        self.home.say(f"Haven is opening in the headset: {m.begin_line()}. Put it on when you are ready; "
                      "this window waits until that visit ends.")
        self.log.append(f"headset {m.place.name} {m.practice.name or '-'}")

    def _headset_ended(self) -> None:
        line = self.headset.outcome()
        self.log.append(f"headset ended {self.headset.ended()}")
        self.headset = None
        self.show_home()   # the records and this week's line may have moved on
        self.home.say(line)

    def begin(self, choice: Choice, ask_before: bool = True, remember_voice: bool = True) -> None:
        from engine.app.visit import start_controller
        from engine.world import build_world
        from ursina import scene
        self._show(None)
        clock = SessionClock.fixed(self.opts.fixed_fps) if self.opts.fixed_fps else SessionClock()
        if remember_voice and choice.voice != self.prefs.value.voice:
            self.prefs.change(voice=choice.voice)
        session = assemble(choice, self.prefs, clock=clock, record_events=True,
                           voice_later=not self.opts.fixed_fps,   # fixed-step runs (tests) wait for every line
                           standby_voice=True)
        if session.voice_preparer is not None and session.speaks_now():
            session.voice_preparer.start()   # the voice's new lines are made while the place is built and plays
        world = build_world(session.place, scene)
        camera.fov = session.place.camera.fov
        c = start_controller(self.app, world, session, sound=self.opts.sound,
                             shown=self.opts.session_panel or bool(self.client), client=self.client,
                             ask_before=ask_before)
        c.journey = True
        c.on_close = self.visit_over
        c.on_build = self.open_builder
        c.on_settings = self.settings_over_place
        self.controller = c
        self._visit_started = time.monotonic()
        self.log.append(f"begin {session.place.name} {session.practice.name if session.practice else '-'}")

    def visit_over(self) -> None:
        """The visit has faded out: the closing screen, then home (or the
        programme page, when the visit was a step of the programme)."""
        from engine.ui.closing import ClosingScreen
        visit = self._visit_summary(self.controller)
        self.controller.close()
        self.controller = None
        then = self.open_programme if self._programme_step else self.show_home
        self._programme_step = False
        self._show(ClosingScreen(visit, on_home=then, on_breathe=lambda: self._breathe(visit)))
        self.log.append("closing")

    def _breathe(self, visit) -> None:
        """B on the closing screen after stopping: soothing breathing in the same place."""
        self.log.append("breathe after stopping")
        self.begin(Choice(place=visit.place_name or None, practice="soothing-breathing", voice=self.prefs.value.voice))

    def _visit_summary(self, c):
        from engine.records.sessions_report import week_so_far
        from engine.records.store import Store, StoreError
        from engine.ui.closing import Visit, distressed
        session = c.session
        try:
            with Store.open() as store:
                records = store.records()
        except StoreError:
            records = []
        week_minutes, week_days = week_so_far([r for r in records if not self.client or r.client == self.client])
        rec_id = getattr(c.recorder, "id", None)
        kept = next((r for r in records if rec_id is not None and r.id == rec_id), None)
        if kept is not None:   # the figure the record holds, so "this week" always includes it as said
            minutes = kept.duration / 60.0
        else:
            minutes = (c.clock.now() if session.practice else time.monotonic() - self._visit_started) / 60.0
        return Visit(session.place.where_said, session.practice.title if session.practice else None, minutes,
                     completed=bool(getattr(c, "_ended", False)),
                     grounded=session.director.ground_started is not None,
                     week_minutes=week_minutes, week_days=week_days, visits_before=len(records),
                     too_much=bool(getattr(c, "stopped_by_too_much", False)),
                     distress=distressed(getattr(c, "after_ratings", None)),
                     support=self.prefs.value.support_line, place_name=session.place.name)

    # -- settings, records, the builder, session mode ----------------------------
    def open_settings(self) -> None:
        from engine.ui.settings_page import SettingsPage
        self._show(SettingsPage(self.prefs, on_back=self.show_home, on_forget=self.open_forget))
        self.log.append("settings")

    def open_forget(self) -> None:
        """From Settings at home: delete all of the person's Haven data, after
        they type 'delete'; Haven then starts afresh (the welcome, defaults)."""
        from engine.config.userdirs import data_dir
        from engine.ui.forget_page import ForgetPage
        self._show(ForgetPage(data_dir(), on_forget=self._forget_everything, on_back=self.show_home))
        self.log.append("forget asked")

    def _forget_everything(self) -> list[str]:
        from engine.config.lock import LOCK_NAME
        from engine.config.settings import Settings
        from engine.config.userdirs import forget_all
        if self.maker is not None and self.maker.poll() is None:
            self.maker.terminate()   # it writes the gallery's pictures into the folder
            self.maker.wait()
        self.maker = None
        left = forget_all(keep=(LOCK_NAME,))   # this window's lock stays: still one Haven on the folder
        self.prefs.value = Settings()          # as the first time (kept again at the first change)
        self.client = ""
        self.log.append("forgot everything" if not left else f"forgot all but {len(left)}")
        return left

    def settings_over_place(self) -> None:
        """From the pause screen: the settings page over the place; Esc goes back to the pause."""
        from engine.ui.settings_page import SettingsPage
        c = self.controller
        before = self.prefs.value
        c.settings_page = SettingsPage(self.prefs, on_back=lambda: self._settings_back(before), over_place=True)
        self._fresh = True
        self.log.append("settings")

    def _settings_back(self, before) -> None:
        c = self.controller
        destroy(c.settings_page)
        c.settings_page = None
        self._fresh = True
        c.settings_changed(before)

    def open_records(self) -> None:
        from engine.config.catalog import place_entries, practice_entries
        from engine.ui.records_page import RecordsPage
        titles = {e.name: e.title for e in place_entries()[0]} | {p.name: p.title for p in practice_entries()}
        self._show(RecordsPage(on_back=self.show_home, titles=titles, client=self.client, on_letters=self.open_letters))
        self.log.append("records")

    def open_programme(self) -> None:
        """P on home: the eight-week programme, in the place chosen on the home screen."""
        from engine.records.programme import read
        from engine.ui.programme_page import ProgrammePage
        place = self._home_place()
        view = read(self.client)
        page = ProgrammePage(view, self._step_titles(view), place[1], on_begin=self._programme_begin,
                             on_set=self._programme_set, on_back=self.show_home, client=self.client)
        self._show(page)
        self.log.append(f"programme week {view.progress.week if view.progress else '-'}")

    def _home_place(self) -> tuple[str, str]:
        """(name, where said) of the place the home screen has chosen (the last one kept)."""
        from engine.config.catalog import place_entries
        from engine.config.place import where_words
        entries = place_entries()[0]
        last = self.prefs.value.last_place
        entry = next((e for e in entries if e.name == last), None) or next(
            (e for e in entries if e.name == "meadow"), entries[0] if entries else None)
        return (entry.name, entry.where) if entry else ("meadow", where_words("Meadow"))

    @staticmethod
    def _step_titles(view) -> dict[str, str]:
        from engine.config.catalog import practice_entries
        from engine.config.errors import ConfigError
        from engine.config.loader import load_practice
        titles = {p.name: p.title for p in practice_entries()}
        for week in (view.programme.weeks if view.programme else []):
            try:
                titles[week.reading] = load_practice(week.reading).title
            except ConfigError:
                titles[week.reading] = week.reading
        return titles

    def _programme_set(self, week: int, how: str, show: bool = True) -> None:
        from engine.records.programme import set_week
        from engine.records.store import StoreError
        try:
            set_week(week, how, self.client)
        except (StoreError, ValueError) as e:
            self.screen.say(str(e))
            return
        self.log.append(f"programme {how} {week}")
        if show:
            self.open_programme()
            self.screen.say({"started": f"Week {week} begins. Take it at your own pace.",
                             "moved on": f"Week {week} begins. What you practised stays with you.",
                             "set": f"Week {week} is now this week."}.get(how, ""))

    def _programme_begin(self, step, reading: bool) -> None:
        """A step of the week: a reading is shown and spoken (the natural voice when
        the person reads captions only) and asks no questions."""
        voice = self.prefs.value.voice
        if reading and voice == "captions":
            voice = "natural"
        self._programme_step = True
        self.log.append(f"programme step {step.practice}")
        self.begin(Choice(place=self._home_place()[0], practice=step.practice, voice=voice, option=step.option),
                   ask_before=not reading, remember_voice=not reading)

    def open_take_home(self) -> None:
        """A: the practice and place chosen on home, as a sound file to take
        home (written in the background, with its progress shown)."""
        from engine.app.take_home import first_voice
        from engine.app.take_home_page import TakeHomePage
        from engine.ui.records_page import exports_dir
        home = self.home
        m = home.choices
        if m.making:
            home.say("Choose a place first: the file has the sound of being there.")
            return
        s = self.prefs.value
        self._show(TakeHomePage(m.place, m.practice, m.practice.minutes_for(m.option), first_voice(m.voice),
                                exports_dir, on_back=self.show_home, option=m.option, option_words=m.option_words,
                                gently=m.gently and self._warm(m.practice.name), breath_voice=s.breath_voice))
        self.log.append(f"take home {m.practice.name or '-'} {m.place.name}")

    @staticmethod
    def _warm(practice: str) -> bool:
        """Whether the gentle route changes this practice (only warm ones have one)."""
        from engine.config.errors import ConfigError
        from engine.config.loader import load_practice
        try:
            return bool(practice) and load_practice(practice).warm
        except ConfigError:
            return False

    def open_recordings(self) -> None:
        """O: the person's own voice for the practice highlighted on home."""
        from engine.ui.recordings_page import RecordingsPage
        m = self.home.choices
        if not m.practice.name:
            self.home.say("Choose a practice first: your recordings are made for one practice.")
            return
        self._show(RecordingsPage(m.practice.name, m.practice.title, on_back=self.show_home))
        self.log.append(f"recordings {m.practice.name}")

    def open_letters(self) -> None:
        """The person's compassionate letters: read, saved as text, deleted for good."""
        from engine.ui.letter_page import LettersPage
        from engine.ui.records_page import exports_dir
        from engine.live.space import audio_manager
        self._show(LettersPage(on_back=self.open_records, exports=exports_dir,
                               sound=audio_manager(self.app) if self.opts.sound else None))
        self.log.append("letters")

    def open_builder(self, start: str = "meadow") -> None:
        """The builder in this window; Esc comes back home, 'practise there' begins."""
        from engine.app.session import preview_session
        from engine.config.draft import Draft
        from engine.ui.builder_view import BuilderView
        if self.controller is not None:   # from a place's pause screen: the practice is kept as incomplete
            self.controller.close()
            self.controller = None
        self._show(None)
        self.builder = BuilderView(Draft.start(start), preview_session, sound=self.opts.sound,
                                   on_practise=self._practise_built, on_leave=self._builder_left)
        self.log.append(f"builder {start}")

    def _builder_left(self) -> None:
        self.builder = None
        self.show_home()

    def _practise_built(self, name: str) -> None:
        self.builder.close()
        self.builder = None
        self.begin(Choice(place=name, practice="safe-place", voice=self.prefs.value.voice))

    def session_mode(self) -> None:
        """T: session mode on (asks for a client code, never a name) or off."""
        if self.client:
            self.log.append(f"session mode off {self.client}")
            self.client = ""
            self.show_home()
            return
        from engine.ui.client_code import ClientCodePrompt
        self._show(ClientCodePrompt(on_done=self._client_chosen))

    def _client_chosen(self, code: str | None) -> None:
        if code:
            self.client = code
            self.log.append(f"session mode {code}")
        self.show_home()

    # -- leaving Haven -------------------------------------------------------------
    def leave(self) -> None:
        """From home: the view fades over two seconds, then Haven closes."""
        if self._veil is None:
            self._veil = Entity(parent=camera.ui, model="quad", scale=(4, 2), z=-9, color=color.rgba(0, 0, 0, 0))
            self._veil.level = 0.0
            self.log.append("leave")

    # -- frames and keys -------------------------------------------------------------
    def update(self) -> None:
        from ursina import time as utime
        dt = min(utime.dt, 0.1)
        self._fresh = False
        fit(self.screen, self.welcome)   # the window may have been made narrower
        if self._veil is not None:
            self._veil.level = min(1.0, self._veil.level + dt / QUIT_FADE_S)
            self._veil.color = color.rgba(0, 0, 0, self._veil.level)
            if self._veil.level >= 1.0:
                self._veil = None
                self.opts.quit()
            return
        if self.controller is not None and self.opts.fixed_fps:
            self.controller.clock.tick()   # tests: the visit's clock steps with the frames
        self._poll += dt
        if self.headset is not None and self._poll >= POLL_S and self.headset.ended() is not None:
            self._headset_ended()
        if self.home is not None and self.maker is not None and self._poll >= POLL_S:
            self._poll = 0.0   # look for new pictures only while they are being made
            self.home.poll_pictures()
            if self.maker.poll() is not None:
                self.home.poll_pictures()
                self.maker = None

    def input(self, key: str) -> None:
        if self._fresh or self._veil is not None or self.builder is not None or self.headset is not None:
            return   # (while Haven is in the headset, home waits: its window there takes the keys)
        if self.controller is not None:
            page = self.controller.settings_page
            if page is not None:
                page.key(key)
            return
        if self.welcome is not None:
            self.welcome.key(key)
            return
        if self.screen is not None:
            self.screen.key(key)

    def close(self) -> None:
        """Tests: take down whatever shows now."""
        if self.controller is not None:
            self.controller.close()
        if self.builder is not None:
            self.builder.close()
        self._show(None)
        if self.maker is not None and self.maker.poll() is None:
            self.maker.terminate()
        if self.headset is not None:
            self.headset.stop()
        destroy(self)
