"""Interior structures: the room itself, window, fireplace, lamp, sofa,
armchair, rug, cushion, bookshelf and table.

Each builder makes its pieces in local space (front towards -z, base at
y=0, centred on x/z), then places them with the structure's rotation and
position and hands them to the Kit's layers (structure_parts.py; structures.py
runs the builders).
"""
from __future__ import annotations

import math

import numpy as np

from engine.config.place import Structure
from engine.world.colour import mix, rgba
from engine.world.mesh import Mesh, merge
from engine.world.shapes import box, cylinder, icosphere
from engine.world.structure_parts import (
    Kit, Lamp, colour_of, face_yaw, grid_quad, moved, quad_uv, rotate, shade, size_of, soft_box, tint,
)

ROOM_DEFAULT = (6.5, 2.7, 6.0)
SOOT = np.array([0.16, 0.13, 0.12, 1.0], np.float32)
BRASS = rgba("#b8934f")
CREAM = rgba("#eee3cc")
FLAME = np.array([1.0, 0.52, 0.16, 0.95], np.float32)


def _world(kit: Kit, s: Structure, local: tuple[float, float, float]) -> tuple[float, float, float]:
    """World position of a local point of structure s."""
    a = math.radians(s.rotation)
    c, sn = math.cos(a), math.sin(a)
    x, y, z = local
    return (c * x + sn * z + s.position[0], y + s.position[1], -sn * x + c * z + s.position[2])


def _put(kit: Kit, s: Structure, meshes: list[Mesh], layer: str = "solid") -> None:
    kit.add(layer, merge(meshes).transformed(1.0, s.rotation, s.position))


def _put_uv(kit: Kit, s: Structure, layer: str, mesh: Mesh, uv: np.ndarray) -> None:
    kit.add(layer, mesh.transformed(1.0, s.rotation, s.position), uv)


def seg_box(sx: float, sy: float, sz: float, rgba_, at=(0.0, 0.0, 0.0), axis: int = 0, n: int = 1) -> Mesh:
    """A box from base `at` (centre x/z, bottom y), split into n pieces along an
    axis so baked point light varies along it."""
    parts = []
    size = [sx, sy, sz]
    step = size[axis] / n
    for k in range(n):
        sz3 = list(size)
        sz3[axis] = step
        off = list(at)
        if axis == 1:
            off[1] = at[1] + step * k
        else:
            off[axis] = at[axis] - size[axis] / 2 + step * (k + 0.5)
        parts.append(moved(box(*sz3, rgba=rgba_), off))
    return merge(parts)


def _flat(w: float, d: float, y: float, rgba_, nu: int = 1, nv: int = 1, at=(0.0, 0.0)) -> Mesh:
    """A horizontal rectangle facing up, centred at (at), split into cells."""
    q = rotate(grid_quad(w, d, nu, nv, rgba_), rx=90)
    return moved(q, (at[0], y, at[1] - d / 2))


def _room_height(kit: Kit) -> float:
    for s in kit.place.structures:
        if s.kind == "room":
            return size_of(s, ROOM_DEFAULT)[1] + s.position[1]
    return ROOM_DEFAULT[1]


# ---------------------------------------------------------------- room


