"""The compassionate letter (issue 18): written one part at a time over the
paused place, kept for the person alone, read back, saved as a text file,
and deleted for good."""
from __future__ import annotations

import stat
from pathlib import Path

from engine.records.letters import compose, delete_letter, export_letter, letters, read_letter, save_letter
from tests.helpers.pilot import shell


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_letter_is_owner_only_reads_back_exports_and_is_gone_after_delete(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HAVEN_DATA_DIR", str(tmp_path))
    assert save_letter({"notice": "   ", "help": ""}) is None and letters() == []   # nothing written, nothing kept
    letter = save_letter({"notice": "Work has been heavy.", "encourage": "You are doing your best."})
    assert _mode(letter.path) == 0o600 and _mode(letter.path.parent) == 0o700
    assert read_letter(letter) == "Work has been heavy.\n\nYou are doing your best.\n"
    assert letters() == [letter]
    copy = export_letter(letter, tmp_path / "exports")
    assert copy.read_text() == read_letter(letter) and _mode(copy) == 0o600
    delete_letter(letter)
    assert not letter.path.exists() and letters() == []
    assert not any(p.is_file() for p in (tmp_path / "letters").iterdir())


def test_parts_keep_the_prompts_order() -> None:
    assert compose({"encourage": "c", "notice": "a", "understand": "b"}) == "a\n\nb\n\nc\n"


def test_writing_reading_saving_and_deleting_a_letter_in_the_window(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        ui.press(*["down arrow"] * 11)
        assert ui.shell.home.choices.practice.name == "compassionate-letter"
        ui.press("enter", "s")
        c = ui.controller
        ui.seconds(1)
        c.open_letter()                      # what the practice's letter.write cue does, 172 s in
        assert c.clock.paused
        ui.step(2)
        for part in ("Things have been hard at home.", "Anyone would feel tired after this.",
                     "Ask for an evening off.", "You have got through hard weeks before."):
            ui.type(part)
            ui.press("enter")
        assert c.letter is None and not c.clock.paused and "letter kept" in c.log
        assert "kept, for you alone" in c.toast.showing
        ui.press("escape", "q", "s")
        ui.seconds(2.5)
        ui.press("enter", "r", "l")
        page = ui.shell.screen
        assert len(page.items) == 1
        ui.press("enter")
        assert page.body.text.startswith("Things have been hard at home.") and "evening off" in page.body.text
        _read_aloud(ui, page)
        ui.press("e")
        saved = Path(page.status.text.removeprefix("Saved: "))
        assert saved.read_text().endswith("You have got through hard weeks before.\n")
        ui.press("d")
        assert page.items and "again" in page.status.text          # one D only asks
        ui.press("d")
        assert page.items == [] and not any((tmp_path / "letters").glob("*.txt"))
        assert [b.text for b in page.buttons if b.enabled] == ["Back   (Esc)"]   # nothing left but the way back
        page.buttons[-1].on_click()
        assert type(ui.shell.screen).__name__ == "RecordsPage"


def test_the_letter_pages_can_be_used_with_the_mouse(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        ui.press(*["down arrow"] * 11, "enter", "s")
        c = ui.controller
        c.open_letter()
        ui.step(2)
        writing = c.letter
        labels = []
        for part in ("One.", "Two.", "Three.", "Four."):
            ui.type(part)
            labels.append(writing.next.text)
            writing.next.on_click()                                  # a click on the button, not Enter
        assert labels == ["Next part   (Enter)"] * 3 + ["Keep the letter   (Enter)"]
        assert c.letter is None and "letter kept" in c.log
        ui.press("escape", "q", "s")
        ui.seconds(2.5)
        ui.press("enter", "r", "l")
        page = ui.shell.screen
        read, save, delete, back = page.buttons
        assert [b.text for b in page.buttons] == ["Read aloud   (V)", "Save as a text file   (E)",
                                                  "Delete   (D twice)", "Back   (Esc)"]
        save.on_click()
        assert Path(page.status.text.removeprefix("Saved: ")).read_text().startswith("One.")
        delete.on_click()
        assert page.items and "again" in page.status.text
        delete.on_click()
        assert page.items == []


def _read_aloud(ui, page) -> None:
    """V reads the letter in the spoken voice, a sentence at a time; V again stops."""
    import time
    import numpy as np
    import wave
    ui.press("v")
    reading = page.reading
    if not reading.available:   # no voice on this machine: said plainly, the letter stays shown
        assert "No voice can speak here" in page.status.text and page.reading is None
        return
    assert "Reading your letter aloud" in page.status.text and reading.lines[0] == "Things have been hard at home."
    deadline = time.monotonic() + 60
    while len(reading.said) < 2 and time.monotonic() < deadline:
        ui.step(5)
        time.sleep(0.05)
    assert reading.said == [0, 1]
    path, seconds = reading.made[0]
    with wave.open(str(path)) as w:
        clip = np.frombuffer(w.readframes(w.getnframes()), np.int16) / 32768.0
    assert 1.0 < seconds < 6.0 and float(np.sqrt(np.mean(clip ** 2))) > 0.01   # words, not silence
    ui.press("v")
    assert page.reading is None and "stopped" in page.status.text and not reading.folder.exists()


def test_the_letter_highlighted_is_the_letter_shown(tmp_path: Path) -> None:
    import datetime as dt
    with shell(tmp_path, welcomed=True) as ui:
        save_letter({"notice": "The older one."}, when=dt.datetime(2026, 11, 2, 9, 0))
        save_letter({"notice": "The newer one."}, when=dt.datetime(2026, 12, 1, 9, 0))
        ui.press("r", "l")
        page = ui.shell.screen
        assert page.body.text.startswith("The newer one.")          # shown at once, no Enter needed
        ui.press("down arrow")
        assert page.focus == 1 and page.body.text.startswith("The older one.")
        ui.press("d", "d")
        assert page.body.text.startswith("The newer one.") and len(page.items) == 1
