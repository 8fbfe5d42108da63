"""The toast: a line that fades in and out, and is not drawn once it has gone."""
from __future__ import annotations


def test_a_faded_toast_is_not_drawn_until_the_next_line(app) -> None:
    from ursina import destroy
    from engine.ui.toast import FADE_S, Toast
    toast = Toast()
    try:
        toast.say("Breathing light off - P turns it on", seconds=1.0)
        toast.advance(0.5)
        assert toast.showing and not toast.text.isHidden()
        for _ in range(3):
            toast.advance(1.0 + FADE_S)
        assert toast.showing is None and toast.text.isHidden()
        toast.say("Breathing light on - P turns it off")
        toast.advance(0.1)
        assert toast.showing and not toast.text.isHidden() and toast.text.color[3] > 0
    finally:
        destroy(toast)
