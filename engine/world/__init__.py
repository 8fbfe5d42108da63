"""Ursina/Panda3D layer: builds a place's scene and updates it from the clock.

The world keeps no time of its own: `World.update(t, cam_pos)` is called with
the session clock's time every frame (real time in the app, fixed steps in
render), and everything that moves is a function of t.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from panda3d.core import NodePath

from engine.config.place import Place
from engine.world import shaders
from engine.world.bins import GROUND_BIN, ensure_bins
from engine.world.colour import vec
from engine.world.flora import build_flora, build_flora_naive
from engine.world.lighting import LightRig, light_rig
from engine.world.mesh import to_geom_node
from engine.world.sky import build_sky, sky_look
from engine.world.terrain import Heightfield, build_heightfield, terrain_mesh
from engine.world.water import build_water

WIND = {"dawn": 0.05, "day": 0.08, "golden-hour": 0.07, "dusk": 0.05, "night": 0.04}


@dataclass
class World:
    place: Place
    root: NodePath
    rig: LightRig
    heightfield: Heightfield
    sky: NodePath
    parts: dict[str, NodePath] = field(default_factory=dict)
    updaters: list = field(default_factory=list)
    key_gain: float = 1.0
    ambient_gain: float = 1.0
    tint: tuple[float, float, float] = (1.0, 1.0, 1.0)
    """Multiplies the key light's colour (warmth cues, the compassionate colour)."""
    naive_entities: list = field(default_factory=list)
    breath_light: object | None = None
    """The place's own breathing light (world/breath_light.py); a practice drives it."""
    unseen_from_seat: list = field(default_factory=list)
    """Nodes the seat's eye cannot see (behind a summit's brow): shown only
    while walking about, so the seated frame does not rasterise them."""
    backdrop: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """The sky's colour below the horizon: what the window clears to while
    the world is shown (the dome stops a little below the horizon)."""
    _backdrop_before: object = None

    @property
    def ground(self) -> float:
        """Height of the ground at the seat; the camera's eye height adds to it."""
        cam = self.place.camera.position
        return float(self.heightfield.sample(cam[0], cam[2]))

    def update(self, t: float, cam_pos: tuple[float, float, float]) -> None:
        """Set every time-driven value for time t. cam_pos in Ursina axes."""
        x, y, z = cam_pos
        self.root.setShaderInput("u_time", float(t))
        self.root.setShaderInput("u_cam", (float(x), float(y), float(z)))
        self.sky.setPos(x, y, z)
        self.root.setShaderInput("u_key", vec(self.rig.key * self.key_gain * np.asarray(self.tint, np.float32)))
        self.root.setShaderInput("u_ambient", vec(self.rig.ambient * self.ambient_gain))
        for fn in self.updaters:
            fn(t, cam_pos)

    def set_explore(self, on: bool) -> None:
        """Walking about, blades are seen from every side: draw flora two-sided
        (it costs more); from the seat every blade already faces the viewer."""
        flora = self.parts.get("flora")
        if flora is not None:
            flora.setTwoSided(on)
        for node in self.unseen_from_seat:
            node.show() if on else node.hide()

    def show_backdrop(self) -> None:
        """Clear the window to the sky's colour below the horizon (put back by destroy)."""
        from ursina import window
        self._backdrop_before = window.color
        window.color = (*self.backdrop, 1.0)

    def destroy(self) -> None:
        from ursina import destroy, window
        if self._backdrop_before is not None:
            window.color = self._backdrop_before
            self._backdrop_before = None
        for e in self.naive_entities:
            destroy(e)
        self.naive_entities.clear()
        self.root.removeNode()

    def count_nodes(self) -> int:
        return self.root.findAllMatches("**").getNumPaths()


def build_world(place: Place, parent: NodePath, seed: int | None = None, naive: bool = False) -> World:
    """Build the place under `parent`. `naive` builds flora one Entity per object
    (the benchmark's baseline only)."""
    rng = np.random.default_rng(place.seed if seed is None else seed)
    ensure_bins()
    root = parent.attachNewNode(f"world-{place.name}")
    rig = light_rig(place)
    _set_common_inputs(root, place, rig)
    root.setShader(shaders.lit())
    hf = build_heightfield(place)
    world = World(place, root, rig, hf, build_sky(place, rig, root))
    world.backdrop = tuple(float(c) for c in sky_look(place, rig).below)
    world.show_backdrop()
    world.parts["terrain"] = root.attachNewNode(to_geom_node(terrain_mesh(place, hf), "terrain", rig.sun_dir))
    world.parts["terrain"].setBin(GROUND_BIN, 0)
    water = build_water(place, hf, root)
    if water is not None:
        world.parts["water"] = water
    if naive:
        world.parts["flora"], world.naive_entities = build_flora_naive(place, hf, root, rng, rig.sun_dir)
    else:
        world.parts["flora"] = build_flora(place, hf, root, rng, rig.sun_dir)
    _build_optional(world, rng)
    from engine.world.breath_light import BreathLight
    world.breath_light = BreathLight(place, hf, root, rig.sun_dir)
    world.set_explore(place.camera.mode == "explore")
    if place.indoor:  # the room hides sky and ground; the window draws its own view
        world.sky.hide()
        world.parts["terrain"].hide()
    world.update(0.0, (place.camera.position[0], world.ground + place.camera.position[1], place.camera.position[2]))
    return world


def _build_optional(world: World, rng: np.random.Generator) -> None:
    """Structures, particles and presence live in their own modules; each
    registers nodes and per-frame updaters on the world."""
    from engine.world import extras
    extras.build_all(world, rng)


def _set_common_inputs(root: NodePath, place: Place, rig: LightRig) -> None:
    root.setShaderInput("u_time", 0.0)
    root.setShaderInput("u_sun_dir", rig.panda_sun())
    root.setShaderInput("u_key", vec(rig.key))
    root.setShaderInput("u_ambient", vec(rig.ambient))
    root.setShaderInput("u_fog_col", vec(rig.fog))
    root.setShaderInput("u_fog_range", rig.fog_range)
    root.setShaderInput("u_wind", WIND[place.time_of_day])
    root.setShaderInput("u_glow", 1.0)
    root.setShaderInput("u_cam", (0.0, 1.2, 0.0))
