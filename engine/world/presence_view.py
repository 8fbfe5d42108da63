"""The presence in the scene: the pure model (engine/core/presence.py) placed,
turned and lit each frame from the director's cues and the person's settings.

It stands on the ground at the model's distance and bearing from the seat;
its events (appear, approach, arrive, welcome, retreat, titrate) go to the
session's event log with the time and distances.

The person's titration is per place (`Settings.presence_for(place)`):
distance, warmth, size, colour, sent back, in view or out of view. Every
change glides in the model; `titrate` logs the new values.
"""
from __future__ import annotations

import math

from engine.core.presence import PresenceModel, Wish, position, setting, with_qualities
from engine.world.colour import rgb
from engine.world.presence_forms import SkyForm, build_form

JUMP_S = 1.5       # a first frame later than this (render --start) is a jump
REPLAY_DT = 0.1    # the step the model is replayed at over a jump

WARM_PRESETS = ("#ffc89a", "#f4a7a0", "#ffd27f", "#e8b4d8")
"""Haven's warm colours offered after the place's own (peach, rose, gold, heather)."""


class PresenceView:
    def __init__(self, world, director, settings):
        self.world = world
        self.director = director
        p = world.place.presence
        self.spec = p
        self.place_name = world.place.name
        self.settings = settings
        size, colour = self._shaped()
        self.form = build_form(p.form, world.root, colour, size, p.animal, world.rig.sun_dir)
        # 'steady' eyes, or a strong figure: it holds still (no idle sway of the head)
        self.form.steady = p.gaze == "steady" or "strength" in p.qualities
        if isinstance(self.form, SkyForm):
            self.form.attach(world)
        self.model = self._new_model()
        self._shown_colour = tuple(colour)
        self.last_t: float | None = None
        self.world_pos = (0.0, 0.0, 0.0)
        self.form.root.hide()

    def _new_model(self) -> PresenceModel:
        size, colour = self._shaped()
        return PresenceModel(self.spec.start_distance, self.set_distance, warmth=self.warmth, size=size,
                             colour=colour, bearing=self.spec.bearing, in_view=self.in_view)

    # -- titration (the person's settings, live) -------------------------
    @property
    def choice(self):
        return self.settings.presence_for(self.place_name)

    @property
    def setting(self):
        """The person's setting for this place's presence (engine/core/presence.py)."""
        return setting(self.spec, self.choice)

    @property
    def set_distance(self) -> float:
        return self.setting.distance

    @property
    def warmth(self) -> float:
        return self.setting.warmth

    @property
    def size(self) -> float:
        return self.setting.size

    @property
    def colour_hex(self) -> str:
        return self.choice.colour or self.world.place.palette.resolve(self.spec.colour)

    @property
    def in_view(self) -> bool:
        return self.setting.in_view

    @property
    def away(self) -> bool:
        return self.setting.away

    def colour_presets(self) -> list[str]:
        """A few warm colours to step through: the place's own first."""
        pal = self.world.place.palette
        out: list[str] = []
        for c in (pal.resolve(self.spec.colour), pal.light, pal.accent, *WARM_PRESETS):
            c = c.lower()
            if c not in out:
                out.append(c)
        return out

    def next_colour(self) -> str:
        presets = self.colour_presets()
        now = self.colour_hex.lower()
        i = presets.index(now) if now in presets else -1
        return presets[(i + 1) % len(presets)]

    def _shaped(self) -> tuple[float, tuple[float, float, float]]:
        """Size and colour as the form shows them (qualities nudge both a little)."""
        return with_qualities(self.size, rgb(self.colour_hex), self.spec.qualities)

    def titrate(self, t: float, settings, what: str | None = None) -> None:
        """New settings from a key or the therapist: every change glides
        (the model moves and fades at its own calm pace toward them)."""
        self.settings = settings
        self.director.presence_titrated(t, self.warmth, self.away)
        self.director.log.emit(t, "presence.titrate", **({"what": what} if what else {}),
                               set_distance=round(self.set_distance, 3), warmth=round(self.warmth, 3),
                               size=round(self.size, 3), colour=self.colour_hex, away=self.away,
                               in_view=self.in_view)

    # -- per frame -------------------------------------------------------
    def wish(self, state) -> Wish:
        pres = state.presence
        size, colour = self._shaped()
        return Wish(seen=pres.get("seen", 0.0), near=pres.get("near", 0.0), welcome=pres.get("welcome", 0.0),
                    breath=state.breath_level * state.breath_amount, set_distance=self.set_distance,
                    start_distance=max(self.spec.start_distance, self.set_distance), warmth=self.warmth,
                    away=self.away, in_view=self.in_view, size=size, colour=colour,
                    bearing=self.spec.bearing, gaze=self.spec.gaze)

    def _jumped(self, t: float) -> bool:
        """A first frame well into the practice, or time going back (a seek
        back). A long frame forward needs nothing: the model's glides are
        exact for any step."""
        if self.last_t is None:
            return t > JUMP_S
        return t < self.last_t - 1e-6

    def _replay(self, t: float) -> None:
        """After a jump in time, the presence is where playing straight to t
        would have put it: a fresh model is stepped from 0 to t on the
        director's values then (its events are not logged again: the seek
        is logged as one event)."""
        self.model = self._new_model()
        steps = int(t / REPLAY_DT)
        for i in range(steps):
            now = i * REPLAY_DT
            self.model.step(now, REPLAY_DT if i else 0.0, self.wish(self.director.state(now)))
        self.last_t = (steps - 1) * REPLAY_DT if steps else None

    def update(self, t: float, state, cam_pos) -> None:
        if self._jumped(t):
            self._replay(t)
        dt = 0.0 if self.last_t is None else max(0.0, t - self.last_t)
        self.last_t = t
        wish = self.wish(state)
        s = self.model.step(t, dt, wish)
        for e in s.events:
            self.director.log.emit(e.pop("t"), e.pop("kind"), frame=round(t, 4), **e)
        if s.colour is not None and max(abs(a - b) for a, b in zip(s.colour, self._shown_colour)) > 1e-4:
            self.form.set_colour(s.colour)
            self._shown_colour = s.colour
        if self.spec.form == "sky":     # the place itself answers: no figure
            self.form.animate(t, s.glow, s.welcome, wish.breath, s.visible)
            return
        if s.visible <= 0.001 or self.spec.form == "none":
            self.form.root.hide()
            return
        self.form.root.show()
        cam = self.world.place.camera
        seat = (cam.position[0], 0.0, cam.position[2])
        x, z = position(seat, cam.yaw, s.bearing, s.distance)
        y = float(self.world.heightfield.sample(x, z))
        if self.world.place.indoor:
            y = 0.0
        self.world_pos = (x, y, z)
        # face the eye (the seat, as the camera drifts a little about it),
        # less whatever it has still to turn
        toward = math.degrees(math.atan2(cam_pos[0] - x, cam_pos[2] - z))
        self.form.root.setPos(x, y, z)
        self.form.root.setH(-(toward + s.yaw_to_person))
        self.form.root.setScale(s.size)
        self.form.size = s.size
        self.form.animate(t, s.glow, s.welcome, wish.breath, s.visible)

    def distance_to(self, cam_pos) -> float:
        """Ground distance from the seat to the presence (tests measure this)."""
        x, _, z = self.world_pos
        return math.hypot(x - cam_pos[0], z - cam_pos[2])

    def destroy(self) -> None:
        self.form.destroy()
