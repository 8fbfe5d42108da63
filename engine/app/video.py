"""Frames (+ optional audio) -> MP4 with the ffmpeg binary shipped by imageio-ffmpeg."""
from __future__ import annotations

import subprocess
from pathlib import Path


def ffmpeg_exe() -> str:
    import imageio_ffmpeg
    return imageio_ffmpeg.get_ffmpeg_exe()


def encode(frames_dir: Path, fps: float, out: Path, audio: Path | None = None) -> Path:
    cmd = [ffmpeg_exe(), "-y", "-loglevel", "error", "-framerate", f"{fps}",
           "-i", str(frames_dir / "%06d.png")]
    if audio is not None and audio.exists():
        cmd += ["-i", str(audio), "-c:a", "aac", "-b:a", "160k", "-shortest"]
    cmd += ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "20", "-preset", "veryfast", str(out)]
    subprocess.run(cmd, check=True)
    return out
