"""Faults a person's machine can have: a crash while a place is being saved,
a folder Haven cannot write, broken sound and voice files. Each ends in the
old file or the new one (never a broken one), or in one clear line while
the practice goes on.

Records (SQLite) under kill -9 are tested in test_store.py and
test_app_session.py; a full disk injected during a place write in
test_config.py, and a really full one (a filled tmpfs) in test_full_disk.py.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from engine import APP_DIR
from engine.config import load_place

SAVER = """
import sys
from pathlib import Path
from engine.config.draft import Draft, save
folder = Path(sys.argv[1])
n = 0
while True:
    d = Draft.start("beach")
    d.data["name"] = "mine"
    d.data["title"] = f"My beach {n}"
    d.data["smells"] = [f"salt {n}"] * (1 + n % 7)   # the file's size changes from save to save
    save(d, folder)
    print(n, flush=True)
    n += 1
"""

KILLS = 30 if os.environ.get("HAVEN_SLOW") else 12   # make check-all: 30


def _env(**extra: str) -> dict:
    return {**os.environ, "PYTHONPATH": str(APP_DIR), "ALSOFT_DRIVERS": "null", "ALSOFT_LOGLEVEL": "0", **extra}


def test_a_place_being_saved_survives_kill_9_at_random_moments(tmp_path: Path) -> None:
    """A builder saving its place over and over is killed 12 (slow: 30) times at random
    moments: after each kill the place loads and is the last save it
    reported, or the one it was in the middle of - never a torn file."""
    rng = random.Random(11)
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    folder = tmp_path / "places"
    place = folder / "mine.yaml"
    saves = 0
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(script), str(folder)], stdout=subprocess.PIPE, env=_env())
        time.sleep(rng.uniform(0.4, 1.2))   # the first ~0.3 s is Python starting and importing
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        done = [int(line) for line in out.decode().split()]
        saves += len(done)
        if not place.exists():
            assert not done, "a save was reported but no file is there"
            continue
        loaded = load_place(str(place))          # validates: a torn file would raise ConfigError
        n = int(loaded.title.rsplit(" ", 1)[1])
        if done:
            assert n in (done[-1], done[-1] + 1), (n, done[-1])
        assert loaded.smells == [f"salt {n}"] * (1 + n % 7)
        assert (place.stat().st_mode & 0o777) == 0o600
    assert saves > KILLS, f"only {saves} saves between {KILLS} kills"
    names = subprocess.run([sys.executable, "main.py", "list"], cwd=APP_DIR, capture_output=True, text=True,
                           env=_env(HAVEN_DATA_DIR=str(tmp_path / "data")))
    assert names.returncode == 0


def test_a_data_folder_that_cannot_be_written_still_lets_the_practice_run(tmp_path: Path) -> None:
    """No records, no settings, no event log can be kept: each says so on
    one line, and the practice runs its frames and exits 0."""
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where Haven's data folder should be")
    r = subprocess.run([sys.executable, "main.py", "run", "--offscreen", "--frames", "20", "--place", "beach",
                        "--practice", "safe-place-short"], cwd=APP_DIR, capture_output=True, text=True,
                       env=_env(HAVEN_DATA_DIR=str(blocked)), timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["frames"] == 20 and result["record"] is None
    assert "segment.start settle" in result["log"]
    said = [line for line in r.stderr.splitlines() if line.startswith("haven:")]
    assert any("practice records cannot be opened" in s and "goes on without a record" in s for s in said), said
    assert any("settings not saved" in s for s in said), said
    assert all(len(s) < 300 for s in said), said


def _place_with_sounds(tmp_path: Path, files: dict[str, bytes]) -> Path:
    doc = yaml.safe_load((APP_DIR / "scenes" / "beach.yaml").read_text())
    doc["name"] = "faulty"
    doc["sounds"] = [{"layer": "surf", "gain": -10}] + [{"file": name, "gain": -10} for name in files]
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    path = tmp_path / "faulty.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def test_a_corrupt_recording_is_named_and_the_rest_renders(tmp_path: Path) -> None:
    """A place whose own recording is garbage (and one cut off after its
    header): render says so once per file and writes every frame and a mix
    with the place's own layers in it."""
    wav_head = b"RIFF\x24\x10\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x02\x00\x80\xbb\x00\x00"
    place = _place_with_sounds(tmp_path, {"garbage.mp3": os.urandom(4096), "cut.wav": wav_head})
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "main.py", "render", "--place", str(place), "--seconds", "2", "--fps", "5",
                        "--size", "160x90", "--out", str(out)], cwd=APP_DIR, capture_output=True, text=True,
                       env=_env(), timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    for name in ("garbage.mp3", "cut.wav"):
        lines = [s for s in r.stderr.splitlines() if name in s]
        assert lines and all(len(s) < 400 for s in lines), r.stderr[-2000:]
    assert len(list((out / "frames").glob("*.png"))) == 10
    from scipy.io import wavfile
    rate, mix = wavfile.read(out / "mix.wav")
    assert rate == 48000 and mix.shape[0] == 2 * rate
    assert float((mix.astype(float) ** 2).mean()) ** 0.5 > 100   # the surf is there, not silence


def test_a_corrupt_voice_file_leaves_its_caption_and_the_rest_speaks(tmp_path: Path) -> None:
    """A practice segment whose recorded voice file is garbage: the export
    goes on (that line shown as a caption only), says so, and still meets
    the sound bar."""
    doc = {"name": "broken-voice", "title": "Broken voice", "description": "A practice with one bad voice file.",
           "duration": 30,
           "segments": [{"id": "settle", "duration": 15, "text": ["Let yourself settle."], "voice": "bad.wav",
                         "cues": [{"at": 0, "do": "breath.on"}]},
                        {"id": "rest", "duration": 15, "text": ["Rest here a while."]}]}
    (tmp_path / "bad.wav").write_bytes(b"RIFF" + os.urandom(2000))
    practice = tmp_path / "broken-voice.yaml"
    practice.write_text(yaml.safe_dump(doc, sort_keys=False))
    out = tmp_path / "p.wav"
    r = subprocess.run([sys.executable, "main.py", "export-audio", "--place", "meadow", "--practice", str(practice),
                        "--voice", "recorded", "--out", str(out)], cwd=APP_DIR, capture_output=True, text=True,
                       env=_env(), timeout=300)
    assert r.returncode == 0, (r.stdout[-1500:], r.stderr[-1500:])
    assert out.stat().st_size > 48000 * 4 * 25
    said = r.stdout + r.stderr
    assert "bad.wav" in said and "not a readable wav file" in said
    assert "none of the voice files 'broken-voice' names could be played" in said and "yet" not in said
