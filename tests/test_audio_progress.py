"""The export's progress bar (engine/app/progress.py, the one shared bar)."""
from __future__ import annotations

import io
import re
import numpy as np

import pytest

from engine.audio.export import Progress, export_place_audio
from engine.app.progress import export_bar as progress_bar
from engine.app.practice_audio import export_practice_audio
from engine.app.progress import WIDTH, bar

FRAME = re.compile(r"\r  exporting audio \[([#.]+)\] +(\d+)%")


def test_the_bar_draws_clamped_fractions_on_one_line():
    out = io.StringIO()
    bar("exporting audio", 0.5, "50%", out)
    bar("exporting audio", -1.0, "x", out)
    bar("exporting audio", 2.0, "done", out)
    frames = out.getvalue().split("\r")[1:]
    assert frames[0] == f"  exporting audio [{'#' * (WIDTH // 2)}{'.' * (WIDTH - WIDTH // 2)}] 50%"
    assert frames[1].count("#") == 0 and frames[2].count("#") == WIDTH
    assert out.getvalue().endswith("done\n") and out.getvalue().count("\n") == 1  # a newline only at the end


def test_progress_only_moves_forward_and_redraws_in_steps():
    seen: list[float] = []
    p = Progress(seen.append, step=0.01)
    for f in (0.0, 0.004, 0.02, 0.015, 0.5, 0.505, 0.9, 1.0, 1.0, 0.3):
        p(f)
    assert seen == [0.0, 0.02, 0.5, 0.9, 1.0]


def _frames(text: str) -> list[tuple[int, int]]:
    found = [(m.group(1).count("#"), int(m.group(2))) for m in FRAME.finditer(text)]
    assert found and text.endswith("100%\n") and text.count("\n") == 1
    return found


def test_an_export_moves_the_bar_smoothly_to_the_end(tmp_path):
    """Not one step a layer: the bar moves block by block through each of the
    place's three layers and the master stage, forward only, ending once."""
    out = io.StringIO()
    seen: list[float] = []

    def show(fraction: float) -> None:
        seen.append(fraction)
        progress_bar(fraction, stream=out)
    result = export_place_audio("meadow", tmp_path / "m.wav", seconds=60, progress=show)
    assert abs(result["integrated_lufs"] + 20) <= 1
    frames = _frames(out.getvalue())
    percents = [p for _, p in frames]
    assert percents == sorted(percents) and percents[-1] == 100
    assert len(set(percents)) >= 30, percents           # three layers would give a handful
    fractions = np.array(seen)
    assert np.diff(fractions).max() <= 0.12   # no big jump anywhere
    # each of the meadow's three layers moves it block by block while it is mixed (its share of the
    # mix's 43 % of the sound's 80 %), and the master stage after them. Counted, not timed: on a
    # shared machine the wait for a layer's synthesis is as long as the machine makes it.
    layer = 0.8 * 0.43 / 3
    assert all(((fractions >= k * layer) & (fractions < (k + 1) * layer)).sum() >= 8 for k in range(3))
    assert ((fractions >= 3 * layer) & (fractions < 1.0)).sum() >= 6


def test_a_practice_export_shows_the_bar_too(tmp_path):
    out = io.StringIO()
    export_practice_audio("beach", str(_tiny_practice(tmp_path)), tmp_path / "p.wav",
                          progress=lambda f: progress_bar(f, stream=out))
    percents = [p for _, p in _frames(out.getvalue())]
    assert percents == sorted(percents) and len(set(percents)) >= 30


def _tiny_practice(folder):
    from pathlib import Path
    src = Path(__file__).resolve().parent / "data" / "minimal_practice.yaml"
    dst = folder / "tiny.yaml"
    dst.write_text(src.read_text())
    return dst


@pytest.mark.parametrize("fraction,text", [(0.0, "0%"), (0.333, "33%"), (1.0, "100%")])
def test_export_bar_shows_the_percentage(fraction, text):
    out = io.StringIO()
    progress_bar(fraction, stream=out)
    assert out.getvalue().rstrip("\n").endswith(text)
