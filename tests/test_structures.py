"""Structures: the cosy room and the walled garden build into a few draw
calls, look like what they are (warm, lit, not blank), and their animated
parts (fire, rain, fountain) move smoothly without any flash."""
from __future__ import annotations

import math

import numpy as np
import pytest

from engine.config import Place, load_place
from engine.config.place import PALETTE_ROLES, StructureKind
from tests.helpers import luminance, render_world

PALETTE = {"sky_top": "#5b7fb0", "sky_horizon": "#c9d8e6", "ground": "#6b8f4e", "water": "#4a7a9a",
           "foliage": "#4f7a3a", "accent": "#e8c070", "light": "#fff1d6"}
KINDS = list(StructureKind.__args__)


def _geoms(node) -> tuple[int, int]:
    """(draw calls, vertices) under a NodePath."""
    calls = verts = 0
    for g in node.findAllMatches("**/+GeomNode"):
        gn = g.node()
        for i in range(gn.getNumGeoms()):
            calls += 1
            verts += gn.getGeom(i).getVertexData().getNumRows()
    return calls, verts


def _mini(structures, indoor_room=False, **extra) -> Place:
    data = {"name": "structure-test", "title": "Structure test", "time_of_day": "dusk", "palette": PALETTE,
            "terrain": {"kind": "flat", "size": 40, "height": 0.2, "resolution": 16},
            "structures": structures, "camera": {"position": [0, 1.2, 0], "drift": False}}
    data.update(extra)
    return Place.model_validate(data)


# ---------------------------------------------------------------- cosy room


def test_cosy_room_is_indoor_and_cheap(build):
    place = load_place("cosy-room")
    assert place.indoor
    world = build(place)
    node = world.parts["structures"]
    calls, verts = _geoms(node)
    assert 1 <= calls <= 8, calls          # static pieces merged: one node per shader
    assert verts < 60000, verts
    total_calls, _ = _geoms(world.root)
    assert total_calls < 30, total_calls
    for name in ("structures-solid", "structures-fire", "structures-window", "structures-glow"):
        assert not node.find(name).isEmpty(), name


def test_cosy_room_frame_is_warm_and_readable(app, build):
    world = build(load_place("cosy-room"))
    frame = render_world(app, world, [0.0, 1 / 30, 2 / 30])[-1].astype(np.float32)
    mean = frame.reshape(-1, 3).mean(0)
    assert frame.std() > 12, "frame is nearly uniform (blank?)"
    assert 25 < frame.mean() < 200
    assert mean[0] > mean[2] * 1.3, f"not warm: mean rgb {mean}"
    # the fire is the brightest thing: there are bright warm pixels
    bright = frame[frame.sum(2) > 500]
    assert len(bright) > 20
    assert bright[:, 0].mean() > bright[:, 2].mean()


def test_fire_light_changes_smoothly_at_30_fps(app, build):
    world = build(load_place("cosy-room"))
    times = [i / 30 for i in range(90)]
    frames = render_world(app, world, times)
    lum = np.array([luminance(f).mean() for f in frames])
    change = np.abs(np.diff(lum)) / lum[:-1]
    assert change.max() < 0.01, f"frame-to-frame luminance change {change.max():.4f}"
    # ...and in the fire's own pixels (the brightest region of the first frame)
    first = luminance(frames[0])
    mask = first > np.quantile(first, 0.98)
    fire = np.array([luminance(f)[mask].mean() for f in frames])
    assert (np.abs(np.diff(fire)) / fire[:-1]).max() < 0.04
    # it is alive: the picture does move over three seconds
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).max() > 4


def test_flicker_is_slow_pure_and_small():
    from engine.world.structures import flicker
    t = np.arange(0, 120, 1 / 240)
    f = np.array([flicker(x, 0.05) for x in t])
    assert flicker(12.5, 0.05) == flicker(12.5, 0.05)
    assert np.all(np.abs(f - 1) <= 0.05 + 1e-9)
    # largest change over one 30 fps frame is tiny: no steps, nothing fast
    step = np.abs(f[8:] - f[:-8]).max()
    assert step < 0.005, step
    spectrum = np.abs(np.fft.rfft(f - f.mean()))
    freqs = np.fft.rfftfreq(len(f), 1 / 240)
    assert spectrum[freqs > 1.5].max() < 0.01 * spectrum.max()


