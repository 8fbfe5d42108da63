"""`python main.py run`: the Haven window around one assembled session.

``open_window`` opens the app (a real window, or offscreen for tests and
the soak), assembles the session (engine/app/session.py), builds its world
and hands both to the window's controller (engine/ui/controller.py), with
the live sound, the voice and the practice's record.
"""
from __future__ import annotations

import json
import os
import sys

from engine.app.session import Choice, assemble, personal_settings
from engine.app.visit import start_controller
from engine.config import ConfigError
from engine.core.clock import SessionClock


def choice_from(args) -> Choice:
    return Choice(place=args.place, practice=args.practice, voice=args.voice,
                  breath_rate=args.breath_rate, reduced_motion=bool(args.reduced_motion),
                  option=getattr(args, "option", None))


def run_window(args, home: bool, builder_from: str | None = None) -> int:
    """A person's Haven: the home screen (or, with a place or practice
    named, that visit first), in a real window, one per data folder."""
    from engine.app.shell import Shell, ShellOptions
    from engine.config.lock import AlreadyOpen, DataLock
    from engine.ui.stage import open_app
    try:
        lock = DataLock.take()
    except AlreadyOpen as exc:
        print(f"haven: {exc}", file=sys.stderr)
        _say_in_a_window(str(exc))
        return 1
    choice = choice_from(args)
    prefs = _personal(choice)
    if prefs is None:
        return 2
    from engine.config.userdirs import data_dir, ensure_dir
    from engine.ui.stage import start_up_noise_to
    try:
        noise = ensure_dir(data_dir(create=True) / "logs") / "window-start.log"
    except OSError:
        noise = os.devnull
    with start_up_noise_to(noise):
        app = open_app(args.size, offscreen=False, fullscreen=args.fullscreen, title="Haven")
    start = None if home else choice
    Shell(app, prefs, ShellOptions(start=start, session_panel=bool(args.session), builder_from=builder_from))
    try:
        app.run()
    finally:
        if lock is not None:
            lock.release()
    return 0


def _say_in_a_window(line: str) -> None:
    """A second Haven: say so where a person looks - a small calm window,
    for a few seconds - when there is a screen to show it on."""
    from engine.app.display import has_display
    if not has_display():
        return
    from ursina import Text, application, color, invoke
    from engine.ui.stage import open_app
    app = open_app((720, 200), offscreen=False, title="Haven")
    Text(text=line, origin=(0, 0), scale=0.9, wordwrap=60, use_tags=False, color=color.white)
    invoke(application.quit, delay=8)
    app.run()


def _personal(choice: Choice):
    """The person's settings with this choice on top (what could not be read
    is said); None, with its line said, for a bad option (exit 2)."""
    try:
        prefs, said = personal_settings(choice)
    except ConfigError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return None
    for line in said:
        print(line, file=sys.stderr)
    return prefs


def run_app(args) -> int:
    if not args.frames:
        return run_window(args, home=False)
    opened = open_session(args)
    if isinstance(opened, int):
        return opened
    app, controller, clock = opened
    summary = drive(app, controller, clock, args.frames, args.keys or "")
    print(json.dumps(summary))
    if args.screenshot:
        from engine.ui.stage import screenshot_rgb
        screenshot_rgb(args.screenshot)
    sys.stdout.flush()
    app.destroy()
    return 0


def open_session(args, fps: float = 60.0, clock: SessionClock | None = None, ask_before: bool = True):
    """The window, the place, the practice and its record, ready to run:
    (app, controller, clock), or an exit code when the arguments are bad.
    With ``args.frames`` time runs at a fixed step of 1/fps (tests, soak),
    unless a ``clock`` is given (VR: the runtime paces it). ``ask_before``:
    the questions before the practice (not in VR: the person cannot see them)."""
    from ursina import camera, scene
    from engine.ui.stage import fixed_step, open_app
    from engine.world import build_world

    choice = choice_from(args)
    prefs = _personal(choice)
    if prefs is None:
        return 2
    if clock is None:
        clock = SessionClock.fixed(fps) if args.frames else SessionClock()
    if choice.practice and choice.voice not in ("captions", "natural"):
        print(f"haven: preparing the {choice.voice} voice...", file=sys.stderr)
    session = assemble(choice, prefs, clock=clock, record_events=True,
                       voice_later=not args.frames)   # fixed-step runs (tests) wait for every line
    if session.voice_preparer is not None:
        session.voice_preparer.start()   # the voice's new lines are made while the window opens and plays
    for line in session.problems:
        print(line, file=sys.stderr)
    app = open_app(args.size, offscreen=bool(args.offscreen), fullscreen=args.fullscreen,
                   title=f"Haven - {session.place.title}")
    if args.frames:
        fixed_step(fps)
    world = build_world(session.place, scene)
    camera.fov = session.place.camera.fov
    controller = start_controller(app, world, session, sound=not args.frames or args.sound,
                                  shown=bool(args.session), client=getattr(args, "client", "") or "",
                                  ratings=bool(args.ratings) if args.frames else None, ask_before=ask_before)
    if args.frames:
        controller.on_close = lambda: None  # the test driver ends the loop itself
    if args.place and not session.problems:
        prefs.change(last_place=session.place.name)
    return app, controller, clock


def drive(app, controller, clock: SessionClock, frames: int, script: str) -> dict:
    """Test driver: step N frames, pressing scripted keys ('10:escape,40:tab');
    returns what happened (the log, the record, where the clock stands)."""
    from ursina import held_keys
    controller._fresh = False   # scripted keys come from no dispatch of their own
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
    for key in {k[1:] for keys in presses.values() for k in keys if len(k) > 1 and k[0] in "+-"}:
        held_keys[key] = 0   # nothing stays held after the script
    return {"frames": i + 1, "place": controller.world.place.name, "t": round(clock.now(), 4),
            "voice": [f"{seg}:{j}" for seg, j in voice],
            "voice_gain": round(controller.voice.gain, 4) if controller.voice else None,
            "paused": controller.pause.shown, "explore": controller.explore is not None,
            "log": list(controller.log), "closed": controller.closed, "record": record}
