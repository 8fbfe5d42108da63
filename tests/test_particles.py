"""Particles and atmosphere: one node per entry, 4 vertices a particle,
deterministic frames, fireflies that show at night, no flashing, sunbeams
with dust and a cloud sea below a high mountain seat."""
from __future__ import annotations

import numpy as np
import pytest

from engine.config import Place
from engine.world.atmosphere import cloud_field, cloud_sea_field

PALETTE = {"sky_top": "#5b7fb0", "sky_horizon": "#c9d8e6", "ground": "#6b8f4e", "water": "#4a7a9a",
           "foliage": "#4f7a3a", "accent": "#e8c070", "light": "#fff1d6"}
NIGHT = {"sky_top": "#0a1024", "sky_horizon": "#1d2a48", "ground": "#1c2b1f", "water": "#16283a",
         "foliage": "#1f3324", "accent": "#8090c0", "light": "#c8d2f0"}

ALL_KINDS = [
    {"kind": "fireflies", "count": 60, "area": [-6, 3, 6, 12], "height": [0.3, 2.5]},
    {"kind": "leaves", "count": 40, "area": [-6, 3, 6, 12], "height": [0.3, 5]},
    {"kind": "petals", "count": 30, "area": [-6, 3, 6, 12], "height": [0.3, 4]},
    {"kind": "snow", "count": 50, "area": [-6, 3, 6, 12], "height": [0.3, 5]},
    {"kind": "dust", "count": 70, "area": [-6, 3, 6, 12], "height": [0.3, 5]},
    {"kind": "spray", "count": 20, "area": [-6, 3, 6, 12], "height": [0.0, 1.2]},
    {"kind": "pollen", "count": 25, "area": [-6, 3, 6, 12], "height": [0.3, 2]},
    {"kind": "stars", "count": 100},
]


def make_place(particles=(), time_of_day="day", **extra) -> Place:
    data = {"name": "particle-test", "title": "Particle test", "time_of_day": time_of_day,
            "palette": NIGHT if time_of_day == "night" else PALETTE, "terrain": {"kind": "hills", "size": 80, "height": 1.0, "resolution": 32},
            "particles": list(particles), "camera": {"position": [0, 1.2, 0], "pitch": 5, "drift": False},
            "fog": {"start": 40, "end": 150}}
    data.update(extra)
    return Place.model_validate(data)


def render(app, world, times):
    """render.py's loop: pose, world.update(t), app.step(), screenshot."""
    from ursina import camera
    from engine.world.camera import apply_pose, seated_pose
    from engine.ui.stage import fixed_step, screenshot_rgb
    fixed_step(30)
    camera.fov = world.place.camera.fov
    ground = getattr(world, "ground", 0.0)
    frames = []
    for t in times:
        try:
            pos, yaw, pitch = seated_pose(world.place.camera, t, drift=True, ground=ground)
        except TypeError:  # an older seated_pose without `ground`
            pos, yaw, pitch = seated_pose(world.place.camera, t, drift=True)
        apply_pose(camera, pos, yaw, pitch)
        world.update(t, pos)
        app.step()
        frames.append(screenshot_rgb().copy())
    return frames


def luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb.astype(np.float32) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722], np.float32)


def _vertices(np_) -> tuple[int, int]:
    node = np_.node()
    verts = sum(node.getGeom(i).getVertexData().getNumRows() for i in range(node.getNumGeoms()))
    tris = sum(node.getGeom(i).getPrimitive(0).getNumPrimitives() for i in range(node.getNumGeoms()))
    return verts, tris


def test_one_node_per_entry_with_four_vertices_a_particle(build):
    world = build(make_place(ALL_KINDS))
    nodes = {k: v for k, v in world.parts.items() if k.startswith("particles-")}
    drawn = [(i, p) for i, p in enumerate(ALL_KINDS) if p["kind"] != "stars"]
    assert sorted(nodes) == sorted(f"particles-{i}" for i, _ in drawn)
    for i, p in drawn:
        np_ = nodes[f"particles-{i}"]
        assert np_.getName() == f"particles-{i}-{p['kind']}"
        assert np_.node().getNumGeoms() == 1
        assert _vertices(np_) == (4 * p["count"], 2 * p["count"])
        # Soft transparency: no depth write, in the transparent bin.
        assert not np_.getDepthWrite()
        assert np_.getBinName() == "transparent"
    # The sky draws stars: no particle node for them anywhere under the world.
    assert world.root.find("**/particles-7-stars").isEmpty()


def test_no_particles_no_nodes(build):
    world = build(make_place())
    assert not [k for k in world.parts if k.startswith("particles-") or k in ("sunbeams", "cloud-sea")]