def test_rain_runs_faintly_on_the_window(app, build):
    world = build(load_place("cosy-room"))
    win = world.parts["structures"].find("structures-window")
    assert not win.isEmpty()
    rain = render_world(app, world, [1.0], drift=False)[0].astype(int)
    win.setShaderInput("u_rain", 0.0)
    dry = render_world(app, world, [1.0], drift=False)[0].astype(int)
    diff = np.abs(rain - dry).max(2)
    assert diff.max() > 3, "no rain on the glass"
    assert diff.max() < 90, "rain streaks too contrasty"
    assert (diff > 2).mean() < 0.05, "rain outside the window"


# ---------------------------------------------------------------- walled garden


def test_walled_garden_has_fountain_water(app, build):
    place = load_place("walled-garden")
    assert not place.indoor
    assert any(s.kind == "fountain" for s in place.structures)
    world = build(place)
    node = world.parts["structures"]
    pool = node.find("structures-pool")
    flow = node.find("structures-flow")
    assert not pool.isEmpty() and not flow.isEmpty()
    fountain = next(s for s in place.structures if s.kind == "fountain")
    lo, hi = pool.getTightBounds()
    centre = (lo + hi) / 2
    assert math.hypot(centre[0] - fountain.position[0], centre[2] - fountain.position[2]) < 0.5
    calls, verts = _geoms(node)
    assert calls <= 6 and verts < 80000, (calls, verts)
    frames = render_world(app, world, [0.0, 1 / 30, 1.0])
    lum = [luminance(f).mean() for f in frames]
    assert abs(lum[1] - lum[0]) / lum[0] < 0.01
    assert np.abs(frames[0].astype(int) - frames[2].astype(int)).max() > 2, "the fountain does not move"
    mean = frames[0].reshape(-1, 3).astype(np.float32).mean(0)
    assert frames[0].std() > 12 and mean[1] > 60


# ---------------------------------------------------------------- every kind


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_builds_something(build, kind):
    s = {"kind": kind, "position": [0.5, 0.5 if kind == "cushion" else 0, 4], "rotation": 30}
    structures = [s] if kind == "room" else [{"kind": "room"}, s] if kind in (
        "window", "fireplace", "lamp", "sofa", "armchair", "rug", "cushion", "bookshelf", "table") else [s]
    world = build(_mini(structures))
    calls, verts = _geoms(world.parts["structures"])
    assert calls >= 1 and verts > 20


def test_colour_roles_and_hex_colours_are_used(build):
    red = build(_mini([{"kind": "cairn", "position": [0, 0, 4], "colour": "#ff0000"}]))
    solid = red.parts["structures"].find("structures-solid").node().getGeom(0).getVertexData()
    from panda3d.core import GeomVertexReader
    reader = GeomVertexReader(solid, "color")
    cols = []
    while not reader.isAtEnd():
        cols.append(tuple(reader.getData4()))
    cols = np.array(cols)
    assert cols[:, 0].mean() > 0.5 and cols[:, 1].mean() < 0.2
    assert "rock" in PALETTE_ROLES


def test_no_structures_builds_nothing(build):
    world = build(_mini([]))
    assert "structures" not in world.parts


def test_rotation_turns_the_front(build):
    """A bench at rotation 0 faces -z (the seat); at 180 it faces +z: its
    backrest (the tall side) moves from +z to -z of its position."""
    def back_z(rotation):
        w = build(_mini([{"kind": "bench", "position": [0, 0, 5], "rotation": rotation}]))
        node = w.parts["structures"].find("structures-solid")
        data = node.node().getGeom(0).getVertexData()
        from panda3d.core import GeomVertexReader
        r = GeomVertexReader(data, "vertex")
        pts = []
        while not r.isAtEnd():
            pts.append(tuple(r.getData3()))
        pts = np.array(pts)
        top = pts[pts[:, 1] > 0.7]
        return top[:, 2].mean() - 5
    assert back_z(0) > 0.1
    assert back_z(180) < -0.1
