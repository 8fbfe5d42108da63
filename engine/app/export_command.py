"""`python main.py export-audio`: a place's or a practice's sound as a file,
its result said in plain words (or one JSON object with --json).

A practice speaks by default: the person's own recordings segment by
segment, else the natural voice (else the basic one). Ctrl-C or SIGTERM at
any stage stops cleanly: every temporary file and folder is removed and the
output file is either the old one or not there (never a half-written one).
"""
from __future__ import annotations

import json
import math
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from engine import DEFAULT_PLACE

EXIT_INVALID = 2
SUFFIXES = (".wav", ".mp3", ".ogg")
VOICE_CHOICES = ("natural", "speech", "recorded", "captions")
VOICE_WORDS = {
    "recorded": "your own recordings",
    "espeak-ng": "the basic voice (espeak-ng)",
    "none": "no voice (the place's sound alone)",
}


def add_parser(sub, positive) -> None:
    ea = sub.add_parser(
        "export-audio", help="write a place's sound, or a whole practice with its voice, as .wav, .mp3 or .ogg",
        description="Write a place's soundscape, or a practice as heard (the place's sound, its cues and its "
                    "voice), mastered to -20 LUFS, true peak at most -1 dBTP. With a practice it speaks: your "
                    "own recordings where you have them, else the natural voice.")
    ea.add_argument("--place", default=DEFAULT_PLACE, metavar="P",
                    help=f"a built-in place, a personal place's name or a YAML file (default: {DEFAULT_PLACE})")
    ea.add_argument("--practice", default=None, metavar="R",
                    help="a practice (built-in name or YAML file); without one, the place's sound alone")
    ea.add_argument("--out", type=Path, required=True, metavar="FILE",
                    help="the file to write: .wav, .mp3 or .ogg (an existing file is replaced only when done)")
    ea.add_argument("--seconds", type=positive, default=None, metavar="S",
                    help="how long: the first S seconds of the practice, or of the place "
                         "(default: the whole practice, or 120 s of the place); any length from 0.1 s")
    ea.add_argument("--seed", type=int, default=None, metavar="N",
                    help="the place's random seed (the same seed gives the same sound)")
    ea.add_argument("--voice", choices=VOICE_CHOICES, default=None,
                    help="with a practice: natural (default: your recordings, else the natural voice), "
                         "speech (the basic espeak-ng voice), recorded (your recordings only), "
                         "captions (no voice: the place's sound alone)")
    ea.add_argument("--breath-voice", action="store_true",
                    help="with a practice: the voice also says a soft 'in' and 'out' with the breathing, "
                         "where no line is being spoken (for listening with eyes closed)")
    ea.add_argument("--option", default=None, metavar="ID",
                    help="with a practice that offers a choice: which one (default: its first)")
    ea.add_argument("--gently", action="store_true",
                    help="with a warm practice: its gentle route (slower, with room to pause)")
    ea.add_argument("--eyes-closed", action="store_true",
                    help="with a practice: the lines that ask you to look are said for closed eyes")
    ea.add_argument("--progress", choices=("bar", "lines", "none"), default=None,
                    help="how progress is shown on stderr: a bar (the default in a terminal), "
                         "one 'progress 0.42' line per step (for a program reading it), or none")
    ea.add_argument("--json", action="store_true",
                    help="print the result as one JSON object (path, seconds, loudness, voice_engine, warnings)")


def command(args) -> int:
    from engine.app.progress import export_bar
    from engine.audio.export import export_place_audio
    if args.out.suffix.lower() not in SUFFIXES:
        print(f"{args.out}: cannot export audio as {args.out.suffix or '(none)'} "
              "(allowed: .wav, .mp3, .ogg)", file=sys.stderr)
        return EXIT_INVALID
    how = args.progress or ("bar" if sys.stderr.isatty() else "none")
    bar = {"bar": export_bar, "lines": progress_lines(), "none": None}[how]
    with stops_cleanly():
        if args.practice:
            from engine.app.practice_audio import export_practice_audio
            try:
                result = export_practice_audio(args.place, args.practice, args.out, args.voice or "natural",
                                               seed=args.seed, progress=bar, seconds=args.seconds,
                                               breath_voice=args.breath_voice, option=args.option,
                                               gently=args.gently, eyes_closed=args.eyes_closed)
            except ValueError as exc:
                print(f"haven: {exc}", file=sys.stderr)
                return EXIT_INVALID
        else:
            if args.voice not in (None, "captions"):
                print("haven: --voice speaks a practice; with no --practice the place's sound is written alone",
                      file=sys.stderr)
            result = export_place_audio(args.place, args.out, args.seconds or 120.0, seed=args.seed, progress=bar)
            result["voice_engine"] = "none"
    result = {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in result.items()}
    for line in result["warnings"]:
        print(line, file=sys.stderr)
    print(json.dumps(result) if args.json else "\n".join(words(result)))
    return 0


def progress_lines(stream=None):
    """Progress as lines a program can read ('progress 0.420'), flushed at
    once (the exports' Progress already says each half percent once, forward only)."""
    return lambda fraction: print(f"progress {fraction:.3f}", file=stream or sys.stderr, flush=True)


def words(result: dict) -> list[str]:
    """The result for a person: the file, its length, its loudness, its voice."""
    length = length_words(float(result["seconds"]))
    lufs = result.get("integrated_lufs")
    if lufs is None:
        loud = "too short for a loudness figure (under 0.4 s)"
    else:
        loud = (f"{lufs:.1f} LUFS (true peak {result['true_peak_dbtp']:.1f} dBTP, "
                f"loudest 3 s {result['max_short_term_lufs']:.1f} LUFS)")
    what = f" (practice '{result['practice']}')" if result.get("practice") else ""
    return [f"Written: {result['path']}",
            f"  Length: {length}{what}",
            f"  Loudness: {loud}",
            f"  Voice: {voice_words(result.get('voice_engine', 'none'))}"]


def length_words(secs: float) -> str:
    """'4 min 37 s', or '12.5 s' under a minute."""
    return f"{int(secs // 60)} min {secs % 60:.0f} s" if secs >= 60 else f"{secs:g} s"


def voice_words(engine: str) -> str:
    parts = []
    for part in engine.split("+"):
        if part.startswith("natural:"):
            parts.append(f"the natural voice ({part.split(':', 1)[1]})")
        else:
            parts.append(VOICE_WORDS.get(part, part))
    return ", then ".join(parts) if parts else VOICE_WORDS["none"]


@contextmanager
def stops_cleanly():
    """SIGTERM stops the work like Ctrl-C (KeyboardInterrupt), so every
    `finally` and temporary folder cleans up on the way out; a second signal
    while cleaning up is ignored rather than cutting the clean-up short."""
    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt
    try:
        old = signal.signal(signal.SIGTERM, stop)
    except ValueError:   # not the main thread: nothing to install
        yield
        return
    old_int = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)
        signal.signal(signal.SIGINT, old_int)
