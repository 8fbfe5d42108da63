"""The presence's forms (light, dog, deer, cat, bird, tree, figure): each
builds a model of a sensible size and cost, fades in rather than popping,
shows in a rendered frame where it stands, looks toward the person, and
moves only slowly."""
from __future__ import annotations

import math

import numpy as np
import pytest
from panda3d.core import Point2, Point3, Vec3

from engine.config import Place
from engine.world.presence_forms import LightForm, build_form
from engine.world.presence import ShapeForm

FORMS = [("light", None), ("animal", "dog"), ("animal", "deer"), ("animal", "cat"), ("animal", "bird"),
         ("tree", None), ("figure", None)]
IDS = [a or k for k, a in FORMS]
COLOUR = (0.95, 0.79, 0.55)
DIST = 4.0
# (lowest, highest) height of the model at size 1, metres
HEIGHTS = {"dog": (0.6, 1.2), "deer": (1.0, 1.8), "cat": (0.35, 0.9), "bird": (0.6, 1.3),
           "tree": (1.8, 3.2), "figure": (1.5, 2.0)}


def _place() -> Place:
    """Flat, bare ground in soft day light: nothing hides the presence."""
    return Place.model_validate({
        "name": "presence-test", "title": "Presence test", "time_of_day": "day",
        "palette": {"sky_top": "#5b7fb0", "sky_horizon": "#c9d8e6", "ground": "#6b8f4e", "water": "#4a7a9a",
                    "foliage": "#4f7a3a", "accent": "#e8c070", "light": "#fff1d6"},
        "terrain": {"kind": "flat", "size": 60, "height": 0.1, "resolution": 16},
        "camera": {"position": [0, 1.2, 0], "drift": False, "pitch": -8}})


@pytest.fixture(scope="module")
def world(app):
    from ursina import scene
    from engine.world import build_world
    from engine.ui.stage import fixed_step
    fixed_step(30)
    w = build_world(_place(), scene)
    yield w
    w.destroy()


def _make(world, kind, animal, dist: float = DIST):
    form = build_form(kind, world.root, COLOUR, 1.0, animal, world.rig.sun_dir)
    form.root.setPos(0, float(world.heightfield.sample(0, dist)), dist)
    form.root.setH(-180)          # its +z toward the seat, as presence_view turns it
    return form


def _frame(app, world, form=None, t: float = 10.0, visible: float = 1.0, welcome: float = 1.0):
    from ursina import camera
    from engine.world.camera import apply_pose, seated_pose
    from engine.ui.stage import screenshot_rgb
    camera.fov = world.place.camera.fov
    pos, yaw, pitch = seated_pose(world.place.camera, t, drift=False, ground=world.ground)
    apply_pose(camera, pos, yaw, pitch)
    world.update(t, pos)
    if form is not None:
        form.animate(t, 0.9, welcome, 0.5, visible)
    app.step()
    return screenshot_rgb().astype(np.float32)


def _model(form):
    return form.body_np if isinstance(form, ShapeForm) else form.root


def _screen_box(app_base, form, shape) -> tuple[slice, slice]:
    """Pixel rows and columns where the form stands (its bounds projected)."""
    cam = app_base.cam
    lens = app_base.camLens
    if isinstance(form, ShapeForm):
        lo, hi = form.body_np.getTightBounds(cam)
    else:   # the light: its core and inner glow
        c = cam.getRelativePoint(form.root, Point3(0, form.height, 0))
        lo, hi = c - Vec3(0.3, 0.3, 0.3), c + Vec3(0.3, 0.3, 0.3)
    xs, ys = [], []
    for x in (lo.x, hi.x):
        for y in (lo.y, hi.y):
            for z in (lo.z, hi.z):
                p2 = Point2()
                lens.project(Point3(x, y, z), p2)
                xs.append(p2.x)
                ys.append(p2.y)
    h, w = shape[:2]
    c0, c1 = [int(np.clip((v + 1) / 2 * w, 0, w)) for v in (min(xs), max(xs))]
    r0, r1 = [int(np.clip((1 - v) / 2 * h, 0, h)) for v in (max(ys), min(ys))]
    return slice(r0, max(r1, r0 + 1)), slice(c0, max(c1, c0 + 1))


