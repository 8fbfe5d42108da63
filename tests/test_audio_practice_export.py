"""Every built-in place, exported with a built-in practice, meets the sound bar.

A real export (``export_practice_audio``: soundscape, the practice's cues, the
breathing sea where the place has it, master stage), written as a 16-bit WAV
and measured again from the file: integrated loudness by pyloudnorm
(BS.1770-4), true peak 4x oversampled, short-term loudness over 3 s windows.
safe-place-short (256 s) has every kind of moment: breath on and off, the
'notice the sounds' focus, the warm light, the welcome and the return.
"""
from __future__ import annotations

import os
import wave
from pathlib import Path

import numpy as np
import pyloudnorm as pyln
import pytest

from engine.audio import RATE
from engine.audio.loudness import short_term, true_peak_dbtp
from engine.app.practice_audio import export_practice_audio
from engine.config.catalog import builtin_places

# From the catalogue, so a new place is tested too: every place with
# HAVEN_SLOW=1 (make check-all, whose loudness gate also runs every place x
# practice); by default the sea, with its breath-following check (the lake
# too until December 7, the room until December 8: make test had neared 8
# minutes; the take-home test also writes the meadow's sound at the bar).
PLACES = builtin_places() if os.environ.get("HAVEN_SLOW") else ["beach"]
PRACTICE = "safe-place-short"
MARGIN_LUFS = -15.5   # the master keeps short-term 0.5 LU or more under the -15 LUFS bar


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        assert w.getframerate() == RATE and w.getnchannels() == 2 and w.getsampwidth() == 2
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    return pcm.reshape(-1, 2).astype(np.float32) / 32768


@pytest.mark.parametrize("place", PLACES)
def test_a_practice_export_of_every_place_meets_the_sound_bar(tmp_path, place):
    out = tmp_path / f"{place}.wav"
    result = export_practice_audio(place, PRACTICE, out)
    assert result["warnings"] == []
    x = read_wav(out)
    assert abs(x.shape[0] / RATE - result["seconds"]) < 1e-3 and x.shape[0] > 250 * RATE
    lufs = pyln.Meter(RATE).integrated_loudness(x.astype(np.float64))
    peak = true_peak_dbtp(x)
    st = float(short_term(x).max())
    print(f"{place}: {lufs:.2f} LUFS, {peak:.2f} dBTP, max short-term {st:.2f} LUFS")
    assert abs(lufs + 20.0) <= 1.0, lufs
    assert peak <= -1.0, peak
    assert st <= -15.0, st
    assert st <= MARGIN_LUFS, st
    # the figures the export reports are the file's
    assert result["integrated_lufs"] == pytest.approx(lufs, abs=0.1)
    assert result["true_peak_dbtp"] == pytest.approx(peak, abs=0.05)
    assert result["max_short_term_lufs"] == pytest.approx(st, abs=0.05)
    if place in ("beach", "lakeside"):   # breath_sea: the whole mix swells with the light
        from engine.app.practice_audio import practice_sound
        from engine.audio.sea import envelope_db, follows
        from engine.config import load_place, load_practice
        breath = practice_sound(load_place(place), load_practice(PRACTICE)).breath
        full = breath.t[breath.amount > 0.99]
        t, db = envelope_db(x)
        r, lag = follows(t, db, breath, float(full.min()) + 5, float(full.max()) - 5)
        print(f"{place}: the mix's envelope follows the breath, r = {r:.3f} at {lag:.1f} s")
        assert r > 0.75, r
