"""Opening the Ursina app (window or offscreen) with Haven's engine settings."""
from __future__ import annotations

import os

from panda3d.core import ClockObject, loadPrcFileData

QUIET = """
notify-level-display error
notify-level-device fatal
notify-level-audio error
notify-level-glgsg error
notify-level-pnmimage error
notify-level-gobj error
framebuffer-multisample 0
multisamples 0
sync-video 0
"""


def open_app(size: tuple[int, int], offscreen: bool, fullscreen: bool = False, title: str = "Haven"):
    """Create the one Ursina app of this process. Offscreen needs no display."""
    os.environ.setdefault("ALSOFT_LOGLEVEL", "0")
    if offscreen:  # a real OpenAL manager playing into a null sink: no ALSA noise
        os.environ.setdefault("ALSOFT_DRIVERS", "null")
    loadPrcFileData("haven", QUIET + f"window-title {title}\n")
    from ursina import Ursina, camera, window
    kwargs = dict(size=size, development_mode=False, borderless=False, title=title)
    if offscreen:
        app = Ursina(window_type="offscreen", **kwargs)
    else:
        app = Ursina(fullscreen=fullscreen, **kwargs)
    window.update_aspect_ratio()
    window.color = (0, 0, 0, 1)
    camera.clip_plane_far = 2000
    camera.clip_plane_near = 0.1
    return app


def fixed_step(fps: float) -> None:
    """Every app.step() advances exactly 1/fps, however long the frame took."""
    clock = ClockObject.getGlobalClock()
    clock.setMode(ClockObject.MNonRealTime)
    clock.setFrameRate(fps)


def screenshot_rgb(path: str | None = None):
    """The last rendered frame as a numpy array (H, W, 3) uint8; optionally saved."""
    import numpy as np
    from panda3d.core import Filename, PNMImage
    from ursina import application
    base = application.base
    tex = base.win.getScreenshot()
    if path:
        tex.write(Filename.fromOsSpecific(path))
    data = tex.getRamImageAs("RGB")
    arr = np.frombuffer(bytes(data), np.uint8).reshape(tex.getYSize(), tex.getXSize(), 3)
    return arr[::-1]
