"""Captions on screen: every word shown (lines up to 300 characters), never
over the centre of the view, text exactly as written, hideable."""
from __future__ import annotations

import numpy as np
import pytest

LONG = ("This is a line I wrote myself for my own practice, and it is long because I want to say all of it: "
        "the sea is calm, the sand is warm, the light is soft and golden, my friend is sitting next to me, "
        "and nothing is asked of me here at all; I can simply rest, and breathe, and be where I am.")
TEXTS = [
    "Breathe.",
    "Let your breathing slow a little. The light can help, if you want to follow it.",
    "Now notice what you can hear in this place, close by and far away, and how it leaves you feeling, "
    "and let each sound come and go in its own time.",
    LONG,
    ("word " * 60).strip(),                                           # 300 characters of short words
    "Anne-Marie's grandmother's verandah-overlooking-the-bay, "
    "Pneumonoultramicroscopicsilicovolcanoconiosis and its friends, " * 2,
    "A" * 120,                                                        # one 'word' wider than the view
]


@pytest.fixture
def captions(app):
    from ursina import color, window
    from engine.ui.captions import Captions
    old = window.color
    window.color = color.rgb(0.5, 0.5, 0.5)
    c = Captions()
    yield c
    from ursina import destroy
    destroy(c)
    window.color = old


def shot(app) -> np.ndarray:
    from engine.ui.stage import screenshot_rgb
    for _ in range(2):
        app.step()
    return screenshot_rgb()


def ink(frame: np.ndarray) -> np.ndarray:
    """Pixels that differ from the plain background (the caption and its backdrop)."""
    return np.abs(frame.astype(int) - frame[2, 2].astype(int)).sum(axis=2) > 12


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_every_word_is_shown_below_the_centre_and_inside_the_view(app, captions, text) -> None:
    from engine.ui.captions import TOP
    captions.present(text, 1.0)
    lines = [line.text for line in captions.lines[:captions.shown_lines]]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")     # no letter lost, none added
    if max(len(w) for w in text.split()) <= 40:
        assert " ".join(lines) == " ".join(text.split())                  # broken only between words
    left, bottom, right, top = captions.box
    assert top <= TOP + 1e-9 and bottom >= -0.5
    frame = shot(app)
    h, w = frame.shape[:2]
    rows, cols = np.nonzero(ink(frame).any(axis=1))[0], np.nonzero(ink(frame).any(axis=0))[0]
    assert rows.min() > 0.58 * h                 # the caption's screen bounds stay well below the middle
    assert rows.max() < h - 1 and cols.min() > 0 and cols.max() < w - 1   # nothing runs off the view


def test_tags_are_shown_as_written(app, captions) -> None:
    captions.present("<b>calm</b>", 1.0)
    assert captions.lines[0].text == "<b>calm</b>" and captions.shown_lines == 1
    tagged = ink(shot(app)).any(axis=0).sum()
    captions.present("calm", 1.0)
    plain = ink(shot(app)).any(axis=0).sum()
    assert tagged > plain * 1.8                  # '<b>' and '</b>' are drawn, not read as markup


def test_hidden_captions_show_nothing_at_all(app, captions) -> None:
    captions.present(LONG, 1.0, "breathing in", 1.0)
    assert ink(shot(app)).any()
    captions.visible = False
    captions.present(LONG, 1.0, "breathing in", 1.0)
    assert not ink(shot(app)).any()
    captions.visible = True
    captions.present(LONG, 0.0)                  # faded out: nothing either
    assert not ink(shot(app)).any()


def test_a_faded_caption_leaves_nothing_to_rasterise(app, captions) -> None:
    """A clear quad costs every pixel it covers: the empty backdrop alone
    (a 720x720 quad at alpha 0) took 3 ms of a 1280x720 frame."""
    parts = lambda: [captions.backdrop, captions.small, *captions.lines]
    captions.present(LONG, 1.0, "breathing in", 1.0)
    assert not any(p.isHidden() for p in parts()[:2 + captions.shown_lines])
    captions.present(LONG, 0.0)
    assert all(p.isHidden() for p in parts())
    captions.present("calm", 0.5)
    assert not captions.backdrop.isHidden() and not captions.lines[0].isHidden()
    assert all(line.isHidden() for line in captions.lines[1:])   # the long caption's other lines


def test_a_long_line_is_set_smaller_not_cut(app, captions) -> None:
    from engine.ui.captions import SCALE
    captions.present(TEXTS[1], 1.0)
    short = (captions.size, captions.shown_lines)
    captions.present(LONG, 1.0)
    assert short[0] == pytest.approx(SCALE) and captions.size < SCALE * 0.95 and captions.shown_lines > 4


def test_captions_are_set_in_haven_s_own_font(app, captions) -> None:
    """Atkinson Hyperlegible (assets/fonts, with its licence), not Ursina's
    default, for every Text made once the app is open."""
    from ursina import Text
    from engine import FONT_FILE
    assert FONT_FILE.is_file() and (FONT_FILE.parent / "OFL.txt").is_file()
    assert Text.default_font.endswith(FONT_FILE.name)
    captions.present("Il1 O0", 1.0)
    assert captions.lines[0].font.isValid()


@pytest.mark.parametrize("text", ["Ελπίδα και ζεστασιά, εδώ μαζί σου.", "Здесь тепло и спокойно, я рядом с тобой."])
def test_letters_haven_s_font_lacks_are_set_in_one_that_has_them(app, captions, text) -> None:
    """A person's own words in Greek or Cyrillic: shown whole in the
    fallback font (not gaps), and the next Latin line is back in Haven's."""
    from ursina import Text
    from engine.ui.fonts import FALLBACK_FONT, covered
    assert not covered(text) and covered("Déjà vu, naïve café: ß ł ő")
    captions.present(text, 1.0)
    line = captions.lines[0]
    assert line._haven_font == FALLBACK_FONT
    node = line.text_nodes[0].node()
    assert all(node.hasCharacter(ch) for ch in text)   # in Haven's font not one of these letters is there
    captions.present("Back in the meadow.", 1.0)
    assert captions.lines[0]._haven_font == Text.default_font
