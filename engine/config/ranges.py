"""Every range a person or a file can set, defined once.

Files (place, practice, settings) validate against these, and the keys
that change a running practice hold their values inside them.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    lo: float
    hi: float

    def hold(self, value: float) -> float:
        """``value`` held inside the range."""
        return min(max(float(value), self.lo), self.hi)


BREATH_RATE = Range(3.0, 12.0)
"""Breaths a minute the pacer may lead at (soothing rhythm breathing sits near 5-6)."""
PRESENCE_DISTANCE = Range(1.5, 60.0)
"""Metres between the person's seat and the presence."""
PRESENCE_WARMTH = Range(0.0, 1.0)
PRESENCE_SIZE = Range(0.2, 4.0)
"""What a file or the settings may hold; the keys titrate within PRESENCE_SIZE_KEYS."""
PRESENCE_SIZE_KEYS = Range(0.4, 2.0)
VOLUME = Range(0.0, 1.0)
