"""Re-measure the raw loudness of every layer: ``python -m tools.calibrate``.

Prints the ``_RAW_LUFS`` table for synth.py (mean over seeds 0-3, 60 s
each) and each calibrated layer's peak, so a changed synthesiser can be
re-levelled by pasting the table back. A maintainer's tool, not run by the app.
"""
from __future__ import annotations

import numpy as np
import pyloudnorm as pyln

from engine.audio import RATE
from engine.audio.synth import _RAW, NOMINAL_LUFS


def main(seconds: float = 60.0, seeds: int = 4) -> None:
    meter = pyln.Meter(RATE)
    for name, raw in _RAW.items():
        lufs, peaks = [], []
        for seed in range(seeds):
            x = raw(seconds, seed).astype(np.float64)
            lufs.append(meter.integrated_loudness(x))
            peaks.append(20 * np.log10(np.abs(x).max()))
        mean = float(np.mean(lufs))
        peak = max(peaks) + NOMINAL_LUFS[name] - mean
        print(f'    "{name}": {mean:.1f},  # spread {np.ptp(lufs):.1f} LU, peak {peak:.1f} dBFS')


if __name__ == "__main__":
    main()
