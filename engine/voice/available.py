"""`python main.py voice list`: which voices Haven has here, in the order it
uses them, and which one the person's settings choose."""
from __future__ import annotations

CHOICES = {
    "captions": "captions only (no voice)",
    "natural": "your recordings, else the natural voice (else the basic voice)",
    "speech": "the basic voice (espeak-ng)",
    "recorded": "your recordings only (captions elsewhere)",
}


def voices_report(setting: str) -> list[str]:
    """Lines for a person: each voice, whether it is here, and what is in use."""
    from engine.voice import natural
    from engine.voice.speech import speech_available
    nat_ok, nat = natural.natural_available()
    basic_ok, basic = speech_available()
    lines = ["Voices, in the order Haven uses them:",
             "  1. your own recordings   per segment, where you have imported or recorded one "
             "(python main.py voice import --practice R DIR)",
             "  2. the natural voice     " + (f"{nat} (Piper voice, run offline with onnxruntime): available"
                                               if nat_ok else "not available: " + nat.removeprefix("haven: ")),
             "  3. the basic voice       " + (f"{basic}: available" if basic_ok
                                               else "not available: " + basic.removeprefix("haven: "))]
    lines.append(f"Your setting: {setting} - {CHOICES.get(setting, setting)}")
    lines.append("In use: " + in_use(setting, nat_ok, basic_ok))
    lines.append("Change it in Settings (S on the home screen), with V on the home screen, or --voice.")
    return lines


def in_use(setting: str, nat_ok: bool, basic_ok: bool) -> str:
    if setting == "captions":
        return "no voice (captions)"
    if setting == "recorded":
        return "your recordings where there are some, captions elsewhere"
    if setting == "speech":
        return "the basic voice" if basic_ok else "no voice: espeak-ng is not installed (captions)"
    if nat_ok:
        return "your recordings where there are some, the natural voice elsewhere"
    if basic_ok:
        return "your recordings where there are some, the basic voice elsewhere (the natural voice is missing)"
    return "your recordings where there are some, captions elsewhere (no voice is installed)"
