"""The presence's modelled forms: animal companions, a glowing tree and a
soft human-like figure, each built procedurally from a few merged shapes.

`build(kind, parent, rgb, size, animal, sun_dir)` returns a `Form`
(base.py; presence_forms.py builds every form and holds the light and sky
ones): its root stands on the ground under the presence and its +z axis
faces the person once presence_view has turned it.

The package:
- base.py        Form and Halo, what every presence form is built on
- shader.py      the modelled forms' shader and vertex format
- geometry.py    soft rounded parts and colour helpers
- rig.py         joints, easing and Motion (walking, settling)
- shape_form.py  ShapeForm, what every modelled form shares
- quadruped.py   walking and looking for the four-legged animals
- dog.py, deer.py, cat.py, bird.py, tree.py, figure.py: the forms

What every form here shares (ShapeForm):
- Soft, rounded parts (ellipsoids and capsules) with smooth normals, in the
  person's colour with a lighter belly/muzzle; eyes only on the animals, and
  small, dark and soft. The figure has no face at all.
- One shader of its own (the world's lit one, plus what a presence needs):
  light is computed from normals, so it stays right however the form turns;
  a warm rim light and emissive parts (the tree's canopy, the figure's
  glow) are scaled by glow and welcome; `u_alpha` fades it.
- Fading without see-through overlaps: while not fully visible the model is
  drawn twice - depth only, then colour where the depth matches - so it
  reads as one soft silhouette at any opacity (as colour_body does).
- Motion it works out for itself: from how far its root moved between
  frames it knows whether it is walking toward the person, walking away or
  standing; legs swing only as far as it really moves (no sliding), and once
  it has stood still a few seconds it settles (the dog turns its body a
  little aside while its head keeps looking at the person, the bird lands
  on its stump, the tree grows in place from the light that travelled).
- Every motion is slow and eased: breathing (with the pacer's `breath`, or
  a slow idle breath), ears and tails with periods of several seconds, a
  head tilt or a nod on welcome that eases in over seconds.
"""
from __future__ import annotations

from panda3d.core import NodePath

from engine.world.presence.base import Form
from engine.world.presence.bird import Bird
from engine.world.presence.cat import Cat
from engine.world.presence.deer import Deer
from engine.world.presence.dog import Dog
from engine.world.presence.figure import Figure
from engine.world.presence.geometry import capsule, ellip, rot, tri_count
from engine.world.presence.shader import shape_shader, to_node
from engine.world.presence.shape_form import ShapeForm
from engine.world.presence.tree import GlowTree

ANIMALS = {"dog": Dog, "deer": Deer, "cat": Cat, "bird": Bird}


def build(kind: str, parent: NodePath, rgb, size: float = 1.0, animal: str | None = None, sun_dir=None) -> Form:
    """The modelled form for kind animal (dog by default), tree or figure."""
    if kind == "animal":
        return ANIMALS.get(animal or "dog", Dog)(parent, rgb, size, sun_dir)
    if kind == "tree":
        return GlowTree(parent, rgb, size, sun_dir)
    if kind == "figure":
        return Figure(parent, rgb, size, sun_dir)
    raise ValueError(f"no modelled presence form {kind!r}")


__all__ = ["ANIMALS", "Bird", "Cat", "Deer", "Dog", "Figure", "GlowTree", "ShapeForm", "build",
           "capsule", "ellip", "rot", "shape_shader", "to_node", "tri_count"]
