"""`python main.py run --vr`: one visit to a place in a headset, through OpenXR.

The runtime is opened first (no window yet), so a machine without one hears
a single plain line and exit code 2 (or, with --vr-fallback, opens on the
desktop instead). Then the same session as on the desktop is assembled and
drawn twice more, once per eye (engine/vr/frames.py); the desktop window
mirrors the left eye with the session panel and the usual captions, so a
therapist can follow and steer. The head is the listener for sound placed in
3D; the captions are also set on a world-locked panel for the headset.
"""
from __future__ import annotations

import json
import os
import sys

EXIT_NO_RUNTIME = 2


def _noise_file() -> str:
    """Where the loader's and the runtime's start-up messages go."""
    try:
        from engine.config.userdirs import data_dir, ensure_dir
        return str(ensure_dir(data_dir(create=True) / "logs") / "vr.log")
    except OSError:
        return os.devnull


def run_vr(args) -> int:
    from engine.app.display import has_display
    from engine.vr.runtime import FALLBACK_HINT, NoRuntime, open_runtime
    noise = _noise_file()
    found = open_runtime(noise)
    if isinstance(found, NoRuntime):
        with open(noise, "a", encoding="utf-8") as log:
            log.write(f"{found.line} [{found.detail}]\n")
        if getattr(args, "vr_fallback", False):
            print(f"{found.line} Opening on the desktop instead.", file=sys.stderr)
            args.vr = False
            from engine.app.window import run_app
            return run_app(args)
        print(found.line + FALLBACK_HINT, file=sys.stderr)
        return EXIT_NO_RUNTIME
    if not has_display():
        found.close()
        print("haven: VR shows the headset's view in a desktop window too, and no screen was found (no DISPLAY).",
              file=sys.stderr)
        return EXIT_NO_RUNTIME
    return _visit(args, found, noise)


def _visit(args, runtime, noise: str) -> int:
    from ursina import camera, scene
    from engine.app.window import drive, open_session
    from engine.vr.clock import RuntimeClock
    from engine.vr.runtime import output_to
    from engine.world.camera import seated_pose
    lock = None
    if not args.frames:   # a person's Haven: one window per data folder, as on the desktop
        from engine.config.lock import AlreadyOpen, DataLock
        try:
            lock = DataLock.take()
        except AlreadyOpen as exc:
            runtime.close()
            print(f"haven: {exc}", file=sys.stderr)
            return 1
    clock = RuntimeClock()
    opened = open_session(args, clock=clock, ask_before=False)   # the questions would show on the desktop only
    if isinstance(opened, int):
        runtime.close()
        return opened
    app, controller, clock = opened
    world = controller.world

    def seat():
        pos, yaw, _pitch = seated_pose(world.place.camera, clock.now(), drift=False, ground=world.ground)
        return pos, yaw

    from engine.vr.frames import XrStereo
    try:
        with output_to(noise):
            stereo = XrStereo(app, runtime, scene, seat, near=max(0.05, camera.clip_plane_near),
                              far=camera.clip_plane_far)
    except Exception as exc:   # the runtime refused the session or its images: say so plainly
        with open(noise, "a", encoding="utf-8") as log:
            log.write(f"haven: XrStereo: {exc!r}\n")
        print(f"haven: the headset's session could not start ({type(exc).__name__}: {exc}); "
              f"details in {noise}", file=sys.stderr)
        runtime.close()
        app.destroy()
        return 1
    clock.display.frames = stereo
    stereo.mirror_with(camera, app.cam)
    _headset_captions(controller, stereo)
    audio3d = getattr(controller.audio, "audio3d", None)
    if audio3d is not None:
        audio3d.listener_target = stereo.head   # sound placed in 3D is heard from the head
    if not args.frames:
        _follow_the_headset(stereo, controller)
        try:
            with output_to(noise):   # the runtime's own warnings ("frame late") go to the log, not the terminal
                app.run()
        finally:
            stereo.close()
            if lock is not None:
                lock.release()
        return 0
    if args.screenshot:
        stereo.capture_next()
        from direct.task.TaskManagerGlobal import taskMgr
        taskMgr.add(lambda task: (stereo.capture_next(), task.cont)[1], "haven-xr-capture", sort=-998)
    summary = drive(app, controller, clock, args.frames, args.keys or "")
    summary["xr"] = stereo.summary()
    if audio3d is not None and not stereo.head.is_empty():
        summary["xr"]["listener"] = "head" if audio3d.listener_target is stereo.head else "camera"
    print(json.dumps(summary))
    if args.screenshot:
        _save_pictures(args.screenshot, stereo)
    sys.stdout.flush()
    stereo.close()
    app.destroy()
    return 0


def _headset_captions(controller, stereo) -> None:
    """The caption the director gives goes to the desktop captions and, as
    is, to the world-locked panel in the headset."""
    from engine.vr.eyes import EYE_MASK_BIT
    from engine.vr.panel import CaptionPanel
    captions = controller.view.captions
    panel = CaptionPanel(stereo.seat, EYE_MASK_BIT)
    desktop = captions.present

    def present(text, alpha, hint=None, hint_alpha=0.0):
        desktop(text, alpha, hint, hint_alpha)
        panel.show(text if captions.visible else None, alpha)

    captions.present = present
    controller.vr_panel = panel


def _follow_the_headset(stereo, controller) -> None:
    """The runtime asks Haven to stop: Haven closes. The headset stops showing
    Haven (taken off, another app in front): the practice pauses, as with Esc,
    so the voice and the light do not go on without the person; it resumes
    when the headset shows Haven again, unless someone paused it themselves."""
    from direct.task.TaskManagerGlobal import taskMgr
    from ursina import application
    state = {"shown": False, "paused_by_headset": False}

    def watch(task):
        if stereo.session.wants_exit:
            application.quit()
        shown = stereo.shown
        if state["shown"] and not shown and not controller.pause.shown:
            controller.toggle_pause()
            state["paused_by_headset"] = True
        elif shown and not state["shown"] and state["paused_by_headset"]:
            if controller.pause.shown:
                controller.toggle_pause()
            state["paused_by_headset"] = False
        state["shown"] = shown
        return task.cont

    taskMgr.add(watch, "haven-xr-headset", sort=-998)


def _save_pictures(path: str, stereo) -> None:
    """The desktop mirror at ``path``, and each eye as the runtime got it
    beside it (NAME-eye0.png, NAME-eye1.png)."""
    from pathlib import Path
    import numpy as np
    from PIL import Image
    from engine.ui.stage import screenshot_rgb
    screenshot_rgb(path)
    out = Path(path)
    for eye in stereo.eyes:
        if eye.capture:
            w, h, data = eye.capture[0]
            rgba = np.frombuffer(data, np.uint8).reshape(h, w, 4)[::-1]
            Image.fromarray(rgba[:, :, :3]).save(out.with_name(f"{out.stem}-eye{eye.index}.png"))
