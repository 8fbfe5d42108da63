"""The breathing guides drawn over the view, for a person who would rather
follow a shape than the place's own light: a bloom in the lower middle
whose petals open as the breath comes in and fold as it goes out, and a
slow tide line that rises and falls. Both sit above the captions, change
only their size, place and opacity each frame (a slow swell, never a
flash) and read the pacer through core/pacer_guide.py.
"""
from __future__ import annotations

import numpy as np
from PIL import Image
from ursina import Entity, Texture, camera, color

from engine.core.pacer_guide import brightness, paced

CENTRE_Y = -0.13      # the lower middle of the view, clear of the captions (centred at -0.33)
PETALS = 7


def _petal_texture(size: int = 64) -> Texture:
    """A soft, rounded petal: bright along its middle, fading to clear at its edge."""
    y, x = np.mgrid[0:1:size * 1j, -1:1:size * 1j]
    width = np.sin(np.pi * np.clip(y, 0, 1)) ** 0.8 * 0.9 + 1e-3
    a = np.clip(1 - (x / width) ** 2, 0, 1) * np.clip(1 - (2 * y - 1) ** 8, 0, 1)
    return _rgba(a ** 1.2)


def _band_texture(w: int = 128, h: int = 32) -> Texture:
    """A soft line of light: a bell across its height, fading at both ends."""
    y, x = np.mgrid[-1:1:h * 1j, -1:1:w * 1j]
    a = np.exp(-4.5 * y * y) * np.clip(1 - x ** 6, 0, 1)
    return _rgba(a)


def _rgba(alpha: np.ndarray) -> Texture:
    a = (np.clip(alpha, 0, 1) * 255).astype(np.uint8)
    return Texture(Image.fromarray(np.dstack([np.full_like(a, 255)] * 3 + [a]), "RGBA"))


class _Guide(Entity):
    """What the bloom and the tide share: shown only while their weight is
    above nothing (Ursina is told only when that changes: setting `enabled`
    stashes or unstashes the node every time), drawn from how far the breath
    has opened (u) and how bright it is (a)."""

    def present(self, level: float, amount: float, weight: float) -> None:
        shown = weight > 0.002
        if shown != self.enabled:
            self.enabled = shown
        if shown:
            self._draw(paced(level, amount), brightness(level, amount) * weight)

    def _draw(self, u: float, a: float) -> None:
        raise NotImplementedError


class Bloom(_Guide):
    """Petals around a small heart: open and wide at the top of a breath,
    folded small at its end."""

    def __init__(self, rgb):
        super().__init__(parent=camera.ui, position=(0, CENTRE_Y), z=3)
        tex = _petal_texture()
        self.rgb = tuple(float(c) for c in rgb)
        self.petals = [Entity(parent=self, model="quad", texture=tex, origin=(0, -0.5), rotation_z=360 * i / PETALS,
                              color=color.rgba(1, 1, 1, 0)) for i in range(PETALS)]
        self.heart = Entity(parent=self, model="quad", texture=_petal_texture(), scale=0.03, color=color.rgba(1, 1, 1, 0))
        self.enabled = False

    def _draw(self, u: float, a: float) -> None:
        length = 0.07 + 0.09 * u
        for i, p in enumerate(self.petals):
            p.scale = (0.045 + 0.035 * u, length)
            p.rotation_z = 360 * i / PETALS + 8 * (1 - u)   # a slight turn as it folds
            p.color = color.rgba(*self.rgb, 0.8 * a)
        self.heart.color = color.rgba(*self.rgb, 0.9 * a)


class Tide(_Guide):
    """A soft line of light across the lower view that rises as the breath
    comes in and sinks back as it goes out, like a slow tide."""

    LOW, HIGH = -0.25, -0.07

    def __init__(self, rgb):
        super().__init__(parent=camera.ui, model="quad", texture=_band_texture(), z=3,
                         scale=(self.width(camera.aspect_ratio), 0.07), y=self.LOW, color=color.rgba(1, 1, 1, 0))
        self.rgb = tuple(float(c) for c in rgb)
        self.enabled = False

    @staticmethod
    def width(aspect: float) -> float:
        return min(aspect * 0.7, 1.3)

    def _draw(self, u: float, a: float) -> None:
        self.y = self.LOW + (self.HIGH - self.LOW) * u
        self.scale_y = 0.07 + 0.1 * u
        self.color = color.rgba(*self.rgb, a)


class PacerGuides:
    """The bloom and the tide, each shown as much as the director says."""

    def __init__(self, rgb):
        light = np.asarray(rgb, float)
        pale = tuple(float(v) for v in np.clip(0.4 * light / max(light.max(), 1e-6) + 0.6, 0, 1))
        self.bloom = Bloom(pale)
        self.tide = Tide(pale)

    def present(self, state) -> None:
        guide = state.guide or {}
        self.bloom.present(state.breath_level, state.breath_amount, guide.get("bloom", 0.0))
        self.tide.present(state.breath_level, state.breath_amount, guide.get("tide", 0.0))

    def follow(self, aspect: float) -> None:
        self.tide.scale_x = Tide.width(aspect)

    def destroy(self) -> None:
        from ursina import destroy
        destroy(self.bloom)
        destroy(self.tide)

