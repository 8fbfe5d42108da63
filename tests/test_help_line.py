"""The key help at the foot of the screen: broken only between its groups."""
from __future__ import annotations

from engine.ui.pause import HELP, help_lines


def test_the_help_is_broken_only_between_its_groups() -> None:
    groups = HELP.split("    ")
    lines = help_lines()
    assert all(len(line) <= 132 for line in lines) and len(lines) == 3
    assert [g for line in lines for g in line.split("    ")] == groups   # every group whole, in order
    assert lines[-1].endswith("H hide help")


def test_a_narrow_width_still_keeps_each_group_whole() -> None:
    lines = help_lines("Esc pause    G return gently    H hide help", 20)
    assert lines == ["Esc pause", "G return gently", "H hide help"]
