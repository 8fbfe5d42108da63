"""The presence in the scene, frame by frame (offscreen, each frame drawn):
it faces the camera (measured from the drawn node's own heading), its glow
breathes with the pacer, every titration glides (warmth, size, colour,
sent back, out of view) and is logged, the person's gaze and qualities show
in the world, and a 'sky' presence makes the place itself answer."""
from __future__ import annotations

import math

import numpy as np
import pytest
from panda3d.core import Point2, Point3, Vec3

from engine.config import Place
from engine.config.practice import Practice
from engine.config.settings import Settings
from engine.core.director import Director
from engine.core.presence import ASIDE_BEARING, BESIDE_BEARING, TURN_RATE, wrap

FPS = 30


def make_place(**presence) -> Place:
    """Flat, bare ground in soft day light, the camera drifting a little."""
    return Place.model_validate({
        "name": "presence-view", "title": "Presence view", "time_of_day": "day",
        "palette": {"sky_top": "#5b7fb0", "sky_horizon": "#c9d8e6", "ground": "#6b8f4e", "water": "#4a7a9a",
                    "foliage": "#4f7a3a", "accent": "#e8c070", "light": "#fff1d6"},
        "terrain": {"kind": "flat", "size": 80, "height": 0.1, "resolution": 16},
        "presence": {"form": "light", "colour": "#ffd49a", "distance": 4, "start_distance": 14, "warmth": 0.5,
                     **presence},
        "camera": {"position": [0, 1.2, 0], "drift": True, "pitch": -4}})


def practice(breath: bool = False, welcome_at: float = 22.0, length: float = 60.0) -> Practice:
    return Practice.model_validate({
        "name": "presence-view", "title": "Presence view",
        "breath": {"rate": 6, "start_rate": 6, "ramp": 0, "on": breath},
        "segments": [
            {"id": "company", "pause": 1, "cues": [{"at": 0.2, "do": "presence.appear"}]},
            {"id": "welcome", "pause": length - 1, "cues": [{"at": 0.5, "do": "presence.approach"},
                                                           {"at": welcome_at, "do": "presence.welcome"}]}]})


class Run:
    """A director and the presence view driven on fixed frames, each drawn."""

    def __init__(self, app, world, prac: Practice, settings: Settings | None = None, draw: bool = True):
        from engine.world.presence_view import PresenceView
        self.app, self.world, self.draw = app, world, draw
        self.director = Director(prac, world.place, settings or Settings(presence_comes="always"))   # yes said beforehand
        self.view = PresenceView(world, self.director, self.director.settings)
        self.i = 0

    @property
    def t(self) -> float:
        return self.i / FPS

    def frame(self):
        from ursina import camera
        from engine.world.camera import apply_pose, seated_pose
        t = self.t
        self.director.advance(t)
        state = self.director.state(t)
        pos, yaw, pitch = seated_pose(self.world.place.camera, t, drift=True, ground=self.world.ground)
        apply_pose(camera, pos, yaw, pitch)
        camera.fov = self.world.place.camera.fov
        self.world.key_gain, self.world.ambient_gain, self.world.tint = state.key_gain, state.ambient_gain, state.tint
        self.world.update(t, pos)
        self.view.update(t, state, pos)
        if self.draw:
            self.app.step()
        self.i += 1
        return state

    def until(self, seconds: float, each=None) -> list:
        out = []
        while self.t < seconds - 1e-9:
            state = self.frame()
            if each is not None:
                out.append(each(self, state))
        return out

    def change(self, **update) -> None:
        name = self.world.place.name
        self.director.settings = self.director.settings.with_presence(name, **update)
        self.view.titrate(self.t, self.director.settings, ",".join(update))

    # -- measured from the drawn nodes --------------------------------
    def heading_error(self, node=None) -> float:
        """Degrees between where the node's front (+z) points and the camera, on the ground."""
        from ursina import camera
        root = self.world.root
        node = node or self.view.form.root
        fwd = root.getRelativeVector(node, Vec3(0, 0, 1))
        to = camera.getPos(root) - node.getPos(root)
        return math.degrees(math.atan2(fwd.x * to.z - fwd.z * to.x, fwd.x * to.x + fwd.z * to.z))

    def in_frame(self, height: float = 1.2) -> bool:
        """Whether the presence (a point at this height on it) is inside the camera's view."""
        from ursina import application
        base = application.base
        p = base.cam.getRelativePoint(self.view.form.root, Point3(0, height, 0))
        return bool(base.camLens.project(p, Point2()))


