"""The breathing light's companions: the finder keeps numbers hidden, the
halo and the presence's glow follow the pacer, breath words and the sound's
swell are the person's to turn on or off (keys I, L, R), gliding."""
from __future__ import annotations

import re

import numpy as np
import pytest
import yaml

from engine.config.practice import Practice
from engine.config.settings import Settings
from engine.core.director import BREATH_SWELL_DB, Director
from tests.helpers.pilot import run as pilot_run


def steady(**over) -> Practice:
    return Practice.model_validate({"name": "b", "title": "B", "breath": {"rate": 6, "ramp": 0, "start_rate": 6,
                                                                          "on": True},
                                    "segments": [{"id": "breathe", "pause": 120}], **over})


def played(settings: Settings | None = None, until: float = 60.0) -> Director:
    d = Director(steady(), settings=settings)
    for i in range(int(until * 10) + 1):
        d.advance(i / 10)
    return d


def test_the_finder_keeps_the_numbers_hidden_unless_asked(app) -> None:
    from ursina import destroy
    from engine.ui.finder import FinderPanel
    assert Settings().show_breath_numbers is False
    for show in (False, True):
        panel = FinderPanel(show)
        for k in range(5):
            panel.press(5.0 * k)
            panel.release(5.0 * k + 2.0)
        shown = panel.label.text + panel.dots.text
        assert panel.result == pytest.approx(12.0)
        assert bool(re.search(r"\d", shown)) is show, shown   # no rate, no count, unless asked
        destroy(panel)


def test_the_halo_follows_the_pacer_s_level() -> None:
    d = played()
    ts = np.arange(10.0, 50.0, 0.1)
    halo = np.array([d.state(t).halo for t in ts])
    level = np.array([d.pacer.level(t) for t in ts])
    assert np.allclose(halo, 0.5 + 0.5 * level)
    assert halo.max() == pytest.approx(1.0) and halo.min() == pytest.approx(0.5)
    assert all(x.halo == 0.0 for x in (played(Settings(breath_halo=False)).state(t) for t in ts[::20]))
    assert all(x.halo == 0.0 for x in (played(Settings(pacing=False)).state(t) for t in ts[::20]))


def test_the_halo_on_screen_is_the_director_s_halo(app) -> None:
    from ursina import camera, scene
    from engine.config import load_place
    from engine.ui.practice_view import PracticeView
    from engine.world import build_world
    d = played()
    world = build_world(load_place("meadow"), scene)
    view = PracticeView(world, d, camera, "#f0a860")
    try:
        for t in (10.0, 12.0, 14.5, 17.0, 20.0):
            state = view.show(t, (0.0, 1.2, 0.0))
            assert view.halo.color[3] == pytest.approx(state.halo * view.halo.most, abs=1e-3)
            assert view.halo.isHidden() == (state.halo * view.halo.most <= 0.002)   # drawn only while seen
        assert view.mist.isHidden()                                               # no colour asked: not drawn
    finally:
        view.destroy()
        world.destroy()


def test_the_presence_glow_breathes_with_the_pacer() -> None:
    from engine.core.presence import PresenceModel, Wish
    d = played()
    model = PresenceModel(start_distance=6.0, set_distance=4.0, warmth=0.6)
    ts = np.arange(0.0, 60.0, 0.1)
    glow, level = [], []
    for t in ts:
        s = d.state(t)
        wish = Wish(seen=1.0, near=1.0, welcome=1.0, breath=s.breath_level * s.breath_amount,
                    set_distance=4.0, start_distance=6.0, warmth=0.6)
        glow.append(model.step(t, 0.1, wish).glow)
        level.append(d.pacer.level(t))
    glow, level = np.array(glow[100:]), np.array(level[100:])   # once its warmth has settled
    assert np.corrcoef(glow, level)[0, 1] > 0.999
    assert 0.05 < (glow.max() - glow.min()) / glow.max() < 0.15   # a gentle swell, not a pulse


