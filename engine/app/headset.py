"""A visit in the headset, begun from the home screen.

Ursina allows one window per process, so the headset visit is
``python main.py run --vr`` in a process of its own (as the gallery's
pictures are). The home window keeps the data folder's lock and lends it to
that child (engine/config/lock.py, HELD_FOR), shows that Haven is in the
headset, and waits: while the visit runs, home begins nothing else, so the
two never keep records or settings at once. When the child ends, home says
how it went in one plain line (the child's own last line when it could not
start: no runtime, no headset).
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from engine.config.lock import HELD_FOR


def offered() -> bool:
    """Whether home offers the headset: an OpenXR runtime is installed and
    active (cheap; a headset may still be unplugged, the visit says so)."""
    from engine.vr.runtime import runtime_available
    return runtime_available()


@dataclass
class HeadsetVisit:
    proc: subprocess.Popen
    log: Path

    @classmethod
    def start(cls, place: str, practice: str | None, voice: str, option: str | None,
              client: str, log: Path) -> "HeadsetVisit":
        from engine import APP_DIR
        cmd = [sys.executable, str(APP_DIR / "main.py"), "run", "--vr", "--place", place, "--voice", voice]
        if practice:
            cmd += ["--practice", practice]
        if option:
            cmd += ["--option", option]
        if client:
            cmd += ["--session", "--client", client]
        env = {**os.environ, HELD_FOR: str(os.getpid())}
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "w", encoding="utf-8") as err:
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err, cwd=APP_DIR)
        return cls(proc, log)

    def ended(self) -> int | None:
        """The exit code once the visit has ended; None while it runs."""
        return self.proc.poll()

    def outcome(self) -> str:
        """How it went, in one line for home."""
        code = self.proc.poll()
        if code == 0:
            return "Back from the headset. Your practice is kept as usual."
        from engine.vr.runtime import FALLBACK_HINT
        line = self._last_line().replace(FALLBACK_HINT, "")   # a terminal's hint; home has its own Begin
        if line.startswith("haven: "):
            line = line[len("haven: "):]
        return (line[:1].upper() + line[1:]) if line else f"The headset visit ended unexpectedly (code {code})."

    def _last_line(self) -> str:
        try:
            lines = [x.strip() for x in self.log.read_text(encoding="utf-8", errors="replace").splitlines()]
        except OSError:
            return ""
        said = [x for x in lines if x.startswith("haven: ")]
        return said[-1] if said else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
