"""Haven's font for every line it shows, and a fallback for letters it lacks.

Atkinson Hyperlegible (assets/fonts) is drawn for readers with low vision,
but it covers only the Latin alphabets (with their accents). A person's own
words - a smell, what their presence would say, a place's name - may be
Greek or Cyrillic: a text with any letter the font lacks is set in Ursina's
bundled Open Sans instead (which has them), never shown with gaps.

`use_haven_font()` makes Atkinson the default and hooks Ursina's
`Text.text` once, so every Text - captions, panels, the builder's fields
and typing - chooses its font as its text is set.
"""
from __future__ import annotations

from functools import lru_cache

from engine import FONT_FILE

FALLBACK_FONT = "OpenSans-Regular.ttf"   # Ursina's own, found on its model path


@lru_cache(maxsize=1)
def _probe():
    from panda3d.core import DynamicTextFont, Filename, TextNode
    node = TextNode("haven-font-probe")
    node.setFont(DynamicTextFont(Filename.fromOsSpecific(str(FONT_FILE))))
    return node


@lru_cache(maxsize=4096)
def _has(ch: str) -> bool:
    return ch.isspace() or _probe().hasCharacter(ch)


def covered(text: str) -> bool:
    """Whether Haven's font has every letter of ``text``."""
    return text.isascii() or all(_has(ch) for ch in text if not ch.isascii())


def font_for(text: str, haven: str) -> str:
    """The font a text is set in: Haven's (``haven``) unless it lacks a letter."""
    return haven if covered(text) else FALLBACK_FONT


def use_haven_font() -> None:
    """Make Haven's font the default for Text from here on (Ursina's own when
    the file is missing), with the fallback chosen as each text is set."""
    from panda3d.core import Filename
    from ursina import Text
    if not FONT_FILE.is_file() or getattr(Text, "_haven_fonts", False):
        return
    haven = Filename.fromOsSpecific(str(FONT_FILE)).getFullpath()
    Text.default_font = haven
    setter = Text.text.fset

    def set_text(self, text) -> None:
        want = font_for(str(text), haven)
        if getattr(self, "_haven_font", haven) != want:
            self._haven_font = want
            self.raw_text = text
            self.font = want           # Ursina re-sets the text itself with the new font
        setter(self, text)

    Text.text = property(Text.text.fget, set_text)
    Text._haven_fonts = True


__all__ = ["FALLBACK_FONT", "covered", "font_for", "use_haven_font"]
