"""Captions: large, soft, high-contrast text in the lower part of the view.

The text is shown exactly as written (Ursina's tag parsing is off: a '<b>'
in a line is shown as '<b>'), wrapped at word boundaries into lines, each
centred on its own, over a dim backdrop so it reads on any sky. It fades in
and out with the alpha the director gives and never reaches the centre of
the view: the whole block stays between BOTTOM and TOP (the screen spans
-0.5..0.5, the centre is 0).

No word is ever cut off. A short line is shown large (four lines of about
40 characters at most); a longer one - a person's own lines may run to
300 characters - is set smaller, with more and wider lines, until it fits
the band below the centre and the width of the view. Only a single "word"
too wide for the view even at the smallest size is broken, and then all
its letters are still shown.
"""
from __future__ import annotations

import textwrap

from ursina import Entity, Text, camera, color

from engine.ui.drawn import drawn

Y = -0.33            # centre of a short caption block
TOP = -0.1           # the block's top never rises above this (the centre of the view stays clear)
LOW_TOP = -0.2       # ... and stays under this whenever the text can fit there
BOTTOM = -0.445      # nor does its bottom sink below this (room for the hint line under it)
HINT_GAP = 0.04      # the hint line ("breathing in", the walk-about invitation) sits this far below
WRAP = 40            # characters a line at the full size
SCALE = 1.9          # the full size
SCALES = (1.9, 1.75, 1.6, 1.45, 1.3, 1.2, 1.1, 1.0)   # tried in turn until the text fits
LINE_STEP = 0.052    # screen units between lines at the full size
WIDTH_SHARE = 0.92   # of the view's width a line may take
PAD = (0.06, 0.035)  # backdrop beyond the text (width, height)
INK = (0.98, 0.96, 0.92)
SHADE = (0.05, 0.06, 0.08)


def wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, broken only between words."""
    return textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False) or [" "]


def fit(text: str, measure, max_width: float, max_height: float = TOP - BOTTOM,
        scales=SCALES, prefer_height: float | None = None) -> tuple[list[str], float]:
    """(lines, scale): the largest size at which `text`, wrapped between
    words, fits `max_height` and `max_width` (screen units), trying a little
    wider lines before a smaller size; a fit within `prefer_height` (a lower
    block) is taken first. `measure(line)` is a line's width at scale 1.
    Every word is kept, in order."""
    words = " ".join(text.split())
    for height in ([prefer_height] if prefer_height else []) + [max_height]:
        for scale in scales:
            base = WRAP * SCALE / scale
            for widen in (1.0, 1.25, 1.5):
                lines = wrap_words(words, max(8, int(base * widen)))
                step = LINE_STEP * scale / SCALE
                if step * len(lines) <= height and max(measure(x) for x in lines) * scale <= max_width:
                    return lines, scale
    scale = scales[-1]   # a word wider than the view: break inside it, never drop a letter
    width = max(8, int(WRAP * SCALE / scale))
    lines = textwrap.wrap(words, width, break_on_hyphens=False) or [" "]
    while max(measure(x) for x in lines) * scale > max_width and width > 8:
        width -= 4
        lines = textwrap.wrap(words, width, break_on_hyphens=False)
    return lines, scale


class Captions(Entity):
    def __init__(self, scale: float = SCALE):
        super().__init__(parent=camera.ui, z=-1)
        self.scale_text = scale
        self.backdrop = Entity(parent=self, model="quad", y=Y, z=0.1, color=color.rgba(*SHADE, 0))
        self.lines: list[Text] = []
        self.small = Text(parent=self, text=" ", y=Y - 0.1, origin=(0, 0), scale=0.9, use_tags=False,
                          color=color.rgba(*INK, 0))
        self.current = ""
        self.shown_lines = 0
        self.size = scale
        self.box = (0.0, 0.0, 0.0, 0.0)   # the block's (left, bottom, right, top), screen units
        self._hint_y = Y - 0.1
        self._probes: dict = {}   # font -> TextNode, for measuring lines
        self.visible = True
        self.floor = BOTTOM
        """The lowest the block may reach: raised above the key help while it shows
        (taken at the next caption, so a caption never jumps on its own)."""

    def _line(self, i: int) -> Text:
        while len(self.lines) <= i:
            self.lines.append(Text(parent=self, text=" ", origin=(0, 0), scale=self.scale_text, use_tags=False,
                                   color=color.rgba(*INK, 0)))
        return self.lines[i]

    def _measure(self, line: str) -> float:
        """A line's width at scale 1 in screen units (as Text.width measures
        it), in the font that line will be set in (engine/ui/fonts.py)."""
        if not line.strip():
            return 0.0
        from engine.ui.fonts import font_for
        return self._probe(font_for(line, Text.default_font)).calcWidth(line) * self._line(0).size

    def _probe(self, font: str):
        """A TextNode set in ``font``, one per font, for measuring."""
        probes = self._probes
        if font not in probes:
            import builtins
            from panda3d.core import TextNode
            probes[font] = TextNode(f"haven-caption-measure-{len(probes)}")
            probes[font].setFont(builtins.loader.loadFont(font))
        return probes[font]

    def _layout(self, text: str) -> None:
        room = camera.aspect_ratio * WIDTH_SHARE - PAD[0]
        floor = min(max(BOTTOM, self.floor), LOW_TOP - 0.1)
        lines, scale = fit(text, self._measure, room, TOP - floor - PAD[1],
                           tuple(s * self.scale_text / SCALE for s in SCALES), LOW_TOP - floor - PAD[1])
        step = LINE_STEP * scale / SCALE
        height = step * len(lines)
        centre = min(max(Y, floor + PAD[1] / 2 + height / 2), TOP - PAD[1] / 2 - height / 2)
        top = centre + step * (len(lines) - 1) / 2
        width = 0.0
        for i in range(max(len(lines), len(self.lines))):
            line = self._line(i)
            line.text = lines[i] if i < len(lines) else " "
            line.scale = scale
            line.origin = (0, 0)
            line.y = top - i * step
            if i < len(lines):
                width = max(width, line.width * line.scale_x)
        self.shown_lines = len(lines)
        self.size = scale
        box_w, box_h = width + PAD[0], height + PAD[1]
        self.backdrop.y = centre
        self.backdrop.scale = (box_w, box_h)
        self.box = (-box_w / 2, centre - box_h / 2, box_w / 2, centre + box_h / 2)
        self._hint_y = max(self.box[1] - HINT_GAP + 0.01, -0.48 if floor <= BOTTOM else floor - HINT_GAP + 0.01)

    def relayout(self) -> None:
        """Set the shown caption again now (after the floor moved at the
        person's key, or the window changed shape: its lines take the width)."""
        if self.current:
            self._layout(self.current)

    def present(self, text: str | None, alpha: float, hint: str | None = None, hint_alpha: float = 0.0) -> None:
        alpha = alpha if (self.visible and text) else 0.0
        if text and text != self.current:
            self._layout(text)
            self.current = text
        for i, line in enumerate(self.lines):
            a = alpha if i < self.shown_lines else 0.0
            line.color = color.rgba(*INK, a)
            drawn(line, a)
        self.backdrop.color = color.rgba(*SHADE, 0.42 * alpha)
        drawn(self.backdrop, 0.42 * alpha)
        show_hint = bool(self.visible and hint and hint_alpha > 0)
        if show_hint and hint != self.small.text:
            self.small.text = hint
            self.small.origin = (0, 0)
        # under the caption block, or in its own place low in the view when there is none
        self.small.y = self._hint_y if (text and alpha > 0) else Y - 0.1
        self.small.color = color.rgba(*INK, 0.8 * hint_alpha if show_hint else 0.0)
        drawn(self.small, 0.8 * hint_alpha if show_hint else 0.0)
