"""The flora is cut into wedges round the seat that Panda3D culls by view
(engine/world/wedges.py): whichever way a person turns, the same plants
show as with the flora in one piece, and from the seat most wedges are
left out."""
from __future__ import annotations

import numpy as np

from engine.config.loader import load_place
from engine.world.wedges import SECTORS, wedge_of


def _whole(parent, name, mesh, seat, upload):
    """The flora in one piece, as it was before the wedges."""
    root = parent.attachNewNode(name)
    root.attachNewNode(upload(mesh, name))
    return root


def _looking_round(app, place, world, t: float) -> list[np.ndarray]:
    """The frame from the seat facing its way, then turned by 90, 180, 270 degrees."""
    from ursina import camera
    from engine.ui.stage import screenshot_rgb
    from engine.world.camera import apply_pose, seated_pose
    camera.fov = place.camera.fov
    pos, yaw, pitch = seated_pose(place.camera, t, drift=False, ground=world.ground)
    frames = []
    for turn in (0, 90, 180, 270):
        apply_pose(camera, pos, yaw + turn, pitch)
        world.update(t, pos)
        app.step()
        app.step()
        frames.append(screenshot_rgb().astype(int))
        assert frames[-1].std() > 10 and frames[-1].mean() > 20   # a place was drawn, not a blank frame
    return frames


def test_the_wedges_show_the_same_plants_every_way_one_turns(app, build, monkeypatch):
    """Tall trees cross from one wedge into the next and sway in the wind:
    no wedge may be left out while any of its plants is in view."""
    from engine.world import flora
    place = load_place("forest-glade")
    cut = build(place)
    wedges = cut.parts["flora"].findAllMatches("**/+GeomNode")
    assert 6 <= wedges.getNumPaths() <= SECTORS + 1
    with_wedges = _looking_round(app, place, cut, t=3.0)
    cut.root.hide()
    monkeypatch.setattr(flora, "wedge_nodes", _whole)
    whole = build(place)
    assert whole.parts["flora"].findAllMatches("**/+GeomNode").getNumPaths() == 1
    in_one_piece = _looking_round(app, place, whole, t=3.0)
    for a, b in zip(with_wedges, in_one_piece):
        assert np.abs(a - b).max() <= 1


def test_from_the_lakeside_seat_wedges_out_of_view_are_left_out(app, build):
    """The view from the seat takes in some of the wedges; their bounds are
    boxes round their own plants, so Panda3D leaves the others out: at the
    lakeside they hold about a third of the flora's triangles."""
    from direct.showbase.ShowBaseGlobal import base
    from ursina import camera
    from engine.world.camera import apply_pose, seated_pose
    place = load_place("lakeside")
    world = build(place)
    camera.fov = place.camera.fov
    pos, yaw, pitch = seated_pose(place.camera, 0.0, drift=False, ground=world.ground)
    apply_pose(camera, pos, yaw, pitch)
    app.step()
    in_view, total = 0, 0
    for wedge in world.parts["flora"].findAllMatches("**/+GeomNode"):
        frustum = base.camLens.makeBounds()
        frustum.xform(base.cam.getMat(wedge))
        faces = wedge.node().getGeom(0).getPrimitive(0).getNumFaces()
        total += faces
        in_view += faces if frustum.contains(wedge.node().getBounds()) else 0
    assert total > 5000 and in_view <= 0.75 * total


def test_each_point_falls_in_the_wedge_of_its_direction():
    seat = (2.0, -3.0)
    near = wedge_of(np.array([[2.5, -3.5], [2.0, 0.0]]), seat)
    assert list(near) == [0, 0]                           # within SEAT_M of the seat: the one piece round it
    far = np.array([[2.0, 20.0], [2.0, -30.0], [30.0, -3.0], [-30.0, -3.0]])
    ids = wedge_of(far, seat)
    assert len(set(ids)) == 4 and 0 not in ids
    assert ids[0] == 1 + SECTORS // 2                     # straight ahead (+z) is half way round from behind
