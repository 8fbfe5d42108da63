"""Captions in the headset: a world-locked panel in front of the seat.

A screen overlay cannot be shown in a headset (it would sit on the eyes and
follow every turn of the head), so the caption is set on a panel in the
world: straight ahead of the seat, 2 m away, 12 degrees below eye level,
facing the person, its letters about 1.8 degrees tall. It stays where it is
when the head turns (world-locked): look at it to read, look away to rest.
It shows to the eyes only; the desktop mirror keeps the usual captions.
"""
from __future__ import annotations

from engine.core.rig import panel_place, size_for_angle

DISTANCE_M = 2.0
DROP_DEG = 12.0
LETTER_DEG = 1.8
WRAP_EMS = 18.0        # about 32 degrees wide at 2 m: read without turning the head
INK = (0.96, 0.95, 0.92)
SHADE = (0.05, 0.06, 0.08)


class CaptionPanel:
    """The panel under ``seat`` (a NodePath moved with the seat)."""

    def __init__(self, seat, eye_mask_bit: int):
        from panda3d.core import BitMask32, PandaNode, TextNode, TransparencyAttrib
        from ursina import Text
        import builtins
        self.text_node = TextNode("haven-vr-caption")
        font = builtins.loader.loadFont(Text.default_font) if getattr(Text, "default_font", None) else None
        if font is not None:
            self.text_node.set_font(font)
        self.text_node.set_align(TextNode.A_center)
        self.text_node.set_wordwrap(WRAP_EMS)
        self.text_node.set_card_as_margin(0.6, 0.6, 0.35, 0.35)
        self.node = seat.attach_new_node(self.text_node)
        x, y, z = panel_place(DISTANCE_M, DROP_DEG)
        self.node.set_pos(x, y, z)
        self.node.look_at(seat, 2 * x, 2 * y, 2 * z)   # facing the seat: its front looks back along the sight line
        self.node.set_scale(size_for_angle(LETTER_DEG, DISTANCE_M))
        self.node.set_transparency(TransparencyAttrib.M_alpha)
        self.node.set_light_off(1)
        self.node.set_fog_off(1)
        self.node.set_depth_test(False)
        self.node.set_depth_write(False)
        self.node.set_bin("fixed", 100)
        self.node.hide(PandaNode.get_all_camera_mask())
        self.node.show(BitMask32.bit(eye_mask_bit))
        self.text = ""
        self.alpha = 0.0
        self.show(None, 0.0)

    def show(self, text: str | None, alpha: float) -> None:
        """The caption and its alpha, as the director gives them (0 hides it)."""
        alpha = alpha if text else 0.0
        if text and text != self.text:
            self.text = text
            self.text_node.set_text(text)
        self.alpha = alpha
        self.text_node.set_text_color(*INK, alpha)
        self.text_node.set_card_color(*SHADE, 0.55 * alpha)
        if alpha <= 0.0:
            self.node.stash()
        else:
            self.node.unstash()
