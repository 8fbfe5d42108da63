"""Seamless loops of a place's sounds, levelled like an export (pure: numpy only).

The live player (engine/live/player.py) plays these buffers through OpenAL; the
calm way out's room tone (room_tone.py) loops the same way.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.audio import RATE
from engine.audio.envelope import raised_cos
from engine.audio.files import load_sound_file, to_nominal
from engine.audio.loudness import TARGET_LUFS, limit
from engine.audio.mix import placement
from engine.audio.synth import EVENT_LAYERS, NOMINAL_LUFS, layer_parts, render_layer

LOOP_SECONDS = 75.0      # synthesised loop length
LOOP_XFADE = 3.0         # equal-power crossfade of the tail into the head
FILE_MAX_SECONDS = 300.0  # a person's own file plays up to this long before looping
FLOOR_DB = -60.0         # 'silent' in live ramps (plus the layer's own level: inaudible)
MAX_STEP_DB = 0.5        # no gain step larger than this in one frame
FADE_IN = 3.0
PEAK_CEILING = 10 ** (-1.0 / 20)  # loop buffers peak at most -1 dBTP
WRAP = int(0.05 * RATE)  # context either side of the seam when limiting a loop
REF_DISTANCE = 4.0       # OpenAL: full level within 4 m ...
ROLLOFF = 1.0 / 3.0      # ... -6 dB at 16 m ...
MAX_DISTANCE = 40.0      # ... and at most -12 dB (cf. mix.placement)



def make_loop(audio: np.ndarray, length: int, xfade: int) -> np.ndarray:
    """A ``length``-sample buffer that loops without a seam.

    ``audio`` holds at least ``length + xfade`` samples; the part after
    ``length`` is crossfaded (cos/sin, equal power) into the head, so the
    sample after the loop's last one is the original continuation.
    """
    if audio.shape[0] < length + xfade:
        raise ValueError("make_loop needs length + xfade samples")
    out = np.array(audio[:length], dtype=np.float32)
    if xfade > 0:
        theta = raised_cos(xfade) * np.float32(np.pi / 2)
        fade_in, fade_out = np.sin(theta)[:, None], np.cos(theta)[:, None]
        out[:xfade] = audio[length:length + xfade] * fade_out + audio[:xfade] * fade_in
    return out


def layer_loop(name: str, seed: int, seconds: float = LOOP_SECONDS,
               xfade: float = LOOP_XFADE) -> np.ndarray:
    """A seamless loop of a synthesised layer at its nominal loudness."""
    n, k = int(round(seconds * RATE)), int(round(xfade * RATE))
    return make_loop(render_layer(name, (n + k) / RATE + 0.01, seed), n, k)


def cycle_loop(name: str, seed: int, cycle: int, seconds: float = LOOP_SECONDS) -> np.ndarray | None:
    """One cycle of a live event layer without a bed (birds, chimes), or None
    for any other layer (those loop ``layer_loop``).

    The same birds or tubes (from ``seed``) with their songs or strikes drawn
    and placed afresh for each ``cycle``; only events that end inside the
    cycle are kept, so it starts and ends in silence: it loops without a seam,
    and one cycle can follow another at any moment near its end.
    """
    if name not in EVENT_LAYERS:
        return None
    bed, _, events = layer_parts(name, seconds, seed, cycle)
    if bed is not None:
        return None
    n = int(round(seconds * RATE))
    return events.until(n).render(n)


def file_loop(path: Path, xfade: float = LOOP_XFADE,
              most: float = FILE_MAX_SECONDS) -> np.ndarray:
    """A person's file (at most ``most`` s) at nominal loudness, as a seamless loop."""
    audio = to_nominal(load_sound_file(path, most))
    k = min(int(round(xfade * RATE)), audio.shape[0] // 4)
    return make_loop(audio, audio.shape[0] - k, k)


def mono_gain(buf: np.ndarray) -> float:
    """The gain that makes the channels' mean carry the buffer's whole power."""
    mono = buf.mean(axis=1)
    have = float(np.sqrt(np.mean(np.square(mono, dtype=np.float64))))
    want = float(np.sqrt(np.mean(np.sum(np.square(buf, dtype=np.float64), axis=1))))
    return want / have if have > 0 else 1.0


def to_mono(buf: np.ndarray, gain: float | None = None) -> np.ndarray:
    """Mono for a 3D source, carrying the stereo layer's whole power
    (OpenAL spreads a centred mono source over both speakers); ``gain``
    (else ``mono_gain(buf)``) keeps later cycles of a layer at one level."""
    gain = mono_gain(buf) if gain is None else gain
    return (buf.mean(axis=1) * np.float32(gain)).astype(np.float32)[:, None]


def makeup_db(sounds, file_lufs: float = TARGET_LUFS) -> float:
    """Gain that brings the place's summed layers to -20 LUFS, as an export
    is mastered (layers add in power; positions lower their share)."""
    power = 0.0
    for s in sounds:
        nominal = NOMINAL_LUFS.get(s.layer, file_lufs) if s.layer else file_lufs
        power += 10 ** ((nominal + s.gain + placement(s.position)[1]) / 10)
    return TARGET_LUFS - 10 * np.log10(power) if power > 0 else 0.0


def level(buf: np.ndarray, gain_db: float, most_limit_db: float = 6.0) -> tuple[np.ndarray, float]:
    """(loop buffer at ``gain_db``, the rest of the gain as a volume <= 1).

    Rare peaks over -1 dBTP are limited as the export's master stage does
    (look-ahead, smooth), on the loop wrapped around so the seam stays
    seamless; beyond ``most_limit_db`` of limiting the layer is turned down
    instead, and the shortfall comes back as the volume where it can."""
    want = 10 ** (gain_db / 20)
    peak = float(np.abs(buf).max()) if buf.size else 0.0
    room = PEAK_CEILING * 10 ** (most_limit_db / 20) / peak if peak > 0 else want
    scale = min(want, room)
    return scaled(buf, scale), min(want / scale, 1.0)


def loop_scale(buf: np.ndarray, gain_db: float, most_limit_db: float = 6.0) -> float:
    """The factor ``level`` puts on this buffer (later cycles reuse it)."""
    want = 10 ** (gain_db / 20)
    peak = float(np.abs(buf).max()) if buf.size else 0.0
    return min(want, PEAK_CEILING * 10 ** (most_limit_db / 20) / peak if peak > 0 else want)


def scaled(buf: np.ndarray, scale: float) -> np.ndarray:
    """``buf * scale``, rare peaks over -1 dBTP limited around the wrapped seam."""
    out = (buf * np.float32(scale)).astype(np.float32)
    peak = float(np.abs(out).max()) if out.size else 0.0
    if peak > PEAK_CEILING * 0.5 and out.shape[0] > 4 * WRAP:
        wrapped = np.concatenate([out[-WRAP:], out, out[:WRAP]])
        out = np.ascontiguousarray(limit(wrapped, -1.2)[WRAP:-WRAP])
    return out


def _give_back_memory() -> None:
    """Hand the synthesis' freed buffers back to the system (glibc keeps a
    thread's freed memory in its arena otherwise: ~280 MB after a place's
    75 s loops). Linux/glibc only; elsewhere nothing happens."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
