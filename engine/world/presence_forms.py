"""The presence's forms: what it looks like, and its small idle motions.

Every form is built under one NodePath whose origin sits on the ground under
the presence and whose +z axis faces the person once it has turned toward
them (presence_view turns and places it). `animate(...)` is called every
frame with the time, how strongly it glows, how glad it shows itself, the
breath level and how visible it is; all motion is slow and small (breathing,
an ear or a tail, a gentle sway) so nothing ever startles.

Forms:
- light   a soft being of light: a glowing core, a halo, a few drifting motes
- sky     no figure: the place's light itself answers (the world's tint)
- none    nothing
- animal / tree / figure: modelled forms (the engine/world/presence package)

`Form` (presence/base.py) and `Halo` (world/glow.py) are what every form is built on.
"""
from __future__ import annotations

import math

import numpy as np
from panda3d.core import NodePath

from engine.world import presence
from engine.world.mesh import merge
from engine.world.presence.base import Form, Halo, card_mesh

def rich(rgb, saturation: float, value: float = 1.0) -> np.ndarray:
    """The colour with at least this saturation (hue kept) and at most this
    value: a pale cream becomes a warm amber, so a light reads in its colour."""
    import colorsys
    r, g, b = (float(min(max(c, 0.0), 1.0)) for c in rgb)
    h, sat, v = colorsys.rgb_to_hsv(r, g, b)
    return np.asarray(colorsys.hsv_to_rgb(h, max(sat, saturation), min(v, value)), np.float32)


class LightForm(Form):
    """A soft being of light, floating a little below eye height: a warm core
    in the person's colour (richer than it, so a pale colour still reads
    warm, and never painted white), an inner and a wide outer glow (a little
    taller than wide, like a standing being rather than a sun), a pool of
    its light on the ground below, and motes that rise slowly around it and
    fade. Every layer is blended over the scene, not added to it, so a light
    against a bright sky never clips to glare; the brightest point is the
    colour lightened (HOT of the way to white)."""
    kind = "light"
    height = 1.25
    MOTES = 12
    HOT = 0.7

    def __init__(self, parent: NodePath, rgb, size: float = 1.0):
        super().__init__(parent, rgb, size)
        h = self.height
        self.pool = Halo(self.root, 1.3, 0.04, self.rgb, softness=2.5, flat=True)
        # drawn back to front (each a little further from the person), so
        # the bright centre is always over its glow
        self.outer = Halo(self.root, 1.5, h, self.rgb, softness=2.4, ground=h, back=0.3)
        self.inner = Halo(self.root, 0.8, h, self.rgb, softness=3.0, hot=0.2, ground=h, back=0.15)
        self.core = Halo(self.root, 0.4, h, self.rgb, softness=4.5, hot=0.4, ground=h)
        self.halo = self.outer
        self.level = 0.0          # the core's strength this frame (tests read it)
        self._colours(self.rgb)
        rng = np.random.default_rng(7)
        # per mote: angle, radius, rise speed, life offset, size
        self._motes = np.stack([rng.uniform(0, 2 * math.pi, self.MOTES), rng.uniform(0.25, 0.75, self.MOTES),
                                rng.uniform(0.05, 0.09, self.MOTES), rng.uniform(0, 1, self.MOTES),
                                rng.uniform(0.04, 0.07, self.MOTES)], 1).astype(np.float32)
        self.motes = [Halo(self.root, float(m[4]), h, self.rgb, softness=3.0, hot=0.6) for m in self._motes]

    def _colours(self, rgb) -> None:
        c = np.asarray(rgb, np.float32)
        self._deep = rich(c, 0.58, 0.95)           # the core and the inner glow
        self._soft = rich(c, 0.45, 0.95)           # the wide glow, the pool and the motes
        self._hot = np.clip(self._deep * (1 - self.HOT) + np.array([1.0, 0.97, 0.9]) * self.HOT, 0, 1)

    def set_colour(self, rgb) -> None:
        super().set_colour(rgb)
        self._colours(self.rgb)

    def animate(self, t: float, glow: float, welcome: float, breath: float, visible: float) -> None:
        v = max(0.0, min(visible, 1.0))
        bright = v * (0.55 + 0.45 * glow)
        b = 0.5 + 0.5 * math.sin(2 * math.pi * t / 5.5)        # an idle breath when no pacer runs
        swell = 0.7 * breath + 0.3 * b
        bob = 0.0 if self.steady else 0.05 * math.sin(2 * math.pi * t / 7.0)
        h = self.height + bob
        deep, soft = self._deep, self._soft
        for halo in (self.outer, self.inner, self.core):
            halo.np.setY(h)
        self.core.set(deep, bright * (0.78 + 0.08 * swell + 0.08 * welcome), hot=self._hot)
        self.core.resize(1.0 + 0.1 * swell + 0.12 * welcome, 1.12)
        self.inner.set(deep, bright * (0.4 + 0.1 * swell + 0.12 * welcome))
        self.inner.resize(1.0 + 0.08 * swell + 0.2 * welcome, 1.25)
        self.outer.set(soft, bright * (0.24 + 0.06 * swell + 0.14 * welcome))
        self.outer.resize(1.0 + 0.06 * swell + 0.3 * welcome, 1.3)
        self.pool.set(soft, bright * (0.3 + 0.12 * welcome))
        self.pool.resize(1.0 + 0.2 * welcome)
        self.level = bright * (0.78 + 0.08 * swell + 0.08 * welcome)   # the core's strength (tests read it)
        for halo, (a, r, rise, off, _) in zip(self.motes, self._motes):
            life = (t * rise / 1.6 + off) % 1.0                  # 0..1 from the ground up
            ang = a + t * 0.15 * (1.0 if a > math.pi else -1.0)
            rr = r * (1.0 + 0.3 * math.sin(t * 0.2 + a))
            halo.np.setPos(rr * math.cos(ang), 0.25 + 1.9 * life + bob, rr * math.sin(ang))
            fade = math.sin(math.pi * life) ** 2                  # born and gone softly
            halo.set(soft, bright * fade * 0.8, hot=self._hot)


