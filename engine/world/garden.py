"""Garden structures: walls, fountains, benches, arches, pergolas, cairns,
and the gravel paths that join the seat to a fountain (and on to an arch).

Builders make their pieces in local space (front towards -z, base at y=0),
then place them with the structure's rotation and position; outdoors the
position's y is taken from the ground under it (plus the given y).
"""
from __future__ import annotations

import math

import numpy as np

from engine.config.place import Structure
from engine.world.colour import rgba
from engine.world.mesh import Mesh, merge
from engine.world.shapes import blossom, box, cone, cylinder, fan, icosphere
from engine.world.structure_parts import Kit, colour_of, grid_quad, moved, rotate, shade, size_of, tint

FOUNTAIN_DEFAULT = (3.2, 1.7, 3.2)


def _base(kit: Kit, s: Structure) -> tuple[float, float, float]:
    x, y, z = s.position
    return (x, kit.ground(x, z) + y, z)


def _put(kit: Kit, s: Structure, meshes: list[Mesh], layer: str = "solid") -> None:
    kit.add(layer, merge(meshes).transformed(1.0, s.rotation, _base(kit, s)))


def _put_uv(kit: Kit, s: Structure, layer: str, mesh: Mesh, uv: np.ndarray) -> None:
    kit.add(layer, mesh.transformed(1.0, s.rotation, _base(kit, s)), uv)


def _ring(r_in: float, r_out: float, y: float, sides: int, rgba_) -> Mesh:
    """A flat annulus facing up."""
    a = np.linspace(0, 2 * np.pi, sides, endpoint=False)
    ring = np.stack([np.cos(a), np.zeros_like(a), np.sin(a)], 1)
    pos = np.concatenate([ring * r_in, ring * r_out]) + [0, y, 0]
    i = np.arange(sides)
    j = (i + 1) % sides
    tri = np.concatenate([np.stack([i, j, j + sides], 1), np.stack([i, j + sides, i + sides], 1)])
    m = Mesh(pos.astype(np.float32), np.tile(np.float32([0, 1, 0]), (2 * sides, 1)),
             np.tile(np.asarray(rgba_, np.float32), (2 * sides, 1)), np.zeros(2 * sides, np.float32),
             tri.astype(np.uint32))
    return _face_up(m)


def _face_up(m: Mesh) -> Mesh:
    """Make every triangle wind so that it faces +y (as shapes.py writes them)."""
    p = m.pos[m.tri]
    n = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    flip = n[:, 1] < 0
    m.tri[flip] = m.tri[flip][:, ::-1]
    return m


def _disc(r: float, y: float, rings: int, sides: int, rgba_) -> Mesh:
    """A flat disc facing up with concentric rings of vertices (for uv shaders)."""
    parts = []
    rs = np.linspace(0, r, rings + 1)
    for k in range(rings):
        parts.append(_ring(max(rs[k], 1e-3), rs[k + 1], y, sides, rgba_))
    return merge(parts)


def _flip(m: Mesh) -> Mesh:
    out = m.copy()
    out.tri = out.tri[:, ::-1].copy()
    out.nrm = -out.nrm
    return out


def _ivy(kit: Kit, length: float, height: float, n: int, pal, flowers: bool) -> list[Mesh]:
    """Climbing foliage patches against a wall face (local -z side at z=0)."""
    rng = kit.rng
    fol = rgba(pal.foliage)
    parts = []
    for _ in range(n):
        x = rng.uniform(-length / 2 + 0.4, length / 2 - 0.4)
        top = rng.uniform(0.45, 0.85) * height
        for k in range(int(rng.integers(7, 12))):
            y = rng.uniform(0.15, top)
            spread = 0.9 * (1.0 - 0.55 * y / height)
            r = rng.uniform(0.2, 0.36) * (1.1 - 0.4 * y / height)
            y = min(y, height - r * 0.8)
            b = icosphere(r, 0, shade(fol, rng.uniform(0.7, 1.0)), jitter=0.3, rng=rng)
            b.pos[:, 2] *= 0.45
            parts.append(moved(b, (x + rng.uniform(-spread, spread), y, -r * 0.3)))
            if flowers and rng.uniform() < 0.55:
                for f in range(3):
                    c = rgba(pal.accent) if rng.uniform() < 0.7 else rgba(pal.light)
                    parts.append(moved(blossom(0.07, shade(c, rng.uniform(0.9, 1.1)), yaws=(0.0,)),
                                       (x + rng.uniform(-0.3, 0.3), y + rng.uniform(-0.15, 0.2), -r * 0.55)))
    return parts


