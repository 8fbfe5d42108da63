"""The stereo rig's maths (engine/core/rig.py): two views, eye separation,
the head's pose applied to the seated camera, the projections. Pure, except
the cross-checks against Panda3D's own matrices (no window)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from engine.core.rig import (Fov, Pose, Rig, eye_separation, forward, haven_projection, head_of, heading_deg,
                             in_world, panda_rows, panel_place, rotation, seat_matrix, size_for_angle, to_haven,
                             yaw_matrix)

IPD = 0.064


def about_y(deg: float) -> tuple[float, float, float, float]:
    """OpenXR quaternion (x, y, z, w): turn about +y (right-handed: positive turns left)."""
    a = math.radians(deg) / 2
    return 0.0, math.sin(a), 0.0, math.cos(a)


def about_x(deg: float) -> tuple[float, float, float, float]:
    a = math.radians(deg) / 2
    return math.sin(a), 0.0, 0.0, math.cos(a)


def stereo(head=(0.0, 1.6, 0.0), q=(0.0, 0.0, 0.0, 1.0), ipd=IPD) -> list[Pose]:
    """Two eyes as a runtime gives them: each ipd/2 along the head's own right."""
    r = rotation(q)
    right = r @ np.array([1.0, 0.0, 0.0])
    h = np.array(head)
    return [Pose(tuple(h - right * ipd / 2), q), Pose(tuple(h + right * ipd / 2), q)]


def pos(m: np.ndarray) -> np.ndarray:
    return m[:3, 3]


def test_openxr_forward_is_havens_forward_and_right_stays_right() -> None:
    m = to_haven(Pose((0.1, 1.6, -0.3)))   # 10 cm right, 30 cm ahead in OpenXR (-z is ahead)
    assert pos(m) == pytest.approx([0.1, 1.6, 0.3])
    assert forward(m) == pytest.approx([0, 0, 1])


def test_turning_the_head_left_looks_left_in_haven() -> None:
    m = to_haven(Pose(orientation=about_y(90)))
    assert forward(m) == pytest.approx([-1, 0, 0], abs=1e-12)
    assert heading_deg(m) == pytest.approx(-90)
    up = to_haven(Pose(orientation=about_x(20)))   # OpenXR: +x turn tips the view up
    assert forward(up)[1] == pytest.approx(math.sin(math.radians(20)))


def test_yaw_matches_ursina_rotation_y_through_panda3d() -> None:
    """Ursina's rotation_y = 30 is Panda3D's heading -30 in y-up-left axes."""
    from panda3d.core import CS_yup_left, LMatrix4, LVecBase3, compose_matrix
    panda = LMatrix4()
    compose_matrix(panda, LVecBase3(1, 1, 1), LVecBase3(0, 0, 0), LVecBase3(-30, 0, 0), LVecBase3(0, 0, 0),
                   CS_yup_left)
    ours = panda_rows(yaw_matrix(30))
    assert ours == pytest.approx([panda.get_cell(i, j) for i in range(4) for j in range(4)], abs=1e-6)


def test_two_views_one_eye_separation_apart_across_the_seat() -> None:
    rig = Rig()
    eyes = rig.eyes(stereo())
    assert len(eyes) == 2
    assert eye_separation(eyes) == pytest.approx(IPD)
    assert pos(eyes[0]) == pytest.approx([-IPD / 2, 0, 0])   # left eye to the left of the seat's centre
    assert pos(eyes[1]) == pytest.approx([IPD / 2, 0, 0])


def test_the_first_head_pose_sits_on_the_seat_wherever_the_runtime_origin_is() -> None:
    """A LOCAL space may put the head at 1.6 m and turned: the view still
    starts exactly at the seat's eye, looking along the seat's heading."""
    rig = Rig()
    eyes = rig.eyes(stereo(head=(0.4, 1.6, 2.0), q=about_y(50)))
    seat = seat_matrix((3.0, 1.2, -7.0), yaw_deg=0.0)
    head = in_world(seat, head_of(eyes))
    assert pos(head) == pytest.approx([3.0, 1.2, -7.0])
    assert forward(head) == pytest.approx([0, 0, 1], abs=1e-12)


