"""The headset from the home screen (issue 21): offered only when an OpenXR
runtime is active; H begins the chosen visit in a process of its own while
home waits, lending it the data folder's lock, and says how it went."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.config.lock import HELD_FOR, AlreadyOpen, DataLock
from tests.helpers.pilot import shell

ROOT = Path(__file__).resolve().parents[1]


def fake_runtime(folder: Path) -> Path:
    """An active runtime's manifest naming a library that is there but is
    no runtime: home offers the headset, the visit cannot start."""
    lib = folder / "libnot_a_runtime.so"
    lib.write_bytes(b"not a library")
    manifest = folder / "active_runtime.json"
    manifest.write_text(json.dumps({"file_format_version": "1.0.0",
                                    "runtime": {"name": "none", "library_path": str(lib)}}))
    return manifest


def test_without_a_runtime_home_offers_no_headset(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XR_RUNTIME_JSON", str(tmp_path / "nowhere.json"))
    with shell(tmp_path / "data", welcomed=True, headset=None) as ui:
        home = ui.shell.home
        assert not home.headset
        ui.press("h")
        assert ui.shell.headset is None and "headset" not in home.notice.text


def test_h_opens_the_visit_in_the_headset_home_waits_and_says_why_it_could_not(tmp_path: Path,
                                                                               monkeypatch) -> None:
    monkeypatch.setenv("XR_RUNTIME_JSON", str(fake_runtime(tmp_path)))
    with shell(tmp_path / "data", welcomed=True, headset=None) as ui:
        home = ui.shell.home
        assert home.headset
        ui.press("right arrow", "down arrow", "h")       # the next place and practice, in the headset
        visit = ui.shell.headset
        assert visit is not None
        args = visit.proc.args
        assert args[args.index("--place") + 1] == home.choices.place.name
        assert args[args.index("--practice") + 1] == home.choices.practice.name
        assert "opening in the headset" in home.notice.text
        ui.press("r")                                    # home waits: nothing else begins
        assert ui.shell.home is home and ui.shell.screen is home
        end = time.monotonic() + 90
        while ui.shell.headset is not None and time.monotonic() < end:
            ui.seconds(0.5)
            time.sleep(0.05)
        assert ui.shell.headset is None, "the headset visit never ended"
        said = ui.shell.home.notice.text
        assert said.startswith("No OpenXR runtime was found, so VR cannot start"), said
        assert "python main.py" not in said                # the terminal's hint is not said in the window
        assert ui.shell.log[-2] == "headset ended 2"
        ui.step()   # home shown again ignores keys until its next frame (the key that switched a screen is not reused)
        ui.press("r")                                    # and home answers again
        assert ui.shell.home is None


CHILD = ("import sys; from pathlib import Path; from engine.config.lock import DataLock, AlreadyOpen\n"
         "try:\n    DataLock.take(Path(sys.argv[1])); print('went on')\n"
         "except AlreadyOpen as e:\n    print('refused')\n")


@pytest.mark.parametrize("lender, answer", [("me", "went on"), (None, "refused"), ("1", "refused")])
def test_the_window_lends_its_lock_to_the_visit_it_started_and_no_one_else(tmp_path: Path, lender, answer) -> None:
    held = DataLock.take(tmp_path)
    assert held is not None
    try:
        env = dict(os.environ)
        if lender is not None:   # me: this process, the child's parent; "1": some other process
            env[HELD_FOR] = str(os.getpid()) if lender == "me" else lender
        out = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
        assert out.stdout.strip() == answer, out.stderr
    finally:
        held.release()