# ---------------------------------------------------------------- wall


def wall(kit: Kit, s: Structure) -> None:
    L, H, T = size_of(s, (10.0, 2.2, 0.4))
    pal, rng = kit.pal, kit.rng
    brick = colour_of(pal, s.colour, "wall")
    mortar = tint(brick, rgba(pal.light), 0.35)
    mortar = shade(mortar, 0.8)
    cap = rgba(pal.rock)
    n = max(1, int(L / 1.0))
    body = [moved(box(L / n, H, T, rgba=mortar), (-L / 2 + L / n * (k + 0.5), 0, 0)) for k in range(n)]
    # block courses on the front face, staggered, each block its own shade
    # (brick-sized blocks cost ~5x the triangles for detail of a few pixels)
    blocks: list[Mesh] = []
    bw, bh = 1.1, 0.44
    rows = int(H / bh)
    for r in range(rows):
        x = -L / 2 - (bw / 2 if r % 2 else 0)
        while x < L / 2:
            x0, x1 = max(x, -L / 2), min(x + bw, L / 2)
            if x1 - x0 > 0.05:
                c = shade(brick, rng.uniform(0.8, 1.1)) * np.array([1, rng.uniform(0.95, 1.03), 1, 1], np.float32)
                q = grid_quad(x1 - x0 - 0.02, bh - 0.02, 1, 1, c)
                blocks.append(moved(q, ((x0 + x1) / 2, r * bh + 0.01, -T / 2 - 0.006)))
            x += bw
    # piers every few metres, and a stone coping
    piers: list[Mesh] = []
    count = max(2, int(L / 4.5) + 1)
    for k in range(count):
        x = -L / 2 + L * k / (count - 1)
        x = float(np.clip(x, -L / 2 + 0.25, L / 2 - 0.25))
        piers.append(moved(box(0.5, H + 0.1, T + 0.16, rgba=shade(brick, 0.92)), (x, 0, 0)))
        piers.append(moved(box(0.62, 0.1, T + 0.28, rgba=cap), (x, H + 0.1, 0)))
        piers.append(moved(cone(0.22, 0.22, 4, shade(cap, 0.95)), (x, H + 0.2, 0)))
    coping = [moved(box(L / n, 0.09, T + 0.12, rgba=shade(cap, rng.uniform(0.92, 1.04))),
                    (-L / 2 + L / n * (k + 0.5), H, 0)) for k in range(n)]
    ivy = [moved(p, (0, 0, -T / 2)) for p in _ivy(kit, L, H, max(1, int(L / 5)), pal, flowers=True)]
    # Drawn front to back - ivy, piers, blocks, coping, then the mortar body
    # behind them - so llvmpipe's early depth test skips the body where the
    # blocks and ivy cover it, rather than shading it and painting over it.
    parts = ivy + piers + blocks + coping + body
    _put(kit, s, parts)


# ---------------------------------------------------------------- fountain


