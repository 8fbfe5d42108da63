"""Live playback of a place's soundscape through Panda3D's audio (OpenAL).

``LivePlayer`` makes each of the place's sounds a seamless loop (about 75 s
of synthesis whose tail is crossfaded, equal-power, into its head; the
person's own files through files.py), levelled like an export, writes it as
16-bit WAV into a private temporary folder and plays it looping. Birds and
chimes do not repeat with their loop: each cycle is made afresh in the
background (``cycle_loop``: the same birds, new songs at new times), starts
and ends in silence, and takes over when the playing one comes round
(``Renew``); only the cycle playing and the next exist at a time. Sounds with
a ``position`` are mono sources placed in 3D (an ``Audio3DManager``, the
camera as listener); the rest play as stereo beds.

It follows the session clock: ``update(t, paused)`` every frame pauses and
resumes the sounds with the clock and moves every gain along smooth ramps -
a 3 s fade-in from silence, ``fade_out`` when leaving, ``set_focus`` for the
"notice the sounds" moment, ``set_master`` - never more than 0.5 dB a frame.

The breath-locked sea (a place with ``breath_sea``): while the breathing
light shows, ``follow`` moves the sea's gain with the pacer's level, up to
``sea.LIVE_DB`` (6 dB) from out-breath to in-breath, on the same smooth
ramps. A lake's own lapping is steady enough to swell that way; surf has
waves of its own, so it gets a second, steady sea (``sea.calm_surf``, no
waves of its own) that takes over from the waves as the breath comes on
(equal power) and whose gain is the swell; as the breath goes off, the
sea's own waves come back.

Synthesis runs in a background thread (numpy releases the GIL; the thread
is niced), so opening a place never waits for its sound: each layer starts,
fading in, when it is ready. With no usable audio device (Panda3D's null
manager) the player says so in one line and does nothing.

Panda3D's OpenAL manager assumes Panda's default z-up, right-handed axes;
Ursina runs Panda in y-up-left, which would mirror left and right. The 3D
manager here converts positions and the listener's orientation for the
coordinate system in use.
"""
from __future__ import annotations

import atexit
import os
import queue
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from engine.audio import RATE
from engine.audio.files import SoundFileError
from engine.audio.sea import SEA_LAYERS, calm_surf, live_db
from engine.audio.soundscape import layer_seed, sound_key, write_wav
from engine.live.space import _audio3d_class, audio_manager
from engine.audio.loops import (FADE_IN, FLOOR_DB, LOOP_SECONDS, LOOP_XFADE,  # noqa: F401
                               MAX_DISTANCE, MAX_STEP_DB, REF_DISTANCE, ROLLOFF, _give_back_memory,
                               cycle_loop, file_loop, layer_loop, level, loop_scale, make_loop,
                               makeup_db, mono_gain, scaled, to_mono)


# --- live player ------------------------------------------------------------------

@dataclass
class Ramp:
    """A value in dB gliding to a target at ``rate`` dB per second."""
    value: float
    target: float = 0.0
    rate: float = 20.0

    def go(self, target: float, seconds: float) -> None:
        self.target = float(target)
        self.rate = max(abs(self.target - self.value) / max(seconds, 1e-3), 1e-3)

    def step(self, dt: float) -> float:
        d = self.target - self.value
        self.value += float(np.clip(d, -self.rate * dt, self.rate * dt))
        return self.value


