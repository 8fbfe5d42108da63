"""Frame helpers for tests: render a world in-process and measure the pixels."""
from __future__ import annotations

import numpy as np


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Relative luminance (sRGB -> linear, BT.709 weights), 0..1 per pixel."""
    c = rgb.astype(np.float32) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722], np.float32)


def render_world(app, world, times, drift=True):
    """Step the app once per time in `times`; returns the frames as arrays."""
    from ursina import camera
    from engine.world.camera import apply_pose, seated_pose
    from engine.ui.stage import screenshot_rgb
    frames = []
    camera.fov = world.place.camera.fov
    for t in times:
        pos, yaw, pitch = seated_pose(world.place.camera, t, drift=drift, ground=world.ground)
        apply_pose(camera, pos, yaw, pitch)
        world.update(t, pos)
        app.step()
        frames.append(screenshot_rgb())
    return frames
