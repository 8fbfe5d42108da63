"""Offscreen, fixed-step rendering: frames, events and (optionally) video.

Every frame advances the clock by exactly 1/fps, so the same place, seed and
arguments give the same frames, whatever the machine's speed.
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

from engine.core.events import EventLog


@dataclass(frozen=True)
class RenderJob:
    place: str
    seconds: float
    fps: float
    size: tuple[int, int]
    out: Path
    practice: str | None = None
    start: float = 0.0
    seed: int | None = None
    video: bool = False
    reduced_motion: bool = False
    voice: str = "captions"
    ladder: int = 0
    """The imagery-ladder step the render starts at (0 full scene .. 4 eyes closed)."""
    option: str | None = None
    """For a practice that offers a choice: which option."""
    silent: bool = False
    """No mix.wav: mixing the sound over a long span takes longer than drawing it small."""


def frame_times(job: RenderJob) -> list[float]:
    n = max(1, int(round(job.seconds * job.fps)))
    return [job.start + i / job.fps for i in range(n)]


def render(job: RenderJob, progress=None) -> dict:
    """Render the job; returns a summary dict (frames, paths). Raises ConfigError."""
    from engine.app.session import Choice, assemble
    from engine.config.settings import Settings
    # renders use defaults, not a person's settings; they show company as it comes when welcomed
    settings = Settings(reduced_motion=job.reduced_motion, ladder_step=job.ladder, presence_comes="always")
    session = assemble(Choice(job.place, job.practice, job.voice, option=job.option), settings, strict=True,
                       voice_later=True)  # fails before any window opens; only the rendered span's lines are made
    for line in session.problems:   # e.g. no espeak-ng: captions only
        print(line, file=sys.stderr)
    place, practice = session.place, session.practice
    from ursina import camera, scene
    from engine.ui.practice_view import PracticeView
    from engine.ui.stage import fixed_step, open_app, screenshot_rgb
    from engine.world import build_world
    from engine.world.camera import apply_pose, seated_pose

    app = open_app(job.size, offscreen=True)
    fixed_step(job.fps)
    frames_dir = job.out / "frames"
    frames_dir.mkdir(parents=True, exist_ok=True)
    log = session.keep_log(EventLog(job.out / "events.jsonl"))
    world = build_world(place, scene, seed=job.seed)
    camera.fov = place.camera.fov
    log.emit(job.start, "place.open", place=place.name, seed=job.seed if job.seed is not None else place.seed,
             **({"practice": practice.name} if practice else {}))
    sound = None
    if practice is not None:
        from engine.app.practice_audio import practice_sound
        total = job.start + len(frame_times(job)) / job.fps
        sound = practice_sound(place, practice, job.voice, session.practice_path, settings, total,
                               voice=(session.voice_seconds or {}, session.clips, None))
    director = session.director
    if job.start > 0:
        director.seek(job.start)   # --start: what came before takes effect, logged as one seek
    view = PracticeView(world, director, camera, settings.colour)
    times = frame_times(job)
    track = open(job.out / "presence.csv", "w", encoding="utf-8")
    track.write("t,x,y,z,distance,turned_away_deg,visible\n")
    for i, t in enumerate(times):
        director.advance(t)
        pos, yaw, pitch = seated_pose(place.camera, t, drift=not job.reduced_motion, ground=world.ground)
        apply_pose(camera, pos, yaw, pitch)
        view.show(t, pos)
        _track(track, t, view.presence, pos)
        app.step()
        screenshot_rgb(str(frames_dir / f"{i:06d}.png"))
        if progress:
            progress(i + 1, len(times))
    track.close()
    log.emit(times[-1] + 1 / job.fps, "render.end", frames=len(times))
    log.close()
    result = {"frames": len(times), "frames_dir": str(frames_dir), "events": str(job.out / "events.jsonl")}
    if not job.silent:
        _write_mix(job, place, session.place_path, sound, len(times) / job.fps)
        result["mix"] = str(job.out / "mix.wav")
    if job.video:
        from engine.app.video import encode
        mix = job.out / "mix.wav"
        result["video"] = str(encode(frames_dir, job.fps, job.out / "session.mp4",
                                     mix if mix.exists() and not job.silent else None))
    view.destroy()
    world.destroy()
    return result


def _track(fh, t: float, presence, cam_pos) -> None:
    """One line a frame while the presence shows: where it stands and how
    far it is turned from the eye, both measured from its node in the scene
    (tests check distance, speed and facing)."""
    s = presence.model.state
    if s.visible <= 0.001 or presence.spec.form == "none":
        return
    root = presence.form.root
    x, y, z = (float(v) for v in root.getPos())
    dist = ((x - cam_pos[0]) ** 2 + (z - cam_pos[2]) ** 2) ** 0.5
    toward = math.degrees(math.atan2(cam_pos[0] - x, cam_pos[2] - z))   # the heading that faces the eye
    turned = (-float(root.getH()) - toward + 180.0) % 360.0 - 180.0
    fh.write(f"{t:.4f},{x:.4f},{y:.4f},{z:.4f},{dist:.4f},{turned:.3f},{s.visible:.3f}\n")


def _write_mix(job: RenderJob, place, yaml_path, sound, seconds: float) -> None:
    """mix.wav: the soundscape as heard over the render's span, with the
    practice's cues and voice (replayed on the same clock as the frames)."""
    from engine.audio.export import render_mix_wav
    for line in render_mix_wav(place, yaml_path, job.start, seconds, job.seed, job.out / "mix.wav",
                               automation=sound.automation if sound else None,
                               voice=sound.voice if sound else None,
                               breath=sound.breath if sound else None):
        print(f"haven: {line}", file=sys.stderr)
