"""The command line as a person uses it: exit codes, messages, files written."""
from __future__ import annotations

import json
import re

import numpy as np
from PIL import Image

from engine.core.events import read_events
from tests.helpers.process import ROOT, haven

LINE = re.compile(r"^[^:]+:\d+: [\w.\[\]-]+: .+$")


def test_check_accepts_every_builtin_place():
    files = sorted(str(p) for p in (ROOT / "scenes").glob("*.yaml"))
    r = haven("check", *files)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("ok") == len(files)


def test_check_reports_each_problem_on_one_line_with_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "scenes" / "meadow.yaml").read_text()
                   .replace('sky_top: "#5f93d1"', 'sky_top: "blue"')
                   .replace("time_of_day: day", "time_of_day: noon")
                   .replace("  kind: hills", "  kind: hills\n  colur: red"))
    r = haven("check", str(bad))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert all(LINE.match(line) for line in lines), lines
    text = r.stderr
    assert f"{bad}:6: palette.sky_top:" in text
    assert f"{bad}:4: time_of_day:" in text and "dusk" in text
    assert "terrain.colur" in text and "Traceback" not in text


def test_render_writes_frames_and_events_and_is_deterministic(tmp_path):
    outs = []
    for run in ("a", "b"):
        out = tmp_path / run
        r = haven("render", "--place", "beach", "--seconds", "0.5", "--fps", "6", "--size", "320x180",
                  "--out", str(out), "--seed", "7")
        assert r.returncode == 0, r.stderr
        outs.append(out)
    frames_a = sorted((outs[0] / "frames").glob("*.png"))
    assert [p.name for p in frames_a] == [f"{i:06d}.png" for i in range(3)]
    for pa in frames_a:
        a = np.asarray(Image.open(pa))
        b = np.asarray(Image.open(outs[1] / "frames" / pa.name))
        assert a.shape == (180, 320, 3) and np.array_equal(a, b)
    events = read_events(outs[0] / "events.jsonl")
    assert events[0]["kind"] == "place.open" and events[0]["place"] == "beach" and events[0]["seed"] == 7


def test_render_with_another_seed_differs(tmp_path):
    paths = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        assert haven("render", "--place", "meadow", "--seconds", "0.1", "--fps", "10", "--size", "320x180",
                     "--out", str(out), "--seed", seed).returncode == 0
        paths.append(out / "frames" / "000000.png")
    a, b = (np.asarray(Image.open(p)).astype(int) for p in paths)
    assert np.abs(a - b).mean() > 1.0


def test_render_rejects_an_unknown_place_with_one_line(tmp_path):
    r = haven("render", "--place", "meadw", "--seconds", "1", "--out", str(tmp_path / "x"))
    assert r.returncode == 2
    assert "meadow" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "x").exists()


def test_run_offscreen_steps_frames_and_escape_pauses(tmp_path):
    r = haven("run", "--offscreen", "--frames", "40", "--size", "320x180", "--keys", "10:escape")
    assert r.returncode == 0, r.stderr
    state = json.loads(r.stdout.strip().splitlines()[-1])
    assert state["frames"] == 40 and state["paused"] and state["log"] == ["pause"]
    # the clock stopped when the pause screen opened (10 frames at 60 fps)
    assert abs(state["t"] - 10 / 60) < 1e-4


def test_leaving_fades_for_two_seconds_before_closing():
    r = haven("run", "--offscreen", "--frames", "400", "--size", "320x180", "--keys", "5:escape,60:q")
    state = json.loads(r.stdout.strip().splitlines()[-1])
    assert state["closed"] and state["log"] == ["pause", "leave"]
    assert 60 + 2 * 60 - 2 <= state["frames"] <= 60 + 2 * 60 + 2


def test_reduced_motion_refuses_explore_mode():
    r = haven("run", "--offscreen", "--frames", "20", "--size", "320x180", "--reduced-motion", "--keys", "5:tab")
    state = json.loads(r.stdout.strip().splitlines()[-1])
    assert not state["explore"] and "explore refused: reduced motion" in state["log"]


