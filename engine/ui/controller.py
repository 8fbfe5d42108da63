"""The Haven window while a place is open: one `HavenController` entity
reads the session clock each frame and hands the time to the world, the
live sound and the captions; keys become the session's commands
(engine/core/commands.py) or change how the window looks.

The session itself (place, practice, settings, director, log) is assembled
by engine/app/session.py; engine/app/window.py opens the window around it.
"""
from __future__ import annotations

import sys

from ursina import Entity, application, camera, held_keys, mouse, time as utime

from engine.config.settings import Settings
from engine.ui.controls import ExploreState, held_axes
from engine.ui.pause import HelpLine, PauseScreen
from engine.ui.session_controls import SessionControls
from engine.world.camera import apply_pose, seated_pose


class HavenController(SessionControls, Entity):
    def __init__(self, world, session):
        super().__init__()
        from engine.ui.practice_view import PracticeView
        self.world = world
        self.session = session
        self.clock = session.clock
        self.prefs = session.prefs
        self.director = session.director
        self.commands = session.commands
        settings = self.settings
        self.view = PracticeView(world, self.director, camera, settings.colour)
        self.view.captions.visible = settings.captions
        self.finder = None
        self.picker = None
        self.letter = None    # the letter's writing page, while it is open
        self._seen = len(self.director.log.events)   # from here on (a session log opens with session.start)
        cam = world.place.camera
        self.explore = None if cam.mode == "seated" else self._new_explore()
        world.set_explore(self.explore is not None)
        self.help = HelpLine(settings.show_help)
        self.pause = PauseScreen(world.rig.fog, on_resume=self.resume, on_toggle_mode=self.toggle_mode,
                                 on_toggle_motion=self.toggle_motion, on_leave=self.leave,
                                 on_ground=self.ground_from_pause, on_build=self.open_builder,
                                 on_settings=self.open_settings)
        from engine.ui.toast import Toast
        self.toast = Toast()
        self.journey = False     # the shell's visit: the end of a practice leads on to the closing screen
        self.on_build = None     # the shell's: open the builder in this window (start place)
        self.on_settings = None  # the shell's: the settings page over this place (then back)
        self.settings_page = None
        self._fresh = True       # made during a key's dispatch: that key is not this visit's
        self._after_then = None  # what follows the after-questions when leaving early
        self._rated_after = False
        self._linger = None      # journey: when the ended practice fades to the closing screen
        self.log: list[str] = self.commands.said   # one list of what happened (tests read it)
        self.closed = False
        self.on_close = application.quit
        self.audio = None  # a LivePlayer, set by run_app
        self.voice = None  # a LiveVoice when the practice speaks
        self.voice_clips: dict = {}
        self.glide = None        # a SeatGlide back to the seat (camera.still while walking)
        self._still_seen = None
        self.room = None         # the calm way out's room tone (LiveRoomTone), readied when the sound starts
        self.panel = self.rating = self.recorder = None   # set by setup_session
        from engine.ui.fit import WindowShape
        self._window = WindowShape()
        c = self.commands
        c.listen("timeline", self._replan_voice)
        c.listen("presence", lambda t, settings, what: self.view.presence.titrate(t, settings, what))
        c.listen("captions", lambda on: setattr(self.view.captions, "visible", on))
        c.listen("volume", lambda v: self.audio.set_master(v, ramp=1.0) if self.audio is not None else None)
        c.listen("resume", self.pause.hide)
        if session.problems:   # a bad name or file: said in the window, not only in a terminal
            said = [line.removeprefix("haven: ") for line in session.problems]
            self.toast.say(said[0] if len(said) == 1 else f"{said[0]} - {said[-1]}", seconds=10.0)

    def practice_begins(self) -> None:
        """The practice starts (after the questions before, if any)."""
        self._light_notice()
        practice = self.session.practice
        if practice is not None and practice.asks_settled and self.settings.pacing and self.toast.showing is None:
            self.toast.say("When you feel settled, you can press Space - the time is kept", seconds=8.0)

    def _light_notice(self) -> None:
        """A practice that leans on the breathing light says when it is off."""
        practice = self.session.practice
        if practice is not None and practice.breath.on and not self.settings.pacing:
            self.toast.say("The breathing light is off - P turns it on")

    @property
    def settings(self) -> Settings:
        """The person's settings: read from their one owner (change them with ``prefs.change``)."""
        return self.prefs.value

    # -- per frame -----------------------------------------------------
    def update(self) -> None:
        dt = min(utime.dt, 0.1)
        self._fresh = False
        if self.pause.advance(dt):
            self.closed = True
            self.on_close()
            return
        aspect = self._window.changed()
        if aspect is not None:
            self._follow_window(aspect)
        self.view.captions.floor = self.help.top + 0.045
        # the pause screen and the questions have the view to themselves: no caption or key help behind them
        calm = not (self.pause.shown or self.pause.leaving or self.rating is not None)
        if self.help.enabled != calm:   # Ursina stashes or unstashes on every assignment: only on a change
            self.help.enabled = self.view.captions.enabled = calm
        if self._linger is not None and self.clock.now() >= self._linger and self.rating is None:
            self._linger = None
            self._fade_out()
        if self.finder is not None:
            self._finder_t += dt
        t = self.clock.now()
        if not self.clock.paused:
            self.director.advance(t)
        events = self.director.log.events
        self.log.extend(_describe(e) for e in events[self._seen:])
        self._seen = len(events)
        pos = self._camera_pose(t, dt)
        self.view.exploring = self.explore is not None   # the walk-about invitation shows only when seated
        state = self.view.show(t, pos)
        if self.director.wants_colour and self.picker is None:
            self.director.wants_colour = False
            self.open_picker()
        if self.director.wants_letter and self.letter is None:
            self.director.wants_letter = False
            self.open_letter()
        gain = getattr(self.audio, "master_gain", 1.0)   # the person's volume, for the voice too
        if self.voice is not None:
            self.voice.update(t, self.clock.paused, gain)
        if self.audio is not None:
            self.audio.follow(state, self.voice.duck_db(t) if self.voice else 0.0)
            self._room_tone(state)
        if self.panel is not None:
            self.session_update(t)

    def _camera_pose(self, t: float, dt: float):
        place = self.world.place
        self._follow_camera_cue(t)
        if self.glide is not None:
            return self._glide_pose(t)
        if self.explore is not None and not self.clock.paused:
            self.explore.step(dt, *held_axes(held_keys))
            if held_keys["right mouse"]:  # drag to look around
                self.explore.look(mouse.velocity[0], mouse.velocity[1])
            ground = float(self.world.heightfield.sample(self.explore.x, self.explore.z))
            pos = (self.explore.x, ground + place.camera.position[1], self.explore.z)
            apply_pose(camera, pos, self.explore.yaw, self.explore.pitch)
            return pos
        drift = self.settings.camera_drift and not self.settings.reduced_motion
        pos, yaw, pitch = seated_pose(place.camera, t, drift=drift, ground=self.world.ground)
        apply_pose(camera, pos, yaw, pitch)
        return pos

    def _follow_camera_cue(self, t: float) -> None:
        """camera.still while the person walks: a slow, eased glide back to
        the seat begins (logged); Tab during it keeps them walking."""
        still = self.director.still_at
        if still is None or still == self._still_seen:
            return
        self._still_seen = still
        if self.explore is None or self.glide is not None:
            return
        from engine.world.seat_glide import SeatGlide
        e = self.explore
        self.glide = SeatGlide.start(t, e.x, e.z, e.yaw, e.pitch, self._seat(t))
        dist = ((e.x - self.glide_seat[0]) ** 2 + (e.z - self.glide_seat[1]) ** 2) ** 0.5
        self.director.log.emit(t, "camera.return", seconds=round(self.glide.seconds, 3), distance=round(dist, 3))

    def _seat(self, t: float) -> tuple[float, float, float, float]:
        drift = self.settings.camera_drift and not self.settings.reduced_motion
        pos, yaw, pitch = seated_pose(self.world.place.camera, t, drift=drift, ground=self.world.ground)
        self.glide_seat = (pos[0], pos[2], yaw, pitch)
        return self.glide_seat

    def _glide_pose(self, t: float):
        x, z, yaw, pitch = self.glide.pose(t, self._seat(t))
        self.explore.x, self.explore.z, self.explore.yaw, self.explore.pitch = x, z, yaw, pitch
        pos = (x, float(self.world.heightfield.sample(x, z)) + self.world.place.camera.position[1], z)
        if self.glide.done(t):   # on the seat: seated from here on
            pos = seated_pose(self.world.place.camera, t, drift=False, ground=self.world.ground)[0]
            self.glide, self.explore = None, None
            self.world.set_explore(False)
            self.director.log.emit(t, "camera.seated")
            self.log.append("seated")
        apply_pose(camera, pos, yaw, pitch)
        return pos

    def _room_tone(self, state) -> None:
        """The calm way out's quiet room tone, at the level the director says."""
        if self.room is None:
            if getattr(self.audio, "manager", None) is None:
                return
            from engine.live.room_tone import LiveRoomTone
            self.room = LiveRoomTone(self.audio.manager)
            self.room.prepare()   # ready before anyone needs the way out
        self.room.follow(state.room, self.clock.paused, self.audio.master_gain)

    # -- keys ----------------------------------------------------------
    def input(self, key: str) -> None:
        if self.settings_page is not None or self._fresh:
            return   # the shell's settings page has the keys; or the key that opened this visit
        if self.letter is not None:
            self.letter.key(key)
            return
        if self.rating is not None:
            self.session_key(key)
            return
        if self.finder is not None:
            self._finder_key(key)
            return
        if self.picker is not None:
            if self.picker.key(key):
                self.close_picker()
            return
        actions = {"escape": self.toggle_pause, "tab": self.toggle_mode, "d": self.toggle_drift,
                   "h": self.toggle_help, "m": self.toggle_motion, "g": self.ground,
                   "c": self.toggle_captions, "p": self.toggle_pacing, "b": self.open_finder,
                   "n": self.toggle_numbers, "k": self.open_picker,
                   "i": lambda: self.toggle_breath_option("breath_captions", "breath words"),
                   "l": lambda: self.toggle_breath_option("breath_halo", "breath halo"),
                   "e": self.next_guide, "y": self.welcome_company, "space": self.feel_settled,
                   "r": lambda: self.toggle_breath_option("breath_sound", "breath sound"),
                   "]": self.skip_segment, "[": self.extend_segment,
                   ",": lambda: self.titrate(distance=-1.0), ".": lambda: self.titrate(distance=1.0),
                   ";": lambda: self.titrate(warmth=-0.1), "'": lambda: self.titrate(warmth=0.1),
                   "z": lambda: self.titrate(size=-0.1), "x": lambda: self.titrate(size=0.1),
                   "u": self.next_presence_colour, "v": self.toggle_presence_view,
                   "f": self.send_away}
        if self.panel is not None:
            actions.update(self.session_keys())
        if key == "left mouse down" and not self.pause.shown and not mouse.hovered_entity:
            # a click on the view, not on a button (an entity destroyed under the pointer stays Ursina's
            # hovered_entity, as an empty NodePath, which is false): the pause screen, whose buttons take the next
            self._pause()
        elif self.pause.shown and key == "q":
            self.leave()
        elif self.pause.shown and key == "g":
            self.ground_from_pause()
        elif self.pause.shown and key == "n":
            self.open_builder()
        elif self.pause.shown and key == "s":
            self.open_settings()
        elif key in actions and not (key == "d" and self.explore is not None):
            actions[key]()

    def toggle_pause(self) -> None:
        self.resume() if self.pause.shown else self._pause()

    def _pause(self) -> None:
        self.commands.pause()
        self.pause.show()

    def resume(self) -> None:
        self.commands.resume()

    def toggle_mode(self) -> None:
        if self.glide is not None:   # the way back to the seat is declined: keep walking
            self.glide = None
            self.director.log.emit(self.clock.now(), "camera.stay")
            self.log.append("explore")
            return
        if self.settings.reduced_motion and self.explore is None:
            self.log.append("explore refused: reduced motion")
            self.toast.say("Walking about rests while reduced motion is on - M turns reduced motion off")
            return
        self.explore = self._new_explore() if self.explore is None else None
        self.world.set_explore(self.explore is not None)
        self.log.append("explore" if self.explore else "seated")
        self.toast.say("Walking about: W and S forward and back, A and D to the sides, the arrows or the right "
                       "mouse button to look - Tab sits you down again" if self.explore else
                       "Seated again - Tab to walk about")

    def _new_explore(self) -> ExploreState:
        cam = self.world.place.camera
        return ExploreState(cam.position[0], cam.position[2], cam.yaw, cam.pitch)

    def toggle_drift(self) -> None:
        self.prefs.change(camera_drift=not self.settings.camera_drift)
        self.log.append(f"drift {'on' if self.settings.camera_drift else 'off'}")
        self.toast.say(f"Slow drift {'on' if self.settings.camera_drift else 'off'} - D turns it "
                       f"{'off' if self.settings.camera_drift else 'on'}")

    def toggle_motion(self) -> None:
        on = not self.settings.reduced_motion
        self.prefs.change(reduced_motion=on)
        if on and self.explore is not None:
            self.explore = self.glide = None
            self.world.set_explore(False)
        self.toast.say(f"Reduced motion {'on: the view stays still' if on else 'off'} - M turns it {'off' if on else 'on'}")
        self.log.append(f"reduced motion {'on' if on else 'off'}")

    def toggle_help(self) -> None:
        shown = self.help.toggle()
        self.prefs.change(show_help=shown)
        self.view.captions.floor = self.help.top + 0.045
        self.view.captions.relayout()   # the person asked: the caption moves above the help now

    # -- the practice ------------------------------------------------------
    def ground(self) -> None:
        """The calm way out: from any moment, a gentle return (logged)."""
        self.commands.ground()

    def titrate(self, distance: float = 0.0, warmth: float = 0.0, size: float = 0.0) -> None:
        """The person sets how near, how warm and how large the presence is
        (kept for this place); it glides there at its own calm pace."""
        self.commands.titrate(distance, warmth, size)
        p = self.commands.presence_now()
        what = ("distance", f"{p['distance']:g} m - comma (,) nearer, full stop (.) further") if distance else \
            ("warmth", f"{round(p['warmth'] * 100)} % - semicolon (;) cooler, apostrophe (') warmer") if warmth else \
            ("size", f"{round(p['size'] * 100)} % - Z smaller, X larger")
        self.toast.say(f"The presence's {what[0]}: {what[1]} (kept for this place)")

    def next_presence_colour(self) -> None:
        """U: the next of a few warm colours (the place's own first); it glides."""
        self.commands.presence_colour(self.view.presence.next_colour())
        self.toast.say("The presence's colour changed - U for the next (kept for this place)")

    def toggle_presence_view(self) -> None:
        """V: in view, or resting beside and behind, out of view (felt, not seen)."""
        self.commands.presence_in_view(not self.view.presence.in_view)
        self.toast.say("The presence " + ("is in view" if self.view.presence.in_view else "rests out of view, beside you")
                       + " - V changes it (kept for this place)")

    def send_away(self) -> None:
        """F: the presence goes back to the far distance at once (and comes
        back only when F is pressed again)."""
        self.commands.presence_away(not self.view.presence.away)
        self.toast.say("The presence " + ("has gone back to the far distance - F brings it back"
                                          if self.view.presence.away else "may come back - F sends it away again"))

    def skip_segment(self) -> None:
        self.commands.skip()

    def extend_segment(self) -> None:
        self.commands.extend()

    def _replan_voice(self, t: float) -> None:
        if self.voice is not None and self.director.timeline is not None:
            from engine.audio.voice_mix import placements
            self.voice.plan([(s, k) for s, k, _ in placements(self.director.timeline, self.voice_clips)], t)

    def ground_from_pause(self) -> None:
        self.resume()
        self.ground()

    def toggle_captions(self) -> None:
        self.commands.set_captions(not self.settings.captions)
        on = self.settings.captions
        self.toast.say(f"Captions {'on' if on else 'off'} - C turns them {'off' if on else 'on'}")

    @property
    def light_on(self) -> bool:
        """Is the breathing light on? In a practice, the person's kept choice;
        in a place with no practice, whether it was asked for on this visit."""
        if self.director.timeline is None:
            return self.director.ch["breath"].target > 0
        return self.settings.pacing

    def toggle_pacing(self) -> None:
        on = not self.light_on
        self.commands.set_pacing(on)   # settles or returns over seconds, never snaps
        kept = "" if self.director.timeline is not None else " (for this visit)"
        self.toast.say(f"Breathing light {'on' if on else 'off'}{kept} - P turns it {'off' if on else 'on'}")

    def open_picker(self) -> None:
        from engine.ui.colour_picker import ColourPicker
        if self.picker is None:
            self.picker = ColourPicker(self.settings.colour, self._pick_colour, on_done=self.close_picker)
            self.place_picker()
            self.log.append("colour picker open")

    def place_picker(self) -> None:
        """The picker within the window, beside the therapist's panel when it
        shows, not under it (made smaller when the two would not fit side by side)."""
        if self.picker is None:
            return
        half = self._window.aspect / 2
        right = self.panel.left_edge if self.panel is not None and self.panel.enabled else half
        self.picker.place(-half + 0.02, right - 0.02)

    def _follow_window(self, aspect: float) -> None:
        """The person made the window another shape: what is laid out from its
        width follows (the glow, the veils, the caption, the panel, the picker)."""
        self.view.follow(aspect)
        if self.panel is not None:
            self.panel.follow(aspect)
        self.place_picker()

    def _pick_colour(self, hex_colour: str) -> None:
        self.view.set_colour(hex_colour)
        self.prefs.value = self.settings.model_copy(update={"colour": hex_colour})   # kept when the picker closes

    def close_picker(self) -> None:
        from ursina import destroy
        destroy(self.picker)
        self.picker = None
        self.prefs.save()
        self.log.append(f"colour {self.settings.colour}")

    def toggle_breath_option(self, name: str, label: str) -> None:
        """I, L, R: the breathing light's words ("breathing in / out"), its
        halo at the edge of the view, the sound's soft swell - each on or off
        (saved); the halo and the swell glide, never snap."""
        on = not getattr(self.settings, name)
        self.commands.breath_option(name, label, on)
        key = {"breath_captions": "I", "breath_halo": "L", "breath_sound": "R"}[name]
        self.toast.say(f"{label.capitalize()} {'on' if on else 'off'} - {key} turns it {'off' if on else 'on'}")

    def open_letter(self) -> None:
        """The practice's writing page over the place; the clock waits while the person writes."""
        from engine.ui.letter_page import LetterPage
        self.clock.pause()
        self.letter = LetterPage(on_done=self._letter_done)
        self.log.append("letter open")

    def _letter_done(self, parts) -> None:
        from ursina import destroy
        from engine.records.letters import save_letter
        destroy(self.letter)
        self.letter = None
        kept = None
        if parts is not None:
            try:
                kept = save_letter(parts)
            except OSError as exc:
                from engine.config.userdirs import plain_reason
                self.toast.say(f"The letter could not be kept ({plain_reason(exc)})")
        self.director.log.emit(self.clock.now(), "letter", kept=kept is not None)
        self.log.append("letter kept" if kept else "letter not kept")
        if kept is not None:
            self.toast.say("Your letter is kept, for you alone - read it later in Your practice (L)")
        self.clock.resume()

    def feel_settled(self) -> None:
        """Space, in a practice that asks: 'I feel settled now' - the time is kept."""
        practice = self.session.practice
        if practice is None or not practice.asks_settled:
            return
        t = self.commands.settled()
        if t is not None:
            m, sec = divmod(int(round(t)), 60)
            self.toast.say(f"Settled after {m} min {sec:02d} s - kept with this practice")

    def welcome_company(self) -> None:
        """Y: yes to the company the practice offers; it comes at its own slow
        pace, only as near as the person has set."""
        if self.commands.presence_yes():
            self.toast.say("Your company is on its way, at its own pace - G or T if it is too much")

    def next_guide(self) -> None:
        """E: the breathing guide's next style - the place's own light, a
        bloom, a tide line, none (kept); the old fades as the new comes."""
        from engine.core.pacer_guide import STYLE_WORDS, next_style
        style = next_style(self.settings.pacer_style)
        self.commands.set_guide(style=style)
        self.toast.say(f"Breathing guide: {STYLE_WORDS[style]} - E changes it")

    def toggle_numbers(self) -> None:
        self.prefs.change(show_breath_numbers=not self.settings.show_breath_numbers)

    def open_finder(self) -> None:
        from engine.ui.finder import FinderPanel
        self.clock.pause()
        self.finder = FinderPanel(self.settings.show_breath_numbers)
        self._finder_t = 0.0   # its own time, from frame steps: the session clock waits
        self.log.append("finder open")

    def _finder_key(self, key: str) -> None:
        now = self._finder_t
        if key in ("space", "left mouse down"):   # Space, or the mouse button, held while breathing in
            self.finder.press(now)
        elif key in ("space up", "left mouse up"):
            self.finder.release(now)
        if key in ("escape", "enter") or self.finder.result is not None:
            self._close_finder(self.finder.result)

    def _close_finder(self, rate: float | None) -> None:
        from ursina import destroy, invoke
        panel, self.finder = self.finder, None
        invoke(destroy, panel, delay=2.5 if rate else 0.0)
        self.clock.resume()
        if rate is None:
            self.log.append("finder closed")
            return
        self.commands.natural_rate(rate)

    def open_builder(self) -> None:
        """From the pause screen: the builder, starting from this place when it
        is a built-in one (the practice, if any, is kept as incomplete)."""
        from engine.config.draft import builtin_bases
        name = self.world.place.name
        start = name if name in builtin_bases() else "meadow"
        self.log.append(f"builder from {start}")
        if self.on_build is not None:   # the shell: the builder opens in this window, Esc comes back
            self.on_build(start)
            return
        if self.panel is not None:
            self.end_session()
        if self.on_close is application.quit:   # a real window (tests step frames themselves)
            import os
            from engine import APP_DIR
            if self.audio is not None:
                self.audio.destroy()
            os.execv(sys.executable, [sys.executable, str(APP_DIR / "main.py"), "build", "--from", start])

    def leave(self) -> None:
        """Leave gently: a practice left before its end still offers the
        after-questions (easy to skip); then the view fades over two seconds."""
        if self._offer_after():
            self._after_then = self._fade_out
            return
        self._fade_out()

    def _offer_after(self) -> bool:
        if (self.recorder is None or self._rated_after or self.rating is not None
                or not self.asks_ratings):
            return False
        self.recorder.end(self.clock.now(), completed=self._ended)   # kept as it stands before the questions
        self.pause.hide()
        self.clock.pause()
        self._open_ratings("after")
        return True

    def after_rated(self) -> None:
        """The after-questions were answered or skipped (SessionControls)."""
        self._rated_after = True
        then, self._after_then = self._after_then, None
        if then is not None:
            then()
        elif self.journey:
            self._fade_out()

    @property
    def asks_ratings(self) -> bool:
        """The questions before and after: when the person wants them, and never after a reading."""
        practice = self.session.practice
        return self.settings.ask_ratings and not (practice is not None and practice.kind == "reading")

    def practice_ended(self, t: float) -> None:
        """The practice reached its end; on a visit from home, the closing
        screen follows (after the questions, or after a quiet moment)."""
        if self.journey and not (self.asks_ratings and self.recorder is not None):
            self._linger = t + 6.0

    def _fade_out(self) -> None:
        if self.panel is not None:
            self.end_session()
        self.pause.leave()
        if self.audio is not None:
            self.audio.fade_out(2.0)
        self.log.append("leave")

    def settings_changed(self, before: Settings) -> None:
        """Back from the settings page: what changed there takes effect in this visit too."""
        now, t = self.settings, self.clock.now()
        if now.captions != before.captions:
            self.view.captions.visible = now.captions
        if now.caption_size != before.caption_size:
            from engine.ui.captions import SCALE
            self.view.captions.scale_text = SCALE * now.caption_size
            self.view.captions.relayout()
        if now.volume != before.volume and self.audio is not None:
            self.audio.set_master(now.volume, ramp=1.0)
        if now.pacing != before.pacing and self.director.timeline is not None:
            self.director.set_pacing(t, now.pacing)
        for name in ("breath_halo", "breath_sound", "breath_captions"):
            if getattr(now, name) != getattr(before, name):
                self.director.breath_option(t, name, getattr(now, name))
        if (now.pacer_style, now.pacer_strength) != (before.pacer_style, before.pacer_strength):
            self.director.set_guide(t)   # the old guide fades as the new one comes
        if now.show_help != before.show_help and (self.help.level > 0) != now.show_help:
            self.help.toggle()
        if now.reduced_motion and self.explore is not None:
            self.explore = self.glide = None
            self.world.set_explore(False)
        if now.presence != before.presence or now.presence_distance != before.presence_distance \
                or now.presence_warmth != before.presence_warmth:
            self.view.presence.titrate(t, now, "settings")
        self.log.append("settings changed" if now != before else "settings unchanged")

    def open_settings(self) -> None:
        """S on the pause screen: the settings page over the place (the clock waits)."""
        if self.on_settings is not None:
            self.on_settings()

    def _save(self) -> None:
        self.prefs.save()

    def close(self) -> None:
        """Take down everything this visit made - its view, world, sound,
        voice, panels and record - so the window can show something else
        (home, the builder) or the next session."""
        from ursina import destroy
        self.end_session()
        for part in (self.audio, self.voice, self.room):
            if part is not None:
                part.destroy()
        self.audio = self.voice = self.room = None
        for panel in (self.rating, self.finder, self.picker, self.panel, self.pause, self.help, self.toast,
                      self.settings_page):
            if panel is not None:
                destroy(panel)
        self.rating = self.finder = self.picker = self.panel = self.settings_page = None
        self.view.destroy()
        self.world.destroy()
        self.director.log.close()
        destroy(self)


def _describe(event: dict) -> str:
    """A short line for the controller's log (tests read it)."""
    detail = event.get("id") or event.get("do") or event.get("stage") or event.get("text") or ""
    return f"{event['kind']} {detail}".strip()
