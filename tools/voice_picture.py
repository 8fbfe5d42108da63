"""The natural voice as a picture: docs/voice/spectrogram.png.

Top: one caption line in the natural voice alone (as cached: 48 kHz, softened,
at speech loudness). Bottom: the first 45 s of a practice export (the beach,
safe-place) with the natural voice over the ducked bed, each caption's start
marked. `python -m tools.voice_picture EXPORT.wav docs/voice/spectrogram.png`
"""
from __future__ import annotations

import sys
import wave
from pathlib import Path

import numpy as np

LINE = "Find a comfortable way to sit, upright and supported, so your body can rest."


def read(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        x = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
        return x.reshape(-1, w.getnchannels()).mean(axis=1), w.getframerate()


def main(export: Path, out: Path, place: str = "beach", practice: str = "safe-place", seconds: float = 45.0) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from engine.audio import RATE
    from engine.config import load_place, load_practice
    from engine.core.timeline import build_timeline
    from engine.voice import natural
    from engine.voice.practice import prepare_voice

    clip = natural.speak(LINE).clip
    mix, rate = read(export)
    mix = mix[: int(seconds * rate)]
    pr, pl = load_practice(practice), load_place(place)
    starts = [c.start for c in build_timeline(pr, pl, prepare_voice(pr, pl, "natural", later=True).seconds).captions
              if c.start < seconds]
    fig, axes = plt.subplots(2, 1, figsize=(11, 7.5), gridspec_kw={"height_ratios": [1, 1.3]})
    for ax, x, r, title in ((axes[0], clip, RATE, f"One line, the natural voice alone ({natural.VOICE_NAME}, "
                                                  f"length scale {natural.CALM.length_scale}): \"{LINE}\""),
                            (axes[1], mix, rate, f"The first {seconds:g} s of export-audio --place {place} "
                                                 f"--practice {practice} (natural voice; caption starts dashed)")):
        ax.specgram(x, NFFT=2048, Fs=r, noverlap=1536, cmap="magma", vmin=-130, vmax=-40)
        ax.set_ylim(0, 12000)
        ax.set_ylabel("Hz")
        ax.set_title(title, fontsize=9)
    for t in starts:
        axes[1].axvline(t, color="cyan", ls="--", lw=0.8)
    axes[1].set_xlabel("seconds")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=90)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
