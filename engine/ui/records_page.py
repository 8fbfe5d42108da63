"""Your practice, in the window: the latest practices (date, place,
practice, minutes, ratings before -> after, note), the plot of ratings and
practice days, and a CSV file to take away. In session mode it shows one
client code's practices only."""
from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from ursina import Entity, Text, camera

from engine.records.sessions_report import figure, plot, summarise, write_csv
from engine.records.store import RATINGS, Record, Store, StoreError
from engine.ui.buttons import button_row
from engine.ui.home import ROW, SOFT, WARM, picture

SHOWN = 9


def rating_text(before, after) -> str:
    """'safe 3 then 6, critical 7 then 5' for the ratings the person gave."""
    parts = []
    words = {"safe": "safe", "vivid": "vivid", "critical": "critical", "unease": "unease", "warmth": "warmth"}
    for name, word in ((n, words[n]) for n in RATINGS):
        b, a = getattr(before, name), getattr(after, name)
        if b is not None and a is not None:
            parts.append(f"{word} {b} then {a}")
        elif b is not None or a is not None:
            parts.append(f"{word} {b if b is not None else a} ({'before' if b is not None else 'after'})")
    return ", ".join(parts) or "not rated"


def row_text(r: Record, titles: dict[str, str]) -> tuple[str, str]:
    when = dt.datetime.fromtimestamp(r.started)
    what = f"{when:%a %d %b %H:%M}   {titles.get(r.place, r.place)} - {titles.get(r.practice, r.practice or 'just being')}"
    span = "under a minute" if r.duration < 30 else f"{r.duration / 60:.0f} min"
    how = f"{span}{'' if r.status == 'completed' else ' (ended early)'}   {rating_text(r.before, r.after)}"
    return what, how + (f'   "{r.note[:60]}"' if r.note else "")


def exports_dir() -> Path:
    """Where a CSV a person asks for is written: their data folder's exports."""
    from engine.config.userdirs import data_dir, ensure_dir
    return ensure_dir(data_dir(create=True) / "exports")


class RecordsPage(Entity):
    def __init__(self, on_back: Callable[[], None], titles: dict[str, str], client: str = "",
                 on_letters: Callable[[], None] | None = None):
        super().__init__(parent=camera.ui, z=-4)
        self.on_back, self.titles, self.client = on_back, titles, client
        self.on_letters = on_letters
        self.problem: str | None = None
        self.records = self._read()
        # the backdrop is the window's clear colour (the shell sets it): a full-screen quad costs ~7 ms a frame on llvmpipe
        title = "Your practice" if not client else f"Practice of {client}"
        Text(parent=self, text=title, y=0.45, origin=(0, 0), scale=1.8, use_tags=False, color=WARM)
        lines = summarise(self.records).lines()
        self.summary = Text(parent=self, text="\n".join(lines[:2]) if self.records else (self.problem or lines[0]),
                            y=0.385, origin=(0, 0), scale=0.8, use_tags=False, color=SOFT)
        self.rows: list[tuple[str, str]] = [row_text(r, titles) for r in reversed(self.records)][:SHOWN]
        for i, (what, how) in enumerate(self.rows):
            y = 0.3 - i * 0.078
            Entity(parent=self, model="quad", x=-0.41, y=y - 0.012, scale=(0.9, 0.07), color=ROW, z=0.1)
            Text(parent=self, text=what, x=-0.86, y=y, origin=(-0.5, 0), scale=0.8, use_tags=False)
            Text(parent=self, text=how, x=-0.86, y=y - 0.028, origin=(-0.5, 0), scale=0.7, use_tags=False,
                 color=SOFT)
        if len(self.records) > SHOWN:
            Text(parent=self, text=f"and {len(self.records) - SHOWN} earlier (all of them are in the CSV file)",
                 x=-0.42, y=0.3 - SHOWN * 0.078 + 0.01, origin=(0, 0), scale=0.7, use_tags=False, color=SOFT)
        self.plot = Entity(parent=self, model="quad", x=0.45, y=0.02, scale=(0.82, 0.82 * 2 / 3))
        self._draw_plot()
        self.status = Text(parent=self, y=-0.38, origin=(0, 0), scale=0.8, use_tags=False, color=WARM)
        buttons = [("Save as a CSV file   (E)", self.export), ("Save the plot   (P)", self.save_plot),
                   ("Back   (Esc)", on_back)]
        if on_letters is not None and not client:   # a person's letters are never shown in session mode
            buttons.insert(1, ("Your letters   (L)", on_letters))
        self.buttons = button_row(self, buttons)

    def _read(self) -> list[Record]:
        try:
            with Store.open() as store:
                records = store.records()
        except StoreError as exc:
            self.problem = str(exc)
            return []
        return [r for r in records if r.client == self.client] if self.client else records

    def _draw_plot(self) -> None:
        import matplotlib.pyplot as plt
        fig = figure(self.records, 6.0, 4.0, dark=True)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "plot.png"
            fig.savefig(path, format="png")
            plt.close(fig)
            self.plot.texture = picture(path)

    def export(self) -> Path | None:
        """Every practice shown here as one CSV file; where it went is said on screen."""
        return self._save("practice", ".csv", "The CSV file", write_csv)

    def save_plot(self) -> Path | None:
        """The plot as a PNG on a white page, to print or show; where it went is said on screen."""
        return self._save("plot", ".png", "The plot", plot)

    def _save(self, kind: str, suffix: str, what: str, write: Callable[[list[Record], Path], Path]) -> Path | None:
        """``write(records, path)`` into the exports folder, as the person's
        own file (owner only), and say where it went or why it did not."""
        from engine.config.userdirs import FILE_MODE, plain_reason
        stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
        name = f"haven-{kind}-{self.client + '-' if self.client else ''}{stamp}{suffix}"
        try:
            path = write(self.records, exports_dir() / name)
            path.chmod(FILE_MODE)
        except OSError as exc:
            self.status.text = f"{what} could not be saved ({plain_reason(exc)})."
            return None
        self.status.text = f"Saved: {path}"
        return path

    def key(self, key: str) -> bool:
        if key == "e":
            self.export()
        elif key == "p":
            self.save_plot()
        elif key == "l" and self.on_letters is not None and not self.client:
            self.on_letters()
        elif key in ("escape", "enter", "r"):
            self.on_back()
        else:
            return False
        return True