@pytest.mark.parametrize("kind,animal", FORMS, ids=IDS)
def test_form_has_a_model_of_sensible_size(world, kind, animal):
    form = _make(world, kind, animal)
    try:
        form.animate(1.0, 0.8, 0.0, 0.5, 1.0)
        model = _model(form)
        assert model.findAllMatches("**/+GeomNode").getNumPaths() > 0
        if isinstance(form, LightForm):
            assert 0.8 <= form.height <= 2.0
            return
        lo, hi = model.getTightBounds(form.root)
        height = hi.y - lo.y
        low, high = HEIGHTS[animal or kind]
        assert low <= height <= high, f"{animal or kind}: {height:.2f} m tall"
        assert 0.3 <= height <= 3.2
        assert -0.2 <= lo.y <= 0.06, f"{animal or kind} floats or sinks: lowest point {lo.y:.2f} m"
        assert max(hi.x - lo.x, hi.z - lo.z) < 2.0
        tris = form.triangles()
        assert 400 <= tris <= 8000, f"{animal or kind}: {tris} triangles"
    finally:
        form.destroy()


@pytest.mark.parametrize("kind,animal", FORMS, ids=IDS)
def test_form_shows_where_it_stands_and_hides_at_zero(app, world, kind, animal):
    from ursina import application
    empty = _frame(app, world)
    form = _make(world, kind, animal)
    try:
        hidden = _frame(app, world, form, visible=0.0)
        half = _frame(app, world, form, t=10.0 + 1 / 30, visible=0.5)
        shown = _frame(app, world, form, t=10.0 + 2 / 30, visible=1.0)
        rows, cols = _screen_box(application.base, form, shown.shape)
        assert (rows.stop - rows.start) * (cols.stop - cols.start) >= 20, "the form is off screen"
        region = (rows, cols)
        d_hidden = np.abs(hidden[region] - empty[region]).mean()
        d_half = np.abs(half[region] - empty[region]).mean()
        d_shown = np.abs(shown[region] - empty[region]).mean()
        assert d_hidden < 1.0, f"visible=0 still shows ({d_hidden:.2f})"
        assert d_shown > 8.0, f"the form barely shows where it stands ({d_shown:.2f})"
        assert d_hidden < d_half < d_shown, "fading in is not gradual"
        assert shown[region].mean() > 40, "the form's region is dark"
    finally:
        form.destroy()


@pytest.mark.parametrize("kind,animal", [f for f in FORMS if f[0] != "light"], ids=IDS[1:])
def test_fading_never_pops(world, kind, animal):
    """alpha follows visible smoothly; fading forms are drawn depth-first."""
    form = _make(world, kind, animal)
    try:
        alphas = []
        for i in range(31):
            form.animate(5 + i / 30, 0.8, 0.0, 0.5, i / 30)
            alphas.append(0.0 if form.shown.isHidden() else form.alpha)
            if i == 0:
                assert form.shown.isHidden()
            elif i < 30:
                assert not form.depth_pass.isHidden(), "a half-visible form needs its depth pass"
        steps = np.diff(alphas)
        assert steps.min() >= -1e-6 and steps.max() < 0.05
        assert alphas[-1] >= 0.9 * form.translucent
    finally:
        form.destroy()


@pytest.mark.parametrize("animal", ["dog", "deer", "cat", "bird"])
def test_animal_looks_toward_the_person(world, animal):
    form = _make(world, "animal", animal)
    try:
        for i in range(300):       # 10 s standing still
            form.animate(i / 30, 0.8, 1.0, 0.5, 1.0)
        gaze = form.root.getRelativeVector(form.head.np, Vec3(0, 0, 1))
        gaze.normalize()
        assert gaze.z > 0.85, f"{animal} looks away: {gaze}"
        if animal != "bird":
            body = form.root.getRelativeVector(form.body_np, Vec3(0, 0, 1))
            assert abs(body.x) > 0.3, "standing, the body turns a little aside"
    finally:
        form.destroy()


