"""Opening the Ursina app (window or offscreen) with Haven's engine settings."""
from __future__ import annotations

import contextlib
import os
import sys

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
    keep_freed_memory()
    os.environ.setdefault("ALSOFT_LOGLEVEL", "0")
    if offscreen:  # a real OpenAL manager playing into a null sink: no ALSA noise
        os.environ.setdefault("ALSOFT_DRIVERS", "null")
    loadPrcFileData("haven", QUIET + f"window-title {title}\n")
    # Ursina prints its folders and warnings to stdout; Haven's stdout is for
    # results (bench JSON, render summaries), so send them to stderr.
    with contextlib.redirect_stdout(sys.stderr):
        from ursina import Ursina, camera, window
        kwargs = dict(size=size, development_mode=False, borderless=False, title=title)
        if offscreen:
            app = Ursina(window_type="offscreen", **kwargs)
        else:
            app = Ursina(fullscreen=fullscreen, **kwargs)
        window.update_aspect_ratio()
        if offscreen:
            _finish_each_frame(app)
        _no_auto_shaders()
        # Ursina keeps a clear, screen-sized overlay quad in the UI; blending it
        # costs ~10 ms a frame at 1280x720 on llvmpipe for nothing drawn.
        camera.overlay.enabled = False
    _haven_font()
    window.color = (0, 0, 0, 1)
    camera.clip_plane_far = 2000
    camera.clip_plane_near = 0.1
    return app

def keep_freed_memory() -> None:
    """Ask glibc to keep freed heap memory for reuse rather than hand it back
    to the kernel each frame.

    llvmpipe allocates its vertex buffers afresh for each draw and frees them
    after; with glibc's defaults the heap's top is trimmed (brk) as soon as
    128 KB of it is free, so the next frame grows it again and the kernel
    zeroes the new pages on first touch - on the main thread, which
    rasterising waits for. The walled garden made 17 brk calls a frame, the
    forest glade 7 and the starlit field 6; keeping up to 64 MB saved 1.4-4 ms
    a frame there (docs/engine-findings.md). Setting the trim threshold also
    fixes glibc's otherwise moving mmap threshold, so it is set too: blocks up
    to 16 MB come from the heap and are reused. Elsewhere than glibc, nothing."""
    import ctypes
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    mallopt(M_TRIM_THRESHOLD, 64 << 20)
    mallopt(M_MMAP_THRESHOLD, 16 << 20)


def _finish_each_frame(app) -> None:
    """Offscreen, wait once a frame until llvmpipe has drawn it.

    Nothing else waits offscreen (no buffer swap), so llvmpipe would queue
    frames without bound (memory grows, and a frame's time reads as its
    submission only). Panda3D's `gl-finish` waits after every draw call
    instead: each draw then rasterises alone, and its threads are woken and
    joined ~0.15 ms per draw (0.5-5.5 ms of a place's frame at 1280x720,
    docs/engine-findings.md). A real window's swap waits by itself."""
    finish = gl_finish()
    if finish is not None:
        app.taskMgr.add(lambda task: (finish(), task.cont)[1], "haven-gl-finish", sort=55)  # igLoop draws at 50


def gl_finish():
    """glFinish of the GL library this process draws with (GLVND's libGL or
    libOpenGL dispatch to the current context, GLX or EGL), or None."""
    import ctypes
    for name in ("libGL.so.1", "libOpenGL.so.0", "libGL.so"):
        try:
            return ctypes.CDLL(name).glFinish
        except OSError:
            continue
    return None


def _haven_font() -> None:
    """Every Text from here on is set in Haven's font (see engine/ui/fonts.py)."""
    from engine.ui.fonts import use_haven_font
    use_haven_font()

def _no_auto_shaders() -> None:
    """Panda3D's automatic shader generator writes Cg, which this GL profile
    cannot load, and the failed program crashes Panda3D at exit. Ursina asks
    for it on every entity without a shader (all Text does): give those no
    shader attribute instead, so Panda3D's default GLSL path draws them."""
    from ursina import Entity
    Entity.setShaderAuto = lambda self, *args: self.clearShader()

def fixed_step(fps: float) -> None:
    """Every app.step() advances exactly 1/fps, however long the frame took."""
    clock = ClockObject.getGlobalClock()
    clock.setMode(ClockObject.MNonRealTime)
    clock.setFrameRate(fps)

def screenshot_rgb(path: str | None = None):
    """The last rendered frame as a numpy array (H, W, 3) uint8; optionally saved."""
    import numpy as np
    from ursina import application
    base = application.base
    tex = base.win.getScreenshot()
    data = tex.getRamImageAs("RGB")
    arr = np.frombuffer(bytes(data), np.uint8).reshape(tex.getYSize(), tex.getXSize(), 3)[::-1]
    if path:
        from PIL import Image
        Image.fromarray(arr).save(path, compress_level=1)
    return arr


@contextlib.contextmanager
def start_up_noise_to(path):
    """While the window opens, what Panda3D, X and the sound system print to
    the terminal (pipe lists, 'XFree86-DGA missing', ALSA probes) goes to
    ``path`` instead - a private file in the data folder; Haven's own
    messages come back to the terminal once the window is open."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError:
        yield
        return
    os.dup2(fd, 2)
    os.close(fd)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
