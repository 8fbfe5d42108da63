"""Pictures of the places for the home screen's gallery.

Each place is rendered once, offscreen, in a process of its own
(``python main.py thumbnails``), and kept in the person's data folder under
a name made from the place file's contents: a changed place gets a new
picture, an unchanged one is never rendered again. The home screen shows a
soft gradient in the place's own colours until its picture is ready, then
fades the picture in - the window never waits and never flashes.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from engine.config.catalog import PlaceEntry, place_entries
from engine.config.userdirs import data_dir, ensure_dir

SIZE = (384, 216)
VERSION = "1"   # bump when the look of every place changes
AT_SECONDS = 2.0


def thumbs_dir(create: bool = False) -> Path:
    path = data_dir(create) / "thumbnails"
    return ensure_dir(path) if create else path


def thumb_path(entry: PlaceEntry) -> Path:
    try:
        digest = hashlib.sha1(VERSION.encode() + entry.path.read_bytes()).hexdigest()[:12]
    except OSError:
        digest = "unreadable"
    return thumbs_dir() / f"{entry.name}-{digest}.png"


def missing(entries: list[PlaceEntry]) -> list[PlaceEntry]:
    return [e for e in entries if not thumb_path(e).exists()]


def start_making(entries: list[PlaceEntry]) -> subprocess.Popen | None:
    """Render the missing pictures in the background (None: all are there)."""
    if not missing(entries):
        return None
    from engine import APP_DIR
    env = {**os.environ, "ALSOFT_DRIVERS": "null"}
    return subprocess.Popen([sys.executable, str(APP_DIR / "main.py"), "thumbnails"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def make_all(size: tuple[int, int] = SIZE) -> list[Path]:
    """Render every place that has no picture yet (the `thumbnails` command)."""
    from ursina import camera, scene
    from engine.ui.stage import fixed_step, open_app, screenshot_rgb
    from engine.world import build_world
    from engine.world.camera import apply_pose, seated_pose
    from PIL import Image
    entries, _ = place_entries()
    todo = missing(entries)
    if not todo:
        return []
    app = open_app(size, offscreen=True)
    fixed_step(30)
    ensure_dir(thumbs_dir(create=True))
    made = []
    for entry in todo:
        from engine.config.loader import load_file
        from engine.config.place import Place
        place = load_file(entry.path, Place)
        world = build_world(place, scene)
        camera.fov = place.camera.fov
        pos, yaw, pitch = seated_pose(place.camera, AT_SECONDS, drift=False, ground=world.ground)
        apply_pose(camera, pos, yaw, pitch)
        world.update(AT_SECONDS, pos)
        app.step()
        app.step()
        out = thumb_path(entry)
        tmp = out.with_suffix(".tmp.png")
        Image.fromarray(screenshot_rgb()).save(tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, out)
        made.append(out)
        world.destroy()
    return made
