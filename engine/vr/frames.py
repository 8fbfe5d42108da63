"""The OpenXR session inside Panda3D's frame loop, and Haven's clock on it.

Each Panda3D frame (``app.step()``) runs these tasks in order:

    sort -999  xrPollEvent, then xrWaitFrame (the runtime paces the loop here:
               it returns when the next frame should start) and xrBeginFrame
    sort -100  xrLocateViews at the predicted display time: each eye's pose
               and field of view, through the rig (engine/core/rig.py)
    sort 0     Ursina's update: Haven's controller reads the one clock, which
               now stands at that predicted display time (``seconds``)
    sort 45    the seat (from Haven's seated pose), the head, the mirror camera
    sort 50    Panda3D draws: each eye's buffer renders into the runtime's
               swapchain image; after the last eye, xrEndFrame with both views
    sort 1000  a frame begun but not drawn is ended with no layer (required)

So light, sound and captions are computed once per frame for the moment the
frame will be seen, by the same clock the desktop uses; while the runtime
shows nothing (headset off, session not running) the clock stands still.
"""
from __future__ import annotations

import ctypes
import math
import statistics
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.core.rig import Fov, Pose, Rig, eye_separation, head_of, panda_rows, seat_matrix
from engine.vr.eyes import Eye, make_eye, swapchain_format
from engine.vr.runtime import Runtime

RUNNING = ("READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED")


@dataclass
class Counters:
    """What the runtime and Haven did, for the ``run --frames`` summary."""
    waited: int = 0            # xrWaitFrame returned
    submitted: int = 0         # xrEndFrame with a projection layer of every view
    empty: int = 0             # xrEndFrame with no layer (nothing to show yet)
    pose_changes: int = 0      # frames whose head pose differed from the frame before
    late: int = 0              # frames shown one or more display periods after the one before
    skipped: int = 0           # display periods that passed with no new frame from Haven
    wait_ms: deque = field(default_factory=lambda: deque(maxlen=600))   # blocked in xrWaitFrame
    work_ms: deque = field(default_factory=lambda: deque(maxlen=600))   # xrWaitFrame's return to xrEndFrame
    eyes_ms: deque = field(default_factory=lambda: deque(maxlen=600))   # drawing both eyes
    loop_ms: deque = field(default_factory=lambda: deque(maxlen=600))   # one whole frame, wake to wake
    first_time: int | None = None   # predicted display times, ns
    last_time: int | None = None
    period_ns: int = 0


