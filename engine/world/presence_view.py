"""The presence in the scene: the pure model (engine/presence.py) placed,
turned and lit each frame from the director's cues and the person's settings.

It stands on the ground along the place's bearing from the seat; its events
(appear, approach, arrive, welcome, retreat, titrate) go to the session's
event log with the time and distances.
"""
from __future__ import annotations

import math

from engine.presence import PresenceModel, Wish, position
from engine.world.colour import rgb
from engine.world.presence_forms import build_form


class PresenceView:
    def __init__(self, world, director, settings):
        self.world = world
        self.director = director
        p = world.place.presence
        self.spec = p
        self.settings = settings
        colour = p.colour if p.colour.startswith("#") else world.place.palette.resolve(p.colour)
        self.form = build_form(p.form, world.root, rgb(colour), self.size, p.animal, world.rig.sun_dir)
        self.model = PresenceModel(p.start_distance, self.set_distance)
        self.last_t: float | None = None
        self.world_pos = (0.0, 0.0, 0.0)
        self.form.root.hide()

    # -- titration (the person's settings, live) -------------------------
    @property
    def set_distance(self) -> float:
        return self.settings.presence_distance or self.spec.distance

    @property
    def warmth(self) -> float:
        w = self.settings.presence_warmth
        return self.spec.warmth if w is None else w

    @property
    def size(self) -> float:
        return self.settings.presence_size or self.spec.size

    def titrate(self, t: float, settings) -> None:
        """New settings from a key or the therapist: every change glides
        (the model moves at its own calm pace toward the new goal)."""
        self.settings = settings
        self.director.log.emit(t, "presence.titrate", set_distance=round(self.set_distance, 3),
                               warmth=round(self.warmth, 3), away=settings.presence_away)

    # -- per frame -------------------------------------------------------
    def update(self, t: float, state, cam_pos) -> None:
        dt = 0.0 if self.last_t is None else max(0.0, t - self.last_t)
        self.last_t = t
        pres = state.presence
        far = max(self.spec.start_distance, self.set_distance)
        wish = Wish(seen=pres.get("seen", 0.0), near=pres.get("near", 0.0), welcome=pres.get("welcome", 0.0),
                    breath=state.breath_level * state.breath_amount, set_distance=self.set_distance,
                    start_distance=far, warmth=self.warmth, away=self.settings.presence_away)
        s = self.model.step(t, dt, wish)
        for e in s.events:
            self.director.log.emit(e.pop("t"), e.pop("kind"), frame=round(t, 4), **e)
        if s.visible <= 0.001 or self.spec.form in ("none", "sky"):
            self.form.root.hide()
            return
        self.form.root.show()
        cam = self.world.place.camera
        seat = (cam.position[0], 0.0, cam.position[2])
        x, z = position(seat, cam.yaw, self.spec.bearing, s.distance)
        y = float(self.world.heightfield.sample(x, z))
        if self.world.place.indoor:
            y = 0.0
        self.world_pos = (x, y, z)
        # face the seat, less whatever it has still to turn
        toward = math.degrees(math.atan2(seat[0] - x, seat[2] - z))
        self.form.root.setPos(x, y, z)
        self.form.root.setH(-(toward + s.yaw_to_person))
        self.form.root.setScale(self.size)
        self.form.animate(t, s.glow, s.welcome, wish.breath, s.visible)

    def distance_to(self, cam_pos) -> float:
        """Ground distance from the seat to the presence (tests measure this)."""
        x, _, z = self.world_pos
        return math.hypot(x - cam_pos[0], z - cam_pos[2])

    def destroy(self) -> None:
        self.form.destroy()
