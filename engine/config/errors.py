"""ConfigError and the one-line problem format shared by every config check.

Every problem reads `FILE:LINE: field.path: what is wrong (what is allowed)`,
so people can jump to the line and tools can parse it. Problems about the
file as a whole (size, encoding, YAML syntax) use the path `file` or `yaml`.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

MAX_PROBLEMS = 40
"""More problems than this in one file are summarised in one last line."""


class ConfigError(Exception):
    """A config file (or name) could not be used; `problems` are printable lines."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def problem(file: str, line: int | None, path: str, message: str) -> str:
    """One problem line; `line` is 1-based, None when there is no line to show."""
    where = f"{file}:{line}" if line else file
    return f"{where}: {path}: {_one_line(message)}"


def dotted(loc: tuple[str | int, ...]) -> str:
    """'flora.2.kind'; odd keys are made safe (the message quotes them exactly)."""
    parts = [str(p) if isinstance(p, int) else _safe_key(p) for p in loc]
    return ".".join(parts) or "file"


def _safe_key(key: str) -> str:
    return re.sub(r"[^\w-]+", "_", key)[:40] or "_"


def cap(file: str, problems: list[str], unseen: int = 0, limit: int = MAX_PROBLEMS) -> list[str]:
    """At most `limit` lines, then one saying how many more there were.

    `unseen` counts problems that were never turned into lines at all.
    """
    more = max(0, len(problems) - limit) + unseen
    if not more:
        return problems
    return problems[:limit] + [problem(file, 1, "file", f"{more} more problems not shown "
                                       "(allowed: fix these first, then check again)")]


def suggest(word: object, choices: Iterable[str]) -> str | None:
    """The closest allowed name to a misspelt one, if any is close enough."""
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def allowed_text(choices: Sequence[str], given: object = None) -> str:
    """'allowed: a, b, c; did you mean 'b'?' for a closed set of names."""
    text = "allowed: " + ", ".join(choices)
    close = suggest(given, choices)
    if close is not None:
        text += f"; did you mean '{close}'?"
    return text


def show(value: object, limit: int = 40) -> str:
    """A short, one-line picture of a YAML value for messages."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _clip(repr(value), limit)
    if isinstance(value, str):
        return "'" + _clip(value, limit) + "'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return "a " + type(value).__name__


def _clip(text: str, limit: int) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
