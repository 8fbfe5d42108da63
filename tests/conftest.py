"""Shared test set-up: a private data folder, a silent real OpenAL, and one
offscreen Ursina app per test session (Ursina allows one app a process)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("ALSOFT_DRIVERS", "null")
os.environ.setdefault("ALSOFT_LOGLEVEL", "0")


LONG_FIRST = ("test_cli", "test_builder_app", "test_practice_voice", "test_presence_view", "test_fuzz_inputs",
              "test_audio_events", "test_audio_live", "test_programme", "test_audio_mix", "test_home",
              "test_app_practice", "test_faults", "test_breath_light", "test_practice_render", "test_audio_sea",
              "test_breath_render", "test_audio_practice_export", "test_app_session", "test_voice", "test_take_home",
              "test_loudgate", "test_audio_synth", "test_structures")
"""The longest files start first, so the two workers finish together (longest
first by the files' summed durations, `pytest --durations=0`, December 2026)."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """The longest files go first (make test sends whole files to its two
    workers, so module fixtures are made once), and tests marked ``slow`` run
    only with HAVEN_SLOW=1 (``make check-all``)."""
    rank = {m: i for i, m in enumerate(LONG_FIRST)}
    items.sort(key=lambda it: rank.get(it.module.__name__.rsplit(".", 1)[-1] if it.module else "", len(rank)))
    if os.environ.get("HAVEN_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow: set HAVEN_SLOW=1 (make check-all)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("haven-data")
    old = os.environ.get("HAVEN_DATA_DIR")
    os.environ["HAVEN_DATA_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("HAVEN_DATA_DIR", None)
    else:
        os.environ["HAVEN_DATA_DIR"] = old


@pytest.fixture(scope="session")
def app():
    from engine.ui.stage import open_app
    return open_app((320, 180), offscreen=True)


@pytest.fixture
def build(app):
    """build(place) -> World under the scene; every world is destroyed after the test."""
    from ursina import scene
    from engine.world import build_world
    from engine.ui.stage import fixed_step
    fixed_step(30)
    made = []

    def _build(place):
        world = build_world(place, scene)
        made.append(world)
        return world
    yield _build
    for w in made:
        w.destroy()
