"""A person's own voice, or their therapist's: one recording per segment.

`import_voice` takes a folder of files named `<segment-id>.<ext>` or
`NN-<segment-id>.<ext>` (wav, ogg, mp3, flac, m4a), cleans each one up
(48 kHz mono, silence trimmed, speech loudness) and keeps it privately as
`<data>/voice/<practice-name>/<segment-id>.wav`. A file that cannot be used
is named with the reason and never replaces an earlier good recording; the
other files still import. `record_voice` records the same files from a
microphone, segment by segment, when the `sounddevice` package finds one.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from engine.audio import RATE
from engine.audio.files import SUFFIXES, SoundFileError, load_sound_file
from engine.config.place import NAME
from engine.config.practice import Practice, Segment
from engine.core.timeline import recording_needs
from engine.voice.clean import F32, finish, high_pass, peak_frame_db, resample, to_mono
from engine.voice.store import as_stored, read_clip, voice_dir, write_clip

MAX_SECONDS = 600.0
"""A longer file for one segment is surely a whole session; it is refused."""
LEAD, TAIL = 0.1, 0.25  # s kept before the first and after the last sound of a take
_NUMBERED = re.compile(r"^\d{1,3}-(.+)$")
IMPORT_HINT = "record elsewhere and use: python main.py voice import --practice R DIR"

Status = Literal["imported", "missing", "unreadable", "silent", "refused"]


class VoiceError(ValueError):
    """A voice command that cannot go ahead; str() is one line."""


@dataclass
class SegmentImport:
    """What happened to one segment in an import."""
    segment: str
    status: Status
    file: Path | None = None
    seconds: float | None = None
    """Length of the stored recording (imported)."""
    reason: str = ""
    """Why the file was refused (unreadable, silent, refused)."""
    segment_seconds: float = 0.0
    lengthened_to: float | None = None
    """Too long: the segment will last about this long so the voice fits."""
    kept_earlier: bool = False
    """Not imported now, and an earlier recording of this segment is kept."""

    @property
    def too_long(self) -> bool:
        return self.lengthened_to is not None

    def line(self) -> str:
        kept = f"; the earlier recording of '{self.segment}' is kept" if self.kept_earlier else ""
        if self.status == "imported":
            text = f"{self.segment}: imported {self.file.name} ({self.seconds:.1f} s)"
            if self.too_long:
                text += (f"; longer than the segment's {self.segment_seconds:g} s allows, so the "
                         f"segment will be lengthened to about {self.lengthened_to:.0f} s to fit")
            return text
        if self.status == "missing":
            return (f"{self.segment}: no file (captions only for this segment)" if not self.kept_earlier
                    else f"{self.segment}: no new file; the earlier recording is kept")
        return f"{self.file}: not imported: {self.reason}{kept}"


@dataclass
class Ignored:
    file: Path
    reason: str

    def line(self) -> str:
        return f"{self.file}: ignored: {self.reason}"


@dataclass
class ImportReport:
    practice: str
    source: Path
    folder: Path
    """Where the practice's recordings are kept."""
    segments: list[SegmentImport] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)

    def _with(self, *status: str) -> list[SegmentImport]:
        return [s for s in self.segments if s.status in status]

    @property
    def imported(self) -> list[SegmentImport]:
        return self._with("imported")

    @property
    def missing(self) -> list[SegmentImport]:
        return self._with("missing")

    @property
    def unreadable(self) -> list[SegmentImport]:
        return self._with("unreadable")

    @property
    def silent(self) -> list[SegmentImport]:
        return self._with("silent")

    @property
    def refused(self) -> list[SegmentImport]:
        """Files that were found and not imported (unreadable, silent, too long)."""
        return self._with("unreadable", "silent", "refused")

    @property
    def too_long(self) -> list[SegmentImport]:
        return [s for s in self.imported if s.too_long]

    @property
    def ok(self) -> bool:
        """Every file found for a segment was imported."""
        return not self.refused and bool(self.imported)

    def lines(self) -> list[tuple[bool, str]]:
        """(is_problem, text) per line: segments in practice order, then ignored files."""
        out = [(s.status in ("unreadable", "silent", "refused"), s.line()) for s in self.segments]
        out += [(False, i.line()) for i in self.ignored]
        have = sum(1 for s in self.segments if s.status == "imported" or s.kept_earlier)
        out.append((False, f"{self.practice}: {have} of {len(self.segments)} spoken segments have "
                           f"a recording (kept in {self.folder})"))
        return out


def voice_segments(practice: Practice) -> list[Segment]:
    """Segments that can have a voice (not silent pauses)."""
    return [s for s in practice.segments if s.pause is None]


