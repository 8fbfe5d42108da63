"""Event log: one JSON object a line, `{"t": seconds, "kind": ...}` (pure)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class EventLog:
    """Collects events in memory and optionally appends them to a .jsonl file."""

    def __init__(self, path: Path | None = None):
        self.events: list[dict[str, Any]] = []
        self._fh = open(path, "w", encoding="utf-8") if path else None

    def emit(self, t: float, kind: str, **fields: Any) -> dict[str, Any]:
        event = {"t": round(float(t), 4), "kind": kind, **fields}
        self.events.append(event)
        if self._fh:
            self._fh.write(json.dumps(event, ensure_ascii=False) + "\n")
        return event

    def close(self) -> None:
        if self._fh:
            self._fh.close()
            self._fh = None


def read_events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
