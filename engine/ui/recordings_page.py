"""Your own voice for a practice, added from the window (O on home).

Shows each part of the practice and whether it has a recording, and takes a
folder of recordings made anywhere (a phone, another program), named after
the parts; Haven keeps a clean copy of each, privately (engine/voice/
recorded.py's import). With the voice set to "my recordings", the practice
then speaks with them.
"""
from __future__ import annotations

from collections.abc import Callable

from ursina import Entity, Text, camera

from engine.ui.buttons import button_row
from engine.ui.home import SOFT, WARM
from engine.ui.line_input import LineInput, prompt_key

HOW = ("Record each part anywhere you like (a phone is fine), name each file after its part\n"
       "(settle.wav, or 01-settle.mp3; also .ogg, .flac, .m4a), put them in one folder and type\n"
       "that folder here. Haven keeps a cleaned copy of each, for you alone; a part without one\n"
       "is shown as captions.")
SHOWN = 12


class RecordingsPage(Entity):
    def __init__(self, practice: str, title: str, on_back: Callable[[], None]):
        super().__init__(parent=camera.ui, z=-4)
        self.practice, self.on_back = practice, on_back
        Text(parent=self, text=f"Your own voice for {title}", y=0.44, origin=(0, 0), scale=1.6,
             use_tags=False, color=WARM)
        Text(parent=self, text=HOW, y=0.34, origin=(0, 0), scale=0.8, use_tags=False, color=SOFT)
        self.parts = Text(parent=self, text=" ", x=-0.6, y=0.22, origin=(-0.5, 0.5), scale=0.8, use_tags=False)
        self.line = LineInput(parent=self, y=-0.25, width=1.0, limit=300,
                              placeholder="(the folder, for example ~/Recordings/" + practice + ")")
        self.line.active = True
        self.status = Text(parent=self, text=" ", y=-0.31, origin=(0, 0.5), scale=0.75, use_tags=False, color=WARM)
        self.buttons = button_row(self, [("Add from this folder   (Enter)", lambda: self._typed(self.line.text)),
                                         ("Back   (Esc)", on_back)], step=0.45, width=0.42)
        self.refresh()

    def refresh(self) -> None:
        from engine.voice.recorded import voice_list
        lines = voice_list(self.practice)
        parts, summary = lines[:-1], lines[-1]
        shown = parts[:SHOWN] + ([f"... and {len(parts) - SHOWN} more parts"] if len(parts) > SHOWN else [])
        self.parts.text = "\n".join(shown + ["", summary])

    def _typed(self, text: str) -> None:
        """Import what the folder holds for this practice; say what came in and what did not."""
        from engine.config.errors import ConfigError
        from engine.voice.recorded import VoiceError, import_voice
        if not text.strip():
            self.say("Type the folder that holds your recordings, then Enter.")
            return
        try:
            report = import_voice(self.practice, text.strip())
        except (VoiceError, ConfigError) as exc:
            self.say(str(exc))
            return
        said = [line for _, line in report.lines()
                if "no file" not in line and not line.startswith(f"{report.practice}:")]   # the list shows the rest
        if not report.imported and not report.refused:
            said = [f"No recordings for this practice in {report.source} (each file is named after its part)."]
        self.say("\n".join(said[:6]))
        self.refresh()

    def say(self, text: str) -> None:
        self.status.text = text
        self.status.origin = (0, 0.5)   # Ursina aligns a text by its width when its origin is set: again

    def key(self, key: str) -> bool:
        return prompt_key(key, self.line, self.on_back, self._typed)
