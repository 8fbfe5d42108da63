"""Sound placed in the 3D scene: Panda3D's OpenAL manager, the listener at
the camera, and the axes fixed for Ursina's coordinate system.

Panda3D's OpenAL manager assumes Panda's default z-up, right-handed axes;
Ursina runs Panda in y-up-left, which would mirror left and right. The 3D
manager here converts positions and the listener's orientation for the
coordinate system in use.
"""
from __future__ import annotations

from typing import Callable


def audio_manager(base) -> object | None:
    """The first sound-effects manager if it can really play, else None."""
    managers = getattr(base, "sfxManagerList", None) or []
    mgr = managers[0] if managers else None
    if mgr is None:
        return None
    try:
        if not mgr.isValid() or "Null" in mgr.getType().getName():
            return None
    except Exception:
        return None
    return mgr


def _axes() -> Callable[[float, float, float], tuple[float, float, float]]:
    """Map this process's coordinates to what Panda's OpenAL layer expects
    (z-up right-handed, which it turns into OpenAL's y-up right-handed)."""
    from panda3d.core import CS_yup_left, CS_yup_right, get_default_coordinate_system
    cs = get_default_coordinate_system()
    if cs == CS_yup_left:    # Ursina: x right, y up, z forward
        return lambda x, y, z: (x, z, y)
    if cs == CS_yup_right:   # x right, y up, z toward the viewer
        return lambda x, y, z: (x, -z, y)
    return lambda x, y, z: (x, y, z)


def _audio3d_class():
    from direct.showbase.Audio3DManager import Audio3DManager
    from direct.task.TaskManagerGlobal import Task, taskMgr
    from panda3d.core import Vec3

    class HavenAudio3D(Audio3DManager):
        """Audio3DManager with a task of its own and axes fixed for the
        coordinate system in use (see the module docstring)."""
        _count = 0

        def __init__(self, audio_manager, listener_target, root):  # noqa: D401 - no super(): own task
            self.audio_manager = audio_manager
            self.listener_target = listener_target
            self.root = root
            self.sound_dict, self.vel_dict = {}, {}
            self.listener_vel = Vec3(0, 0, 0)
            self.axes = _axes()
            self.last_positions: dict[int, tuple[float, float, float]] = {}
            HavenAudio3D._count += 1
            self.task_name = f"haven-audio3d-{HavenAudio3D._count}"
            taskMgr.add(self.update, self.task_name, 51)

        def update(self, task=None):
            if self.audio_manager.getActive() == 0:
                return Task.cont
            for known, sounds in list(self.sound_dict.items()):
                node = known.getNodePath()
                if not node:
                    del self.sound_dict[known]
                    continue
                pos = node.getPos(self.root)
                px, py, pz = self.axes(pos[0], pos[1], pos[2])
                for sound in sounds:
                    sound.set3dAttributes(px, py, pz, 0, 0, 0)
                    self.last_positions[id(sound)] = (px, py, pz)
            if self.listener_target is not None and not self.listener_target.isEmpty():
                pos = self.listener_target.getPos(self.root)
                fwd = self.root.getRelativeVector(self.listener_target, Vec3.forward())
                up = self.root.getRelativeVector(self.listener_target, Vec3.up())
                self.audio_manager.audio3dSetListenerAttributes(
                    *self.axes(pos[0], pos[1], pos[2]), 0, 0, 0,
                    *self.axes(fwd[0], fwd[1], fwd[2]), *self.axes(up[0], up[1], up[2]))
            return Task.cont

        def disable(self):
            taskMgr.remove(self.task_name)
            self.listener_target = None
            self.sound_dict.clear()

    return HavenAudio3D
