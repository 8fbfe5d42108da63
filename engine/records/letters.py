"""The compassionate letters a person writes to themselves (pure: no Ursina).

Each letter is a plain text file in the person's data folder
(`letters/`), readable by its owner only, written atomically; nothing else
keeps a copy. A letter can be read back, saved as a text file in the
exports folder (also owner-only), and deleted for good.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from engine.config.userdirs import data_dir, ensure_dir, write_private

PROMPTS = (
    ("notice", "What you notice: the difficulty, as it is for you just now."),
    ("understand", "Understanding: why this makes sense, given all that has happened."),
    ("help", "What would help: one kind, concrete step."),
    ("encourage", "Encouragement: what your compassionate self wants you to know."),
)
"""One at a time on the writing page, in Haven's words."""


@dataclass(frozen=True)
class Letter:
    path: Path
    written: dt.datetime

    @property
    def title(self) -> str:
        return f"{self.written:%a %d %b %Y, %H:%M}"


def letters_dir() -> Path:
    return ensure_dir(data_dir(create=True) / "letters")


def compose(parts: dict[str, str]) -> str:
    """The letter as one text, its parts in the prompts' order (empty ones left out)."""
    body = [parts[key].strip() for key, _ in PROMPTS if parts.get(key, "").strip()]
    return "\n\n".join(body) + "\n" if body else ""


def save_letter(parts: dict[str, str], when: dt.datetime | None = None) -> Letter | None:
    """Keep a letter (None: nothing was written, nothing is kept)."""
    text = compose(parts)
    if not text:
        return None
    when = (when or dt.datetime.now()).replace(microsecond=0)
    folder = letters_dir()
    path = folder / f"letter-{when:%Y-%m-%d-%H%M%S}.txt"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"letter-{when:%Y-%m-%d-%H%M%S}-{n}.txt"
    write_private(path, text)
    return Letter(path, when)


def letters() -> list[Letter]:
    """Every kept letter, newest first."""
    folder = data_dir() / "letters"
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("letter-*.txt"):
        try:
            when = dt.datetime.strptime(path.stem[7:24], "%Y-%m-%d-%H%M%S")
        except ValueError:
            when = dt.datetime.fromtimestamp(path.stat().st_mtime)
        out.append(Letter(path, when))
    return sorted(out, key=lambda letter: (letter.written, letter.path.name), reverse=True)


def read_letter(letter: Letter) -> str:
    return letter.path.read_text(encoding="utf-8")


def export_letter(letter: Letter, folder: Path) -> Path:
    """A copy the person asked for, as a text file (owner-only)."""
    return write_private(ensure_dir(folder) / f"haven-{letter.path.name}", read_letter(letter))


def delete_letter(letter: Letter) -> None:
    """Gone for good: the file is removed (exports the person made are theirs to keep)."""
    letter.path.unlink(missing_ok=True)
