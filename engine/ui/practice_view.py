"""What a practice looks like each frame: the director's state applied to the
world (light, warmth), the captions, the breathing halo and the
compassionate colour (mist and body outline). Used by the app and by
`render`, so a rendered practice shows exactly what a person would see."""
from __future__ import annotations

import numpy as np

from engine.core.director import Director, SceneState
from engine.world.colour import rgb

BREATH_WORDS = {"inhale": "breathing in", "hold": "breathing in", "exhale": "breathing out", "rest": "breathing out"}
EXPLORE_WORDS = "You can walk about with Tab, if you like."
COMPANY_WORDS = "If you would like company, press Y. If not, nothing will come."


class PracticeView:
    def __init__(self, world, director: Director, camera_np, colour_hex: str):
        from engine.ui.captions import Captions
        from engine.ui.halo import Halo
        self.world = world
        self.director = director
        self.camera_np = camera_np
        self.colour = rgb(colour_hex)
        light = np.asarray(world.rig.key, float)
        from engine.ui.captions import SCALE
        self.captions = Captions(SCALE * director.settings.caption_size)
        self.halo = Halo(light / max(light.max(), 1e-6), inner=0.5, most=0.06)
        self.mist = Halo(self.colour, inner=0.12, most=0.4, z=4)
        from engine.ui.pacer_guides import PacerGuides
        self.guides = PacerGuides(light)
        self.body = None
        from engine.ui.colour_lift import ColourLift
        self.lift = ColourLift()
        self.exploring = False   # the app says when the person walks about (no invitation then)
        from engine.ui.ladder_view import LadderView
        self.ladder = LadderView(world)
        from engine.world.presence_view import PresenceView
        self.presence = PresenceView(world, director, director.settings)

    def follow(self, aspect: float) -> None:
        """The window changed shape: the glow, the mist, the veils and the
        tide reach its sides again, and the caption takes its width."""
        for part in (self.halo, self.mist, self.ladder, self.guides):
            part.follow(aspect)
        self.captions.relayout()

    def set_colour(self, colour_hex: str) -> None:
        self.colour = rgb(colour_hex)
        self.mist.rgb = tuple(float(c) for c in self.colour)
        if self.body is not None:
            self.body.set_colour(self.colour)

    def show(self, t: float, cam_pos) -> SceneState:
        state = self.director.state(t)
        w = self.world
        w.key_gain, w.ambient_gain = state.key_gain, state.ambient_gain
        toward = 0.12 * state.colour
        w.tint = tuple(float(a * (1 - toward) + b * toward * 1.6) for a, b in zip(state.tint, self.colour))
        if w.breath_light is not None:
            w.breath_light.show(state.breath_level, state.breath_amount, state.guide.get("place", 0.0), t)
        w.update(t, cam_pos)
        hint = BREATH_WORDS.get(state.breath_stage or "") if self.director.settings.breath_captions else None
        hint_alpha = state.breath_amount
        if state.invite > 0.005 and not self.exploring and not self.director.settings.reduced_motion:
            hint, hint_alpha = EXPLORE_WORDS, state.invite   # camera.explore: an invitation, never a push
        if state.asked > 0.005:
            hint, hint_alpha = COMPANY_WORDS, state.asked     # presence.invite: company only if the person says yes
        self.captions.present(state.caption, state.caption_alpha, hint, hint_alpha)
        self.lift.present(state.saturation)
        self.halo.present(state.halo)
        self.guides.present(state)
        self.mist.present(state.colour * (0.65 + 0.35 * state.breath_level))
        if state.colour > 0 and self.body is None:
            from engine.world.colour_body import ColourBody
            self.body = ColourBody(self.world.root, self.camera_np, self.colour, (0.92, 0.9, 0.86),
                                   eye_height=self.world.place.camera.position[1])
        if self.body is not None:
            self.body.update(state.colour, state.colour_fill, state.breath_level)
        self.presence.update(t, state, cam_pos)
        self.ladder.present(state.ladder)
        return state

    def destroy(self) -> None:
        from ursina import destroy
        for e in (self.captions, self.halo, self.mist, self.ladder):
            destroy(e)
        if self.body is not None:
            self.body.destroy()
        self.lift.destroy()
        self.guides.destroy()
        self.presence.destroy()