def steps(values) -> float:
    a = np.asarray(values, float)
    return float(np.abs(np.diff(a, axis=0)).max())


@pytest.mark.parametrize("form", ["light", "figure"])
def test_it_faces_the_camera_in_every_frame_after_it_notices(app, build, form):
    """Measured from the drawn node's heading (not the model's yaw), with
    the camera drifting: from a turn's length after it appears it faces the
    camera within a degree, walking toward it or standing."""
    run = Run(app, build(make_place(form=form)), practice())
    appear = 0.2 + 1.0   # the cue, and its fade reaching 'noticed'
    rows = run.until(40, lambda r, s: (r.t, r.heading_error(), r.view.model.state.visible,
                                        r.heading_error(r.view.form.body_np) if form == "figure" else 0.0))
    t, err, vis, body = (np.array(c) for c in zip(*rows))
    turned = t > appear + 180 / TURN_RATE + 0.5
    assert np.abs(err[turned]).max() < 1.0, f"{np.abs(err[turned]).max():.2f} deg off facing the camera"
    err, body, t = err[vis > 0.001], body[vis > 0.001], t[vis > 0.001]   # while it shows
    turned = t > appear + 180 / TURN_RATE + 0.5
    assert np.abs(err[t < 2]).min() > 120                       # it starts turned away, and turns ...
    assert steps(err) <= TURN_RATE / FPS + 0.5                  # ... slowly
    if form == "figure":
        assert np.abs(body[turned]).max() < 1.0                # the body too, walking to them and standing


def test_glow_breathes_with_the_pacer(app, build):
    run = Run(app, build(make_place(form="light")), practice(breath=True), draw=False)
    rows = run.until(50, lambda r, s: (r.t, r.director.pacer.level(r.t), s.breath_amount, r.view.form.level,
                                       r.view.model.state.glow))
    t, level, amount, core, glow = (np.array(c) for c in zip(*rows))
    window = (t > 29) & (amount > 0.99)              # arrived, welcomed, pacer fully on
    assert window.sum() > 300
    assert np.corrcoef(level[window], core[window])[0, 1] > 0.85
    assert np.corrcoef(level[window], glow[window])[0, 1] > 0.99
    swing = core[window].max() - core[window].min()
    assert 0.03 < swing < 0.25                        # visible, and gentle
    assert steps(core) < 0.02                         # no frame jumps


def test_the_figure_s_glow_breathes_with_the_pacer(app, build):
    run = Run(app, build(make_place(form="figure")), practice(breath=True), draw=False)
    rows = run.until(50, lambda r, s: (r.t, r.director.pacer.level(r.t), r.view.form.emit_level))
    t, level, emit = (np.array(c) for c in zip(*rows))
    window = t > 30
    assert np.corrcoef(level[window], emit[window])[0, 1] > 0.8


