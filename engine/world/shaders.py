"""GLSL shaders for the world. Ursina runs Panda3D with y up (left-handed).

Every shader's source lives in engine/world/glsl/ (`.vert` and `.frag`
files, and `particle_kinds.glsl` with sections). `stage(name)` reads one
(by absolute path from this module's folder, once) and puts the shared
preamble of its stage before it: glsl/preamble.vert (the `#version` line,
the model-view-projection matrix, p3d_Vertex and `fog_ramp`) or
glsl/preamble.frag (the `#version` line and `o_col`). A file may be a
template with %(name)s fields that the caller fills in.

One lit shader serves every solid object (terrain, flora, structures): light
baked per vertex (see mesh.py) scaled by the shared key and ambient uniforms
that the breathing light and cues drive each frame, a cheap wind sway, and
fog.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from panda3d.core import Shader

GLSL_DIR = Path(__file__).resolve().parent / "glsl"
SECTION = "//@ "
"""In a sectioned file, a line starting with this starts a section named by the rest of the line."""


@lru_cache(maxsize=None)
def source(name: str) -> str:
    """The text of glsl/<name>, as stored (read once)."""
    return (GLSL_DIR / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def sections(name: str) -> dict[str, str]:
    """The sections of a sectioned glsl/<name> file by name (text before
    the first section is its description and is left out)."""
    found: dict[str, list[str]] = {}
    lines: list[str] | None = None
    for line in source(name).splitlines():
        if line.startswith(SECTION):
            lines = found.setdefault(line[len(SECTION):].strip(), [])
        elif lines is not None:
            lines.append(line)
    return {key: "\n".join(text).strip("\n") for key, text in found.items()}


def stage(name: str, fill: dict | None = None, defines: tuple[str, ...] = ()) -> str:
    """One complete shader stage: the preamble of its kind (by the file's
    extension), any `#define`s right after the #version line, then
    glsl/<name> with its %(...)s fields filled from `fill`."""
    body = source(name)
    if fill is not None:
        body = body % fill
    version, shared = source("preamble." + name.rsplit(".", 1)[-1]).split("\n", 1)
    return version + "\n" + "".join(f"#define {d}\n" for d in defines) + shared + body


def make(vert: str, frag: str) -> Shader:
    return Shader.make(Shader.SL_GLSL, vertex=vert, fragment=frag)


_CACHE: dict[str, Shader] = {}


def cached(key: str, vert: str, frag: str) -> Shader:
    """The shader made once per key from these stage texts."""
    if key not in _CACHE:
        _CACHE[key] = make(vert, frag)
    return _CACHE[key]


def program(key: str, vert: str, frag: str, vert_fill: dict | None = None,
            frag_fill: dict | None = None) -> Shader:
    """The shader made once per key from two glsl/ files (see `stage`)."""
    if key not in _CACHE:
        _CACHE[key] = make(stage(vert, vert_fill), stage(frag, frag_fill))
    return _CACHE[key]


def lit() -> Shader:
    return program("lit", "lit.vert", "vertex_colour.frag")


def glow() -> Shader:
    """Self-lit things (fire, window light, glow): colour passes through, fog still applies."""
    return program("glow", "glow.vert", "vertex_colour.frag")
