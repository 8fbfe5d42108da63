"""Pictures of the breath-locked sea: ``python -m tools.sea_preview [OUT_DIR]``.

For beach's surf and lakeside's lake (each place's own seed for its layer),
over safe-place-short as an export replays it, draws:

* ``breath-sea.png``: 60 s (100-160 s) of the pacer's level, and each
  layer's slow envelope (``sea.envelope_db``) with ``breath_sea`` and with
  the sea's own rhythm, with the correlation ``sea.follows`` measures over
  the whole breathing part;
* ``surf-breath.png`` and ``lake-breath.png``: sox spectrograms of the same
  60 s of each breathing layer (``surf.png`` and ``lake.png`` show their own
  rhythm).

A maintainer's tool (needs sox and matplotlib), not used by the app.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

from engine.audio import RATE
from tools.audio_preview import spectrogram
from engine.audio.sea import envelope_db, follows, sea_layer
from engine.audio.soundscape import layer_seed, write_wav
from engine.audio.stream import long_layer

SPAN = (100.0, 160.0)


def layers(place_name: str, layer: str, practice: str = "safe-place-short"):
    """(breath curve, breathing span, breath-locked layer, own-rhythm layer)."""
    from engine.app.practice_audio import practice_sound
    from engine.config import load_place, load_practice
    place = load_place(place_name)
    sound = practice_sound(place, load_practice(practice))
    i = [s.layer for s in place.sounds].index(layer)
    seed = layer_seed(place.seed, i, layer)
    full = sound.breath.t[sound.breath.amount > 0.99]
    return (sound.breath, (float(full.min()) + 5, float(full.max()) - 5),
            np.asarray(sea_layer(layer, sound.length, seed, sound.breath)),
            np.asarray(long_layer(layer, sound.length, seed)))


def main(out: str = "docs/audio") -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    fig, axes = plt.subplots(3, 1, figsize=(10, 6.4), sharex=True, dpi=100)
    a, b = (int(s * RATE) for s in SPAN)
    for row, (place, layer) in enumerate((("beach", "surf"), ("lakeside", "lake")), start=1):
        breath, span, sea, own = layers(place, layer)
        if row == 1:
            keep = (breath.t >= SPAN[0]) & (breath.t <= SPAN[1])
            axes[0].fill_between(breath.t[keep], breath.level[keep] * breath.amount[keep], color="#f2b36b")
            axes[0].set_ylabel("breath level")
            axes[0].set_title("safe-place-short, 100-160 s: the breathing light (pacer level)")
        ax = axes[row]
        for x, label, colour in ((sea, "breath_sea", "#2f6f8f"), (own, "own rhythm", "#b0b0b0")):
            t, db = envelope_db(x)
            r, lag = follows(t, db, breath, *span)
            keep = (t >= SPAN[0]) & (t <= SPAN[1])
            ax.plot(t[keep], db[keep] - np.median(db[keep]), color=colour,
                    label=f"{label}: r = {r:.2f} (lag {lag:.1f} s)")
            print(place, layer, label, f"r = {r:.3f}, lag {lag:.1f} s")
        ax.set_ylabel(f"{layer} envelope, dB")
        ax.legend(loc="lower right", fontsize=8)
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / f"{layer}.wav"
            write_wav(wav, sea[a:b])
            spectrogram(wav, out_dir / f"{layer}-breath.png",
                        f"{layer} with breath_sea ({place}, safe-place-short {SPAN[0]:g}-{SPAN[1]:g} s)")
    axes[-1].set_xlabel("session time, s")
    fig.tight_layout()
    fig.savefig(out_dir / "breath-sea.png")
    print("wrote", out_dir / "breath-sea.png")


if __name__ == "__main__":
    main(*(sys.argv[1:2] or ["docs/audio"]))
