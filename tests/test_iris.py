"""IRIS (iris-pse-detection, the optional `check` extra) as a second opinion:
a flashing video fails it, a gentle fade passes. Slow: HAVEN_SLOW=1."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("iris_pse_detection", exc_type=ImportError,
                    reason="IRIS not importable: pip install -e '.[check]' (iris-pse-detection, OpenCV)")
imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")

from tools.quality.flash import check_frames  # noqa: E402
from tools.quality.iris_check import iris_check  # noqa: E402

pytestmark = pytest.mark.slow

FPS = 30
SIZE = (160, 96)   # width, height: multiples of 16, so ffmpeg keeps them


def write_mp4(path, frames: list[np.ndarray], fps: int = FPS) -> None:
    writer = imageio_ffmpeg.write_frames(str(path), SIZE, fps=fps, codec="libx264", pix_fmt_out="yuv420p",
                                         quality=8, macro_block_size=16)
    writer.send(None)
    for f in frames:
        writer.send(np.ascontiguousarray(f))
    writer.close()


def grey(level: float) -> np.ndarray:
    return np.full((SIZE[1], SIZE[0], 3), int(round(level)), np.uint8)


def test_full_frame_flashing_fails_iris_and_our_own_check(tmp_path):
    t = np.arange(4 * FPS) / FPS
    on = (np.floor(t * 5 * 2) % 2) == 0            # 5 flashes a second, black to white
    frames = [grey(255 if o else 0) for o in on]
    video = tmp_path / "flash.mp4"
    write_mp4(video, frames)
    r = iris_check(video)
    assert r.frames == len(frames) and r.fps == FPS
    assert r.verdict == "Fail"
    assert r.luminance_fail_frames > 0
    assert r.max_luminance_transitions > 6
    assert not r.passed
    assert not check_frames(frames, FPS).passed


def test_a_gentle_fade_passes_iris(tmp_path):
    t = np.arange(10 * FPS) / FPS
    frames = [grey(110 + 20 * np.sin(2 * np.pi * x / 10)) for x in t]   # one slow 10 s swell
    video = tmp_path / "fade.mp4"
    write_mp4(video, frames)
    r = iris_check(video)
    assert r.frames == len(frames)
    assert r.verdict == "Pass", r.to_dict()
    assert r.luminance_fail_frames == 0 and r.red_fail_frames == 0
    assert r.passed
    assert check_frames(frames, FPS).passed


def test_red_flashing_fails_iris_red_check(tmp_path):
    t = np.arange(4 * FPS) / FPS
    on = (np.floor(t * 4 * 2) % 2) == 0            # 4 saturated red flashes a second
    frames = [np.full((SIZE[1], SIZE[0], 3), (200, 0, 0) if o else (0, 0, 0), np.uint8) for o in on]
    video = tmp_path / "red.mp4"
    write_mp4(video, frames)
    r = iris_check(video)
    assert r.red_fail_frames > 0
    assert not r.passed