def test_breath_words_follow_the_stage_when_asked(app) -> None:
    from ursina import camera, scene
    from engine.config import load_place
    from engine.ui.practice_view import PracticeView
    from engine.world import build_world
    world = build_world(load_place("meadow"), scene)
    try:
        for on in (True, False):
            d = played(Settings(breath_captions=on))
            view = PracticeView(world, d, camera, "#f0a860")
            words = []
            for t in (11.0, 14.5, 17.0):      # in, hold, out of a 4-1-5 breath
                view.show(t, (0.0, 1.2, 0.0))
                words.append(view.captions.small.text if view.captions.small.color[3] > 0 else None)
            view.destroy()
            assert words == (["breathing in", "breathing in", "breathing out"] if on else [None, None, None])
    finally:
        world.destroy()


def test_the_sound_swells_with_the_breath_only_when_asked() -> None:
    ts = np.arange(10.0, 50.0, 0.1)
    on = played(Settings(breath_sound=True))
    bed = np.array([on.state(t).bed_db for t in ts])
    level = np.array([on.pacer.level(t) for t in ts])
    assert np.allclose(bed, BREATH_SWELL_DB * (level - 0.5))
    off = played(Settings(breath_sound=False))
    assert {round(off.state(t).bed_db, 9) for t in ts} == {0.0}
    from engine.audio.follow import cue_db
    assert cue_db("wind", on.state(14.5)) - cue_db("wind", on.state(10.0)) == pytest.approx(BREATH_SWELL_DB)


@pytest.mark.parametrize("name, field", [("breath_halo", "halo"), ("breath_sound", "bed_db")])
def test_turning_halo_or_swell_off_and_on_glides(name, field) -> None:
    d = played(Settings(breath_sound=True))
    d.breath_option(20.0, name, False)
    ts = np.arange(18.0, 40.0, 1 / 60)
    values = np.array([getattr(d.state(t), field) for t in ts])
    assert np.abs(np.diff(values)).max() < 0.02 * (1.0 if field == "halo" else BREATH_SWELL_DB)
    assert getattr(d.state(24.0), field) == 0.0
    assert [e["what"] for e in d.log.events if e["kind"] == "breath.option"] == [name]


def test_keys_i_l_r_turn_the_breath_s_companions_on_and_off_and_are_kept(tmp_path) -> None:
    state = pilot_run("--place", "meadow", "--practice", "soothing-breathing", "--frames", "30",
                      "--keys", "5:i,6:l,7:r", data=tmp_path)
    assert {"breath words on", "breath halo off", "breath sound on"} <= set(state["log"])
    saved = yaml.safe_load((tmp_path / "settings.yaml").read_text())
    assert (saved["breath_captions"], saved["breath_halo"], saved["breath_sound"]) == (True, False, True)


@pytest.mark.parametrize("inner, most, levels", [(0.5, 0.06, 1), (0.12, 0.4, 3)])
def test_the_edge_glow_is_its_gradient_within_a_few_levels(app, inner, most, levels) -> None:
    """The ring of vertices draws the gradient the old full-screen texture
    did (clear in the middle, strongest in the corners) to within 1 level
    of 255 for the faint breathing halo and 3 for the colour's mist."""
    import numpy as np
    from ursina import color, destroy, window
    from engine.ui.halo import SQUASH, Halo, edge_alpha
    from engine.ui.stage import screenshot_rgb
    old = window.color
    window.color = color.rgb(0.3, 0.4, 0.5)
    halo = Halo((1.0, 0.9, 0.7), inner=inner, most=most)
    try:
        halo.present(1.0)
        for _ in range(2):
            app.step()
        frame = screenshot_rgb().astype(float)
        h, w = frame.shape[:2]
        y, x = np.mgrid[0:h, 0:w]
        u, v = ((x + 0.5) / w * 2 - 1) / 1.02, (1 - (y + 0.5) / h * 2) / 1.02   # it spans 1.02 of the view
        a = most * edge_alpha(np.sqrt(u * u * SQUASH + v * v) / np.sqrt(1 + SQUASH), inner)[..., None]
        expected = np.array([0.3, 0.4, 0.5]) * 255 * (1 - a) + np.array([1.0, 0.9, 0.7]) * 255 * a
        assert np.abs(frame - expected).max() <= levels + 1   # + 1: the frame's own rounding
        assert np.abs(frame[h // 2, w // 2] - [0.3 * 255, 0.4 * 255, 0.5 * 255]).max() <= 1   # clear in the middle
        assert frame[0, 0].sum() > frame[h // 2, w // 2].sum() + 255 * most                    # strongest in a corner
    finally:
        destroy(halo)
        window.color = old
