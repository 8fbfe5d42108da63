"""A practice taken home as a sound file, written from the window.

The home screen's A writes the chosen practice in the chosen place as an
MP3 in the person's exports folder, spoken (their own recordings where they
have them, else the natural voice), so it can be listened to anywhere, eyes
closed. The writing runs as ``main.py export-audio`` in a process of its own
(the window keeps its frames; a stop is the command's clean SIGTERM: no
half-written file is left), and its progress lines are read as it goes.
"""
from __future__ import annotations

import atexit
import datetime as dt
import json
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from engine import APP_DIR

VOICES = (("natural", "the natural voice (your recordings where you have them)"),
          ("speech", "the basic voice"), ("recorded", "your own recordings only"),
          ("captions", "no voice: the place's sound alone"))
"""The voices a file can speak with, in the order V moves through them."""


def first_voice(home_voice: str) -> str:
    """The file's voice from the home's: a spoken one stays, captions become the natural voice."""
    return home_voice if home_voice in ("natural", "speech", "recorded") else "natural"


def file_name(practice: str, place: str, when: dt.datetime | None = None) -> str:
    stamp = (when or dt.datetime.now()).strftime("%Y-%m-%d-%H%M")
    return f"haven-{practice}-{place}-{stamp}.mp3"


def free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or with -2, -3 ... before the suffix when it is taken."""
    path = folder / name
    n = 2
    while path.exists():
        path = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        n += 1
    return path


@dataclass
class TakeHomeJob:
    """One file being written: its process, how far it has come, what it said."""
    out: Path
    proc: subprocess.Popen
    fraction: float = 0.0
    said: list[str] = field(default_factory=list)   # stderr lines other than progress (warnings, problems)
    stopped: bool = False
    _reader: threading.Thread | None = None

    @classmethod
    def start(cls, place: str, practice: str, out: Path, voice: str = "natural", option: str | None = None,
              gently: bool = False, breath_voice: bool = False, seconds: float | None = None) -> "TakeHomeJob":
        """``practice`` "": the place's sound alone. ``seconds``: only the
        first S seconds (the place alone; tests)."""
        argv = [sys.executable, str(APP_DIR / "main.py"), "export-audio", "--place", place,
                "--out", str(out), "--progress", "lines", "--json"]
        argv += ["--practice", practice, "--voice", voice, "--eyes-closed"] if practice else []
        argv += ["--option", option] if option else []
        argv += ["--gently"] if gently else []
        argv += ["--breath-voice"] if breath_voice else []
        argv += ["--seconds", str(seconds)] if seconds else []
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                text=True, start_new_session=True)
        job = cls(out, proc)
        job._reader = threading.Thread(target=job._read, daemon=True)
        job._reader.start()
        atexit.register(job.stop)   # Haven's window closed while it writes: it stops too, cleanly
        return job

    def _read(self) -> None:
        for line in self.proc.stderr:
            line = line.strip()
            if line.startswith("progress "):
                try:
                    self.fraction = float(line.split()[1])
                except ValueError:
                    pass
            elif line:
                self.said.append(line.removeprefix("haven: "))

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def result(self) -> dict | None:
        """The command's figures once it has written the file (None before,
        or when it stopped or failed)."""
        if self.running or self.proc.returncode != 0:
            return None
        if self._reader is not None:
            self._reader.join(timeout=2.0)
        try:
            return json.loads(self.proc.stdout.read().strip().splitlines()[-1])
        except (ValueError, IndexError):
            return None

    def problem(self) -> str | None:
        """What went wrong, in the command's own words (None while running, when done well, or stopped)."""
        if self.running or self.proc.returncode == 0 or self.stopped:
            return None
        if self._reader is not None:
            self._reader.join(timeout=2.0)
        return self.said[-1] if self.said else f"the writing stopped (code {self.proc.returncode})"

    def stop(self) -> None:
        """Stop writing: the command cleans up and leaves no half-written file."""
        if self.running:
            self.stopped = True
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10.0)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
