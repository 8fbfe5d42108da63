"""`python main.py run`: the Haven window.

One `HavenController` entity reads the session clock each frame and hands the
time to the world; keys change modes and open the calm pause screen.
"""
from __future__ import annotations

import json
import sys

from ursina import Entity, application, camera, held_keys, mouse, time as utime

from engine.clock import SessionClock
from engine.config.settings import Settings, load_settings, save_settings
from engine.ui.controls import ExploreState, held_axes
from engine.ui.pause import HelpLine, PauseScreen
from engine.ui.session_controls import SessionControls
from engine.world.camera import apply_pose, seated_pose


class HavenController(SessionControls, Entity):
    def __init__(self, world, clock: SessionClock, settings: Settings, director=None):
        super().__init__()
        from engine.director import Director
        from engine.ui.practice_view import PracticeView
        self.world = world
        self.clock = clock
        self.settings = settings
        self.director = director or Director(None, world.place, settings)
        self.view = PracticeView(world, self.director, camera, settings.colour)
        self.view.captions.visible = settings.captions
        self.finder = None
        self.picker = None
        self._seen = len(self.director.log.events)   # from here on (a session log opens with session.start)
        cam = world.place.camera
        self.explore = None if cam.mode == "seated" else self._new_explore()
        world.set_explore(self.explore is not None)
        self.help = HelpLine(settings.show_help)
        self.pause = PauseScreen(world.rig.fog, on_resume=self.resume, on_toggle_mode=self.toggle_mode,
                                 on_toggle_motion=self.toggle_motion, on_leave=self.leave,
                                 on_ground=self.ground_from_pause, on_build=self.open_builder)
        self.log: list[str] = []
        self.closed = False
        self.on_close = application.quit
        self.audio = None  # a LivePlayer, set by run_app
        self.voice = None  # a LiveVoice when the practice speaks
        self.voice_clips: dict = {}
        self.glide = None        # a SeatGlide back to the seat (camera.still while walking)
        self._still_seen = None
        self.room = None         # the calm way out's room tone (LiveRoomTone), readied when the sound starts
        self._unsaved = None     # why the settings could not be kept, once said
        self.panel = self.rating = self.recorder = None   # set by setup_session

    # -- per frame -----------------------------------------------------
    def update(self) -> None:
        dt = min(utime.dt, 0.1)
        if self.pause.advance(dt):
            self.closed = True
            self.on_close()
            return
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
            from engine.audio.room_tone import LiveRoomTone
            self.room = LiveRoomTone(self.audio.manager)
            self.room.prepare()   # ready before anyone needs the way out
        self.room.follow(state.room, self.clock.paused, self.audio.master_gain)

    # -- keys ----------------------------------------------------------
    def input(self, key: str) -> None:
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
                   "r": lambda: self.toggle_breath_option("breath_sound", "breath sound"),
                   "]": self.skip_segment, "[": self.extend_segment,
                   ",": lambda: self.titrate(distance=-1.0), ".": lambda: self.titrate(distance=1.0),
                   ";": lambda: self.titrate(warmth=-0.1), "'": lambda: self.titrate(warmth=0.1),
                   "z": lambda: self.titrate(size=-0.1), "x": lambda: self.titrate(size=0.1),
                   "u": self.next_presence_colour, "v": self.toggle_presence_view,
                   "f": self.send_away}
        if self.panel is not None:
            actions.update(self.session_keys())
        if self.pause.shown and key == "q":
            self.leave()
        elif self.pause.shown and key == "g":
            self.ground_from_pause()
        elif self.pause.shown and key == "n":
            self.open_builder()
        elif key in actions and not (key == "d" and self.explore is not None):
            actions[key]()

    def toggle_pause(self) -> None:
        self.resume() if self.pause.shown else self._pause()

    def _pause(self) -> None:
        self.clock.pause()
        self.pause.show()
        self.log.append("pause")

    def resume(self) -> None:
        self.pause.hide()
        self.clock.resume()
        self.log.append("resume")

    def toggle_mode(self) -> None:
        if self.glide is not None:   # the way back to the seat is declined: keep walking
            self.glide = None
            self.director.log.emit(self.clock.now(), "camera.stay")
            self.log.append("explore")
            return
        if self.settings.reduced_motion and self.explore is None:
            self.log.append("explore refused: reduced motion")
            return
        self.explore = self._new_explore() if self.explore is None else None
        self.world.set_explore(self.explore is not None)
        self.log.append("explore" if self.explore else "seated")

    def _new_explore(self) -> ExploreState:
        cam = self.world.place.camera
        return ExploreState(cam.position[0], cam.position[2], cam.yaw, cam.pitch)

    def toggle_drift(self) -> None:
        self.settings = self.settings.model_copy(update={"camera_drift": not self.settings.camera_drift})
        self._save()
        self.log.append(f"drift {'on' if self.settings.camera_drift else 'off'}")

    def toggle_motion(self) -> None:
        on = not self.settings.reduced_motion
        self.settings = self.settings.model_copy(update={"reduced_motion": on})
        if on and self.explore is not None:
            self.explore = self.glide = None
            self.world.set_explore(False)
        self._save()
        self.log.append(f"reduced motion {'on' if on else 'off'}")

    def toggle_help(self) -> None:
        self.help.enabled = not self.help.enabled
        self.settings = self.settings.model_copy(update={"show_help": self.help.enabled})
        self._save()

    # -- the practice ------------------------------------------------------
    def ground(self) -> None:
        """The calm way out: from any moment, a gentle return (logged)."""
        t = self.clock.now()
        self.director.ground(t)
        self._replan_voice(t)

    def titrate(self, distance: float = 0.0, warmth: float = 0.0, size: float = 0.0) -> None:
        """The person sets how near, how warm and how large the presence is
        (saved for this place); it glides there at its own calm pace."""
        pv = self.view.presence
        update, what = {}, []
        if distance:
            update["distance"] = round(min(max(pv.set_distance + distance, 1.5), 60.0), 2)
            what.append("distance")
        if warmth:
            update["warmth"] = round(min(max(pv.warmth + warmth, 0.0), 1.0), 2)
            what.append("warmth")
        if size:
            update["size"] = round(min(max(pv.size + size, 0.4), 2.0), 2)
            what.append("size")
        self._presence_settings(",".join(what), **update)
        self.log.append(f"presence distance {pv.set_distance:g} warmth {pv.warmth:g} size {pv.size:g}")

    def next_presence_colour(self) -> None:
        """U: the next of a few warm colours (the place's own first); it glides."""
        colour = self.view.presence.next_colour()
        self._presence_settings("colour", colour=colour)
        self.log.append(f"presence colour {colour}")

    def toggle_presence_view(self) -> None:
        """V: in view, or resting beside and behind, out of view (felt, not seen)."""
        in_view = not self.view.presence.in_view
        self._presence_settings("in_view", in_view=in_view)
        self.log.append("presence in view" if in_view else "presence out of view")

    def send_away(self) -> None:
        """F: the presence goes back to the far distance at once (and comes
        back only when F is pressed again)."""
        away = not self.view.presence.away
        self._presence_settings("away", away=away)
        self.log.append("presence away" if away else "presence back")

    def _presence_settings(self, what: str, **update) -> None:
        """This place's presence choice changed: kept per place, saved, and
        handed to the presence (which glides to it and logs it)."""
        name = self.world.place.name
        self.settings = self.settings.with_presence(name, **update)
        self.director.settings = self.director.settings.with_presence(name, **update)
        self.view.presence.titrate(self.clock.now(), self.director.settings, what)
        self._save()

    def skip_segment(self) -> None:
        t = self.clock.now()
        self.director.skip(t)
        self._replan_voice(t)

    def extend_segment(self) -> None:
        t = self.clock.now()
        self.director.extend(t, 30.0)
        self._replan_voice(t)

    def _replan_voice(self, t: float) -> None:
        if self.voice is not None and self.director.timeline is not None:
            from engine.audio.voice_mix import placements
            self.voice.plan([(s, k) for s, k, _ in placements(self.director.timeline, self.voice_clips)], t)

    def ground_from_pause(self) -> None:
        self.resume()
        self.ground()

    def toggle_captions(self) -> None:
        on = not self.settings.captions
        self.settings = self.settings.model_copy(update={"captions": on})
        self.view.captions.visible = on
        self._save()
        self.log.append(f"captions {'on' if on else 'off'}")

    def toggle_pacing(self) -> None:
        on = not self.settings.pacing
        self.settings = self.settings.model_copy(update={"pacing": on})
        self.director.settings = self.director.settings.model_copy(update={"pacing": on})
        t = self.clock.now()
        if on and self.director.ch["breath"].target == 0 and self.director.timeline is None:
            self.director.apply("breath.on", {}, t)
        elif not on:
            self.director.ch["breath"].to(t, 0.0, 5.0)  # settles, never snaps off
        self._save()
        self.log.append(f"pacing {'on' if on else 'off'}")

    def open_picker(self) -> None:
        from engine.ui.colour_picker import ColourPicker
        if self.picker is None:
            self.picker = ColourPicker(self.settings.colour, self._pick_colour)
            self.log.append("colour picker open")

    def _pick_colour(self, hex_colour: str) -> None:
        self.view.set_colour(hex_colour)
        self.settings = self.settings.model_copy(update={"colour": hex_colour})

    def close_picker(self) -> None:
        from ursina import destroy
        destroy(self.picker)
        self.picker = None
        self._save()
        self.log.append(f"colour {self.settings.colour}")

    def toggle_breath_option(self, name: str, label: str) -> None:
        """I, L, R: the breathing light's words ("breathing in / out"), its
        halo at the edge of the view, the sound's soft swell - each on or off
        (saved); the halo and the swell glide, never snap."""
        on = not getattr(self.settings, name)
        self.settings = self.settings.model_copy(update={name: on})
        self.director.breath_option(self.clock.now(), name, on)
        self._save()
        self.log.append(f"{label} {'on' if on else 'off'}")

    def toggle_numbers(self) -> None:
        self.settings = self.settings.model_copy(update={"show_breath_numbers": not self.settings.show_breath_numbers})
        self._save()

    def open_finder(self) -> None:
        from engine.ui.finder import FinderPanel
        self.clock.pause()
        self.finder = FinderPanel(self.settings.show_breath_numbers)
        self._finder_t = 0.0   # its own time, from frame steps: the session clock waits
        self.log.append("finder open")

    def _finder_key(self, key: str) -> None:
        now = self._finder_t
        if key == "space":
            self.finder.press(now)
        elif key == "space up":
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
        self.settings = self.settings.model_copy(update={"natural_rate": round(rate, 2)})
        self._save()
        ramp = self.director.timeline.practice.breath.ramp if self.director.timeline else 120.0
        self.director.pacer.restart_ramp(self.clock.now(), rate, ramp)
        self.log.append("finder done")

    def open_builder(self) -> None:
        """From the pause screen: the builder, starting from this place when it
        is a built-in one (the practice, if any, is kept as incomplete)."""
        from engine.builder import builtin_bases
        name = self.world.place.name
        start = name if name in builtin_bases() else "meadow"
        self.log.append(f"builder from {start}")
        if self.panel is not None:
            self.end_session()
        if self.on_close is application.quit:   # a real window (tests step frames themselves)
            import os
            from engine import APP_DIR
            if self.audio is not None:
                self.audio.destroy()
            os.execv(sys.executable, [sys.executable, str(APP_DIR / "main.py"), "build", "--from", start])

    def leave(self) -> None:
        if self.panel is not None:
            self.end_session()
        self.pause.leave()
        if self.audio is not None:
            self.audio.fade_out(2.0)
        self.log.append("leave")

    def _save(self) -> None:
        """Keep the settings; a failure is said once for each reason, not at every key."""
        from engine.config.userdirs import plain_reason
        try:
            save_settings(self.settings)
        except OSError as exc:
            reason = plain_reason(exc)
            if reason != self._unsaved:
                self._unsaved = reason
                print(f"haven: settings not saved ({reason}); the last kept settings stay as they were",
                      file=sys.stderr)


