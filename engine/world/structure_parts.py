"""What the structure builders share (structures.py runs them; furniture.py
and garden.py hold them): the Kit a build collects into, the Lamp a room
bakes its light from, and small mesh and colour helpers.

Builders make pieces in local space (front towards -z, base at y=0,
centred on x/z) and hand them, placed, to the Kit's layers; see
structures.py for the conventions every structure follows.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from engine.config.place import Structure
from engine.world.colour import mix, rgba
from engine.world.mesh import Mesh, _normalise, yaw_matrix
from engine.world.shapes import icosphere

# ---------------------------------------------------------------- mesh helpers

def rotate(m: Mesh, rx: float = 0.0, ry: float = 0.0, rz: float = 0.0) -> Mesh:
    """Rotate about x, then z, then y (degrees). x tips the top towards +z."""
    a, b = math.radians(rx), math.radians(rz)
    rot_x = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]], np.float32)
    rot_z = np.array([[math.cos(b), -math.sin(b), 0], [math.sin(b), math.cos(b), 0], [0, 0, 1]], np.float32)
    r = yaw_matrix(ry) @ rot_z @ rot_x
    out = m.copy()
    out.pos = (out.pos @ r.T).astype(np.float32)
    out.nrm = _normalise(out.nrm @ r.T)
    return out


def moved(m: Mesh, offset) -> Mesh:
    out = m.copy()
    out.pos = out.pos + np.asarray(offset, np.float32)
    return out


def soft_box(sx: float, sy: float, sz: float, rgba_=(1, 1, 1, 1), round_: float = 0.35,
             centre=(0.0, None, 0.0)) -> Mesh:
    """A box with rounded edges (a superellipsoid from a subdivided icosphere):
    cushions, upholstery, pillows. Base at y=0 unless centre[1] is given."""
    s = icosphere(radius=1.0, subdiv=1)
    u = s.pos.astype(np.float64)
    half = np.array([sx / 2, sy / 2, sz / 2])
    p = np.sign(u) * np.abs(u) ** round_ * half
    n = np.sign(u) * np.abs(u) ** (2 - round_) / half
    cy = sy / 2 if centre[1] is None else centre[1]
    p = p + np.array([centre[0], cy, centre[2]])
    m = Mesh(p.astype(np.float32), _normalise(n.astype(np.float32)),
             np.tile(np.asarray(rgba_, np.float32), (len(p), 1)), np.zeros(len(p), np.float32), s.tri.copy())
    return m


def grid_quad(w: float, h: float, nu: int, nv: int, rgba_=(1, 1, 1, 1)) -> Mesh:
    """A quad in the local x-y plane facing -z, from (-w/2, 0) to (w/2, h), split
    into nu x nv cells so baked point light falls off smoothly across it."""
    xs = np.linspace(-w / 2, w / 2, nu + 1, dtype=np.float32)
    ys = np.linspace(0, h, nv + 1, dtype=np.float32)
    x, y = np.meshgrid(xs, ys)
    pos = np.stack([x, y, np.zeros_like(x)], -1).reshape(-1, 3)
    n = nu + 1
    i, j = np.meshgrid(np.arange(nu), np.arange(nv))
    a = (j * n + i).ravel()
    # counter-clockwise seen from -z (right-handed terms, as shapes.py writes them)
    tri = np.concatenate([np.stack([a, a + n + 1, a + 1], 1), np.stack([a, a + n, a + n + 1], 1)])
    nrm = np.tile(np.array([0, 0, -1], np.float32), (len(pos), 1))
    col = np.tile(np.asarray(rgba_, np.float32), (len(pos), 1))
    return Mesh(pos, nrm, col, np.zeros(len(pos), np.float32), tri.astype(np.uint32))


def quad_uv(w: float, h: float, rgba_=(1, 1, 1, 1), uv=((-1, 0), (1, 0), (1, 1), (-1, 1)), y0: float = 0.0,
            phase: float = 0.0) -> tuple[Mesh, np.ndarray]:
    """A card in the x-y plane facing -z with uv per corner (bl, br, tr, tl)."""
    pos = np.array([(-w / 2, y0, 0), (w / 2, y0, 0), (w / 2, y0 + h, 0), (-w / 2, y0 + h, 0)], np.float32)
    nrm = np.tile(np.array([0, 0, -1], np.float32), (4, 1))
    col = np.tile(np.asarray(rgba_, np.float32), (4, 1))
    tri = np.array([(0, 2, 1), (0, 3, 2)], np.uint32)
    return Mesh(pos, nrm, col, np.full(4, phase, np.float32), tri), np.asarray(uv, np.float32)


def face_yaw(frm, to) -> float:
    """Yaw (deg) that turns a -z-facing card at `frm` to face the point `to`."""
    dx, dz = to[0] - frm[0], to[2] - frm[2]
    return math.degrees(math.atan2(-dx, -dz))


def colour_of(pal, ref: str | None, default: str, alpha: float = 1.0) -> np.ndarray:
    return rgba(pal.resolve(ref or default), alpha)


def shade(c, k: float) -> np.ndarray:
    out = np.asarray(c, np.float32).copy()
    out[:3] = np.clip(out[:3] * k, 0, 1)
    return out


def tint(a, b, t: float) -> np.ndarray:
    out = mix(a, b, t).astype(np.float32)
    out[3] = np.asarray(a)[3]
    return out


def size_of(s: Structure, default) -> tuple[float, float, float]:
    return tuple(float(v) for v in (s.size if s.size is not None else default))


def placed(m: Mesh, s: Structure) -> Mesh:
    return m.transformed(1.0, s.rotation, s.position)


# ---------------------------------------------------------------- collecting


@dataclass
class Lamp:
    """A baked point light indoors: position, radius (m), strength, and which
    light term it feeds ('fire' flickers with the fire; 'steady' does not)."""
    pos: tuple[float, float, float]
    radius: float
    strength: float
    term: str = "steady"
    warm: float = 0.0


@dataclass
class Kit:
    """What one build collects: meshes per layer, uv-carrying layers, lights
    and per-frame updaters, plus the context the builders need."""
    world: object
    rng: np.random.Generator
    layers: dict[str, list[Mesh]] = field(default_factory=dict)
    uvs: dict[str, list[np.ndarray]] = field(default_factory=dict)
    lights: list[Lamp] = field(default_factory=list)
    fires: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def place(self):
        return self.world.place

    @property
    def pal(self):
        return self.world.place.palette

    @property
    def seat(self) -> tuple[float, float, float]:
        return tuple(self.place.camera.position)

    def add(self, layer: str, mesh: Mesh, uv: np.ndarray | None = None) -> None:
        self.layers.setdefault(layer, []).append(mesh)
        if uv is not None:
            self.uvs.setdefault(layer, []).append(np.asarray(uv, np.float32).reshape(-1, 2))

    def ground(self, x: float, z: float) -> float:
        if self.place.indoor:
            return 0.0
        return float(self.world.heightfield.sample(np.float32(x), np.float32(z)))

