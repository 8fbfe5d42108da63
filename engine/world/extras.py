"""Optional parts of a place: structures (rooms, garden), particles, presence.

Each builder module exposes `build(world, rng)`; a module that is missing or
has nothing to build for this place is skipped.
"""
from __future__ import annotations

import numpy as np


def build_all(world, rng: np.random.Generator) -> None:
    from engine.world import particles, structures
    for module in (structures, particles):
        module.build(world, rng)
    import engine.world.atmosphere as atmosphere; atmosphere.build(world, rng)  # noqa: E702 - sunbeams, cloud sea
