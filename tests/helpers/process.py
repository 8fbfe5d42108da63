"""Haven in a fresh process, for what only a process shows: the command
line's exit codes and printed lines, kill -9, a full disk, no display."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def haven(*args: str, env: dict | None = None, drop: tuple[str, ...] = (),
          cwd: Path = ROOT, timeout: float = 240) -> subprocess.CompletedProcess:
    """Run `python main.py ARGS` in a fresh process, as a person would."""
    full_env = {k: v for k, v in {**os.environ, **(env or {})}.items() if k not in drop}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)