class XrStereo:
    """Both eyes of one OpenXR session drawn from the Ursina scene."""

    def __init__(self, base, runtime: Runtime, scene, seat: Callable[[], tuple[tuple[float, float, float], float]],
                 near: float = 0.1, far: float = 2000.0):
        import xr
        from p3dopenxr.layer import ProjectionLayer
        from p3dopenxr.space import Space
        from p3dopenxr.swapchain import Swapchain
        self.xr, self.base, self.runtime = xr, base, runtime
        self.near, self.far, self.seat_pose = near, far, seat
        self.count = Counters()
        self.rig = Rig()
        base.graphicsEngine.render_frame()   # the GL context is made and current: the session binds to it
        self.session = _session_class()(runtime.system, base)
        self.space = Space(self.session, reference_space_type="Local")
        fmt = swapchain_format(list(xr.enumerate_swapchain_formats(self.session.handle)))
        self.seat = scene.attach_new_node("haven-seat")
        self.head = self.seat.attach_new_node("haven-head")
        self.eyes: list[Eye] = []
        for i, view in enumerate(runtime.system.views):
            chain = Swapchain(self.session, view, sc_format=fmt, sample_count=1)
            self.eyes.append(make_eye(base, i, chain, self.seat, base.win.get_sort() - 100 + i, self._draw))
        self.layer = ProjectionLayer(self.session, self.space, len(self.eyes))
        self.views: list[Pose] = []
        self.local: list = []          # each eye's matrix relative to the seat (Haven's axes)
        self.mirror = None             # a NodePath that follows the first eye (see ``mirror_with``)
        self._begun = self._drawn = self._capture = False
        self._woke, self._eyes_s = time.perf_counter(), 0.0
        self._last_head: tuple | None = None
        from direct.task.TaskManagerGlobal import taskMgr
        self._tasks = [taskMgr.add(fn, f"haven-xr-{name}", sort=sort) for name, fn, sort in (
            ("wait", self._wait_task, -999), ("locate", self._locate_task, -100),
            ("seat", self._seat_task, 45), ("end", self._end_task, 1000))]

    def mirror_with(self, camera, lens_camera) -> None:
        """The desktop window shows the first eye: ``camera`` (Ursina's) is
        moved to that eye each frame; its own lens and the window's size stay.
        ``lens_camera`` (the Camera node drawing the window) stops seeing what
        only the eyes see (the caption panel: the window has its captions)."""
        from panda3d.core import PandaNode
        from engine.vr.eyes import EYE_MASK_BIT
        mask = PandaNode.get_all_camera_mask()
        mask.clear_bit(EYE_MASK_BIT)
        lens_camera.node().set_camera_mask(mask)
        self.mirror = camera

    # -- the clock -------------------------------------------------------
    def seconds(self) -> float:
        """Seconds of predicted display time since the first frame (0 before):
        the source of Haven's SessionClock in VR."""
        c = self.count
        return 0.0 if c.first_time is None else (c.last_time - c.first_time) / 1e9

    @property
    def running(self) -> bool:
        return self.session.state.name in RUNNING

    @property
    def shown(self) -> bool:
        """The runtime shows Haven's frames to the person (the headset is on)."""
        return self.session.state.name in ("VISIBLE", "FOCUSED")

    # -- the frame, in task order ------------------------------------------
    def _wait_task(self, task):
        self.session.poll_xr_events()
        self._begun = self._drawn = False
        if not self.running:
            time.sleep(0.01)   # nothing to show: do not spin
            return task.cont
        t0 = time.perf_counter()
        self.session.wait_frame()
        woke = time.perf_counter()
        if self.count.waited:
            self.count.loop_ms.append((woke - self._woke) * 1000)
        self._woke = woke
        self.count.wait_ms.append((woke - t0) * 1000)
        self.session.begin_frame()
        self._begun = True
        self._eyes_s = 0.0
        fs = self.session.frame_state
        c = self.count
        c.waited += 1
        c.period_ns = int(fs.predicted_display_period)
        now = int(fs.predicted_display_time)
        if c.last_time is not None and c.period_ns and now - c.last_time > 1.5 * c.period_ns:
            c.late += 1        # Haven missed the runtime's slot: this frame is shown a period (or more) later
            c.skipped += round((now - c.last_time) / c.period_ns) - 1
        c.last_time = now
        if c.first_time is None:
            c.first_time = now
        return task.cont

    def _locate_task(self, task):
        if not (self._begun and self.session.should_render()):
            return task.cont
        self.layer.update_views([e.swapchain for e in self.eyes])
        if not self.layer.pose_valid:
            return task.cont
        from panda3d.core import LMatrix4
        self.views = [Pose(tuple(v.pose.position), _xyzw(v.pose.orientation)) for v in self.layer.views]
        self.local = self.rig.eyes(self.views)
        for eye, view, m in zip(self.eyes, self.layer.views, self.local):
            eye.camera.set_mat(LMatrix4(*panda_rows(m)))
            f = view.fov
            eye.set_lens(Fov(f.angle_left, f.angle_right, f.angle_up, f.angle_down), self.near, self.far)
        self.head.set_mat(LMatrix4(*panda_rows(head_of(self.local))))
        key = tuple(round(x, 6) for x in (*self.views[0].position, *self.views[0].orientation))
        if self._last_head is not None and key != self._last_head:
            self.count.pose_changes += 1
        self._last_head = key
        return task.cont

    def _seat_task(self, task):
        from panda3d.core import LMatrix4
        position, yaw = self.seat_pose()
        self.seat.set_mat(LMatrix4(*panda_rows(seat_matrix(position, yaw))))
        if self.mirror is not None and self.local:
            self.mirror.set_mat(self.base.render, self.eyes[0].camera.get_mat(self.base.render))
        return task.cont

    def _draw(self, eye: Eye, cbdata) -> None:
        if not (self._begun and self.session.should_render() and self.layer.pose_valid):
            return
        t0 = time.perf_counter()
        eye.render_into_swapchain(cbdata, self._capture)
        self._eyes_s += time.perf_counter() - t0
        self.layer.render_swapchain(eye.index)
        if eye.index == len(self.eyes) - 1:
            self._end_frame()

    def _end_task(self, task):
        if self._begun and not self._drawn:
            self._end_frame()
        return task.cont

    def _end_frame(self) -> None:
        with_layer = self.session.should_render() and self.layer.layer_valid()
        self.session.end_frame(self.layer)
        c = self.count
        c.work_ms.append((time.perf_counter() - self._woke) * 1000)
        if with_layer:
            c.eyes_ms.append(self._eyes_s * 1000)
        self._drawn = True
        self._capture = False
        if with_layer:
            self.count.submitted += 1
        else:
            self.count.empty += 1

    # -- for tests and the summary -----------------------------------------
    def capture_next(self) -> None:
        """Copy each eye's picture out of the runtime's image on the next frame."""
        self._capture = True

    def summary(self) -> dict:
        c = self.count
        out = {"runtime": self.runtime.name, "system": self.runtime.system_name, "views": len(self.eyes),
               "view_size": [list(e.size) for e in self.eyes], "frames_waited": c.waited,
               "frames_submitted": c.submitted, "frames_empty": c.empty,
               "eye_draws": [e.draws for e in self.eyes], "states": self.session.states,
               "display_period_ms": round(c.period_ns / 1e6, 3), "display_seconds": round(self.seconds(), 4),
               "late_frames": c.late, "skipped_periods": c.skipped, "pose_changes": c.pose_changes,
               "ms_p50": {name: round(statistics.median(values), 2) if values else None
                          for name, values in (("loop", c.loop_ms), ("wait", c.wait_ms), ("work", c.work_ms),
                                               ("eyes", c.eyes_ms))}}
        if self.views:
            f = self.layer.views[0].fov
            out["fov_deg"] = [round(math.degrees(a), 1) for a in (f.angle_left, f.angle_right, f.angle_up, f.angle_down)]
            out["eye_positions"] = [[round(x, 4) for x in v.position] for v in self.views]
            out["eye_separation_m"] = round(eye_separation(self.local), 4)
        return out

    def close(self) -> None:
        from direct.task.TaskManagerGlobal import taskMgr
        for task in self._tasks:
            taskMgr.remove(task)
        for eye in self.eyes:
            if eye.buffer is not None:
                self.base.graphicsEngine.remove_window(eye.buffer)
        for thing in (self.layer, *[e.swapchain for e in self.eyes], self.space):
            try:
                thing.destroy()
            except Exception:
                pass
        try:
            if self.session.handle is not None:
                self.xr.destroy_session(self.session.handle)
        except Exception:
            pass
        self.session.handle = None
        self.runtime.close()


