"""Spectrograms of every layer: ``python -m tools.audio_preview [OUT_DIR] [SECONDS]``.

Renders each layer (seed 1) to a temporary WAV - also kept in OUT_DIR/wav/
when HAVEN_KEEP_WAV=1, for listening - and draws ``<layer>.png`` with sox
(``apt-get install sox``). The PNGs live in docs/audio/; the WAVs stay out
of git. A maintainer's tool, not used by the app.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from engine.audio.soundscape import write_wav
from engine.audio.synth import LAYERS


def spectrogram(wav: Path, png: Path, title: str) -> None:
    """A small spectrogram PNG: left channel, 0-16 kHz, 80 dB range."""
    subprocess.run(["sox", str(wav), "-n", "remix", "1", "rate", "32k", "spectrogram",
                    "-x", "640", "-y", "160", "-z", "80", "-t", title, "-o", str(png)], check=True)


def main(out: str = "docs/audio", seconds: float = 20.0) -> None:
    if shutil.which("sox") is None:
        sys.exit("preview: sox not found (apt-get install sox)")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    keep = os.environ.get("HAVEN_KEEP_WAV") == "1"
    with tempfile.TemporaryDirectory() as tmp:
        for name, layer in LAYERS.items():
            wav = (out_dir / "wav" if keep else Path(tmp)) / f"{name}.wav"
            wav.parent.mkdir(exist_ok=True)
            write_wav(wav, layer(seconds, 1))
            spectrogram(wav, out_dir / f"{name}.png", f"{name} ({seconds:g} s, seed 1)")
            print(name, (out_dir / f"{name}.png").stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main(*(sys.argv[1:2] or ["docs/audio"]), *(float(a) for a in sys.argv[2:3]))
