"""A soft glow at the edge of the view: the breathing halo and the
compassionate colour's mist. A screen-sized quad with a radial gradient
(clear in the middle, so the centre of the view is never covered); only its
colour and opacity change each frame, and both change smoothly."""
from __future__ import annotations

import numpy as np
from PIL import Image
from ursina import Entity, Texture, camera, color


def edge_gradient(size: int = 128, inner: float = 0.45, power: float = 1.6) -> np.ndarray:
    """Alpha 0 inside `inner` of the half-diagonal, rising smoothly to 1 at the corners."""
    y, x = np.mgrid[-1:1:size * 1j, -1:1:size * 1j]
    r = np.sqrt(x * x * 0.8 + y * y) / np.sqrt(1.8)
    a = np.clip((r - inner) / (1 - inner), 0, 1)
    return (a * a * (3 - 2 * a)) ** power


class Halo(Entity):
    def __init__(self, rgb, inner: float = 0.45, most: float = 0.12, z: float = 5):
        alpha = (edge_gradient(inner=inner) * 255).astype(np.uint8)
        img = np.dstack([np.full_like(alpha, 255)] * 3 + [alpha])
        super().__init__(parent=camera.ui, model="quad", texture=Texture(Image.fromarray(img, "RGBA")),
                         scale=(camera.aspect_ratio * 1.02, 1.02), z=z, color=color.rgba(1, 1, 1, 0))
        self.rgb = tuple(float(c) for c in rgb)
        self.most = most
        self.enabled = False

    def present(self, amount: float, rgb=None) -> None:
        """amount 0..1 of the halo's full (gentle) strength."""
        if rgb is not None:
            self.rgb = tuple(float(c) for c in rgb)
        a = max(0.0, min(1.0, amount)) * self.most
        self.enabled = a > 0.002
        if self.enabled:
            self.color = color.rgba(*self.rgb, a)