def room(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, ROOM_DEFAULT)
    pal, rng = kit.pal, kit.rng
    wall = colour_of(pal, s.colour, "wall")
    wood = rgba(pal.ground)
    panel = tint(wall, rgba(pal.bark), 0.35)
    # Each surface's details come before what they lie on (boards before the
    # floor's base, rails and strips before the wall), and the whole shell
    # after the furniture in it (layer "shell", structures._finish): llvmpipe's
    # early depth test then skips what they cover instead of shading it twice.
    parts: list[Mesh] = []
    # floor: boards running away from the seat, staggered joints, over a dark base
    base = _flat(W, D, 0.0, shade(wood, 0.45), 8, 8)
    bw, seg = 0.16, 0.3
    nb, ns = int(W / bw), max(1, int(round(D / seg)))
    seg = D / ns
    for b in range(nb):
        x = -W / 2 + bw * (b + 0.5)
        plank_len = int(rng.integers(3, 7))
        start = int(rng.integers(0, plank_len))
        tone = rng.uniform(0.85, 1.12)
        for k in range(ns):
            if (k + start) % plank_len == 0:
                tone = rng.uniform(0.85, 1.12)
            c = shade(wood, tone * rng.uniform(0.97, 1.03))
            z0 = -D / 2 + seg * k
            gap = 0.006 if (k + start) % plank_len == 0 else 0.0
            parts.append(_flat(bw - 0.008, seg - gap, 0.004, c, at=(x, z0 + gap + (seg - gap) / 2)))
    parts.append(base)
    # walls: panelling below a dado rail, plaster above; skirting
    cell = 0.5  # fine enough for the baked fire light; each cell is 2 triangles
    for yaw, off, length in ((0, (0, 0, D / 2), W), (180, (0, 0, -D / 2), W),
                             (-90, (-W / 2, 0, 0), D), (90, (W / 2, 0, 0), D)):
        nu = max(1, int(length / cell))
        low = grid_quad(length, 0.9, nu, 2, panel)
        up = moved(grid_quad(length, H - 0.9, nu, max(1, int((H - 0.9) / cell)), wall), (0, 0.9, 0))
        rail = seg_box(length, 0.05, 0.04, shade(panel, 1.1), at=(0, 0.88, -0.02), n=nu // 2 or 1)
        skirt = seg_box(length, 0.12, 0.025, shade(rgba(pal.bark), 1.1), at=(0, 0, -0.012), n=nu // 2 or 1)
        crown = seg_box(length, 0.07, 0.05, shade(wall, 1.05), at=(0, H - 0.07, -0.025), n=nu // 2 or 1)
        # vertical panel strips in the wainscot
        strips = [seg_box(0.04, 0.74, 0.015, shade(panel, 1.08), at=(x, 0.12, -0.008), axis=1, n=3)
                  for x in np.arange(-length / 2 + 0.45, length / 2 - 0.2, 0.6)]
        piece = merge(strips + [rail, skirt, crown, low, up])
        parts.append(moved(rotate(piece, ry=yaw), off))
    # ceiling and beams
    ceil = rotate(grid_quad(W, D, max(1, int(W / 0.7)), max(1, int(D / 0.7)), shade(wall, 1.02)), rx=-90)
    parts.append(moved(ceil, (0, H, D / 2)))
    beam = shade(rgba(pal.bark), 0.95)
    beams = [seg_box(W, 0.18, 0.16, shade(beam, rng.uniform(0.92, 1.06)), at=(0, H - 0.18, -D / 2 + D * (k + 0.5) / 4),
                     n=4) for k in range(4)]
    _put(kit, s, beams + parts, layer="shell")
    # the room's own soft light: a little from everywhere at head height
    kit.lights.append(Lamp(_world(kit, s, (0, H * 0.55, 0)), radius=4.0, strength=0.12))


# ---------------------------------------------------------------- window


def window(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, (1.2, 1.35, 0.2))
    pal = kit.pal
    frame = tint(colour_of(pal, s.colour, "wall"), np.ones(4, np.float32), 0.55)
    parts: list[Mesh] = []
    t = 0.07
    parts.append(seg_box(W + 2 * t, t, 0.12, frame, at=(0, H, -0.06), n=4))
    parts.append(seg_box(W + 2 * t, t, 0.12, frame, at=(0, -t, -0.06), n=4))
    for x in (-W / 2 - t / 2, W / 2 + t / 2):
        parts.append(seg_box(t, H, 0.12, frame, at=(x, 0, -0.06), axis=1, n=4))
    parts.append(seg_box(0.045, H, 0.05, frame, at=(0, 0, -0.04), axis=1, n=4))
    parts.append(seg_box(W, 0.045, 0.05, frame, at=(0, H * 0.62, -0.04), n=4))
    parts.append(seg_box(W + 0.34, 0.05, 0.26, shade(frame, 0.97), at=(0, -t - 0.05, -0.13), n=4))
    # a small plant on the sill
    pot = moved(cylinder(0.07, 0.12, 10, rgba("#b06a48"), top_radius=0.085), (W * 0.3, -t, -0.14))
    leaves = [moved(icosphere(0.09, 1, shade(rgba(pal.foliage), kit.rng.uniform(0.8, 1.0)),
                              jitter=0.25, rng=kit.rng), (W * 0.3 + dx, -t + 0.19 + dy, -0.14 + dz))
              for dx, dy, dz in ((0, 0.02, 0), (0.05, -0.02, 0.02), (-0.05, -0.01, -0.02))]
    parts += [pot] + leaves
    # curtains: soft folds, hanging from a rail
    fabric = colour_of(pal, None, "fabric")
    for side in (-1, 1):
        cw, ch = 0.42, H + 0.75
        g = grid_quad(cw, ch, 14, 6, fabric)
        ph = g.pos[:, 0] / cw * 2 * math.pi * 3.2
        g.pos[:, 2] -= 0.045 * (1 + np.sin(ph))
        g.nrm = np.stack([np.cos(ph) * 0.5, np.zeros_like(ph), -np.ones_like(ph)], 1).astype(np.float32)
        g.nrm /= np.linalg.norm(g.nrm, axis=1, keepdims=True)
        g.col[:, :3] *= (0.82 + 0.18 * np.sin(ph))[:, None]
        parts.append(moved(g, (side * (W / 2 + t + cw / 2 - 0.05), -0.45, -0.16)))
    rail = rotate(cylinder(0.018, W + 1.2, 8, shade(rgba(pal.bark), 0.8)), rz=90)
    parts.append(moved(rail, ((W + 1.2) / 2, H + 0.3, -0.2)))
    for side in (-1, 1):
        parts.append(moved(icosphere(0.035, 1, shade(rgba(pal.bark), 0.8)), (side * (W / 2 + 0.62), H + 0.3, -0.2)))
    _put(kit, s, parts)
    pane, uv = quad_uv(W, H, (1, 1, 1, 1), uv=((0, 0), (1, 0), (1, 1), (0, 1)))
    _put_uv(kit, s, "window", moved(pane, (0, 0, -0.015)), uv)
    # cool, soft light from the glass into the room
    kit.lights.append(Lamp(_world(kit, s, (0, H * 0.5, -0.6)), radius=1.2, strength=0.22))


# ---------------------------------------------------------------- fireplace


def fireplace(kit: Kit, s: Structure) -> None:
    W, Hs, D = size_of(s, (1.9, 1.25, 0.5))
    pal, rng = kit.pal, kit.rng
    room_h = _room_height(kit) - s.position[1]
    stone = colour_of(pal, s.colour, "rock")
    wall = shade(rgba(pal.wall), 0.96)
    bark = rgba(pal.bark)
    Wb = W + 0.2
    Wo, Ho, y0 = 0.86, 0.72, 0.1
    parts: list[Mesh] = []
    # chimney breast around the opening
    side_w = (Wb - Wo) / 2
    for sgn in (-1, 1):
        parts.append(seg_box(side_w, room_h, D, wall, at=(sgn * (Wo + side_w) / 2, 0, 0), axis=1, n=8))
    top = y0 + Ho
    parts.append(seg_box(Wo, room_h - top, D, wall, at=(0, top, 0), axis=1, n=6))
    # firebox: sooty back, sides and top
    back = moved(grid_quad(Wo, Ho, 4, 3, SOOT), (0, y0, D / 2 - 0.04))
    left = moved(rotate(grid_quad(D - 0.04, Ho, 2, 3, shade(SOOT, 1.2)), ry=-90), (-Wo / 2 + 0.01, y0, 0))
    right = moved(rotate(grid_quad(D - 0.04, Ho, 2, 3, shade(SOOT, 1.2)), ry=90), (Wo / 2 - 0.01, y0, 0))
    roof = moved(rotate(grid_quad(Wo, D, 2, 2, shade(SOOT, 0.8)), rx=-90), (0, top, D / 2))
    parts += [back, left, right, roof]
    # stone surround: jambs of a few blocks each, an oak lintel, a mantel shelf
    jw = 0.26
    for sgn in (-1, 1):
        y = y0 - 0.04
        for k, bh in enumerate((0.3, 0.26, 0.3)):
            c = shade(stone, rng.uniform(0.88, 1.08))
            parts.append(moved(box(jw - 0.01, bh - 0.01, 0.1, rgba=c), (sgn * (Wo / 2 + jw / 2), y, -D / 2 - 0.03)))
            y += bh
    lintel_y = y0 + Ho
    parts.append(seg_box(Wo + 2 * jw + 0.04, 0.2, 0.13, shade(bark, 1.05), at=(0, lintel_y, -D / 2 - 0.03), n=6))
    parts.append(seg_box(W, 0.07, 0.3, shade(bark, 0.9), at=(0, lintel_y + 0.2, -D / 2 - 0.08), n=8))
    # hearth slab
    parts.append(seg_box(W + 0.1, y0, 0.55, shade(stone, 0.8), at=(0, 0, -D / 2 - 0.25), n=6))
    parts.append(_flat(Wo, D - 0.04, y0, shade(SOOT, 0.9), 2, 2, at=(0, 0.0)))
    # logs on the fire
    logc = shade(bark, 0.8)
    for (x, z, yaw, r) in ((-0.1, 0.0, 6, 0.065), (0.12, 0.09, -10, 0.06), (0.0, 0.05, 24, 0.05)):
        log = rotate(cylinder(r, 0.56, 7, logc), rz=90)
        log = moved(log, (0.28, 0, 0))
        y = y0 + r + (0.1 if yaw == 24 else 0)
        parts.append(moved(rotate(log, ry=yaw), (x, y, z)))
    # on the mantel: brass candlesticks with cream candles, a small picture above
    my = lintel_y + 0.27
    for x in (-W / 2 + 0.2, W / 2 - 0.2):
        parts.append(moved(cylinder(0.045, 0.02, 10, BRASS), (x, my, -D / 2 - 0.02)))
        parts.append(moved(cylinder(0.014, 0.18, 6, BRASS), (x, my, -D / 2 - 0.02)))
        parts.append(moved(cylinder(0.017, 0.16, 8, CREAM), (x, my + 0.18, -D / 2 - 0.02)))
    parts.append(moved(box(0.7, 0.5, 0.03, rgba=shade(bark, 0.75)), (0, my + 0.35, -D / 2 - 0.01)))
    canvas = grid_quad(0.6, 0.4, 1, 4, (1, 1, 1, 1))
    ys = canvas.pos[:, 1] / 0.4
    sky = mix(rgba(pal.sky_horizon), rgba(pal.sky_top), 0.5)
    canvas.col = np.where(ys[:, None] > 0.4, mix(rgba(pal.sky_horizon), sky, 0.5)[None, :],
                          shade(rgba(pal.foliage), 0.8)[None, :]).astype(np.float32)
    parts.append(moved(canvas, (0, my + 0.4, -D / 2 - 0.03)))
    _put(kit, s, parts)
    # embers: a glowing bed under the logs
    embers = []
    for k in range(9):
        c = np.array([1.0, rng.uniform(0.28, 0.45), 0.08, 1], np.float32) * np.array([0.95, 1, 1, 1], np.float32)
        e = icosphere(rng.uniform(0.05, 0.09), 1, c)
        e.pos[:, 1] *= 0.35
        embers.append(moved(e, (rng.uniform(-0.3, 0.3), y0 + 0.02, rng.uniform(-0.08, 0.14))))
    _put(kit, s, embers, "embers")
    # flames: soft tongues on cards, each with its own slow phase
    for k in range(7):
        x = -0.26 + 0.52 * k / 6 + rng.uniform(-0.03, 0.03)
        h = rng.uniform(0.28, 0.5) * (1.0 - 0.5 * abs(x) / 0.3)
        w = rng.uniform(0.2, 0.3)
        col = FLAME * np.array([1, rng.uniform(0.85, 1.1), 1, rng.uniform(0.7, 0.95)], np.float32)
        card, uv = quad_uv(w, h + 0.1, col, y0=y0 + 0.06, phase=float(rng.uniform()))
        _put_uv(kit, s, "fire", moved(card, (x, 0, 0.05 - 0.015 * k % 3)), uv)
    # a warm haze in front of the opening
    haze, uv = quad_uv(1.7, 1.3, (1.0, 0.5, 0.2, 0.22), uv=((-1, -1), (1, -1), (1, 1), (-1, 1)), y0=y0 - 0.35)
    _put_uv(kit, s, "halo", moved(haze, (0, 0, -D / 2 - 0.12)), uv)
    kit.lights.append(Lamp(_world(kit, s, (0, y0 + 0.3, -D / 2 - 0.05)), radius=1.9, strength=1.4, term="fire"))
    kit.fires += 1


# ---------------------------------------------------------------- lamp


def lamp(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, (0.5, 1.55, 0.5))
    pal = kit.pal
    metal = shade(rgba(pal.bark), 0.7)
    parts = [cylinder(W * 0.32, 0.03, 12, metal), cylinder(0.016, H - 0.3, 6, metal)]
    _put(kit, s, parts)
    shade_col = colour_of(pal, s.colour, "light") * np.array([1.0, 0.86, 0.62, 1.0], np.float32)
    sh = moved(cylinder(W * 0.48, 0.32, 16, shade_col, top_radius=W * 0.32, caps=False), (0, H - 0.36, 0))
    inner = sh.copy()
    inner.tri = inner.tri[:, ::-1].copy()
    inner.col[:, :3] = inner.col[:, :3] * 1.1
    _put(kit, s, [sh, inner], "glow")
    halo, uv = quad_uv(1.5, 1.5, (1.0, 0.78, 0.5, 0.28), uv=((-1, -1), (1, -1), (1, 1), (-1, 1)), y0=-0.75)
    centre = _world(kit, s, (0, H - 0.2, 0))
    yaw = face_yaw(centre, kit.seat)
    kit.add("halo", moved(rotate(halo, ry=yaw), centre), uv)
    kit.lights.append(Lamp(centre, radius=1.3, strength=0.9, warm=1.0))


# ---------------------------------------------------------------- seats


def _seat(kit: Kit, s: Structure, default, n: int, back_h: float, throw: bool) -> None:
    W, H, D = size_of(s, default)
    pal, rng = kit.pal, kit.rng
    fab = colour_of(pal, s.colour, "fabric")
    parts: list[Mesh] = []
    for x in (-W / 2 + 0.1, W / 2 - 0.1):
        for z in (-D / 2 + 0.1, D / 2 - 0.1):
            parts.append(moved(cylinder(0.03, 0.08, 6, shade(rgba(pal.bark), 0.7), top_radius=0.035), (x, 0, z)))
    parts.append(soft_box(W, 0.3, D, shade(fab, 0.85), 0.2, centre=(0, 0.23, 0)))
    arm_w = 0.2
    inner = W - 2 * arm_w
    cw = inner / n
    for k in range(n):
        x = -inner / 2 + cw * (k + 0.5)
        parts.append(soft_box(cw - 0.015, 0.17, D - 0.26, shade(fab, rng.uniform(0.97, 1.03)), 0.3,
                              centre=(x, 0.45, -0.11)))
        bc = soft_box(cw - 0.03, back_h - 0.12, 0.18, shade(fab, rng.uniform(0.95, 1.02)), 0.35,
                      centre=(0, 0, 0))
        parts.append(moved(rotate(bc, rx=12), (x, 0.38 + back_h / 2, D / 2 - 0.27)))
    parts.append(soft_box(W - 0.02, back_h + 0.1, 0.22, shade(fab, 0.9), 0.22,
                          centre=(0, 0.38 + (back_h + 0.1) / 2 - 0.05, D / 2 - 0.11)))
    for sgn in (-1, 1):
        parts.append(soft_box(arm_w, 0.32, D, shade(fab, 0.94), 0.3, centre=(sgn * (W / 2 - arm_w / 2), 0.5, 0)))
    if throw:
        blanket = colour_of(pal, None, "accent")
        parts.append(soft_box(arm_w + 0.08, 0.05, D * 0.75, blanket, 0.5, centre=(-W / 2 + arm_w / 2, 0.68, 0.02)))
        drape = soft_box(0.04, 0.38, D * 0.72, shade(blanket, 0.92), 0.5, centre=(0, 0, 0))
        parts.append(moved(drape, (-W / 2 - 0.02, 0.47, 0.02)))
    _put(kit, s, parts)


def sofa(kit: Kit, s: Structure) -> None:
    W = size_of(s, (2.1, 0.85, 0.92))[0]
    _seat(kit, s, (2.1, 0.85, 0.92), 3 if W >= 1.7 else 2, 0.5, True)


def armchair(kit: Kit, s: Structure) -> None:
    _seat(kit, s, (1.0, 0.95, 0.9), 1, 0.6, False)


def cushion(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, (0.45, 0.45, 0.15))
    c = colour_of(kit.pal, s.colour, "accent")
    m = soft_box(W, H, D, c, 0.55, centre=(0, 0, 0))
    m.col[:, :3] *= (0.88 + 0.12 * m.nrm[:, 1:2])
    m = moved(rotate(m, rx=14), (0, H / 2 - 0.03, 0))
    _put(kit, s, [m])


# ---------------------------------------------------------------- rug, shelf, table


def rug(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, (2.6, 0.02, 1.8))
    pal = kit.pal
    field = colour_of(pal, s.colour, "fabric")
    border = tint(rgba(pal.accent), field, 0.4)
    pale = tint(rgba(pal.light), field, 0.45)
    parts = [_flat(W, D, 0.012, shade(border, 0.85), 10, 8),
             _flat(W - 0.16, D - 0.16, 0.015, pale, 10, 8),
             _flat(W - 0.24, D - 0.24, 0.018, field, 10, 8),
             _flat(W * 0.45, D * 0.42, 0.021, shade(border, 0.95), 4, 4),
             _flat(W * 0.45 - 0.1, D * 0.42 - 0.1, 0.024, tint(field, pale, 0.35), 4, 4)]
    for sgn in (-1, 1):
        parts.append(_flat(W - 0.7, 0.05, 0.021, pale, 6, 1, at=(0, sgn * (D / 2 - 0.3))))
        for x in np.arange(-W / 2 + 0.05, W / 2, 0.06):
            parts.append(_flat(0.025, 0.08, 0.011, pale, at=(float(x), sgn * (D / 2 + 0.03))))
    _put(kit, s, parts)


BOOK_ROLES = ("accent", "fabric", "foliage", "sky_top", "bark", "rock", "wall", "light", "water")


def bookshelf(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, (1.1, 2.0, 0.34))
    pal, rng = kit.pal, kit.rng
    wood = colour_of(pal, s.colour, "bark")
    t = 0.03
    parts = [seg_box(t, H, D, wood, at=(x, 0, 0), axis=1, n=5) for x in (-W / 2 + t / 2, W / 2 - t / 2)]
    parts.append(box(W + 0.04, 0.04, D + 0.03, rgba=shade(wood, 1.05), centre=(0, 0.5, 0)))
    parts[-1] = moved(parts[-1], (0, H, 0))
    parts.append(moved(box(W, 0.08, D, rgba=shade(wood, 0.9)), (0, 0, 0)))
    back = moved(grid_quad(W - 2 * t, H, 2, 6, shade(wood, 0.6)), (0, 0, D / 2 - 0.01))
    shelves = 5
    gap = (H - 0.1) / shelves
    palette_cols = [rgba(pal.resolve(r)) for r in BOOK_ROLES]
    for k in range(shelves):
        y = 0.08 + gap * k
        if k:
            parts.append(moved(box(W - 2 * t, 0.025, D - 0.02, rgba=shade(wood, 1.02)), (0, y - 0.025, -0.01)))
        x = -W / 2 + t + 0.01
        end = W / 2 - t - 0.02
        while x < end - 0.03:
            if rng.uniform() < 0.06:       # a gap, or a small stack lying flat
                if rng.uniform() < 0.5:
                    for j in range(int(rng.integers(2, 4))):
                        c = shade(tint(palette_cols[int(rng.integers(len(palette_cols)))], SOOT, 0.25),
                                  rng.uniform(0.75, 1.05))
                        parts.append(moved(box(0.2, 0.035, 0.16, rgba=c), (x + 0.11, y + 0.036 * j, -0.02)))
                    x += 0.25
                else:
                    x += rng.uniform(0.06, 0.14)
                continue
            bw = rng.uniform(0.022, 0.05)
            bh = min(gap - 0.06, rng.uniform(0.17, 0.29))
            bd = rng.uniform(0.15, 0.22)
            base = palette_cols[int(rng.integers(len(palette_cols)))]
            c = shade(tint(base, SOOT, rng.uniform(0.1, 0.4)), rng.uniform(0.7, 1.05))
            b = box(bw, bh, bd, rgba=c)
            band = moved(box(bw + 0.002, 0.012, 0.002, rgba=shade(tint(c, BRASS, 0.6), 1.1)),
                         (0, bh * 0.8, -bd / 2 - 0.001))
            book = merge([b, band])
            if rng.uniform() < 0.08 and x < end - 0.12:
                book = rotate(book, rz=-14)
                x += bh * 0.25
            parts.append(moved(book, (x + bw / 2, y, -D / 2 + bd / 2 + 0.02)))
            x += bw + 0.002
    parts.append(back)   # after the books standing in front of it (early depth test)
    # a trailing plant on top
    parts.append(moved(cylinder(0.08, 0.13, 10, rgba("#a8674a"), top_radius=0.095), (W * 0.25, H + 0.02, 0)))
    for dx, dy, dz in ((0, 0.2, 0), (0.08, 0.15, -0.05), (-0.06, 0.16, -0.04), (0.12, 0.05, -0.12),
                       (0.15, -0.08, -0.16)):
        leaf = icosphere(0.08, 1, shade(rgba(pal.foliage), rng.uniform(0.75, 1.0)), jitter=0.3, rng=rng)
        parts.append(moved(leaf, (W * 0.25 + dx, H + 0.02 + dy, dz)))
    _put(kit, s, parts)


def table(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, (0.95, 0.42, 0.55))
    pal, rng = kit.pal, kit.rng
    wood = colour_of(pal, s.colour, "bark")
    parts = [soft_box(W, 0.05, D, shade(wood, 1.1), 0.15, centre=(0, H - 0.025, 0))]
    for x in (-W / 2 + 0.06, W / 2 - 0.06):
        for z in (-D / 2 + 0.06, D / 2 - 0.06):
            parts.append(moved(box(0.05, H - 0.05, 0.05, rgba=shade(wood, 0.9)), (x, 0, z)))
    parts.append(moved(box(W - 0.1, 0.025, D - 0.1, rgba=shade(wood, 0.95)), (0, 0.1, 0)))
    parts.append(moved(box(0.28, 0.04, 0.2, rgba=shade(rgba(pal.accent), 0.7)), (-0.05, 0.125, 0.02)))
    # a mug of tea and a candle on a saucer
    mug = colour_of(pal, None, "light")
    mug = tint(mug, rgba(pal.accent), 0.3)
    mx, mz = W * 0.22, -0.05
    parts.append(moved(cylinder(0.045, 0.095, 12, mug), (mx, H, mz)))
    parts.append(moved(cylinder(0.04, 0.001, 12, rgba("#5a3822")), (mx, H + 0.085, mz)))
    handle = moved(box(0.035, 0.05, 0.014, rgba=mug), (mx + 0.058, H + 0.022, mz))
    parts.append(handle)
    book = moved(rotate(box(0.2, 0.03, 0.15, rgba=shade(rgba(pal.foliage), 0.7)), ry=18), (-W * 0.2, H, 0.04))
    parts.append(book)
    cx, cz = -W * 0.3, -0.1
    parts.append(moved(cylinder(0.07, 0.012, 12, BRASS), (cx, H, cz)))
    parts.append(moved(cylinder(0.03, 0.09, 10, CREAM), (cx, H + 0.012, cz)))
    _put(kit, s, parts)
    top = _world(kit, s, (cx, H + 0.102, cz))
    yaw = face_yaw(top, kit.seat)
    card, uv = quad_uv(0.03, 0.06, FLAME, phase=float(rng.uniform()))
    kit.add("fire", moved(rotate(card, ry=yaw), top), uv)
    halo, huv = quad_uv(0.36, 0.36, (1.0, 0.7, 0.4, 0.25), uv=((-1, -1), (1, -1), (1, 1), (-1, 1)), y0=-0.18)
    kit.add("halo", moved(rotate(halo, ry=yaw), (top[0], top[1] + 0.03, top[2])), huv)
    kit.lights.append(Lamp((top[0], top[1] + 0.05, top[2]), radius=0.35, strength=0.35, warm=1.0))


BUILDERS = {
    "room": room, "window": window, "fireplace": fireplace, "lamp": lamp, "sofa": sofa,
    "armchair": armchair, "rug": rug, "cushion": cushion, "bookshelf": bookshelf, "table": table,
}
