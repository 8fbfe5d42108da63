"""What the voice says of a caption line: the line without its key hints.

A caption may tell a person which key to press ("You can open your eyes, or
press G, to come back at any time."); that is for the eyes, not the ears -
a voice reading key names breaks the calm and means nothing with the eyes
closed. The hint is left out of what is spoken; a sentence that is only an
instruction about keys is not spoken at all (the caption still shows it).
"""
from __future__ import annotations

import re

KEY = r"(?:[A-Z]|Tab|Space|Esc|Enter)"
_CLAUSE = re.compile(rf",? or press {KEY}\b,?")
_SENTENCE = re.compile(rf"[^.!?]*\bpress(?:es|ing)? {KEY}\b[^.!?]*[.!?]?|[^.!?]*\bPress (?:it|{KEY})\b[^.!?]*[.!?]?")
KEY_WORDS = re.compile(rf"\b(?:press(?:es|ing)?|Press) {KEY}\b")


def spoken_form(line: str) -> str | None:
    """The line as the voice says it; None when nothing of it is for the ears."""
    text = _CLAUSE.sub("", line)
    text = _SENTENCE.sub("", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    return text if re.search(r"[A-Za-z]", text) else None
