"""Haven's voice: the person's own recordings, the natural voice (a Piper
VITS voice run with onnxruntime) and the basic voice (espeak-ng).

Pure Python and numpy (no Ursina): clips are mono float32 at 48 kHz,
trimmed, faded and at speech loudness, ready for the mixer.

- practice.py  prepare_voice(practice, place, mode): the voices in order,
               segment by segment, with the seconds the timeline gives them
- natural.py   speak(text), line_seconds(text): the natural voice, cached
- phonemes.py  espeak-ng IPA with clause punctuation -> Piper phoneme ids
- prepare.py   Pending, Preparer: lines made in the background
- breath_cues.py  soft "in" / "out" on the pacer's stages
- available.py voices_report(setting): `voice list`

- speech.py    speak_line(text), speech_available(): the basic voice, cached per line
- recorded.py  import_voice(ref, dir), recorded_clip(practice, segment),
               record_voice(ref): one recording per segment, kept privately
- segments.py  segment_voice(practice, mode, lines), clip_seconds(clips):
               what the player plays and how long the timeline holds each line
"""
from engine.voice.recorded import ImportReport, SegmentImport, import_voice, recorded_clip, record_voice
from engine.voice.segments import MODES, clip_seconds, segment_voice
from engine.voice.speech import SpeechError, speak_line, speech_available

__all__ = [
    "ImportReport", "MODES", "SegmentImport", "SpeechError", "clip_seconds", "import_voice",
    "record_voice", "recorded_clip", "segment_voice", "speak_line", "speech_available",
]
