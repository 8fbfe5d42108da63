"""One-line terminal progress bars for long renders and exports."""
from __future__ import annotations

import sys

WIDTH = 30


def bar(label: str, fraction: float, detail: str, stream=sys.stderr) -> None:
    fraction = min(max(fraction, 0.0), 1.0)
    filled = int(WIDTH * fraction)
    stream.write(f"\r  {label} [{'#' * filled}{'.' * (WIDTH - filled)}] {detail}")
    if fraction >= 1.0:
        stream.write("\n")
    stream.flush()


def export_bar(fraction: float, stream=sys.stderr) -> None:
    """A one-line terminal bar for long audio exports."""
    bar("exporting audio", fraction, f"{min(max(fraction, 0.0), 1.0):4.0%}", stream)


def render_bar(done: int, total: int, stream=sys.stderr) -> None:
    """A one-line terminal bar for renders, frame by frame."""
    bar("rendering", done / total, f"{done}/{total} frames", stream)