def test_a_broken_personal_place_still_opens_haven(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("name: mine\ntitle: Mine\npalette: {sky_top: nope}\n")
    r = haven("run", "--offscreen", "--frames", "5", "--size", "320x180", "--place", str(bad))
    assert r.returncode == 0
    state = json.loads(r.stdout.strip().splitlines()[-1])
    assert state["place"] == "meadow"
    assert "palette.sky_top" in r.stderr and "opening 'meadow' instead" in r.stderr


def test_no_display_renders_a_preview_video_instead(tmp_path):
    r = haven(drop=("DISPLAY", "WAYLAND_DISPLAY"), cwd=tmp_path, timeout=400)
    assert r.returncode == 0, r.stderr
    assert "no DISPLAY" in r.stdout
    video = tmp_path / "haven-preview" / "session.mp4"
    assert video.exists() and video.stat().st_size > 20_000
    assert str(video) in r.stdout


def test_list_names_the_builtin_places():
    r = haven("list")
    assert r.returncode == 0
    for name in ("beach", "meadow", "starlit-field"):
        assert f"  {name}" in r.stdout


def test_bench_prints_one_json_object():
    r = haven("bench", "--place", "meadow", "--seconds", "0.5", "--size", "320x180")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    for key in ("fps_median", "frame_ms_p50", "frame_ms_p99", "startup_s", "peak_rss_mb"):
        assert result[key] > 0
    assert result["frame_ms_p99"] >= result["frame_ms_p50"]


def test_bench_with_a_practice_measures_the_practice_over_the_place(tmp_path):
    data = tmp_path / "data"
    r = haven("bench", "--place", "meadow", "--practice", "soothing-breathing", "--at", "44", "--seconds", "0.5",
              "--size", "320x180", env={"HAVEN_DATA_DIR": str(data)})
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert (result["place"], result["practice"], result["frames"]) == ("meadow", "soothing-breathing", 30)
    assert result["halo_mean"] > 0.5 and result["caption_share"] > 0.5    # the glow and a caption were on
    assert result["floor_ms_p50"] > 0 and result["x_floor"] > 0
    assert not data.exists() or not any(data.rglob("*.sqlite3"))          # no record in the person's folder


def test_render_writes_the_soundscape_for_the_rendered_span(tmp_path):
    import wave
    r = haven("render", "--place", "beach", "--seconds", "1", "--fps", "5", "--size", "320x180",
              "--out", str(tmp_path), "--seed", "3")
    assert r.returncode == 0, r.stderr
    with wave.open(str(tmp_path / "mix.wav")) as w:
        assert w.getframerate() == 48000 and w.getnchannels() == 2
        assert w.getnframes() == 48000
        samples = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    assert np.sqrt(np.mean(samples.astype(float) ** 2)) > 100  # not silent


def test_export_audio_refuses_an_unknown_format(tmp_path):
    r = haven("export-audio", "--place", "meadow", "--out", str(tmp_path / "x.aiff"), "--seconds", "5")
    assert r.returncode == 2
    assert "allowed: .wav, .mp3, .ogg" in r.stderr and "Traceback" not in r.stderr


def test_a_file_that_cannot_be_written_is_one_plain_line(tmp_path, capsys):
    from engine.app.cli import main
    (tmp_path / "a-file").write_text("x")
    out = tmp_path / "a-file" / "x.wav"                   # a file stands where a folder should be
    assert main(["export-audio", "--place", "meadow", "--seconds", "0.5", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"haven: {tmp_path / 'a-file'}: File exists"]      # not 'FileExistsError: [Errno 17] ...'
    assert not out.exists()


def test_export_audio_meets_the_loudness_bars(tmp_path):
    r = haven("export-audio", "--place", "lakeside", "--out", str(tmp_path / "l.wav"), "--seconds", "40", "--json")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert abs(result["integrated_lufs"] + 20) <= 1
    assert result["true_peak_dbtp"] <= -1 and result["max_short_term_lufs"] <= -15


def test_a_silent_render_writes_no_sound(tmp_path) -> None:
    r = haven("render", "--place", "meadow", "--seconds", "0.5", "--fps", "4", "--size", "160x90", "--silent",
              "--out", str(tmp_path / "r"))
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["frames"] == 2 and "mix" not in result
    assert not (tmp_path / "r" / "mix.wav").exists() and (tmp_path / "r" / "events.jsonl").exists()