@dataclass
class Voice:
    """One playing sound: its level, ramps and (for 3D) the node it sits on."""
    key: str
    index: int
    sound: object                # panda3d.core.AudioSound
    positional: bool
    volume: float                # linear level the place asks for (beyond the buffer)
    node: object = None          # NodePath for a 3D source
    fade: Ramp = field(default_factory=lambda: Ramp(FLOOR_DB, 0.0, -FLOOR_DB / FADE_IN))
    focus: Ramp = field(default_factory=lambda: Ramp(0.0, 0.0))
    cue_db: float = 0.0          # what the practice asks now (already smooth; see follow())
    applied_db: float = FLOOR_DB
    paused_at: float | None = None
    done: bool = False
    renew: "Renew | None" = None  # an event layer: a fresh cycle each time round
    role: str | None = None      # breath-locked sea: "sea" (follows the breath), "waves" (gives way)

    def playing(self) -> bool:
        from panda3d.core import AudioSound
        return self.sound.status() == AudioSound.PLAYING


@dataclass
class Renew:
    """A live event layer (birds, chimes) renewed every time round its loop:
    the background thread makes cycle after cycle (``cycle_loop``) at the
    first one's level, and each takes over when the last comes round to its
    silent start - so the songs and strikes never repeat with the loop."""
    name: str
    seed: int
    seconds: float
    scale: float                 # level() factor of the first cycle
    mono: float | None           # to_mono gain of the first cycle (3D sources)
    path: Path                   # the file playing now
    cycle: int = 0
    next: Path | None = None     # the next cycle's file, once made
    last_time: float = 0.0


@dataclass
class Ready:
    index: int
    key: str
    path: Path
    positional: bool
    volume: float
    renew: Renew | None = None
    role: str | None = None


