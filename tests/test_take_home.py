"""Take it home: the practice chosen on home written as a sound file from the
window (A), with its progress, its stop and its result in plain words."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from engine.app.practice_audio import as_chosen
from engine.config import load_practice
from engine.voice import natural
from tests.helpers.pilot import shell


def wait_while_writing(ui, page, limit: float = 90.0) -> None:
    end = time.monotonic() + limit
    while page.state == "writing" and time.monotonic() < end:
        time.sleep(0.05)
        ui.step()
    assert page.state != "writing", "the file was still being written after 90 s"


def test_a_on_home_writes_the_chosen_practice_as_a_sound_file(tmp_path: Path) -> None:
    from engine.app.take_home_page import BAR_W
    from engine.audio import RATE
    from engine.audio.files import load_sound_file
    from engine.audio.loudness import integrated
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("a")
        page = ui.shell.screen
        assert page.what.text.startswith("Soothing rhythm breathing") and "flower meadow" in page.where.text
        assert page.voice_line.text.startswith("Spoken by the natural voice")      # captions on home: a voice here
        assert page.status.text == f"It will be saved in your exports folder: {tmp_path / 'exports'}"
        assert not page.bar.enabled                                                 # no empty bar before it begins
        page.voice_button.on_click()                                                # a click, as V
        ui.press("v", "v")
        assert page.voice_line.text == "Spoken by no voice: the place's sound alone   (V to change)"
        assert [b.text for b in page.buttons] == ["Write the file   (Enter)", "Back   (Esc)"]
        page.seconds = 4.0        # the first 4 s (a person gets the whole practice)
        ui.press("enter")
        assert page.state == "writing" and [b.text for b in page.buttons] == ["Stop   (Esc)"]
        wait_while_writing(ui, page)
        assert page.state == "done", page.status.text
        files = list((tmp_path / "exports").glob("haven-soothing-breathing-meadow-*.mp3"))
        assert len(files) == 1 and page.status.text.startswith(f"Written: {files[0]}\n4 s, the place's sound alone")
        assert page.fill.scale_x == pytest.approx(BAR_W)
        assert files[0].stat().st_mode & 0o777 == 0o600                            # the person's alone
        audio = load_sound_file(files[0])
        assert audio.shape[0] / RATE == pytest.approx(4.0, abs=0.1)
        assert integrated(audio) == pytest.approx(-20.0, abs=1.0)     # the place's sound, at the sound bar
        ui.press("enter")
        assert ui.shell.home is not None


def test_esc_stops_the_writing_and_leaves_no_file(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("a", "v", "v", "v")   # no voice: the whole practice's sound
        page = ui.shell.screen
        ui.press("enter")
        end = time.monotonic() + 30
        while page.job.fraction <= 0 and time.monotonic() < end:
            time.sleep(0.05)
            ui.step()
        assert page.job.fraction > 0 and page.job.running      # it had begun, and shows how far
        ui.press("escape")
        assert page.state == "ready" and page.status.text == "Stopped. Nothing was written."
        assert [b.text for b in page.buttons] == ["Write the file   (Enter)", "Back   (Esc)"]   # again, or leave
        assert not page.job.running and not list((tmp_path / "exports").iterdir())
        ui.press("escape")
        assert ui.shell.home is not None


def test_the_make_a_place_card_has_nothing_to_take_home(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        for _ in range(len(ui.shell.home.choices.cards)):
            if ui.shell.home.choices.making:
                break
            ui.press("right arrow")
        ui.press("a")
        assert ui.shell.home is not None and ui.shell.home.notice.text.startswith("Choose a place first")


def test_the_file_is_the_practice_as_the_person_chose_it(capsys) -> None:
    kindness = load_practice("loving-kindness")
    ids = [o.id for o in kindness.choose.options]
    first, other = as_chosen(kindness), as_chosen(kindness, ids[-1])
    assert [s.id for s in first.segments] != [s.id for s in other.segments]
    assert as_chosen(kindness, ids[-1], gently=True).length > other.length          # the gentle route is slower
    with pytest.raises(ValueError, match="is not one of loving-kindness's choices"):
        as_chosen(kindness, "nobody")
    safe = load_practice("safe-place")
    said = [line for s in as_chosen(safe, eyes_closed=True).segments for line in s.text]
    assert said != [line for s in safe.segments for line in s.text]                # the words for closed eyes
    from engine.app.cli import main
    assert main(["export-audio", "--practice", "loving-kindness", "--option", "nobody", "--out", "x.mp3"]) == 2
    assert capsys.readouterr().err.strip().startswith("haven: 'nobody' is not one of")


@pytest.mark.skipif(shutil.which("espeak-ng") is None or natural.voice_files() is None,
                    reason="needs espeak-ng and the natural voice")
def test_a_spoken_export_shows_progress_while_its_voice_is_made(tmp_path: Path) -> None:
    """Making the natural voice's lines is the slow start of a spoken export:
    the bar moves through it, not only after it."""
    from engine.app.practice_audio import VOICE_SHARE, export_practice_audio
    seen: list[float] = []
    export_practice_audio("meadow", "three-circles", tmp_path / "a.wav", "natural", seconds=12.0,
                          progress=seen.append)
    voice = [f for f in seen if f <= VOICE_SHARE]
    assert len(voice) >= 2 and voice[-1] == pytest.approx(VOICE_SHARE)   # line by line, all of them made
    assert seen[len(voice)] == pytest.approx(VOICE_SHARE + (1 - VOICE_SHARE) * 0.01)   # then the sound
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_the_result_says_why_no_voice_speaks() -> None:
    from engine.app.take_home_page import done_words
    result = {"path": "/x/a.mp3", "seconds": 385.2, "voice_engine": "none"}
    assert done_words(result, "recorded") == ("Written: /x/a.mp3\n6 min 25 s, the place's sound alone"
                                              " (you have no recordings of this practice yet: O on home adds them).")
    assert done_words(result, "captions").endswith("the place's sound alone.")
    spoken = {**result, "voice_engine": "natural:en_US-joe-medium"}
    assert done_words(spoken).endswith("spoken by the natural voice (en_US-joe-medium).")