def fountain(kit: Kit, s: Structure) -> None:
    Wd, Ht, _ = size_of(s, FOUNTAIN_DEFAULT)
    pal, rng = kit.pal, kit.rng
    stone = colour_of(pal, s.colour, "rock")
    stone = tint(stone, rgba(pal.light), 0.2)
    R = Wd / 2
    rim_h = 0.45
    sides = 28
    parts = [cylinder(R, rim_h, sides, shade(stone, 0.92), caps=False),
             _flip(cylinder(R - 0.18, rim_h, sides, shade(stone, 0.8), caps=False)),
             _ring(R - 0.22, R + 0.06, rim_h, sides, shade(stone, 1.08)),
             moved(cylinder(R + 0.06, 0.06, sides, shade(stone, 1.0), caps=False), (0, rim_h - 0.06, 0)),
             cylinder(R + 0.1, 0.08, sides, shade(stone, 0.85), caps=False),
             _disc(R - 0.18, 0.08, 1, sides, shade(stone, 0.5))]
    # pedestal, upper bowl and finial
    ped_h = Ht * 0.52
    parts.append(cylinder(0.26, 0.14, 12, shade(stone, 0.95)))
    parts.append(cylinder(0.17, ped_h, 12, stone, top_radius=0.13))
    bowl_r = min(0.7, R * 0.42)
    by = ped_h
    parts.append(moved(cylinder(0.14, 0.24, 16, shade(stone, 1.3), top_radius=bowl_r, caps=False), (0, by, 0)))
    parts.append(_ring(bowl_r - 0.05, bowl_r + 0.02, by + 0.24, 16, shade(stone, 1.1)))
    parts.append(moved(cylinder(0.06, Ht - by - 0.3, 8, stone, top_radius=0.05), (0, by + 0.2, 0)))
    parts.append(moved(icosphere(0.09, 1, shade(stone, 1.05)), (0, Ht - 0.08, 0)))
    _put(kit, s, parts)
    water = colour_of(pal, kit.place.water.colour if kit.place.water is not None else None, "water")
    # basin and bowl water: uv = local metres; colour alpha = where rings start
    land = bowl_r + 0.06
    pool = _disc(R - 0.18, rim_h - 0.08, 10, sides, water)
    pool.col[:, 3] = land
    _put_uv(kit, s, "pool", pool, pool.pos[:, [0, 2]])
    top = _disc(bowl_r - 0.05, by + 0.215, 3, 16, water)
    top.col[:, 3] = 0.06
    _put_uv(kit, s, "pool", top, top.pos[:, [0, 2]])
    # falling water: a sheet from the bowl's lip down into the basin, and a
    # small jet over the finial that falls back into the bowl
    sheet_col = np.array([0.85, 0.9, 0.95, 0.42], np.float32) * np.array([1, 1, 1, 1], np.float32)
    sheet = cylinder(bowl_r + 0.06, by + 0.24 - (rim_h - 0.08), 24, sheet_col, top_radius=bowl_r + 0.015,
                     caps=False)
    sheet = moved(sheet, (0, rim_h - 0.08, 0))
    ang = np.arctan2(sheet.pos[:, 2], sheet.pos[:, 0])
    uv = np.stack([ang / (2 * np.pi) * 6, -sheet.pos[:, 1] * 2.0], 1)
    _put_uv(kit, s, "flow", sheet, uv)
    jet_col = np.array([0.9, 0.94, 0.98, 0.38], np.float32)
    jet = moved(cylinder(0.32, Ht - by - 0.1 + 0.15, 12, jet_col, top_radius=0.03, caps=False), (0, by + 0.2, 0))
    ang = np.arctan2(jet.pos[:, 2], jet.pos[:, 0])
    juv = np.stack([ang / (2 * np.pi) * 4, -jet.pos[:, 1] * 1.5], 1)
    jet.sway[:] = 0.37
    _put_uv(kit, s, "flow", jet, juv)
    # a few water lily pads in the basin
    for k in range(4):
        a = rng.uniform(0, 2 * np.pi)
        r = rng.uniform(land + 0.25, R - 0.35)
        if r <= land + 0.2:
            continue
        pad = fan(rng.uniform(0.1, 0.15), 9, shade(rgba(pal.foliage), 0.85), cup=0.05, sway=0.0)
        parts_pad = moved(pad, (np.cos(a) * r, rim_h - 0.07, np.sin(a) * r))
        _put(kit, s, [parts_pad])


