"""The eight-week programme (narration/programme/programme.yaml): one theme a week,
in the order of the compassionate mind training outline (practice-brief.md).

Each week has a short reading (a practice file of kind 'reading' in
narration/readings/, shown in the place and spoken), one or two practices
and a suggestion for the days between. The file is data; progress through
it lives with the records (engine/records/store.py) and what is done is
worked out by engine/core/programme.py.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from engine import NARRATION_DIR
from engine.config.place import Name, Strict

PROGRAMME_FILE = NARRATION_DIR / "programme" / "programme.yaml"
READINGS_DIR = NARRATION_DIR / "readings"
MAX_READING_WORDS = 250


def _step(value: object) -> object:
    """'chosen-flow' or 'chosen-flow: receive' -> {practice, option}."""
    if isinstance(value, str):
        name, _, option = value.partition(":")
        return {"practice": name.strip(), **({"option": option.strip()} if option.strip() else {})}
    return value


class Step(Strict):
    """A practice of the week, and the option it is done with (if it offers a choice)."""
    practice: Name
    option: Name | None = None


StepRef = Annotated[Step, BeforeValidator(_step)]
Words = Annotated[str, Field(min_length=1, max_length=200)]


class Week(Strict):
    theme: Annotated[str, Field(min_length=1, max_length=60)]
    reading: Name
    """The reading's practice name (narration/readings/<name>.yaml)."""
    practices: Annotated[list[StepRef], Field(min_length=1, max_length=2)]
    between: StepRef
    """The practice suggested for the days between sessions."""
    between_words: Words
    """How the days between are suggested, in a sentence."""


class Programme(Strict):
    title: Annotated[str, Field(min_length=1, max_length=80)]
    summary: Words
    weeks: Annotated[list[Week], Field(min_length=1, max_length=12)]

    def steps(self, week: int) -> list[Step]:
        """Week `week` (from 1) as it is done: the reading, then its practices."""
        w = self.weeks[week - 1]
        return [Step(practice=w.reading), *w.practices]


def programme_checks(programme: Programme) -> list[tuple[tuple[str | int, ...], str]]:
    """Every reading and practice exists, every option is one the practice
    offers, and every reading is a reading of at most 250 words."""
    from engine.config.errors import ConfigError
    from engine.config.loader import load_practice
    from engine.config.refs import practice_names
    names = practice_names()
    allowed = ", ".join(sorted(n for n in names if not n.startswith("reading-")))
    out: list[tuple[tuple[str | int, ...], str]] = []

    def check(loc: tuple[str | int, ...], step: Step, reading: bool = False) -> None:
        if step.practice not in names:
            what = "a reading in narration/readings/" if reading else f"a practice ({allowed})"
            out.append(((*loc, "practice") if not reading else loc, f"'{step.practice}' does not exist (allowed: {what})"))
            return
        try:
            p = load_practice(step.practice)
        except ConfigError:
            out.append((loc, f"'{step.practice}' cannot be read (python main.py check narration shows why)"))
            return
        if reading and (p.kind != "reading" or reading_words(p) > MAX_READING_WORDS):
            out.append((loc, f"'{step.practice}' must be a reading (kind: reading) of at most "
                             f"{MAX_READING_WORDS} words, not a {p.kind} of {reading_words(p)}"))
        ids = [o.id for o in p.choose.options] if p.choose else []
        if step.option is not None and step.option not in ids:
            out.append(((*loc, "option"), f"'{step.option}' is not one of {step.practice}'s choices "
                                          f"(allowed: {', '.join(ids) or 'none: it offers no choice'})"))

    for i, w in enumerate(programme.weeks):
        check(("weeks", i, "reading"), Step(practice=w.reading), reading=True)
        for j, step in enumerate(w.practices):
            check(("weeks", i, "practices", j), step)
        check(("weeks", i, "between"), w.between)
    return out


def reading_words(practice) -> int:
    return sum(len(line.split()) for seg in practice.segments for line in seg.text)


def load_programme(path=None) -> Programme:
    """The programme, validated; ConfigError with every problem (file, line, field)."""
    from engine.config.loader import load_file
    return load_file(path or PROGRAMME_FILE, Programme, programme_checks)
