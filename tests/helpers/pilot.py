"""Drive Haven's window in this process, offscreen, the way a person does:
open a session, press keys, let frames pass, look at the screen and the
records (in the spirit of Textual's pilot). One offscreen app serves the
whole test session (Ursina allows one a process); each pilot takes down
everything its visit made when it closes."""
from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np


@contextlib.contextmanager
def data_folder(path: Path | None) -> Iterator[None]:
    """HAVEN_DATA_DIR set to ``path`` for the block (None: left as it is)."""
    if path is None:
        yield
        return
    old = os.environ.get("HAVEN_DATA_DIR")
    os.environ["HAVEN_DATA_DIR"] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("HAVEN_DATA_DIR", None)
        else:
            os.environ["HAVEN_DATA_DIR"] = old


@contextlib.contextmanager
def window_size(width: int, height: int) -> Iterator[None]:
    """The offscreen window made another size for the block, as a person
    drags a real one: Panda3D's buffer resized, then the event a window
    sends (ShowBase's aspect change, which Ursina follows); put back after."""
    import builtins
    base = builtins.base
    was = tuple(base.win.getSize())
    try:
        base.win.setSize(width, height)
        base.adjustWindowAspectRatio(base.getAspectRatio())
        yield
    finally:
        base.win.setSize(*was)
        base.adjustWindowAspectRatio(base.getAspectRatio())


class Pilot:
    """One open session in the shared offscreen window."""

    def __init__(self, app, controller, clock):
        self.app, self.controller, self.clock = app, controller, clock
        controller._fresh = False   # keys pressed here come from no other dispatch

    def press(self, *keys: str) -> None:
        for key in keys:
            self.controller.input(key)

    def step(self, frames: int = 1) -> None:
        for _ in range(frames):
            self.clock.tick()
            self.app.step()
            if self.controller.closed:
                return

    def screen(self) -> np.ndarray:
        from engine.ui.stage import screenshot_rgb
        return screenshot_rgb()

    @property
    def log(self) -> list[str]:
        return self.controller.log


@contextlib.contextmanager
def pilot(*argv: str, data: Path | None = None) -> Iterator[Pilot]:
    """``python main.py run ARGV`` opened in this process (offscreen, fixed
    60 fps steps, no sound unless --sound); closed after the block."""
    from engine.app.cli import parser
    from engine.app.window import open_session
    args = parser().parse_args(["run", "--offscreen", "--size", "320x180", "--frames", "1", *argv])
    with data_folder(data):
        opened = open_session(args)
        assert not isinstance(opened, int), f"run {' '.join(argv)} did not open (exit {opened})"
        app, controller, clock = opened
        try:
            yield Pilot(app, controller, clock)
        finally:
            controller.close()


def run(*argv: str, data: Path | None = None, fps: float = 60.0) -> dict:
    """What ``run --frames N --keys K ARGV`` prints, from this process:
    the frames stepped, the log, the record, where the clock stands.
    ``fps``: the fixed step (a long practice waited through at 15 fps
    draws a quarter of the frames)."""
    from engine.app.cli import parser
    from engine.app.window import drive, open_session
    args = parser().parse_args(["run", "--offscreen", "--size", "320x180", *argv])
    err = io.StringIO()
    with data_folder(data), contextlib.redirect_stderr(err):
        opened = open_session(args, fps=fps)
        assert not isinstance(opened, int), f"run {' '.join(argv)} did not open (exit {opened})"
        app, controller, clock = opened
        try:
            summary = drive(app, controller, clock, args.frames, args.keys or "")
        finally:
            controller.close()
    summary["stderr"] = err.getvalue()
    return summary


FPS = 60
WAIT_FPS = 15
"""Frames a second while a test waits (``ShellPilot.seconds``): fades and
glides are worked out from dt, and a quarter of the frames keeps the home
screen's and the programme's tests within the suite's time."""


class ShellPilot:
    """The whole window - home, visits, closing, settings, records - driven
    through Ursina's own input dispatch, as keys and typing reach it."""

    def __init__(self, app, shell, quits: list):
        self.app, self.shell, self.quits = app, shell, quits

    def press(self, *keys: str) -> None:
        for key in keys:
            self.app.input(key, is_raw=True)
            if len(key) == 1 and key.isprintable():
                self.app.text_input(key)   # a real window sends the character too
            self.app.input(f"{key} up", is_raw=True)   # and lets go: nothing stays held for later tests
            self.app.step()   # one frame between keys, as between a person's presses

    def type(self, text: str) -> None:
        for ch in text:
            self.app.text_input(ch)

    def step(self, frames: int = 1) -> None:
        for _ in range(frames):
            self.app.step()

    def seconds(self, s: float, fps: float = WAIT_FPS) -> None:
        """Let ``s`` seconds pass, in steps of 1/fps: a long wait need not
        draw 60 frames a second (the visit's clock and the frame's dt take
        the same coarser step, then go back to 60)."""
        with self._rate(fps):
            self.step(int(round(s * fps)))

    @contextlib.contextmanager
    def _rate(self, fps: float) -> Iterator[None]:
        self._set_rate(fps)
        try:
            yield
        finally:
            self._set_rate(FPS)

    def _set_rate(self, fps: float) -> None:
        from engine.ui.stage import fixed_step
        fixed_step(fps)
        self.shell.opts.fixed_fps = fps   # a visit opened meanwhile keeps the same step
        if self.controller is not None:
            self.controller.clock.restep(fps)

    def screen(self) -> np.ndarray:
        from engine.ui.stage import screenshot_rgb
        return screenshot_rgb()

    @property
    def controller(self):
        return self.shell.controller


@contextlib.contextmanager
def shell(data: Path, start=None, headset: bool | None = False, **settings) -> Iterator[ShellPilot]:
    """Haven's window as ``python main.py`` opens it, offscreen, in this
    process: a fixed 60 fps step, no sound, pictures not rendered. Home
    offers no headset unless ``headset`` (None: as the runtime found says)."""
    from engine.app.shell import Shell, ShellOptions
    from engine.config.settings import SettingsOwner, load_settings
    from engine.ui.stage import fixed_step, open_app
    app = open_app((320, 180), offscreen=True)
    fixed_step(FPS)
    quits: list = []
    with data_folder(data):
        prefs = SettingsOwner(load_settings()[0])
        if settings:
            prefs.value = prefs.value.model_copy(update=settings)
        opts = ShellOptions(start=start, sound=False, fixed_fps=FPS, pictures=False,
                            quit=lambda: quits.append(True))
        if headset is not None:
            opts.headset = lambda: headset
        sh = Shell(app, prefs, opts)
        app.step()
        try:
            yield ShellPilot(app, sh, quits)
        finally:
            sh.close()
