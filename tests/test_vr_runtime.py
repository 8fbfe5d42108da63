"""Finding the OpenXR runtime, and `run --vr` with none: one plain line,
exit code 2, no traceback (the real loader, bundled with pyopenxr, is asked)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.vr.runtime import NO_RUNTIME, find_manifest, manifest_candidates, runtime_available

ROOT = Path(__file__).resolve().parent.parent


def manifest(folder: Path, library: str, name: str = "active_runtime.json") -> Path:
    path = folder / "openxr" / "1" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"file_format_version": "1.0.0", "runtime": {"library_path": library}}))
    return path


def test_the_loaders_search_order(tmp_path) -> None:
    env = {"HOME": str(tmp_path / "home"), "XDG_CONFIG_DIRS": f"{tmp_path}/a:{tmp_path}/b"}
    found = [str(p) for p in manifest_candidates(env)]
    assert found[1] == f"{tmp_path}/home/.config/openxr/1/active_runtime.json"
    assert found.index(f"{tmp_path}/a/openxr/1/active_runtime.json") < found.index(
        f"{tmp_path}/b/openxr/1/active_runtime.json") < found.index("/etc/openxr/1/active_runtime.json")
    assert manifest_candidates({"XR_RUNTIME_JSON": "/x/r.json", **env}) == [Path("/x/r.json")]


def test_runtime_available_needs_a_manifest_whose_library_is_there(tmp_path) -> None:
    env = {"HOME": str(tmp_path / "home"), "XDG_CONFIG_DIRS": str(tmp_path / "none")}
    assert not runtime_available(env)
    lib = tmp_path / "libopenxr_test.so"
    m = manifest(tmp_path / "home" / ".config", "../../../../libopenxr_test.so")   # relative to the manifest
    assert not runtime_available(env)         # named, but not there
    lib.write_bytes(b"")
    assert runtime_available(env)
    assert find_manifest(env) == m
    m.write_text("{not json")
    assert not runtime_available(env)


def test_runtime_available_follows_XR_RUNTIME_JSON(tmp_path) -> None:
    lib = tmp_path / "librt.so"
    lib.write_bytes(b"")
    m = manifest(tmp_path, str(lib))
    assert runtime_available({"XR_RUNTIME_JSON": str(m), "HOME": str(tmp_path)})
    assert not runtime_available({"XR_RUNTIME_JSON": str(tmp_path / "gone.json"), "HOME": str(tmp_path)})


def _run(args: list[str], tmp_path: Path, **extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("XR_RUNTIME_JSON", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(HAVEN_DATA_DIR=str(tmp_path / "data"), HOME=str(tmp_path / "home"),
               XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"), XDG_CONFIG_DIRS=str(tmp_path / "etc"), **extra)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "run", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("extra", [{}, {"XR_RUNTIME_JSON": "/nonexistent/openxr_runtime.json"}])
def test_no_runtime_says_one_plain_line_and_exits_2(tmp_path, extra) -> None:
    result = _run(["--vr", "--place", "meadow", "--frames", "3"], tmp_path, **extra)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(NO_RUNTIME)
    assert "--vr-fallback" in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    log = (tmp_path / "data" / "logs" / "vr.log").read_text()
    assert "RuntimeUnavailableError" in log    # the loader's own words are kept, not shown


def test_no_runtime_with_fallback_opens_on_the_desktop(tmp_path) -> None:
    result = _run(["--vr", "--vr-fallback", "--place", "meadow", "--frames", "3", "--offscreen", "--size", "320x180"],
                  tmp_path, ALSOFT_DRIVERS="null", ALSOFT_LOGLEVEL="0")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Opening on the desktop instead" in result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["frames"] == 3 and summary["place"] == "meadow"
    assert "xr" not in summary
