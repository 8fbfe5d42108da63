"""Key hints are shown, never spoken (issue 18): the voice says a caption
line without 'press G' and leaves out a sentence that is only about keys."""
from __future__ import annotations

import pytest

from engine import NARRATION_DIR
from engine.config import load_practice
from engine.voice.practice import _lines
from engine.voice.spoken import KEY_WORDS, spoken_form


@pytest.mark.parametrize("line, said", [
    ("You can open your eyes, or press G, to come back at any time.", "You can open your eyes to come back at any time."),
    ("If you would like to walk around, press Tab. Press it again to sit back down.", None),
    ("If it is too much, press G. Stopping is always all right.", "Stopping is always all right."),
    ("Breathe in, and let the breath go.", "Breathe in, and let the breath go."),
    ("The pressure eases a little.", "The pressure eases a little."),
])
def test_spoken_form(line: str, said: str | None) -> None:
    assert spoken_form(line) == said


def test_no_practice_speaks_a_key_name_though_its_captions_show_them() -> None:
    shown_keys = 0
    for f in sorted(NARRATION_DIR.glob("*.yaml")):
        practice = load_practice(f.stem)
        options = [o.id for o in practice.choose.options] if practice.choose else [None]
        for option in options:
            played = practice.chosen(option)
            shown_keys += sum(bool(KEY_WORDS.search(line)) for s in played.segments for line in s.text)
            for seg_id, lines in _lines(played, None).items():
                for line in lines:
                    assert line is None or not KEY_WORDS.search(line), (f.stem, option, seg_id, line)
    assert shown_keys >= 11   # every practice still shows the way out on screen