@pytest.mark.parametrize("kind,animal", [f for f in FORMS if f[0] != "light"], ids=IDS[1:])
def test_motion_is_slow_and_small(world, kind, animal):
    """Standing through the welcome, no part moves more than a little per frame."""
    form = _make(world, kind, animal)
    try:
        def snapshot():
            return np.array([np.array(n.getMat(form.root)) for n in form.body_np.findAllMatches("**/+GeomNode")])
        last = None
        worst = 0.0
        for i in range(240):        # 8 s at 30 fps, the welcome arriving at 2 s
            t = 20 + i / 30
            welcome = min(1.0, max(0.0, (t - 22) / 5))
            form.animate(t, 0.8, welcome, 0.5 + 0.5 * math.sin(t / 1.6), 1.0)
            now = snapshot()
            if last is not None:
                worst = max(worst, float(np.abs(now - last).max()))
            last = now
        # 0.02 a frame: no part turns faster than about 35 degrees a second
        assert worst < 0.02, f"{animal or kind}: a part jumps {worst:.4f} per frame"
    finally:
        form.destroy()


@pytest.mark.parametrize("animal", ["dog", "deer", "cat"])
def test_legs_walk_only_while_it_moves(world, animal):
    form = _make(world, "animal", animal, dist=12)
    try:
        swing = []
        for i in range(150):     # 5 s walking toward the seat at 0.8 m/s
            form.root.setZ(12 - 0.8 * i / 30)
            form.animate(i / 30, 0.8, 0.0, 0.5, 1.0)
            swing.append(max(abs(leg.np.getP()) for leg, _ in form.legs))
        assert max(swing[60:]) > 8.0, "walking, its legs do not move"
        assert abs(form.body_np.getH()) < 5, "walking to the person, it faces them"
        for i in range(150, 300):   # then it stands
            form.animate(i / 30, 0.8, 0.0, 0.5, 1.0)
        assert max(abs(leg.np.getP()) for leg, _ in form.legs) < 1.0
    finally:
        form.destroy()


def test_bird_flies_when_it_moves_and_lands_on_its_stump(world):
    form = _make(world, "animal", "bird", dist=12)
    try:
        form.animate(0.0, 0.8, 0.0, 0.5, 1.0)
        perched_y = form.bird.np.getY()
        for i in range(1, 150):
            form.root.setZ(12 - 0.8 * i / 30)
            form.animate(i / 30, 0.8, 0.0, 0.5, 1.0)
        assert form.bird.np.getY() > perched_y + 0.3, "moving, the bird flies"
        assert form.stump.np.isHidden() or form.stump_alpha < 0.2
        for i in range(150, 450):
            form.animate(i / 30, 0.8, 0.0, 0.5, 1.0)
        assert abs(form.bird.np.getY() - perched_y) < 0.01
        assert not form.stump.np.isHidden()
    finally:
        form.destroy()


def test_tree_travels_as_light_and_grows_where_it_stops(world):
    form = _make(world, "tree", None, dist=12)
    try:
        form.animate(0.0, 0.8, 0.0, 0.5, 1.0)
        for i in range(1, 150):
            form.root.setZ(12 - 0.8 * i / 30)
            form.animate(i / 30, 0.8, 0.0, 0.5, 1.0)
        assert form.shown.isHidden(), "a tree never walks"
        assert not form.travel.np.isHidden()
        for i in range(150, 450):
            form.animate(i / 30, 0.8, 0.0, 0.5, 1.0)
        assert not form.shown.isHidden() and form.depth_pass.isHidden()
    finally:
        form.destroy()


def test_figure_opens_its_arms_on_welcome(world):
    form = _make(world, "figure", None)
    try:
        def hands_apart():
            xs = [form.root.getRelativePoint(fore.np, Point3(0, -0.25, 0)).x for _, fore, _ in form.arms]
            return abs(xs[0] - xs[1])
        for i in range(60):
            form.animate(i / 30, 0.8, 0.0, 0.5, 1.0)
        before = hands_apart()
        for i in range(60, 400):
            form.animate(i / 30, 0.8, 1.0, 0.5, 1.0)
        after = hands_apart()
        assert after > before + 0.08, f"hands {before:.2f} m apart, then {after:.2f} m"
        assert after < before + 0.6, "the gesture is small"
    finally:
        form.destroy()


def test_colour_can_change(world):
    form = _make(world, "animal", "dog")
    try:
        tris = form.triangles()
        form.set_colour((0.7, 0.8, 0.95))
        form.animate(1.0, 0.8, 0.0, 0.5, 1.0)
        assert form.triangles() == tris
    finally:
        form.destroy()
