"""Synthesis speed, measured not asserted: ``pytest tests/test_audio_bench.py
--benchmark-enable --benchmark-only`` (skipped in the normal run by addopts)."""
from __future__ import annotations

import pytest

from engine.audio.synth import LAYERS
from engine.audio.soundscape import render_soundscape
from engine.config.place import Sound

SECONDS = 60.0


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_synthesis_speed(benchmark, name):
    benchmark.extra_info["audio_seconds"] = SECONDS
    benchmark.pedantic(LAYERS[name], args=(SECONDS, 1), rounds=3, iterations=1)


def test_beach_soundscape_speed(benchmark):
    sounds = [Sound(layer="surf", gain=-4, position=(0, 0, 30)),
              Sound(layer="wind", gain=-14, position=(-20, 2, 10)),
              Sound(layer="birds", gain=-14, position=(15, 5, 10)), Sound(layer="pad", gain=-22)]
    benchmark.extra_info["audio_seconds"] = SECONDS
    benchmark.pedantic(render_soundscape, args=(sounds, SECONDS, 1), rounds=2, iterations=1)
