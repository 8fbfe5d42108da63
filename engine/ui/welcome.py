"""The first time Haven opens: a short welcome - what Haven is, that it is a
practice aid and not a crisis service, that Esc or G always brings you
back - which suggests beginning with soothing breathing."""
from __future__ import annotations

from collections.abc import Callable

from ursina import Button, Entity, Text, camera, color

from engine.ui.home import ROW, ROW_ON, SOFT, WARM

LINES = (
    "Haven is a quiet place of your own to practise compassion: a place to sit in, sounds that",
    "come forward as you notice them, a gentle light to breathe with, and words to follow.",
    "",
    "It is a practice aid, not a crisis service. If you are in crisis, please contact",
    "your local emergency services or someone you trust.",
    "",
    "Whatever is happening, Esc pauses and G brings you gently back to the room.",
    "Nothing here needs hurrying, and you can stop whenever you like.",
)


class Welcome(Entity):
    def __init__(self, on_begin: Callable[[], None], on_close: Callable[[], None]):
        super().__init__(parent=camera.ui, z=-6)
        self.on_begin, self.on_close = on_begin, on_close
        Entity(parent=self, model="quad", scale=(4, 2), color=color.rgba(0.03, 0.035, 0.05, 0.8), z=0.2)
        Entity(parent=self, model="quad", scale=(1.3, 0.7), color=color.rgba(0.08, 0.09, 0.12, 0.98), z=0.1)
        Text(parent=self, text="Welcome to Haven", y=0.28, origin=(0, 0), scale=1.8, use_tags=False, color=WARM)
        Text(parent=self, text="\n".join(LINES), y=0.06, origin=(0, 0), scale=0.88, use_tags=False)
        Text(parent=self, text="A good first practice is soothing rhythm breathing (about five minutes).",
             y=-0.15, origin=(0, 0), scale=0.85, use_tags=False, color=SOFT)
        for x, label, act, bg in ((-0.22, "Begin with soothing breathing   (Enter)", on_begin, ROW_ON),
                                  (0.28, "Look around first   (Esc)", on_close, ROW)):
            b = Button(parent=self, text=label, x=x, y=-0.26, scale=(0.46 if x < 0 else 0.36, 0.06), color=bg,
                       on_click=act)
            b.text_entity.use_tags = False

    def key(self, key: str) -> bool:
        if key == "enter":
            self.on_begin()
        elif key == "escape":
            self.on_close()
        else:
            return False
        return True
