"""Finding the OpenXR runtime (the headset's software) and opening it.

``runtime_available()`` is cheap and opens nothing: it looks where the
OpenXR loader looks for the active runtime's manifest (the OpenXR loader
specification, Linux: XR_RUNTIME_JSON, then ``openxr/1/active_runtime.json``
under XDG_CONFIG_HOME, each of XDG_CONFIG_DIRS, and /etc) and checks that
the library it names is there. The home screen asks it whether to offer VR.

``open_runtime()`` really asks the runtime, through pyopenxr's bundled
loader: an instance with OpenGL, and a head-mounted system (a headset). It
gives a ``Runtime`` or a ``NoRuntime`` whose ``line`` is one plain sentence.
What the loader and the runtime print while starting goes to a log file
(``noise``), never to the person's terminal.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

HOW_TO_GET_ONE = ("install your headset's OpenXR runtime (SteamVR, Meta Quest Link, WMR, or Monado on "
                  "Linux) and set it as the active OpenXR runtime")
NO_RUNTIME = f"haven: no OpenXR runtime was found, so VR cannot start: {HOW_TO_GET_ONE}."
FALLBACK_HINT = " (python main.py run --vr --vr-fallback opens on the desktop instead)"


def manifest_candidates(env: dict[str, str] | None = None) -> list[Path]:
    """Where the OpenXR loader looks for the active runtime's manifest, in
    order (Linux; on other systems only XR_RUNTIME_JSON is checked here)."""
    env = os.environ if env is None else env
    out: list[Path] = []
    if env.get("XR_RUNTIME_JSON"):
        out.append(Path(env["XR_RUNTIME_JSON"]).expanduser())
        return out   # the loader uses only this one when it is set
    home = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    dirs = [home, *(env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":"), "/etc"]
    for d in filter(None, dirs):
        for name in ("active_runtime.x86_64.json", "active_runtime.json"):
            out.append(Path(d) / "openxr" / "1" / name)
    return out


def manifest_library(manifest: Path) -> Path | None:
    """The runtime library a manifest names, or None if it cannot be read.
    A bare file name is found by the system's library search (kept as is)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        lib = str(data["runtime"]["library_path"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    path = Path(lib)
    if "/" not in lib:
        return path
    return path if path.is_absolute() else (manifest.parent / path)


def find_manifest(env: dict[str, str] | None = None) -> Path | None:
    """The active runtime's manifest whose library is there, if any."""
    for candidate in manifest_candidates(env):
        if candidate.is_file():
            lib = manifest_library(candidate)
            if lib is not None and ("/" not in str(lib) or lib.exists()):
                return candidate
            return None   # the loader stops at the first manifest it finds
    return None


def runtime_available(env: dict[str, str] | None = None) -> bool:
    """Whether an OpenXR runtime is installed and active (cheap: reads one
    small file, opens no window and loads nothing). It cannot tell whether a
    headset is plugged in; ``open_runtime`` does."""
    if sys.platform.startswith("linux") or (env or os.environ).get("XR_RUNTIME_JSON"):
        return find_manifest(env) is not None
    return True   # Windows keeps the active runtime in the registry: let open_runtime say


@dataclass
class Runtime:
    """An opened OpenXR instance with a headset (p3dopenxr's Instance and System)."""
    instance: object
    system: object
    name: str
    system_name: str
    view_sizes: list[tuple[int, int]] = field(default_factory=list)

    def close(self) -> None:
        import xr
        if getattr(self.instance, "handle", None) is not None:
            with contextlib.suppress(Exception):
                xr.destroy_instance(self.instance.handle)
            self.instance.handle = None


@dataclass(frozen=True)
class NoRuntime:
    """Why VR cannot start, as one plain line; ``detail`` is the error for the log."""
    line: str
    detail: str = ""


def open_runtime(noise: str | os.PathLike = os.devnull) -> Runtime | NoRuntime:
    """Create the OpenXR instance and find the headset (no window needed)."""
    with output_to(noise):
        try:
            import xr
            from p3dopenxr.instance import Instance
            from p3dopenxr.system import System
        except ImportError as exc:   # pragma: no cover - a dependency of Haven
            return NoRuntime("haven: VR needs the pyopenxr and panda3d-openxr packages "
                             "(pip install -e . installs them).", repr(exc))
        try:
            extensions = xr.enumerate_instance_extension_properties()
        except xr.exception.XrException as exc:
            return NoRuntime(NO_RUNTIME, repr(exc))
        names = {e.extension_name.decode() if isinstance(e.extension_name, bytes) else e.extension_name
                 for e in extensions}
        if xr.KHR_OPENGL_ENABLE_EXTENSION_NAME not in names:
            return NoRuntime("haven: the OpenXR runtime cannot take OpenGL images (no XR_KHR_opengl_enable), "
                             "which Haven draws with: use a runtime that offers it.", ", ".join(sorted(names)))
        try:
            instance = Instance(requested_extensions=[xr.KHR_OPENGL_ENABLE_EXTENSION_NAME],
                                application_name="Haven", enable_debug=False)
        except xr.exception.XrException as exc:
            return NoRuntime(NO_RUNTIME, repr(exc))
        runtime_name = xr.get_instance_properties(instance.handle).runtime_name.decode()
        try:
            system = System(instance)
        except xr.exception.FormFactorUnavailableError as exc:
            _destroy(instance)
            return NoRuntime(f"haven: the OpenXR runtime ({runtime_name}) found no headset: connect it, "
                             "switch it on and start its software, then try again.", repr(exc))
        except (xr.exception.XrException, ValueError) as exc:
            _destroy(instance)
            return NoRuntime(f"haven: the OpenXR runtime ({runtime_name}) could not start a headset "
                             f"for Haven ({type(exc).__name__}).", repr(exc))
        props = xr.get_system_properties(instance.handle, system.handle)
        sizes = [(v.recommended_image_rect_width, v.recommended_image_rect_height) for v in system.views]
        return Runtime(instance, system, runtime_name, props.system_name.decode(), sizes)


def _destroy(instance) -> None:
    import xr
    with contextlib.suppress(Exception):
        xr.destroy_instance(instance.handle)


@contextlib.contextmanager
def output_to(path: str | os.PathLike):
    """Send what C libraries print to stderr (the OpenXR loader, the runtime)
    to ``path`` while the block runs; Python's own stderr follows too."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        yield
        return
    os.dup2(fd, 2)
    os.close(fd)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