def test_every_titration_glides_and_is_logged(app, build):
    """Warmth, size, colour, sent back and back, out of view and back: in
    every frame the glow, size, colour and visibility change by no
    more than a small step, it never comes nearer than the set distance,
    and each change is logged with its values."""
    world = build(make_place(form="light"))
    run = Run(app, world, practice(welcome_at=10), draw=False)   # the values it sets, every frame; drawing them is tested below
    cam = world.place.camera.position

    def rec(r, s):
        st = r.view.model.state
        return dict(t=r.t, core=r.view.form.level, size=float(r.view.form.root.getScale()[0]),
                    colour=tuple(float(c) for c in r.view.form.rgb), vis=st.visible, dist=r.view.distance_to(cam),
                    set=r.view.set_distance, aside=st.aside, framed=r.in_frame() if st.visible > 0.001 else None)
    rows = run.until(30, rec)
    presets = run.view.colour_presets()
    plan = [(30, dict(warmth=0.95)), (38, dict(warmth=0.1)), (46, dict(size=1.6)), (54, dict(colour=presets[3])),
            (62, dict(away=True)), (80, dict(away=False)), (100, dict(in_view=False)), (112, dict(in_view=True)),
            (124, dict(distance=6.0))]
    for when, update in plan:
        rows += run.until(when, rec)
        run.change(**update)
    rows += run.until(140, rec)
    get = lambda k: np.array([r[k] for r in rows], float)   # noqa: E731
    t = get("t")
    assert steps(get("core")) < 0.02, "the glow jumps"
    assert steps(get("size")) < 0.015, "the size jumps"
    assert steps(get("colour")) < 0.01, "the colour jumps"
    assert steps(get("vis")) < 0.03, "it pops in or out"
    shown = get("vis") > 0.001
    assert get("dist")[shown].min() >= 4.0 - 1e-3                     # never nearer than set, any frame
    later = get("dist")[t > 124]
    assert np.all(np.diff(later) >= -1e-9) and later[-1] == pytest.approx(6.0, abs=0.01)   # more room: it goes
    # each change arrived, in a few seconds
    at = lambda s: rows[int(round(s * FPS)) - 1]   # noqa: E731
    assert at(37.9)["core"] > at(29.9)["core"] + 0.05 and at(45.9)["core"] < at(37.9)["core"] - 0.1
    assert at(53.9)["size"] == pytest.approx(1.6, abs=0.01)
    assert at(61.9)["colour"] == pytest.approx(tuple(int(presets[3][i:i + 2], 16) / 255 for i in (1, 3, 5)), abs=0.01)
    away = [r for r in rows if 62 <= r["t"] < 80]
    assert all(b["dist"] >= a["dist"] - 1e-9 for a, b in zip(away, away[1:])), "sent back, it came nearer"
    assert away[int(0.5 * FPS)]["dist"] > away[0]["dist"] + 0.05, "sent back, it does not set off at once"
    assert at(79.9)["vis"] == pytest.approx(0.35, abs=0.01) and at(79.9)["dist"] > 13.9
    # out of view: it leaves the frame unseen and rests outside it, felt rather than seen
    hidden = [r for r in rows if 105 <= r["t"] < 112]     # (out of the frame in ~3 s, then fading in there)
    assert all(r["aside"] and r["framed"] is False and r["vis"] > 0.5 for r in hidden)
    assert run.view.model.state.bearing != ASIDE_BEARING
    back = [r for r in rows if r["t"] > 118]
    assert all(r["framed"] for r in back)
    switches = [r for a, r in zip(rows, rows[1:]) if a["aside"] != r["aside"]]
    assert len(switches) == 2 and all(r["vis"] < 0.01 for r in switches)
    # logged with the values
    logged = [e for e in run.director.log.events if e["kind"] == "presence.titrate"]
    assert [e["what"] for e in logged] == [",".join(u) for _, u in plan]
    assert logged[0]["warmth"] == 0.95 and logged[2]["size"] == 1.6 and logged[3]["colour"] == presets[3]
    assert logged[4]["away"] is True and logged[6]["in_view"] is False and logged[8]["set_distance"] == 6.0


def test_gaze_beside_settles_alongside_looking_the_way_the_person_looks(app, build):
    from ursina import camera
    world = build(make_place(form="figure", gaze="beside"))
    run = Run(app, world, practice(), draw=False)   # where it settles: its nodes, not pixels
    run.until(50)
    st = run.view.model.state
    assert st.bearing == pytest.approx(BESIDE_BEARING) and run.in_frame()
    root = world.root
    fwd = root.getRelativeVector(run.view.form.root, Vec3(0, 0, 1))
    look = root.getRelativeVector(camera, Vec3(0, 0, 1))
    angle = math.degrees(math.atan2(fwd.x * look.z - fwd.z * look.x, fwd.x * look.x + fwd.z * look.z))
    assert abs(angle) < 2.0, f"it looks {angle:.1f} deg away from the person's way"
    assert abs(wrap(run.heading_error())) > 120


def test_gaze_steady_holds_still(app, build):
    world = build(make_place(form="figure", gaze="steady"))
    run = Run(app, world, practice(), draw=False)
    heads = run.until(40, lambda r, s: tuple(r.view.form.head.np.getHpr()))
    assert run.view.form.steady
    tail = np.array(heads[-200:])           # standing: its head does not sway
    assert np.abs(tail - tail[-1]).max() < 0.05
    world2 = build(make_place(form="figure"))
    run2 = Run(app, world2, practice(), draw=False)
    heads2 = np.array(run2.until(40, lambda r, s: tuple(r.view.form.head.np.getHpr()))[-200:])
    assert np.abs(heads2 - heads2[-1]).max() > 0.5     # gentle: a slow sway