def clip_path(practice_name: str, segment_id: str) -> Path | None:
    """Where a segment's recording is kept; None for names that are not ids."""
    if not (NAME.match(practice_name) and NAME.match(segment_id)):
        return None
    return voice_dir(practice_name) / f"{segment_id}.wav"


def recorded_clip(practice_name: str, segment_id: str) -> np.ndarray | None:
    """The segment's recording (mono float32 at 48 kHz), or None if there is none."""
    path = clip_path(practice_name, segment_id)
    clip = read_clip(path) if path is not None else None
    return clip if clip is not None and len(clip) else None


def _load_practice(ref: str) -> Practice:
    from engine.config.loader import load_practice
    return load_practice(ref)


def match_files(practice: Practice, src: Path) -> tuple[dict[str, Path], list[Ignored]]:
    """Files in `src` for each segment id, and the files matching none."""
    ids = {s.id: s for s in practice.segments}
    spoken = [s.id for s in voice_segments(practice)]
    found: dict[str, Path] = {}
    ignored: list[Ignored] = []
    try:
        entries = sorted(p for p in src.iterdir() if not p.name.startswith(".") and p.is_file())
    except OSError as e:
        raise VoiceError(f"{src}: cannot read the folder: {e.strerror or e}") from None
    for path in entries:
        if path.suffix.lower() not in SUFFIXES:
            ignored.append(Ignored(path, f"not a sound file (allowed: {', '.join(SUFFIXES)})"))
            continue
        stem = path.stem.lower()
        numbered = _NUMBERED.match(stem)
        seg = stem if stem in ids else numbered.group(1) if numbered and numbered.group(1) in ids else None
        if seg is None:
            ignored.append(Ignored(path, f"no segment '{stem}' in practice {practice.name} "
                                         f"(segments: {', '.join(spoken)})"))
        elif ids[seg].pause is not None:
            ignored.append(Ignored(path, f"'{seg}' is a silent pause (no voice)"))
        elif seg in found:
            ignored.append(Ignored(path, f"another file for '{seg}' is used: {found[seg].name}"))
        else:
            found[seg] = path
    return found, ignored


def prepare(path: Path) -> tuple[np.ndarray | None, Status, str]:
    """(clip, status, reason): a file decoded and cleaned up, or why not."""
    try:
        if path.stat().st_size == 0:
            return None, "silent", "the file is empty (0 bytes)"
    except OSError as e:
        return None, "unreadable", f"cannot open it: {e.strerror or e}"
    try:
        raw = load_sound_file(path, seconds=MAX_SECONDS + 1.0)
    except SoundFileError as e:
        if "no sound" in e.reason:
            return None, "silent", "it holds only silence (no sound at all)"
        return None, "unreadable", e.reason
    if raw.shape[0] > MAX_SECONDS * RATE:
        return None, "refused", (f"longer than {MAX_SECONDS / 60:g} minutes "
                                 "(allowed: one file per segment, up to 10 minutes)")
    return clean_take(to_mono(raw))


def clean_take(mono: np.ndarray) -> tuple[np.ndarray | None, Status, str]:
    """A mono take at RATE trimmed and levelled, or why it holds no voice."""
    loudest = peak_frame_db(mono)
    clip = finish(high_pass(mono), LEAD, TAIL)
    if len(clip) == 0:
        return None, "silent", f"it holds only silence (loudest moment {loudest:.0f} dBFS)"
    return as_stored(clip), "imported", ""


def import_voice(practice_ref: str, src_dir: Path | str) -> ImportReport:
    """Import one recording per segment from `src_dir` (see the module notes).

    ConfigError for a bad practice; VoiceError when `src_dir` is not a folder.
    """
    practice = _load_practice(practice_ref)
    src = Path(src_dir).expanduser()
    if not src.is_dir():
        raise VoiceError(f"{src}: not a folder (allowed: a folder of files named "
                         "<segment-id>.wav or NN-<segment-id>.wav; also .ogg, .mp3, .flac, .m4a)")
    found, ignored = match_files(practice, src)
    report = ImportReport(practice.name, src, voice_dir(practice.name), ignored=ignored)
    for seg in voice_segments(practice):
        dest = clip_path(practice.name, seg.id)
        earlier = dest is not None and dest.is_file()
        path = found.get(seg.id)
        if path is None:
            report.segments.append(SegmentImport(seg.id, "missing", segment_seconds=seg.length,
                                                 kept_earlier=earlier))
            continue
        clip, status, reason = prepare(path)
        if clip is not None:
            try:
                write_clip(dest, clip)
            except OSError as e:
                clip, status, reason = None, "refused", f"cannot be saved: {e.strerror or e}"
        entry = SegmentImport(seg.id, status, path, reason=reason, segment_seconds=seg.length,
                              kept_earlier=earlier and clip is None)
        if clip is not None:
            entry.seconds = len(clip) / RATE
            entry.lengthened_to = lengthened(seg, entry.seconds)
        report.segments.append(entry)
    return report