# ---------------------------------------------------------------- bench


def bench(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, (1.6, 0.85, 0.55))
    pal = kit.pal
    wood = colour_of(pal, s.colour, "bark")
    wood = tint(wood, rgba(pal.light), 0.25)
    iron = shade(rgba(pal.bark), 0.45)
    parts: list[Mesh] = []
    seat_y = 0.44
    for k in range(4):
        z = -D / 2 + 0.06 + k * (D - 0.12) / 3
        parts.append(moved(box(W, 0.035, 0.085, rgba=shade(wood, 0.95 + 0.03 * k)), (0, seat_y, z)))
    for k in range(3):
        slat = box(W, 0.085, 0.03, rgba=shade(wood, 0.98))
        parts.append(moved(rotate(slat, rx=12), (0, seat_y + 0.12 + k * 0.13, D / 2 - 0.02 + k * 0.027)))
    for x in (-W / 2 + 0.08, W / 2 - 0.08):
        parts.append(moved(box(0.05, seat_y, 0.05, rgba=iron), (x, 0, -D / 2 + 0.07)))
        parts.append(moved(box(0.05, H, 0.05, rgba=iron), (x, 0, D / 2 - 0.03)))
        parts.append(moved(box(0.05, 0.04, D, rgba=iron), (x, seat_y - 0.04, 0)))
        parts.append(moved(box(0.06, 0.04, D * 0.85, rgba=shade(wood, 0.9)), (x, seat_y + 0.22, -0.03)))
        parts.append(moved(box(0.04, 0.22, 0.04, rgba=iron), (x, seat_y, -D / 2 + 0.09)))
    _put(kit, s, parts)


# ---------------------------------------------------------------- arch


def arch(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, (2.2, 2.9, 0.5))
    pal, rng = kit.pal, kit.rng
    stone = colour_of(pal, s.colour, "wall")
    pier = 0.42
    span = W - 2 * pier
    spring = H - span / 2 - 0.25
    parts: list[Mesh] = []
    for sgn in (-1, 1):
        parts.append(moved(box(pier, spring, D, rgba=shade(stone, 0.95)), (sgn * (W - pier) / 2, 0, 0)))
        parts.append(moved(box(pier + 0.08, 0.1, D + 0.08, rgba=rgba(pal.rock)), (sgn * (W - pier) / 2, spring, 0)))
    r_in, r_out = span / 2, span / 2 + 0.3
    n = 13
    for k in range(n):
        a0, a1 = np.pi * k / n, np.pi * (k + 1) / n
        am = (a0 + a1) / 2
        seg = box(0.3, r_in * (a1 - a0) * 1.05, D, rgba=shade(stone if k != n // 2 else rgba(pal.rock),
                                                                  rng.uniform(0.85, 1.08)), centre=(0, 0, 0))
        seg = rotate(seg, rz=math.degrees(am) - 90)
        parts.append(moved(seg, ((r_in + 0.15) * math.cos(am), spring + 0.1 + (r_in + 0.15) * math.sin(am), 0)))
    # a fill above the arch up to a flat top, with a coping
    top_y = spring + 0.1 + r_out
    for sgn in (-1, 1):
        parts.append(moved(box(pier + 0.3, top_y - spring - 0.1, D * 0.96, rgba=shade(stone, 0.9)),
                           (sgn * (W / 2 - (pier + 0.3) / 2), spring + 0.1, 0)))
    parts.append(moved(box(W + 0.16, 0.1, D + 0.14, rgba=rgba(pal.rock)), (0, top_y, 0)))
    # a climbing rose over one side
    roses = _ivy(kit, W, top_y, 2, pal, flowers=True)
    parts += [moved(p, (0, 0, -D / 2)) for p in roses]
    _put(kit, s, parts)


