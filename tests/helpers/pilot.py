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


class Pilot:
    """One open session in the shared offscreen window."""

    def __init__(self, app, controller, clock):
        self.app, self.controller, self.clock = app, controller, clock

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


def run(*argv: str, data: Path | None = None) -> dict:
    """What ``run --frames N --keys K ARGV`` prints, from this process:
    the frames stepped, the log, the record, where the clock stands."""
    from engine.app.cli import parser
    from engine.app.window import drive, open_session
    args = parser().parse_args(["run", "--offscreen", "--size", "320x180", *argv])
    err = io.StringIO()
    with data_folder(data), contextlib.redirect_stderr(err):
        opened = open_session(args)
        assert not isinstance(opened, int), f"run {' '.join(argv)} did not open (exit {opened})"
        app, controller, clock = opened
        try:
            summary = drive(app, controller, clock, args.frames, args.keys or "")
        finally:
            controller.close()
    summary["stderr"] = err.getvalue()
    return summary