def test_qualities_show_in_the_form(app, build):
    plain = Run(app, build(make_place(form="light")), practice(), draw=False)
    strong = Run(app, build(make_place(form="light", qualities=["strength", "warmth"])), practice(), draw=False)
    plain.until(5)
    strong.until(5)
    assert strong.view.form.root.getScale()[0] == pytest.approx(1.1 * plain.view.form.root.getScale()[0], rel=1e-3)
    a, b = np.array(plain.view.form.rgb), np.array(strong.view.form.rgb)
    assert b[0] - b[2] > a[0] - a[2] + 0.02           # warmer
    assert strong.view.form.steady and not plain.view.form.steady


def test_gaze_warm_glows_more_on_the_welcome_in_the_scene(app, build):
    gentle = Run(app, build(make_place(form="light")), practice(), draw=False)
    warm = Run(app, build(make_place(form="light", gaze="warm")), practice(), draw=False)
    gentle.until(40)
    warm.until(40)
    assert warm.view.form.level > gentle.view.form.level + 0.02


def test_a_sky_presence_makes_the_place_itself_answer(app, build):
    """No figure: the light warms and brightens softly on appear, approach
    and welcome, breathes with the pacer, the sky warms toward the
    presence's colour and the place's sound comes a little forward."""
    world = build(make_place(form="sky", colour="#ffc080"))
    run = Run(app, world, practice(breath=True), draw=False)

    def rec(r, s):
        h = r.view.form.horizon_now if r.view.form.horizon_now is not None else np.zeros(3)
        return (r.t, s.key_gain, s.tint[0], s.bed_db, r.view.form.response, h[0] - h[2],
                r.director.pacer.level(r.t), s.breath_amount)
    t, key, tint, bed, resp, warm, level, amount = (np.array(c) for c in zip(*run.until(50, rec)))
    before, welcomed = t < 0.2, t > 30
    assert run.view.form.root.findAllMatches("**/+GeomNode").getNumPaths() == 0   # no figure
    assert resp[before].max() == 0 and resp[welcomed].min() > 0.25
    assert tint[welcomed].min() > tint[before].max() + 0.01
    assert warm[welcomed].min() > warm[before].max() + 0.03
    assert bed[welcomed].min() > bed[before].max() + 1.0          # a little forward on the welcome
    assert bed[welcomed].max() < bed[before].max() + 2.0          # ... only a little
    # the same with no presence: the breath alone swings the light, less
    ref = Run(app, build(make_place(form="none")), practice(breath=True), draw=False)
    key0 = np.array(ref.until(50, lambda r, s: s.key_gain))
    assert np.corrcoef(level[welcomed], key[welcomed])[0, 1] > 0.95
    assert np.ptp(key[welcomed]) > np.ptp(key0[welcomed]) + 0.002
    assert key[welcomed].mean() > key0[welcomed].mean() + 0.02
    assert steps(key) < 0.01 and steps(resp) < 0.02 and steps(tint) < 0.01


def _straight_to(app, world, seconds: float):
    run = Run(app, world, practice(), draw=False)
    run.until(seconds)
    return run


def test_a_view_opened_mid_practice_shows_the_presence_where_playing_straight_puts_it(app, build):
    """render --start: the first frame is well into the practice. The
    presence is where it would be had the practice played from the start
    (walked in, welcoming), not 14 m away fading in."""
    from engine.world.presence_view import PresenceView
    world = build(make_place())
    straight = _straight_to(app, world, 30.0).view.model.state
    director = Director(practice(), world.place, Settings(presence_comes="always"))
    director.seek(30.0)
    late = PresenceView(world, director, director.settings)
    director.advance(30.0)
    late.update(30.0, director.state(30.0), (0.0, 1.2, 0.0))
    s = late.model.state
    assert straight.distance == pytest.approx(4.0, abs=0.05)      # arrived at the set distance
    assert s.distance == pytest.approx(straight.distance, abs=0.05)
    assert s.visible == pytest.approx(straight.visible, abs=0.02) and s.visible > 0.9
    assert s.welcome == pytest.approx(straight.welcome, abs=0.02) and s.welcome > 0.5
    assert s.yaw_to_person == pytest.approx(straight.yaw_to_person, abs=1.0)
    late.form.root.removeNode()


def test_a_seek_back_puts_the_presence_back_where_it_was(app, build):
    world = build(make_place())
    run = Run(app, world, practice(), draw=False)
    run.until(3.0)
    early = run.view.model.state.distance
    run.until(30.0)
    assert run.view.model.state.distance < early - 5    # it walked in ...
    run.director.seek(3.0)
    run.i = 3 * FPS
    run.frame()                                          # ... and a seek back finds it far again
    assert run.view.model.state.distance == pytest.approx(early, abs=0.1)