# ---------------------------------------------------------------- pergola


def pergola(kit: Kit, s: Structure) -> None:
    W, H, D = size_of(s, (3.0, 2.5, 2.4))
    pal, rng = kit.pal, kit.rng
    wood = colour_of(pal, s.colour, "bark")
    wood = tint(wood, rgba(pal.light), 0.15)
    parts: list[Mesh] = []
    for x in (-W / 2 + 0.1, W / 2 - 0.1):
        for z in (-D / 2 + 0.1, D / 2 - 0.1):
            parts.append(moved(box(0.14, H, 0.14, rgba=wood), (x, 0, z)))
            for k in range(5):
                y = rng.uniform(0.3, H - 0.2)
                b = icosphere(rng.uniform(0.15, 0.25), 1, shade(rgba(pal.foliage), rng.uniform(0.65, 0.95)),
                              jitter=0.3, rng=rng)
                parts.append(moved(b, (x + rng.uniform(-0.12, 0.12), y, z + rng.uniform(-0.12, 0.12))))
    for z in (-D / 2 + 0.1, D / 2 - 0.1):
        parts.append(moved(box(W + 0.5, 0.2, 0.1, rgba=shade(wood, 0.95)), (0, H, z)))
    nr = max(3, int(W / 0.45))
    for k in range(nr):
        x = -W / 2 - 0.1 + (W + 0.2) * k / (nr - 1)
        parts.append(moved(box(0.07, 0.14, D + 0.5, rgba=shade(wood, 1.04)), (x, H + 0.2, 0)))
    # a canopy of leaves on top with hanging blossom (wisteria-like)
    blossom = tint(rgba(pal.accent), rgba(pal.light), 0.2)
    for k in range(26):
        x, z = rng.uniform(-W / 2, W / 2), rng.uniform(-D / 2, D / 2)
        b = icosphere(rng.uniform(0.28, 0.45), 1, shade(rgba(pal.foliage), rng.uniform(0.7, 1.0)), jitter=0.3, rng=rng)
        b.pos[:, 1] *= 0.5
        parts.append(moved(b, (x, H + 0.38, z)))
        if rng.uniform() < 0.6:
            c = cone(0.07, 0.35, 5, shade(blossom, rng.uniform(0.85, 1.1)))
            c.pos[:, 1] = -c.pos[:, 1]
            c.nrm[:, 1] = -c.nrm[:, 1]
            c.tri = c.tri[:, ::-1].copy()
            parts.append(moved(c, (x, H + 0.15, z)))
    _put(kit, s, parts)


# ---------------------------------------------------------------- cairn


def cairn(kit: Kit, s: Structure) -> None:
    W, H, _ = size_of(s, (0.6, 0.9, 0.6))
    pal, rng = kit.pal, kit.rng
    stone = colour_of(pal, s.colour, "rock")
    parts = []
    y = 0.0
    n = 6
    for k in range(n):
        r = W / 2 * (1 - 0.12 * k) * rng.uniform(0.9, 1.05)
        h = H / n * rng.uniform(0.9, 1.1)
        b = icosphere(1.0, 1, shade(stone, rng.uniform(0.8, 1.1)), jitter=0.12, rng=rng)
        b.pos *= np.array([r, h * 0.55, r * rng.uniform(0.8, 1.0)], np.float32)
        b.nrm = b.nrm / np.array([r, h * 0.55, r], np.float32)
        b.nrm /= np.linalg.norm(b.nrm, axis=1, keepdims=True)
        b.col[:, :3] *= (0.85 + 0.15 * b.nrm[:, 1:2])
        parts.append(moved(rotate(b, ry=rng.uniform(0, 180)), (rng.uniform(-0.03, 0.03), y + h * 0.5, 0)))
        y += h * 0.92
    _put(kit, s, parts)


