"""Skies, water and wind (issue 20): the golden hour keeps its colour, night
has its moon and milky band and no clouds, the clouds drift and the plants
and water move smoothly (a small change from one frame to the next), and
the same render twice gives the same pixels."""
from __future__ import annotations

import colorsys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.config.loader import load_place
from engine.world.clouds import SKY_TEX, max_step, sky_field
from engine.world.lighting import light_rig
from engine.world.sky import DRIFT, sky_look
from tests.helpers.process import haven
from tools.quality.flash import check_frames

FPS = 30


def look(name: str):
    place = load_place(name)
    return place, sky_look(place, light_rig(place))


def saturation(rgb) -> float:
    return colorsys.rgb_to_hsv(*[float(c) for c in rgb])[1]


@pytest.mark.parametrize("name", ["beach", "walled-garden"])
def test_the_golden_hour_glow_stays_golden(name):
    place, sky = look(name)
    assert place.time_of_day == "golden-hour"
    assert saturation(sky.glow) >= 0.45           # a warm gold, not a white wash
    assert sky.glow[0] > sky.glow[2] * 1.6
    assert saturation(sky.cloud_lit) > 0.2       # sunlit clouds take the warm light


def test_night_has_a_moon_a_milky_band_and_no_clouds():
    _, sky = look("starlit-field")
    assert sky.band == 1.0
    assert sky.cover > 1.0                        # above any cloud density: clear
    assert sky.disc_size < np.radians(1.5)


@pytest.mark.parametrize("name", ["meadow", "forest-glade", "lakeside", "beach"])
def test_day_skies_have_clouds_and_no_milky_band(name):
    _, sky = look(name)
    assert sky.band == 0.0
    assert sky.cover < 0.78


def test_the_clouds_drift_changes_a_pixel_by_under_one_percent_a_frame():
    field = sky_field(3)[..., 0] / 255.0
    texels = float(np.hypot(*DRIFT)) * SKY_TEX / FPS
    assert 0.0 < max_step(field, texels) < 0.01


def _frames(folder: Path) -> list[np.ndarray]:
    return [np.asarray(Image.open(f).convert("RGB")).astype(np.int16)
            for f in sorted((folder / "frames").glob("*.png"))]


def _render(out: Path, fps: int = FPS, seconds: str = "1") -> list[np.ndarray]:
    p = haven("render", "--silent", "--place", "lakeside", "--start", "20", "--seconds", seconds,
              "--fps", str(fps), "--size", "320x180", "--out", str(out),
              env={"ALSOFT_DRIVERS": "null"})
    assert p.returncode == 0, p.stderr
    return _frames(out)


def test_wind_clouds_and_water_move_smoothly_and_render_the_same_twice(tmp_path):
    # lakeside at dawn: clouds, the sun's glitter on the lake, reeds, grass and pines in the wind
    first = _render(tmp_path / "a")
    again = _render(tmp_path / "b")
    assert len(first) == FPS
    assert all((a == b).all() for a, b in zip(first, again)), "the same render twice differs"
    steps = [np.abs(b - a) for a, b in zip(first, first[1:])]
    assert max(float(s.mean()) for s in steps) > 0.02, "nothing moves at all"
    # the sky (top third): the clouds drift, only swaying tree tops cross it
    assert max(float(np.percentile(s[:60], 99)) for s in steps) <= 3
    # everywhere: a calm frame-to-frame change; a moving edge is a few pixels, not a shimmer
    assert max(float(s.mean()) for s in steps) <= 1.0
    assert max(float((s.max(axis=2) > 40).mean()) for s in steps) <= 0.012
    assert check_frames([f.astype(np.uint8) for f in first], FPS).passed


def _seat(place, world, t: float = 0.0, drift: bool = False) -> None:
    """The camera where the person sits (at time t), the world updated to it."""
    from ursina import camera
    from engine.world.camera import apply_pose, seated_pose
    camera.fov = place.camera.fov
    pos, yaw, pitch = seated_pose(place.camera, t, drift=drift, ground=world.ground)
    apply_pose(camera, pos, yaw, pitch)
    world.update(t, pos)


def _frames_with(app, node, geoms) -> list[np.ndarray]:
    """The frame drawn with each of `geoms` as the node's geometry in turn."""
    from engine.ui.stage import screenshot_rgb
    frames = []
    for geom in geoms:
        node.setGeom(0, geom)
        app.step()
        app.step()
        frames.append(screenshot_rgb().astype(int))
        assert frames[-1].std() > 10 and frames[-1].mean() > 20   # a place was drawn, not a blank frame
    return frames


