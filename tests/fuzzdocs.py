"""Shared by the fuzz tests: walking a nested YAML document."""
from __future__ import annotations


def paths_in(doc: object, prefix: tuple = ()) -> list[tuple]:
    """Every location in a nested document, the root included."""
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += paths_in(value, prefix + (key,))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out += paths_in(value, prefix + (i,))
    return out
