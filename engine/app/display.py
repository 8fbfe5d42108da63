"""Whether there is a screen to open a window on."""
from __future__ import annotations

import os
import sys


def has_display() -> bool:
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True