def _xyzw(q) -> tuple[float, float, float, float]:
    return float(q.x), float(q.y), float(q.z), float(q.w)


def _session_class():
    """p3dopenxr's Session with Haven's handling of state changes: the states
    are kept (for the summary), STOPPING ends the session properly and
    EXITING marks the end instead of quitting the process."""
    import xr
    from p3dopenxr.session import Session

    class HavenSession(Session):
        def __init__(self, system, base):
            self.states: list[str] = []
            self.wants_exit = False
            super().__init__(system, base)

        def log_swapchain_formats(self) -> None:   # its table lacks formats some runtimes offer
            pass

        def on_state_changed(self, changed) -> None:
            event = ctypes.cast(ctypes.byref(changed), ctypes.POINTER(xr.EventDataSessionStateChanged)).contents
            self.state = xr.SessionState(event.state)
            self.states.append(self.state.name)
            if self.state == xr.SessionState.READY:
                xr.begin_session(self.handle, xr.SessionBeginInfo(self.system.view_configuration_type))
            elif self.state == xr.SessionState.STOPPING:
                xr.end_session(self.handle)
            elif self.state in (xr.SessionState.EXITING, xr.SessionState.LOSS_PENDING):
                self.wants_exit = True

        def poll_xr_events(self) -> None:
            while True:
                try:
                    buffer = xr.poll_event(self.system.instance.handle)
                except xr.EventUnavailable:
                    return
                kind = xr.StructureType(buffer.type)
                if kind == xr.StructureType.EVENT_DATA_SESSION_STATE_CHANGED:
                    self.on_state_changed(buffer)
                elif kind == xr.StructureType.EVENT_DATA_INSTANCE_LOSS_PENDING:
                    self.wants_exit = True

    return HavenSession