def test_head_pose_moves_the_view_around_a_turned_seat() -> None:
    """Seat looking along +x (yaw 90). Then the person leans 20 cm forward
    and 5 cm up, and turns 30 degrees left: the eyes follow, in the seat's frame."""
    rig = Rig()
    rig.eyes(stereo())                                           # sitting still: recentred
    eyes = rig.eyes(stereo(head=(0.0, 1.65, -0.2), q=about_y(30)))
    seat = seat_matrix((2.0, 1.1, -5.0), yaw_deg=90.0)
    world = [in_world(seat, e) for e in eyes]
    head = head_of(world)
    assert pos(head) == pytest.approx([2.2, 1.15, -5.0])          # forward is +x now
    assert heading_deg(head) == pytest.approx(90 - 30)            # turned left of the seat's heading
    assert eye_separation(world) == pytest.approx(IPD)            # the head turns; the eyes stay an IPD apart
    a = math.radians(60)                                          # the head's heading in the world
    right = np.array([math.cos(a), 0, -math.sin(a)])              # Haven's right of that heading
    assert pos(world[1]) - pos(world[0]) == pytest.approx(right * IPD)


def test_recentring_takes_heading_not_pitch() -> None:
    rig = Rig()
    eyes = rig.eyes(stereo(q=about_x(-30)))   # looking 30 degrees down at the start
    f = forward(head_of(eyes))
    assert f[1] == pytest.approx(-0.5)        # still looking down: the world is not tilted to match
    assert f[0] == pytest.approx(0, abs=1e-12)


def test_projection_puts_the_view_edges_at_the_clip_edges() -> None:
    fov = Fov(left=-0.9, right=0.7, up=0.8, down=-0.75)          # asymmetric, as headsets are
    p = haven_projection(fov, near=0.1, far=100.0)

    def ndc(x, y, z):
        c = p @ np.array([x, y, z, 1.0])
        return c[:3] / c[3]

    d = 10.0
    assert ndc(d * math.tan(0.7), 0, d)[0] == pytest.approx(1.0)     # right edge (Haven: +z ahead)
    assert ndc(d * math.tan(-0.9), 0, d)[0] == pytest.approx(-1.0)
    assert ndc(0, d * math.tan(0.8), d)[1] == pytest.approx(1.0)
    assert ndc(0, 0, 0.1)[2] == pytest.approx(-1.0)                   # near plane
    assert ndc(0, 0, 100.0)[2] == pytest.approx(1.0)                  # far plane


def test_projection_matches_panda3d_openxr_in_ursinas_axes() -> None:
    """The same matrix as panda3d-openxr's (in Panda3D's row form), with
    Haven's axes converted by Panda3D itself."""
    from panda3d.core import CS_yup_left, CS_yup_right, LMatrix4
    from p3dopenxr.projection_view import ProjectionView
    fov = Fov(-0.9, 0.7, 0.8, -0.75)
    theirs = LMatrix4.convert_mat(CS_yup_left, CS_yup_right) * ProjectionView._create_projection(
        math.tan(fov.left), math.tan(fov.right), math.tan(fov.up), math.tan(fov.down), 0.1, 100.0)
    ours = panda_rows(haven_projection(fov, 0.1, 100.0))
    assert ours == pytest.approx([theirs.get_cell(i, j) for i in range(4) for j in range(4)], rel=1e-6)


def test_caption_panel_sits_ahead_below_eye_level_at_a_readable_size() -> None:
    x, y, z = panel_place(2.0, 12.0)
    assert math.hypot(y, z) == pytest.approx(2.0)
    assert math.degrees(math.atan2(-y, z)) == pytest.approx(12.0)
    assert x == 0
    assert size_for_angle(1.8, 2.0) == pytest.approx(0.0628, abs=1e-4)   # letters about 6 cm at 2 m