def test_below_the_domes_floor_the_window_shows_the_skys_colour_not_black(app, build):
    """The dome stops a little below the horizon (the ground covers the rest
    from the seat); with the ground gone and the view tipped down, what
    shows there is the world's backdrop, and the window's own colour comes
    back when the world goes."""
    from ursina import camera, window
    from engine.ui.stage import screenshot_rgb
    from engine.world.sky import DOME_FLOOR_DEG
    before = tuple(window.color)
    world = build(load_place("meadow"))
    expected = np.array(world.backdrop) * 255
    assert expected.max() > 60                                  # a sky colour, not black
    for name in ("terrain", "flora"):
        world.parts[name].hide()
    world.breath_light.root.hide()
    camera.position, camera.rotation = (0, 1.2, 0), (60, 0, 0)  # looking 60 degrees down
    world.update(0.0, (0.0, 1.2, 0.0))
    app.step()
    app.step()
    frame = screenshot_rgb().astype(float)
    assert np.abs(frame[-20:].reshape(-1, 3).mean(0) - expected).max() < 3
    assert DOME_FLOOR_DEG < -3.0
    world.destroy()
    assert tuple(window.color) == before


def test_the_lakes_pool_of_light_ends_at_the_shore_where_no_one_sees_it(app, build):
    """The sun path's pool is trimmed where the land begins (its near end lay
    under the grass and was rasterised for nothing): fewer triangles, and the
    seated view is the same as with the whole disc, small or large."""
    from engine.world.glow import disc_mesh
    from engine.world.mesh import to_geom_node
    place = load_place("lakeside")
    world = build(place)
    _seat(place, world)
    pool = world.breath_light.pool.np.node()
    trimmed, whole = pool.modifyGeom(0), to_geom_node(disc_mesh()).modifyGeom(0)
    assert trimmed.getPrimitive(0).getNumFaces() < whole.getPrimitive(0).getNumFaces()
    for level in (0.0, 1.0):
        world.breath_light.show(level, 1.0, 1.0, 0.0)
        frames = _frames_with(app, pool, (trimmed, whole))
        assert frames[0].mean() > 20
        assert np.abs(frames[0] - frames[1]).max() <= 1
    pool.setGeom(0, trimmed)


def test_a_pool_of_light_on_land_is_whole(build):
    """The beach's lantern stands on the sand, by the sea: its pool is not trimmed."""
    from engine.world.glow import disc_mesh
    world = build(load_place("beach"))
    assert world.breath_light.pool.np.node().getGeom(0).getPrimitive(0).getNumFaces() == len(disc_mesh().tri)


def test_cloud_behind_the_summits_brow_is_drawn_only_when_walking_about(app, build):
    """From the seat the mountain's own slope hides the near cloud sea: that
    part is left out of the seated frame (the frame is the same with it) and
    comes back when the person walks about."""
    from engine.ui.stage import screenshot_rgb
    place = load_place("mountain")
    world = build(place)
    (behind,) = world.unseen_from_seat
    assert behind.node().getGeom(0).getPrimitive(0).getNumFaces() > 100
    frames = []
    for t, shown in ((0.0, False), (0.0, True), (20.0, False), (20.0, True)):
        _seat(place, world, t, drift=True)
        behind.show() if shown else behind.hide()
        app.step()
        app.step()
        frames.append(screenshot_rgb().astype(int))
    assert all(f.std() > 10 and f.mean() > 20 for f in frames)   # the mountain was drawn
    assert np.abs(frames[0] - frames[1]).max() <= 1 and np.abs(frames[2] - frames[3]).max() <= 1
    world.set_explore(True)
    assert not behind.isHidden()
    world.set_explore(False)
    assert behind.isHidden()


def test_water_under_the_land_is_left_out_and_the_lake_looks_the_same(app, build):
    """The lake's grid spans its bounding box; its triangles a metre or more
    under the land are dropped, and the seated frame is the same."""
    from engine.world.water import grid_triangles, water_grid
    place = load_place("lakeside")
    world = build(place)
    node = world.parts["water"].node()
    trimmed = node.modifyGeom(0)
    n = water_grid(place)[0].shape[0]
    assert trimmed.getPrimitive(0).getNumFaces() < 0.75 * 2 * (n - 1) ** 2
    from panda3d.core import Geom, GeomTriangles
    prim = GeomTriangles(Geom.UH_static)
    for t in grid_triangles(n):
        prim.addVertices(int(t[0]), int(t[1]), int(t[2]))
    whole = Geom(trimmed.getVertexData())
    whole.addPrimitive(prim)
    _seat(place, world)
    frames = _frames_with(app, node, (trimmed, whole))
    assert np.abs(frames[0] - frames[1]).max() <= 1