# ---------------------------------------------------------------- paths


def _strip(kit: Kit, a, b, width: float, col, rng) -> list[Mesh]:
    """Gravel quads from point a to b (x, z) draped on the ground."""
    ax, az = a
    bx, bz = b
    L = math.hypot(bx - ax, bz - az)
    if L < 0.3:
        return []
    dx, dz = (bx - ax) / L, (bz - az) / L
    nx, nz = -dz, dx
    steps = max(1, int(L / 0.5))
    across = 3
    out = []
    for i in range(steps):
        for j in range(across):
            t0, t1 = L * i / steps, L * (i + 1) / steps
            s0, s1 = width * (j / across - 0.5), width * ((j + 1) / across - 0.5)
            corners = [(t0, s0), (t1, s0), (t1, s1), (t0, s1)]
            pts = []
            for t, sd in corners:
                x, z = ax + dx * t + nx * sd, az + dz * t + nz * sd
                pts.append((x, kit.ground(x, z) + 0.025, z))
            c = shade(col, rng.uniform(0.92, 1.07))
            out.append(_quad(pts, c))
    return out


def _quad(pts, c) -> Mesh:
    pos = np.asarray(pts, np.float32)
    m = Mesh(pos, np.tile(np.float32([0, 1, 0]), (4, 1)), np.tile(np.asarray(c, np.float32), (4, 1)),
             np.zeros(4, np.float32), np.array([(0, 1, 2), (0, 2, 3)], np.uint32))
    return _face_up(m)


def paths(kit: Kit) -> None:
    """Gravel from the seat to each fountain, a ring around it, on to an arch."""
    fountains = [s for s in kit.place.structures if s.kind == "fountain"]
    if not fountains:
        return
    pal, rng = kit.pal, kit.rng
    gravel = tint(rgba(pal.rock), rgba(pal.light), 0.45)
    gravel = tint(gravel, rgba(pal.ground), 0.12)
    seat = kit.seat
    arches = [s for s in kit.place.structures if s.kind == "arch"]
    parts: list[Mesh] = []
    for f in fountains:
        R = size_of(f, FOUNTAIN_DEFAULT)[0] / 2
        fx, fz = f.position[0], f.position[2]
        ring_out = R + 1.1
        sides = 32
        for k in range(sides):
            a0, a1 = 2 * np.pi * k / sides, 2 * np.pi * (k + 1) / sides
            pts = []
            for a, r in ((a0, R + 0.1), (a1, R + 0.1), (a1, ring_out), (a0, ring_out)):
                x, z = fx + r * math.cos(a), fz + r * math.sin(a)
                pts.append((x, kit.ground(x, z) + 0.03, z))
            parts.append(_quad(pts, shade(gravel, rng.uniform(0.93, 1.05))))
        d = math.hypot(fx - seat[0], fz - seat[2])
        if d > ring_out + 0.5:
            ux, uz = (fx - seat[0]) / d, (fz - seat[2]) / d
            start = (seat[0] - ux * 1.5, seat[2] - uz * 1.5)
            end = (fx - ux * (ring_out - 0.2), fz - uz * (ring_out - 0.2))
            parts += _strip(kit, start, end, 1.5, gravel, rng)
        for a in arches:
            ax, az = a.position[0], a.position[2]
            d = math.hypot(ax - fx, az - fz)
            if d > ring_out + 0.5:
                ux, uz = (ax - fx) / d, (az - fz) / d
                parts += _strip(kit, (fx + ux * (ring_out - 0.2), fz + uz * (ring_out - 0.2)),
                                (ax + ux * 0.6, az + uz * 0.6), 1.3, gravel, rng)
    kit.add("solid", merge(parts))


BUILDERS = {
    "wall": wall, "fountain": fountain, "bench": bench, "arch": arch, "pergola": pergola, "cairn": cairn,
}
