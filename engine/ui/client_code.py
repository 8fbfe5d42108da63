"""Session mode for therapists: a client code (letters, digits and '-',
never a name) that the practices of this session are kept under."""
from __future__ import annotations

import re
from collections.abc import Callable

from ursina import Entity, Text, camera, color

from engine.ui.buttons import button_row
from engine.ui.home import SOFT, WARM
from engine.ui.line_input import LineInput, prompt_key

CODE = re.compile(r"^(?=.*[0-9])[A-Za-z0-9-]{2,16}$")
"""Letters, digits and '-', with at least one digit: a code, never a name."""


def code_problem(code: str) -> str | None:
    """None for a good code, else why not, in plain words."""
    if CODE.match(code):
        return None
    return "A code is 2 to 16 letters, digits or '-' with at least one digit (for example K-17) - never a person's name."


class ClientCodePrompt(Entity):
    def __init__(self, on_done: Callable[[str | None], None]):
        super().__init__(parent=camera.ui, z=-4)
        self.on_done = on_done
        # the backdrop is the window's clear colour (the shell sets it): a full-screen quad costs ~7 ms a frame on llvmpipe
        Text(parent=self, text="Session mode", y=0.25, origin=(0, 0), scale=1.8, use_tags=False, color=WARM)
        Text(parent=self, text="The session panel shows in every place, and practices are kept under a client\n"
             "code you choose. Use a code, never a name. Enter to begin, Esc to go back.",
             y=0.13, origin=(0, 0), scale=0.9, use_tags=False, color=SOFT)
        self.field = LineInput(parent=self, y=0.0, width=0.5, limit=16, placeholder="client code",
                               allowed=lambda ch: ch.isalnum() or ch == "-", on_done=lambda _: None)
        self.field.active = True
        self.message = Text(parent=self, y=-0.08, origin=(0, 0), scale=0.85, use_tags=False,
                            color=color.rgba(1, 0.85, 0.7, 1))
        self.buttons = button_row(self, [("Begin the session   (Enter)", lambda: self.key("enter")),
                                         ("Back   (Esc)", lambda: self.key("escape"))], y=-0.2)

    def key(self, key: str) -> bool:
        return prompt_key(key, self.field, lambda: self.on_done(None), self._entered)

    def _entered(self, text: str) -> None:
        code = text.strip()
        problem = code_problem(code)
        if problem:
            self.message.text = problem
            return
        self.on_done(code.upper())