def _describe(event: dict) -> str:
    """A short line for the controller's log (tests read it)."""
    detail = event.get("id") or event.get("do") or event.get("stage") or event.get("text") or ""
    return f"{event['kind']} {detail}".strip()


def run_app(args) -> int:
    opened = open_session(args)
    if isinstance(opened, int):
        return opened
    app, controller, clock = opened
    if not args.frames:
        app.run()
        return 0
    code = _run_frames(app, controller, clock, args.frames, args.keys or "")
    if args.screenshot:
        from engine.world.stage import screenshot_rgb
        screenshot_rgb(args.screenshot)
    sys.stdout.flush()
    app.destroy()
    return code


def open_session(args, fps: float = 60.0):
    """The window, the place, the practice and its record, ready to run:
    (app, controller, clock), or an exit code when the arguments are bad.
    With ``args.frames`` time runs at a fixed step of 1/fps (tests, soak)."""
    from ursina import scene
    from engine.config import load_place_or_default
    from engine.world import build_world
    from engine.world.stage import fixed_step, open_app

    settings, problem = load_settings()
    for line in [problem] if problem else []:
        print(line, file=sys.stderr)
    if args.reduced_motion:
        settings = settings.model_copy(update={"reduced_motion": True})
    settings = settings.model_copy(update={"voice": args.voice})
    if args.breath_rate is not None:
        from engine.breath import BreathError, check_rate
        try:
            settings = settings.model_copy(update={"breath_rate": check_rate(args.breath_rate, "--breath-rate")})
        except BreathError as exc:
            print(f"haven: {exc}", file=sys.stderr)
            return 2
    practice = _load_practice(args.practice)
    ref = args.place or settings.last_place or "meadow"
    place, problems = load_place_or_default(ref)
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"haven: opening '{place.name}' instead", file=sys.stderr)
    offscreen = bool(args.offscreen)
    app = open_app(args.size, offscreen=offscreen, fullscreen=args.fullscreen, title=f"Haven - {place.title}")
    world = build_world(place, scene)
    camera.fov = place.camera.fov
    if args.frames:
        fixed_step(fps)
        clock = SessionClock.fixed(fps)
    else:
        clock = SessionClock()
    from engine.director import Director
    voice_secs, clips = _prepare_voice(practice, place, settings.voice, args.practice)
    from engine.events import EventLog
    from engine.session_log import open_session_log
    log = open_session_log(place.name, practice.name) if practice is not None else EventLog()
    director = Director(practice, place, settings, log, voice=voice_secs)
    controller = HavenController(world, clock, settings, director)
    if args.frames:
        controller.on_close = lambda: None  # the test driver ends the loop itself
    if not args.frames or args.sound:
        from engine.audio.live import LivePlayer
        from engine.config import place_path
        controller.audio = LivePlayer(place, None if problems else place_path(ref)).start()
        world.updaters.append(controller.audio.updater(clock))
    if clips and director.timeline is not None:
        from engine.audio.live import audio_manager
        from engine.audio.live_voice import LiveVoice
        from engine.audio.voice_mix import placements
        controller.voice = LiveVoice(audio_manager(app), placements(director.timeline, clips))
        controller.voice_clips = clips
    ratings = bool(args.ratings) if args.frames else None   # tests ask for ratings explicitly
    if ratings is not None:
        controller.settings = controller.settings.model_copy(update={"ask_ratings": ratings})
    controller.setup_session(place.name, practice.name if practice else None, shown=bool(args.session))
    import atexit
    atexit.register(controller.end_session)   # a window closed by the system still closes the record
    if args.place and not problems:
        controller.settings = controller.settings.model_copy(update={"last_place": place.name})
        controller._save()
    return app, controller, clock