class SkyForm(Form):
    """No figure: the place itself answers. The director warms and brightens
    the place's light (and brings its sound a little forward on the welcome)
    for a 'sky' presence; here the sky dome answers too: its horizon and
    zenith warm softly toward the presence's colour and the sun's glow
    grows, breathing with the pacer. `response` (0..1) is how much."""
    kind = "sky"

    def __init__(self, parent: NodePath, rgb, size: float = 1.0):
        super().__init__(parent, rgb, size)
        self.sky: NodePath | None = None
        self.response = 0.0
        self.horizon_now: np.ndarray | None = None

    def attach(self, world) -> None:
        from engine.world.colour import rgb as hex_rgb
        pal = world.place.palette
        self.sky = world.sky
        self.top = np.asarray(hex_rgb(pal.sky_top), np.float32)
        self.horizon = np.asarray(hex_rgb(pal.sky_horizon), np.float32)

    def animate(self, t: float, glow: float, welcome: float, breath: float, visible: float) -> None:
        v = max(0.0, min(visible, 1.0))
        r = v * max(0.0, glow) * (0.55 + 0.45 * welcome) * (0.88 + 0.24 * max(0.0, min(breath, 1.0)))
        self.response = r = min(r, 1.0)
        if self.sky is None:
            return
        warm = np.asarray(self.rgb, np.float32)
        horizon = np.clip((self.horizon * (1 - 0.3 * r) + warm * 0.3 * r) * (1 + 0.05 * r), 0, 1)
        top = np.clip((self.top * (1 - 0.12 * r) + warm * 0.12 * r) * (1 + 0.04 * r), 0, 1)
        self.horizon_now = horizon
        self.sky.setShaderInput("u_horizon", tuple(float(c) for c in horizon))
        self.sky.setShaderInput("u_top", tuple(float(c) for c in top))
        self.sky.setShaderInput("u_glow", float(1.0 + 0.8 * r))

    def destroy(self) -> None:
        if self.sky is not None and not self.sky.isEmpty():
            self.sky.setShaderInput("u_horizon", tuple(float(c) for c in self.horizon))
            self.sky.setShaderInput("u_top", tuple(float(c) for c in self.top))
            self.sky.setShaderInput("u_glow", 1.0)
        super().destroy()


def build_form(kind: str, parent: NodePath, rgb, size: float = 1.0, animal: str | None = None,
               sun_dir=None) -> Form:
    """The presence's form for a place (`none` gives an empty one)."""
    if kind == "light":
        return LightForm(parent, rgb, size)
    if kind == "sky":
        return SkyForm(parent, rgb, size)
    if kind in ("animal", "tree", "figure"):
        return presence.build(kind, parent, rgb, size, animal, sun_dir)
    return Form(parent, rgb, size)


__all__ = ["Form", "Halo", "LightForm", "SkyForm", "build_form", "card_mesh", "merge", "rich"]
