"""A soft glow at the edge of the view: the breathing halo and the
compassionate colour's mist. An elliptic ring of vertices round the middle
of the view (clear in the middle, so the centre of the view is never
covered), its gradient in the vertices' alpha; only its colour and opacity
change each frame, and both change smoothly.

It was a screen-sized quad with the gradient in a texture: every pixel of
the view was blended, clear ones too, 7.7-8.5 ms of a 1280x720 frame on
llvmpipe. Now the middle, where the glow adds less than half a level of
255, is not drawn at all, and few large triangles keep llvmpipe's blocks
whole: the breathing halo costs about half as much (docs/engine-findings.md)."""
from __future__ import annotations

import numpy as np
from panda3d.core import TransparencyAttrib
from ursina import Entity, Mesh, camera, color

from engine.ui.drawn import SEEN, drawn

RINGS = (4, 6)   # rings for a faint glow (at most 0.1 opacity) and for a stronger one
SQUASH = 0.8     # the ellipse's x weight: wider than tall, like the view


def edge_alpha(r: np.ndarray, inner: float = 0.45, power: float = 1.6) -> np.ndarray:
    """Alpha by elliptic radius r (0 in the middle, 1 at the corners): 0
    inside `inner`, rising smoothly to 1 at the corners."""
    a = np.clip((np.asarray(r, float) - inner) / (1 - inner), 0, 1)
    return (a * a * (3 - 2 * a)) ** power


def ring_mesh(inner: float, most: float = 1.0, power: float = 1.6) -> Mesh:
    """Rings from where the gradient at its strongest (`most`) first shows
    (half a level of 255) out past the view's corners, in the unit quad's
    coordinates (-0.5..0.5), white with the gradient's alpha."""
    a = np.linspace(0, 1, 1001)
    shows = np.flatnonzero(edge_alpha(inner + (1 - inner) * a, inner, power) * most * 255 >= 0.5)
    start = inner + (1 - inner) * a[max(shows[0] - 1, 0)] if shows.size else inner
    rings = RINGS[0] if most <= 0.1 else RINGS[1]   # each within 1 (faint) or 3 levels of 255 of the exact gradient
    segments = 4 * rings   # every triangle of the ring is blended: fewer, larger ones are cheaper
    radii = start + (1 - start) * np.linspace(0, 1, rings + 1)
    ang = np.arange(segments) * 2 * np.pi / segments
    k = np.sqrt(1 + SQUASH)
    x = np.outer(radii * k / np.sqrt(SQUASH), np.cos(ang)) / 2
    y = np.outer(radii * k, np.sin(ang)) / 2
    alpha = np.repeat(edge_alpha(radii, inner, power), segments)
    verts = [(float(a), float(b), 0.0) for a, b in zip(x.ravel(), y.ravel())]
    tris = []
    for ring in range(rings):
        a0, b0 = ring * segments, (ring + 1) * segments
        for i in range(segments):
            j = (i + 1) % segments
            tris += [a0 + i, b0 + j, b0 + i, a0 + i, a0 + j, b0 + j]
    colours = [(1.0, 1.0, 1.0, float(a)) for a in alpha]
    return Mesh(vertices=verts, triangles=tris, colors=colours, mode="triangle")


class Halo(Entity):
    def __init__(self, rgb, inner: float = 0.45, most: float = 0.12, z: float = 5):
        super().__init__(parent=camera.ui, model=ring_mesh(inner, most), scale=(camera.aspect_ratio * 1.02, 1.02), z=z,
                         color=color.rgba(1, 1, 1, 0))   # a colour scale: the gradient's alpha times this
        self.setTransparency(TransparencyAttrib.M_alpha)
        self.setTwoSided(True)
        self.rgb = tuple(float(c) for c in rgb)
        self.most = most
        self.hide()   # drawn only while it can be seen (drawn.drawn)

    def follow(self, aspect: float) -> None:
        """Reach the window's sides again after it changed shape."""
        self.scale_x = aspect * 1.02

    def present(self, amount: float, rgb=None) -> None:
        """amount 0..1 of the halo's full (gentle) strength."""
        if rgb is not None:
            self.rgb = tuple(float(c) for c in rgb)
        a = max(0.0, min(1.0, amount)) * self.most
        drawn(self, a)   # shown or hidden only on a change (Ursina's `enabled` re-stashes on every assignment)
        if a > SEEN:
            self.color = color.rgba(*self.rgb, a)
