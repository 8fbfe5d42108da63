"""A row of buttons along the foot of a page, each naming its key, so that
every page can be used with the mouse as well as the keys."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ursina import Button, Entity

from engine.ui.home import ROW_ON


def button_row(parent: Entity, buttons: Sequence[tuple[str, Callable[[], None]]], y: float = -0.45,
               step: float = 0.35, width: float = 0.32) -> list[Button]:
    """Buttons ("Back   (Esc)", action) centred in a row at height y."""
    out = []
    for k, (label, act) in enumerate(buttons):
        x = (k - (len(buttons) - 1) / 2) * step
        b = Button(parent=parent, text=label, x=x, y=y, scale=(width, 0.05), color=ROW_ON, on_click=act)
        b.text_entity.use_tags = False
        out.append(b)
    return out
