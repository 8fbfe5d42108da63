"""Take it home: the chosen practice written as a sound file, from the window.

Says what will be written (the practice, the place whose sound it has, the
voice, where the file goes), then writes it with a bar that fills as it goes
(Esc stops it and nothing half-written is left), then says where it is, how
long it lasts and who speaks, in plain words. Opened from home with A.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ursina import Button, Entity, Text, camera, color, destroy

from engine.app.practice_audio import VOICE_SHARE
from engine.app.take_home import VOICES, TakeHomeJob, file_name, free_path
from engine.ui.buttons import button_row
from engine.ui.home import ROW, SOFT, WARM

PLACE_MINUTES = 10.0
"""How long a file of a place's sound alone lasts (no practice chosen)."""
BAR_W = 1.2


class TakeHomePage(Entity):
    def __init__(self, place, practice, minutes: float, voice: str, folder: Callable[[], Path],
                 on_back: Callable[[], None], option: str | None = None, option_words: str | None = None,
                 gently: bool = False, breath_voice: bool = False):
        """``place``, ``practice``: the home's entries (a practice named "" is
        the place alone); ``folder``: where files go (made when first asked)."""
        super().__init__(parent=camera.ui, z=-4)
        self.place, self.practice, self.minutes = place, practice, minutes
        self.voice, self.folder, self.on_back = voice, folder, on_back
        self.option, self.gently, self.breath_voice = option, gently, breath_voice
        self.seconds: float | None = None
        """Tests: write only the first S seconds (a person always gets the whole practice)."""
        self.job: TakeHomeJob | None = None
        self.state = "ready"
        Text(parent=self, text="Take it home", y=0.42, origin=(0, 0), scale=1.8, use_tags=False, color=WARM)
        Text(parent=self, text="A sound file to listen to anywhere, with your eyes closed if you like.",
             y=0.35, origin=(0, 0), scale=0.9, use_tags=False, color=SOFT)
        what = practice.title if practice.name else f"The sound of the place, {PLACE_MINUTES:.0f} min"
        how = (f"   ({minutes:.0f} min" + (f", {option_words}" if option_words else "")
               + (", gently" if gently else "") + ")") if practice.name else ""
        self.what = Text(parent=self, text=f"{what}{how}", y=0.24, origin=(0, 0), scale=1.1, use_tags=False)
        self.where = Text(parent=self, text=f"with the sound of being {place.where}", y=0.185, origin=(0, 0),
                          scale=0.9, use_tags=False, color=SOFT)
        self.voice_button = Button(parent=self, text=" ", y=0.1, scale=(1.0, 0.05), color=ROW,
                                   highlight_color=color.rgba(0.2, 0.22, 0.28, 0.95), on_click=self.next_voice)
        self.voice_button.text_entity.use_tags = False
        self.voice_button.text_entity.scale *= 0.9
        self.bar = Entity(parent=self, model="quad", y=-0.02, scale=(BAR_W, 0.03), color=ROW, z=0.01)
        self.fill = Entity(parent=self, model="quad", origin=(-0.5, 0), x=-BAR_W / 2, y=-0.02, scale=(0.0001, 0.03),
                           color=WARM)
        self.bar.enabled = self.fill.enabled = False   # shown once the writing begins
        self.status = Text(parent=self, text=" ", y=-0.16, origin=(0, 0), scale=0.85, use_tags=False,
                           color=SOFT)
        self.say(f"It will be saved in your exports folder: {self._folder_words()}")
        self.buttons: list = []
        self._draw()

    # -- what shows ----------------------------------------------------------
    @property
    def _speaks(self) -> bool:
        return bool(self.practice.name) and self.voice != "captions"

    @property
    def voice_line(self) -> Text:
        return self.voice_button.text_entity

    def _folder_words(self) -> str:
        try:
            return str(self.folder())
        except OSError:
            return "(it cannot be made here)"

    def _draw(self) -> None:
        spoken = bool(self.practice.name)
        words = dict(VOICES)[self.voice]
        change = "   (V to change)" if self.state == "ready" else ""
        self.voice_button.text = f"Spoken by {words}{change}" if spoken else "No voice: the place's sound alone"
        self.voice_button.disabled = not spoken or self.state != "ready"
        for b in self.buttons:
            destroy(b)
        rows = {"ready": [("Write the file   (Enter)", self.write), ("Back   (Esc)", self.on_back)],
                "writing": [("Stop   (Esc)", self.stop)]}
        self.buttons = button_row(self, rows.get(self.state, [("Home   (Enter)", self.on_back)]))

    def say(self, line: str) -> None:
        self.status.text = line

    # -- the work ------------------------------------------------------------
    def write(self) -> None:
        if self.state != "ready":
            return
        try:
            folder = self.folder()
        except OSError as exc:
            from engine.config.userdirs import plain_reason
            self.say(f"The exports folder could not be made ({plain_reason(exc)}).")
            return
        practice = self.practice.name
        out = free_path(folder, file_name(practice or "sound", self.place.name))
        seconds = self.seconds or (None if practice else PLACE_MINUTES * 60)
        self.job = TakeHomeJob.start(self.place.name, practice, out, self.voice, option=self.option,
                                     gently=self.gently, breath_voice=self.breath_voice, seconds=seconds)
        self.state = "writing"
        self.bar.enabled = self.fill.enabled = True
        self.say(f"Writing {out.name} ...")
        self._draw()

    def stop(self) -> None:
        if self.job is not None and self.job.running:
            self.job.stop()
            self.state = "ready"   # it can be begun again, or left
            self.bar.enabled = self.fill.enabled = False
            self.say("Stopped. Nothing was written.")
            self._draw()

    def update(self) -> None:
        job = self.job
        if job is None or self.state != "writing":
            return
        self.fill.scale_x = max(BAR_W * job.fraction, 0.0001)
        if job.running:
            doing = ("Making the voice's lines (the first time takes longest)"
                     if self._speaks and job.fraction < VOICE_SHARE else f"Writing {job.out.name}")
            self.say(f"{doing} ...   {job.fraction:.0%}   (Esc stops)")
            return
        result = job.result()
        if result is not None:
            keep_private(job.out)
        self.state = "done" if result is not None else "failed"
        if result is not None:
            self.say(done_words(result, self.voice if self.practice.name else "captions"))
        else:
            self.say(f"The file could not be written: {job.problem()}")
        self._draw()

    def next_voice(self) -> None:
        """V or a click on the voice: the next one (before the writing begins)."""
        if self.state == "ready" and self.practice.name:
            keys = [k for k, _ in VOICES]
            self.voice = keys[(keys.index(self.voice) + 1) % len(keys)]
            self._draw()

    def key(self, key: str) -> bool:
        if key == "v":
            self.next_voice()
        elif key == "enter":
            (self.write if self.state == "ready" else (lambda: None) if self.state == "writing" else self.on_back)()
        elif key == "escape":
            (self.stop if self.state == "writing" else self.on_back)()
        else:
            return False
        return True

    def on_destroy(self) -> None:
        """Leaving Haven (or this page) while it writes: the writing stops cleanly."""
        if self.job is not None:
            self.job.stop()


def keep_private(path: Path) -> None:
    """The file is the person's: readable by them alone, like the rest of their data."""
    from engine.config.userdirs import FILE_MODE
    try:
        path.chmod(FILE_MODE)
    except OSError:
        pass


UNSPOKEN = {"recorded": " (you have no recordings of this practice yet: O on home adds them)",
            "natural": " (no voice could be made here)", "speech": " (the basic voice is not here)"}
"""Why a file meant to speak came out without a voice."""


def done_words(result: dict, voice: str = "natural") -> str:
    """Where the file is, how long it lasts and who speaks, in plain words
    (``voice``: the one asked for, to say why none speaks when none does)."""
    from engine.app.export_command import length_words, voice_words
    length = length_words(float(result["seconds"]))
    engine = result.get("voice_engine", "none")
    if engine != "none":
        return f"Written: {result['path']}\n{length}, spoken by {voice_words(engine)}."
    return f"Written: {result['path']}\n{length}, the place's sound alone{UNSPOKEN.get(voice, '')}."