def lengthened(seg: Segment, seconds: float) -> float | None:
    """The segment's new length when a recording of `seconds` does not fit in
    it (the timeline's rule: lead-in, the voice, its tail and a second of
    quiet), else None."""
    need = recording_needs(seconds)
    return need if need > seg.length else None


def voice_list(practice_ref: str) -> list[str]:
    """One line per segment: recorded (seconds), the practice's own file, a pause, or none."""
    practice = _load_practice(practice_ref)
    out = []
    for seg in practice.segments:
        if seg.pause is not None:
            out.append(f"{seg.id}: silent pause ({seg.length:g} s, no voice)")
            continue
        clip = recorded_clip(practice.name, seg.id)
        if clip is not None:
            out.append(f"{seg.id}: recorded ({len(clip) / RATE:.1f} s; segment {seg.length:g} s)")
        elif seg.voice:
            out.append(f"{seg.id}: the practice's own voice file ({seg.voice})")
        else:
            out.append(f"{seg.id}: no recording (captions only)")
    have = sum(1 for s in voice_segments(practice) if recorded_clip(practice.name, s.id) is not None)
    out.append(f"{practice.name}: {have} of {len(voice_segments(practice))} spoken segments "
               f"recorded (kept in {voice_dir(practice.name)})")
    return out


# -- recording from a microphone -------------------------------------------

def microphone(sd=None) -> tuple[object | None, dict | None, str]:
    """(sounddevice, input device info, '') or (None, None, why recording cannot start)."""
    if sd is None:
        try:
            import sounddevice as sd
        except ImportError:
            return None, None, ("haven: cannot record here: the 'sounddevice' package is not "
                                f"installed (pip install sounddevice); {IMPORT_HINT}")
        except OSError:  # the package is there, the PortAudio library is not
            return None, None, ("haven: cannot record here: the PortAudio library is missing "
                                f"(sudo apt-get install libportaudio2); {IMPORT_HINT}")
    try:
        device = dict(sd.query_devices(kind="input"))
    except Exception:  # PortAudioError / ValueError: no default input device
        device = {}
    if int(device.get("max_input_channels", 0) or 0) < 1:
        return None, None, f"haven: cannot record here: no microphone was found; {IMPORT_HINT}"
    return sd, device, ""


def record_take(sd, device: dict, ask: Callable[[str], str]) -> np.ndarray:
    """Record from the input device until the person presses Enter: mono at RATE."""
    rate = int(device.get("default_samplerate") or RATE)
    chunks: list[np.ndarray] = []
    lock = threading.Lock()

    def callback(indata, frames, time, status):  # noqa: ARG001 (sounddevice's signature)
        with lock:
            chunks.append(np.array(indata, F32).reshape(len(indata), -1).mean(axis=1))

    with sd.InputStream(samplerate=rate, channels=1, dtype="float32", callback=callback):
        ask("  recording... press Enter to stop ")
    with lock:
        take = np.concatenate(chunks) if chunks else np.zeros(0, F32)
    return resample(take, rate)


def record_voice(practice_ref: str, ask: Callable[[str], str] = input,
                 say: Callable[[str], None] = print, sd=None) -> tuple[int, str]:
    """Record the practice's segments one by one: (exit code, message on failure).

    For each segment its caption lines are shown; Enter starts and stops a
    take, which is cleaned up and kept like an imported file (a silent take
    is offered again). 's' skips a segment (an earlier recording stays), 'q' stops.
    """
    practice = _load_practice(practice_ref)
    sd, device, why = microphone(sd)
    if sd is None:
        return 1, why
    say(f"Recording '{practice.title}' with {device.get('name', 'the microphone')}. "
        "For each segment: Enter starts, Enter stops; s skips; q stops.")
    saved = 0
    for seg in voice_segments(practice):
        say(f"\n[{seg.id}] ({seg.length:g} s)")
        for line in seg.text:
            say(f"  {line}")
        while True:
            answer = ask("  Enter: record, s: skip, q: stop > ").strip().lower()
            if answer in ("q", "s"):
                break
            clip, status, reason = clean_take(record_take(sd, device, ask))
            if clip is None:
                say(f"  not kept: {reason}")
                continue
            write_clip(clip_path(practice.name, seg.id), clip)
            saved += 1
            note = lengthened(seg, len(clip) / RATE)
            say(f"  kept ({len(clip) / RATE:.1f} s)" + (
                f"; the segment will be lengthened to about {note:.0f} s to fit" if note else ""))
            break
        if answer == "q":
            break
    say(f"{practice.name}: {saved} segment(s) recorded (kept in {voice_dir(practice.name)})")
    return 0, ""