def _prepare_voice(practice, place, mode: str, ref: str | None) -> tuple[dict | None, dict]:
    """Spoken or recorded clips before the window opens (espeak lines are
    cached, so only the first time takes a moment). Never fails: without
    the voice the practice runs with captions and says why."""
    if practice is None or mode == "captions":
        return None, {}
    from engine.audio.voice_mix import practice_voice
    from engine.config import practice_path
    print(f"haven: preparing the {mode} voice...", file=sys.stderr)
    secs, clips, message = practice_voice(practice, place, mode, practice_path(ref))
    if message:
        print(message, file=sys.stderr)
    return secs, clips


def _load_practice(ref: str | None):
    """The practice, or None with its problems said (the place still opens)."""
    if not ref:
        return None
    from engine.config import ConfigError, load_practice
    try:
        return load_practice(ref)
    except ConfigError as exc:
        for line in exc.problems or [str(exc)]:
            print(line, file=sys.stderr)
        print("haven: opening the place without a practice", file=sys.stderr)
        return None


def _run_frames(app, controller: HavenController, clock: SessionClock, frames: int, script: str) -> int:
    """Test driver: step N frames, pressing scripted keys ('10:escape,40:tab')."""
    presses: dict[int, list[str]] = {}
    for item in filter(None, script.split(",")):
        n, key = item.split(":", 1)
        presses.setdefault(int(n), []).append(key)
    for i in range(frames):
        for key in presses.get(i, []):
            if len(key) > 1 and key[0] in "+-":   # hold (+w) or let go of (-w) a key
                held_keys[key[1:]] = 1 if key[0] == "+" else 0
            else:
                controller.input(key)
        clock.tick()
        app.step()
        if controller.closed:
            break
    rec = controller.recorder
    record = {"id": rec.id, "ladder": rec.ladder} if rec is not None and rec.id is not None else None
    controller.end_session()
    voice = controller.voice.started if controller.voice else []
    print(json.dumps({"frames": i + 1, "place": controller.world.place.name, "t": round(clock.now(), 4),
                      "voice": [f"{seg}:{j}" for seg, j in voice],
                      "voice_gain": round(controller.voice.gain, 4) if controller.voice else None,
                      "paused": controller.pause.shown, "explore": controller.explore is not None,
                      "log": controller.log, "closed": controller.closed, "record": record}))
    return 0
