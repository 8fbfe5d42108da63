"""Structures: rooms, furniture, fountains, walls (placeholder: filled in later)."""
from __future__ import annotations


def build(world, rng) -> None:
    return None