def test_same_time_same_pixels_and_particles_move(app, build):
    place = make_place([ALL_KINDS[1], ALL_KINDS[3], ALL_KINDS[4]])
    world = build(place)
    a, _, b = render(app, world, [2.0, 5.0, 2.0])
    assert np.array_equal(a, b), "a frame depends on more than its time"
    world.destroy()
    again = build(place)
    (c,) = render(app, again, [2.0])
    assert np.array_equal(a, c), "two builds of one place differ"
    # The particles do move: with the camera still (drift off), only they change.
    d, e = render(app, again, [2.0, 3.0])
    assert np.abs(d.astype(int) - e.astype(int)).sum() > 0


def test_fireflies_glow_at_night(app, build):
    flies = dict(ALL_KINDS[0], count=150)
    (dark,) = render(app, build(make_place([], time_of_day="night")), [3.0])
    (lit,) = render(app, build(make_place([flies], time_of_day="night")), [3.0])
    bright = luminance(lit) > luminance(dark) + 0.03
    assert bright.sum() > 40, f"only {bright.sum()} pixels brightened by 150 fireflies"
    # Small and soft: they brighten a little of the view, not the whole of it.
    assert bright.mean() < 0.1


def test_fireflies_pulse_slowly(app, build):
    """A still view of a dense swarm: no part of the view (an 8 x 4 grid of
    blocks, each well under the area WCAG counts for a flash) brightens or
    dims by more than a little from one frame to the next."""
    flies = dict(ALL_KINDS[0], count=150)
    world = build(make_place([flies], time_of_day="night"))
    frames = render(app, world, [3.0 + i / 30 for i in range(30)])
    lum = np.array([luminance(f) for f in frames])
    n, h, w = lum.shape
    blocks = lum[:, : h // 4 * 4, : w // 8 * 8].reshape(n, 4, h // 4, 8, w // 8).mean(axis=(2, 4))
    step = np.abs(np.diff(blocks, axis=0)).max()
    assert step < 0.004, f"a block's mean luminance changed by {step:.4f} in one frame"
    # Over the whole second no block swings by more than a soft glow's worth.
    swing = (blocks.max(axis=0) - blocks.min(axis=0)).max()
    assert swing < 0.03, f"a block's mean luminance swung by {swing:.4f} within a second"


def test_mean_luminance_changes_little_per_frame(app, build):
    place = make_place([ALL_KINDS[0], ALL_KINDS[1], ALL_KINDS[4], ALL_KINDS[5]], time_of_day="dusk")
    world = build(place)
    means = np.array([luminance(f).mean() for f in render(app, world, [i / 30 for i in range(45)])])
    change = np.abs(np.diff(means)) / means[:-1]
    assert change.max() < 0.01, f"mean luminance changed {change.max():.2%} in one frame"


def test_dust_brings_sunbeams_and_they_add_light(app, build):
    from engine.world.atmosphere import sunbeams
    dust = {"kind": "dust", "count": 80, "area": [-4, 6, 6, 16], "height": [0.3, 7]}
    world = build(make_place([dust]))
    beams = sunbeams(world)
    assert 1 <= len(beams) <= 3
    assert "sunbeams" in world.parts
    (with_beam,) = render(app, world, [1.0])
    world.parts["sunbeams"].hide()
    (without,) = render(app, world, [1.0])
    assert luminance(with_beam).mean() > luminance(without).mean()
    # No dust, no beams; and none at night.
    assert "sunbeams" not in build(make_place([ALL_KINDS[6]])).parts
    assert "sunbeams" not in build(make_place([dust], time_of_day="night")).parts


def test_cloud_sea_below_a_high_mountain_seat(build):
    from engine.world.atmosphere import cloud_level
    high = make_place([], terrain={"kind": "mountains", "size": 300, "height": 60, "resolution": 48},
                      camera={"position": [0, 1.4, 0], "pitch": -8})
    world = build(high)
    assert "cloud-sea" in world.parts
    level = cloud_level(world)
    seat = world.heightfield.sample(0.0, 0.0)
    assert level < seat - 9.9
    assert "cloud-sea" not in build(make_place([])).parts


@pytest.mark.parametrize("make", [lambda: cloud_field(seed=3, n=64), lambda: cloud_sea_field(seed=3, n=64)])
def test_cloud_texture_tiles_seamlessly(make):
    field = make().astype(np.float32)
    d = field[..., 0]
    inner = np.abs(np.diff(d, axis=1)).mean()
    seam_x = np.abs(d[:, 0] - d[:, -1]).mean()
    seam_z = np.abs(d[0, :] - d[-1, :]).mean()
    assert seam_x < 2.5 * inner and seam_z < 2.5 * inner
    assert d.std() > 20  # there are clouds and gaps, not a flat grey
