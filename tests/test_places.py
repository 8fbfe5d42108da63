"""Every built-in place loads, builds and renders a distinct, non-blank view."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from ursina import scene

from engine.config.catalog import builtin_places
from engine.config import load_place
from engine.world import build_world
from tests.helpers import luminance, render_world

PLACES = builtin_places()   # from the catalogue: a new place is tested too


def test_all_eight_builtin_places_exist():
    """The eight places design.md promises are in the catalogue (the other tests take every place it has)."""
    promised = {"beach", "forest-glade", "meadow", "lakeside", "mountain", "cosy-room", "walled-garden", "starlit-field"}
    assert promised <= set(PLACES)


@pytest.mark.parametrize("name", PLACES)
def test_outdoor_places_have_thousands_of_flora(name):
    """Thousands of plants (the beach's dune grass grows in clumps along the
    dunes, so the sand is open to the water: about 3,000 there)."""
    place = load_place(name)
    if place.indoor:
        pytest.skip("rooms have furniture, not flora")
    assert place.flora_count() >= 3000
    assert place.smells and place.touch and place.sounds


@pytest.fixture(scope="module")
def frames(app):
    out = {}
    for name in PLACES:
        world = build_world(load_place(name), scene)
        out[name] = render_world(app, world, [0.0, 0.5])[-1]
        world.destroy()
    return out


@pytest.mark.parametrize("name", PLACES)
def test_place_frame_is_not_blank(frames, name):
    lum = luminance(frames[name])
    assert lum.std() > 0.02, f"{name}: frame is nearly uniform (std {lum.std():.4f})"
    # Something in the lower half (land, floor) differs from the upper half (sky, wall).
    top, bottom = lum[: lum.shape[0] // 2], lum[lum.shape[0] // 2:]
    assert abs(top.mean() - bottom.mean()) > 0.01 or bottom.std() > 0.03
    # Not a cleared, empty buffer: many distinct colours.
    colours = np.unique(frames[name].reshape(-1, 3) // 8, axis=0)
    assert len(colours) > 40, f"{name}: only {len(colours)} colours"


def test_every_place_looks_different(frames):
    for a, b in itertools.combinations(PLACES, 2):
        diff = np.abs(frames[a].astype(int) - frames[b].astype(int)).mean()
        assert diff > 12, f"{a} and {b} look alike (mean abs diff {diff:.1f})"


def test_night_is_darker_than_day(frames):
    assert luminance(frames["starlit-field"]).mean() < 0.5 * luminance(frames["meadow"]).mean()


def test_world_nodes_are_few(app):
    """Flora is baked into chunks: a place with 7000+ plants is ~100 nodes."""
    world = build_world(load_place("meadow"), scene)
    try:
        assert world.place.flora_count() > 7000
        assert world.count_nodes() < 400
    finally:
        world.destroy()
