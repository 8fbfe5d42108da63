"""The care words Haven says when they are needed (after 'too much', on the
closing screen when the questions after show distress), with the person's
own support when they have written it down (Settings: "My support")."""
from __future__ import annotations

CARE = "Haven is a practice aid, not a crisis service. If you are in crisis, please contact local emergency services"
PLAIN = "Haven is a practice aid, not a crisis service."
"""The quiet line every closing screen carries."""


def care_words(support: str = "") -> str:
    """The care line, with the person's own support when they have written one."""
    return CARE + (f", or: {support}." if support.strip() else ", or someone you trust.")