class LivePlayer:
    """Plays a place's soundscape in the running app, following the clock.

    ``start()`` returns at once; layers start (fading in) as the background
    thread finishes them. Call ``update(t, paused)`` every frame.
    """

    def __init__(self, place, yaml_path: Path | None = None, seed: int | None = None, *,
                 base=None, listener=None, root=None, loop_seconds: float = LOOP_SECONDS,
                 log: Callable[[str], None] | None = None):
        self.place = place
        self.yaml_path = Path(yaml_path) if yaml_path is not None else None
        self.seed = place.seed if seed is None else int(seed)
        self.loop_seconds = loop_seconds
        self._base, self._listener, self._root = base, listener, root
        self._log = log or (lambda line: print(line, file=sys.stderr))
        self.voices: list[Voice] = []
        self.warnings: list[str] = []
        self.manager = None
        self.audio3d = None
        self.folder: Path | None = None
        self.paused = False
        self.leaving = False
        self.master = Ramp(0.0, 0.0)
        self._focus: tuple[set[str], float, float, float] | None = None
        self._duck_db = 0.0
        self._ready: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pending = 0
        self._initial = threading.Event()     # every layer's first loop is made
        self._requests: queue.Queue = queue.Queue()  # (voice index, Renew, cycle) to make
        self._renewed: queue.Queue = queue.Queue()   # (voice index, cycle, path) made

    # -- lifecycle ---------------------------------------------------------------
    @property
    def active(self) -> bool:
        """True when a real audio manager is playing this place."""
        return self.manager is not None

    def start(self) -> "LivePlayer":
        """Begin generating the layers in the background; returns at once."""
        if self._base is None:
            from ursina import application
            self._base = application.base
        self.manager = audio_manager(self._base)
        if self.manager is None:
            self._log("haven: no sound device found; the place plays without sound")
            return self
        if not self.place.sounds:
            return self
        if self._listener is None:
            from ursina import camera
            self._listener = camera
        if self._root is None:
            from ursina import scene
            self._root = scene
        self.manager.audio3dSetDropOffFactor(ROLLOFF)
        self.audio3d = _audio3d_class()(self.manager, self._listener, self._root)
        self._nodes = self._root.attachNewNode("haven-audio")
        self.folder = Path(tempfile.mkdtemp(prefix="haven-audio-"))  # 0700: the owner's only
        atexit.register(shutil.rmtree, self.folder, True)
        self._pending = len(self.place.sounds) + len(self._swelling())
        self._thread = threading.Thread(target=self._generate, name="haven-audio", daemon=True)
        self._thread.start()
        return self

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until every layer's first loop is generated (tests and tools only)."""
        if self._thread is not None:
            return self._initial.wait(timeout)
        return True

    @property
    def loading(self) -> bool:
        return self._pending > 0

    def destroy(self) -> None:
        """Stop everything and remove the temporary folder."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)
        for v in self.voices:
            v.sound.stop()
            if v.node is not None:
                v.node.removeNode()
        self.voices.clear()
        if self.audio3d is not None:
            self.audio3d.disable()
            self._nodes.removeNode()
            self.audio3d = None
        if self.manager is not None:
            self.manager.clearCache()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    # -- background synthesis ------------------------------------------------------
    def _generate(self) -> None:
        try:  # a lower priority for this thread only (Linux), so frames come first
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except (AttributeError, OSError):
            pass
        from engine.audio.export import resolved_paths
        try:
            paths = resolved_paths(self.place, self.yaml_path)
            up = makeup_db(self.place.sounds)
            for i, sound in enumerate(self.place.sounds):
                if self._stop.is_set():
                    return
                key = sound_key(sound)
                try:
                    self._ready.put(self._make(i, sound, key, paths[i], up))
                except SoundFileError as exc:
                    self._ready.put(str(exc))
                except Exception as exc:  # never let a layer take the app down
                    self._ready.put(f"{key}: cannot play sound: {type(exc).__name__}: {exc}")
                if i in self._swelling():
                    try:
                        self._ready.put(self._make_sea(i, sound, key, up))
                    except Exception as exc:  # the waves play on, as without breath_sea
                        self._ready.put(f"{key}: cannot make the breathing sea: {type(exc).__name__}: {exc}")
                _give_back_memory()   # layer by layer, so the synthesis' peak stays one layer's
        finally:
            self._initial.set()
        self._serve_cycles()

    def _file(self, i: int, key: str, cycle: int | None = None) -> Path:
        tag = "" if cycle is None else f"-c{cycle}"
        return self.folder / f"{i:02d}-{key.replace('/', '_')[-40:]}{tag}.wav"

    def _make(self, i: int, sound, key: str, path, up: float) -> Ready:
        positional = sound.position is not None
        if sound.layer is not None:
            seed = layer_seed(self.seed, i, key)
            buf = cycle_loop(sound.layer, seed, 0, self.loop_seconds)
            if buf is not None:  # birds, chimes: renewed each time round (see Renew)
                mono = mono_gain(buf) if positional else None
                buf = to_mono(buf, mono) if positional else buf
                scale = loop_scale(buf, sound.gain + up)
                out = self._file(i, key, 0)
                write_wav(out, scaled(buf, scale))
                renew = Renew(sound.layer, seed, self.loop_seconds, scale, mono, out)
                return Ready(i, key, out, positional, min(10 ** ((sound.gain + up) / 20) / scale, 1.0),
                             renew)
            buf = layer_loop(sound.layer, seed, self.loop_seconds)
        elif isinstance(path, Exception):
            raise SoundFileError(sound.file, str(path))
        else:
            buf = file_loop(Path(path))
        if positional:
            buf = to_mono(buf)
        buf, volume = level(buf, sound.gain + up)
        out = self._file(i, key)
        write_wav(out, buf)
        return Ready(i, key, out, positional, volume)

    def _swelling(self) -> list[int]:
        """Indices of the surf layers that get a breathing sea of their own."""
        if not getattr(self.place, "breath_sea", False):
            return []
        return [i for i, s in enumerate(self.place.sounds) if s.layer == "surf"]

    def _make_sea(self, i: int, sound, key: str, up: float) -> Ready:
        """The steady sea that swells with the breath (see the module docstring)."""
        seed = layer_seed(self.seed, i, key)
        n, k = int(round(self.loop_seconds * RATE)), int(round(LOOP_XFADE * RATE))
        buf = make_loop(calm_surf((n + k) / RATE + 0.01, seed), n, k)
        positional = sound.position is not None
        if positional:
            buf = to_mono(buf)
        buf, volume = level(buf, sound.gain + up)
        out = self._file(i, key + "-sea")
        write_wav(out, buf)
        return Ready(i, key, out, positional, volume, role="sea")

    def _sea_db(self, v: Voice, state) -> float:
        """What the breath adds to this voice now (dB): the breath-locked sea."""
        if not getattr(self.place, "breath_sea", False):
            return 0.0
        s = self.place.sounds[v.index]
        if s.layer not in SEA_LAYERS:
            return 0.0
        amount = float(np.clip(getattr(state, "breath_amount", 0.0), 0.0, 1.0))
        level_now = float(getattr(state, "breath_level", 0.0))
        if v.role == "sea":      # the steady sea: in as the breath comes on, its swell the breath's
            return 10 * np.log10(max(amount, 1e-6)) + live_db(level_now, 1.0)
        if v.role == "waves":    # the sea's own waves give way to it (equal power)
            return 10 * np.log10(max(1.0 - amount, 1e-6))
        return live_db(level_now, amount)   # a lake: its lapping swells with the breath

    def _cue(self, v: Voice, state, duck_db: float = 0.0) -> float:
        from engine.audio.follow import cue_db
        return cue_db(v.key, state) + duck_db + self._sea_db(v, state)

    def _serve_cycles(self) -> None:
        """Make the next cycle of each event layer as the player asks (see Renew):
        one cycle ahead per layer, so memory stays flat however long it plays."""
        while not self._stop.is_set():
            try:
                index, renew, cycle = self._requests.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                buf = cycle_loop(renew.name, renew.seed, cycle, renew.seconds)
                buf = to_mono(buf, renew.mono) if renew.mono is not None else buf
                out = self._file(index, renew.name, cycle)
                write_wav(out, scaled(buf, renew.scale))
                del buf
                _give_back_memory()
                self._renewed.put((index, cycle, out))
            except Exception as exc:  # the layer keeps looping its last cycle
                self._log(f"haven: {renew.name}: cannot renew sound: {type(exc).__name__}: {exc}")

    # -- per frame -----------------------------------------------------------------
    def updater(self, clock) -> Callable[[float, tuple], None]:
        """A ``world.updaters`` function: fn(t, cam_pos) -> update(t, clock.paused)."""
        return lambda t, cam_pos: self.update(t, clock.paused)

    def update(self, t: float, paused: bool = False, dt: float | None = None) -> None:
        """Follow the clock for this frame: pause/resume, start ready layers, ramp gains."""
        if self.manager is None:
            return
        if paused and not self.paused:
            self.pause()
        elif not paused and self.paused:
            self.resume()
        self._take_ready()
        self._renew_cycles()
        dt = self._frame_dt() if dt is None else dt
        if self.paused:
            return
        master = self.master.step(dt)
        for v in self.voices:
            if v.done:
                continue
            want = v.fade.step(dt) + v.focus.step(dt) + master + v.cue_db
            step = float(np.clip(want - v.applied_db, -MAX_STEP_DB, MAX_STEP_DB))
            v.applied_db = max(v.applied_db + step, FLOOR_DB)
            v.sound.setVolume(v.volume * 10 ** (v.applied_db / 20))
            if self.leaving and v.fade.value <= FLOOR_DB and abs(want - v.applied_db) < 1e-6:
                v.sound.stop()
                v.done = True

    @staticmethod
    def _frame_dt() -> float:
        from panda3d.core import ClockObject
        return float(np.clip(ClockObject.getGlobalClock().getDt(), 0.0, 0.1))

    def _take_ready(self) -> None:
        from panda3d.core import AudioManager, Filename
        while True:
            try:
                item = self._ready.get_nowait()
            except queue.Empty:
                return
            self._pending -= 1
            if isinstance(item, str):
                self.warnings.append(item)
                self._log(f"haven: {item}")
                continue
            sound = self.manager.getSound(Filename.fromOsSpecific(str(item.path)), item.positional,
                                          AudioManager.SM_sample)
            if sound is None or sound.length() <= 0:
                self._log(f"haven: {item.key}: cannot play sound: the audio device refused it")
                continue
            if self.leaving:
                continue  # leaving: a layer that arrives now stays silent
            voice = Voice(item.key, item.index, sound, item.positional, item.volume, role=item.role)
            if item.role is None and item.index in self._swelling():
                voice.role = "waves"
            if item.positional:
                s = self.place.sounds[item.index]
                voice.node = self._nodes.attachNewNode(f"sound-{item.key}")
                voice.node.setPos(*s.position)
                sound.set3dMinDistance(REF_DISTANCE)
                sound.set3dMaxDistance(MAX_DISTANCE)
                self.audio3d.attachSoundToObject(sound, voice.node)
            if getattr(self, "_state", None) is not None:
                voice.cue_db = self._cue(voice, self._state, self._duck_db)
            elif voice.role == "sea":  # no breath yet: the steady sea waits, silent
                voice.cue_db = FLOOR_DB
            if self._focus is not None:
                chosen, up_db, down_db, _ = self._focus
                voice.focus = Ramp(up_db if item.key in chosen else down_db)
                voice.focus.target = voice.focus.value
            sound.setLoop(True)
            sound.setVolume(voice.volume * 10 ** (FLOOR_DB / 20))
            self.voices.append(voice)
            if item.renew is not None:
                voice.renew = item.renew
                self._requests.put((item.index, item.renew, 1))
            if self.paused:
                voice.paused_at = 0.0
            else:
                sound.play()

    def _renew_cycles(self) -> None:
        """Event layers: when a voice's loop comes round (its time jumps back
        to the silent start) and the next cycle is made, play that instead."""
        while True:
            try:
                index, cycle, path = self._renewed.get_nowait()
            except queue.Empty:
                break
            voice = next((v for v in self.voices if v.index == index and v.renew), None)
            if voice is None or voice.done or self.leaving:
                Path(path).unlink(missing_ok=True)
            else:
                voice.renew.next = Path(path)
        if self.paused:
            return
        for v in self.voices:
            r = v.renew
            if r is None or v.done or v.paused_at is not None:
                continue
            t = float(v.sound.getTime())
            came_round, r.last_time = t + 0.5 < r.last_time, t
            if came_round and r.next is not None and not self.leaving:
                self._swap(v)

    def _swap(self, v: Voice) -> None:
        from panda3d.core import AudioManager, Filename
        r = v.renew
        new = self.manager.getSound(Filename.fromOsSpecific(str(r.next)), v.positional,
                                    AudioManager.SM_sample)
        old, old_path = v.sound, r.path
        r.path, r.next = r.next, None
        if new is None or new.length() <= 0:
            r.path = old_path  # keep looping the cycle we have
            return
        new.setLoop(True)
        new.setVolume(old.getVolume())
        if v.positional:
            new.set3dMinDistance(REF_DISTANCE)
            new.set3dMaxDistance(MAX_DISTANCE)
            where = self.audio3d.last_positions.pop(id(old), None)
            if where is not None:
                new.set3dAttributes(*where, 0, 0, 0)
            self.audio3d.detachSound(old)
            self.audio3d.attachSoundToObject(new, v.node)
        old.stop()
        v.sound = new
        new.play()
        r.cycle += 1
        r.last_time = 0.0
        self.manager.uncacheSound(Filename.fromOsSpecific(str(old_path)))
        old_path.unlink(missing_ok=True)
        self._requests.put((v.index, r, r.cycle + 1))

    # -- controls ------------------------------------------------------------------
    def pause(self) -> None:
        """Pause every sound where it is (resume continues from there)."""
        self.paused = True
        for v in self.voices:
            if not v.done and v.paused_at is None:
                v.paused_at = float(v.sound.getTime())
                v.sound.stop()

    def resume(self) -> None:
        """Continue every sound from where it paused, rising back smoothly."""
        self.paused = False
        for v in self.voices:
            if v.done or v.paused_at is None:
                continue
            v.sound.setTime(v.paused_at)
            v.paused_at = None
            v.applied_db = max(FLOOR_DB, v.applied_db - 20.0)  # back in over ~a second
            v.sound.setVolume(v.volume * 10 ** (v.applied_db / 20))
            v.sound.play()

    def fade_out(self, seconds: float = 2.0) -> float:
        """Fade everything to silence over ``seconds`` (>= 0.5), then stop.
        Returns how long it takes; ``faded`` tells when it is done."""
        seconds = max(float(seconds), 0.5)
        self.leaving = True
        if self.paused:  # already silent (stopped by the pause): nothing to fade
            for v in self.voices:
                v.sound.stop()
                v.done = True
            return 0.0
        for v in self.voices:
            v.fade.go(FLOOR_DB, seconds * (v.fade.value - FLOOR_DB) / -FLOOR_DB or 1e-3)
        return seconds

    @property
    def faded(self) -> bool:
        """True once a fade_out has finished (or nothing was playing)."""
        return self.leaving and all(v.done for v in self.voices)

    def set_focus(self, layers: Iterable[str] | None, up_db: float = 6.0, down_db: float = -8.0,
                  ramp: float = 3.5) -> None:
        """Bring the named layers (layer name or file as written) forward and let
        the rest recede, over ``ramp`` seconds; None or empty brings all back."""
        chosen = set(layers or ())
        self._focus = (chosen, up_db, down_db, ramp) if chosen else None
        for v in self.voices:
            v.focus.go((up_db if v.key in chosen else down_db) if chosen else 0.0, ramp)

    def follow(self, state, duck_db: float = 0.0) -> None:
        """Take the practice's gains for this frame (the director's state):
        sound focus, bed fades and the calm way out, the same rule as exports;
        `duck_db` lowers the bed while the voice speaks (gains step at most
        MAX_STEP_DB a frame, so the dip is a glide). With ``breath_sea`` the
        sea follows the state's breath level (see the module docstring)."""
        self._state, self._duck_db = state, duck_db
        for v in self.voices:
            v.cue_db = self._cue(v, state, duck_db)

    @property
    def master_gain(self) -> float:
        """The master volume where its glide is now, linear (0 at the floor):
        the voice and the room tone follow it so one setting turns all down."""
        return 0.0 if self.master.value <= FLOOR_DB else float(10 ** (self.master.value / 20))

    def set_master(self, volume: float, ramp: float = 1.0) -> None:
        """Overall volume 0..1 (a person's setting), reached over ``ramp`` seconds."""
        volume = float(np.clip(volume, 0.0, 1.0))
        db = max(20 * np.log10(volume), FLOOR_DB) if volume > 0 else FLOOR_DB
        self.master.go(db, ramp)

    def status(self) -> list[dict]:
        """What each playing sound is doing (for tests and the debug overlay)."""
        from panda3d.core import AudioSound
        out = []
        for v in self.voices:
            item = {"key": v.key, "playing": v.sound.status() == AudioSound.PLAYING,
                    "length": float(v.sound.length()), "volume": float(v.sound.getVolume()),
                    "positional": v.positional}
            if v.node is not None:
                item["position"] = tuple(float(c) for c in v.node.getPos(self._root))
            if v.role is not None:
                item["role"] = v.role
            out.append(item)
        return out


__all__ = ["LivePlayer", "audio_manager", "cycle_loop", "file_loop", "layer_loop", "level",
           "loop_scale", "make_loop", "makeup_db", "mono_gain", "scaled", "to_mono"]
