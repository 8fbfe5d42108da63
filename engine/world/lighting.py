"""The light rig by time of day: sun direction, key and ambient colour, fog.

Pure numpy (no Ursina): the world sets these as shader uniforms each frame,
scaled by whatever the practice asks (breathing light, warmth cues).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.config.place import Place
from engine.world.colour import mix, rgb

# (elevation deg, azimuth deg from +z toward +x, key strength, ambient strength)
SUN = {
    "dawn": (10.0, -35.0, 0.8, 0.72),
    "day": (52.0, 150.0, 0.95, 0.62),
    "golden-hour": (13.0, 28.0, 0.95, 0.72),
    "dusk": (5.0, 20.0, 0.6, 0.66),
    "night": (21.0, -20.0, 0.55, 0.7),   # the moon low enough to be seen from the seat
}


@dataclass(frozen=True)
class LightRig:
    sun_dir: np.ndarray      # unit vector toward the sun/moon, Ursina axes (y up)
    key: np.ndarray          # rgb
    ambient: np.ndarray      # rgb
    fog: np.ndarray          # rgb
    fog_range: tuple[float, float]
    celestial: str           # "sun" or "moon"

    def panda_sun(self) -> tuple[float, float, float]:
        return tuple(float(v) for v in self.sun_dir)


def sun_direction(elevation_deg: float, azimuth_deg: float) -> np.ndarray:
    e, a = np.radians(elevation_deg), np.radians(azimuth_deg)
    return np.array([np.cos(e) * np.sin(a), np.sin(e), np.cos(e) * np.cos(a)], np.float32)


def light_rig(place: Place) -> LightRig:
    elev, az, key_s, amb_s = SUN[place.time_of_day]
    pal = place.palette
    strength = place.light_strength
    key = rgb(pal.light) * key_s * strength * 1.05
    # a cool fill from the open sky against the warm key (the sun): shaded sides lean blue
    ambient = mix(rgb(pal.sky_top), rgb(pal.sky_horizon), 0.32) * amb_s * (0.8 + 0.2 * strength)
    if place.indoor:
        ambient = mix(ambient, rgb(pal.light), 0.5) * 0.9
    fog = rgb(pal.resolve("fog"))
    return LightRig(sun_direction(elev, az), key.astype(np.float32), ambient.astype(np.float32),
                    fog, (place.fog.start, place.fog.end),
                    "moon" if place.time_of_day == "night" else "sun")
