"""Head-mounted VR through OpenXR (docs/vr.md).

- ``runtime``: is an OpenXR runtime there (cheap), and opening it.
- ``frames``: the OpenXR session inside Panda3D's frame loop; both eyes.
- ``eyes``: one eye's swapchain, buffer and camera.
- ``clock``: Haven's one session clock, paced by the runtime.
- ``panel``: the world-locked caption panel.

The rig's maths (poses, eyes around the seat, projections) is pure and
lives in engine/core/rig.py. engine/app/vr_window.py puts a session in it.
"""
