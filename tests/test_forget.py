"""Delete all of my data from the window: Settings at home, the word typed,
then Haven as it was the first time."""
from __future__ import annotations

from pathlib import Path

import yaml

from engine.records.store import Store
from tests.helpers.pilot import shell


def some_data(data: Path) -> None:
    (data / "exports").mkdir(parents=True, exist_ok=True)
    (data / "exports" / "mine.mp3").write_bytes(b"x")
    (data / "places").mkdir(exist_ok=True)
    (data / "places" / "mine.yaml").write_text("name: mine\n")
    (data / "haven.lock").write_text("1")     # the running window's lock stays


def test_settings_delete_asks_for_the_word_then_forgets_everything(tmp_path: Path) -> None:
    some_data(tmp_path)
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")                                   # a practice, so there is a record
        ui.seconds(2)
        ui.press("escape", "q")
        ui.seconds(3)
        ui.press("enter")                                   # the closing screen: home
        ui.shell.prefs.change(colour="#e89aa8")
        with Store.open() as store:
            assert store.records()
        ui.press("s", "delete")
        page = ui.shell.screen
        assert "Delete all of your Haven data?" in [t.text for t in page.children if hasattr(t, "text")]
        ui.type("keep")
        ui.press("enter")
        assert page.status.text.startswith("Nothing was deleted") and (tmp_path / "exports" / "mine.mp3").exists()
        ui.type("delete")
        ui.press("enter")
        assert page.status.text == "Deleted. Haven is as it was the first time."
        assert sorted(p.name for p in tmp_path.iterdir()) == ["haven.lock"]
        assert not ui.shell.prefs.value.welcomed and ui.shell.prefs.value.colour != "#e89aa8"
        ui.press("enter")
        assert ui.shell.home is not None and ui.shell.welcome is not None     # the first time's welcome
        ui.shell.prefs.change(voice="natural")                              # kept again, afresh
        assert yaml.safe_load((tmp_path / "settings.yaml").read_text())["voice"] == "natural"
        with Store.open() as store:
            assert store.records() == []


def test_esc_keeps_everything(tmp_path: Path) -> None:
    some_data(tmp_path)
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("s")
        ui.shell.screen.buttons[1].on_click()               # the button, as a click
        ui.step()
        ui.type("delete")
        ui.press("escape")
        assert ui.shell.home is not None and (tmp_path / "places" / "mine.yaml").exists()


def test_over_a_place_settings_offer_no_deleting(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter", "escape", "s")
        page = ui.controller.settings_page
        assert [b.text for b in page.buttons] == ["Back   (Esc)"]
        ui.press("delete")
        assert ui.controller.settings_page is page and ui.shell.home is None     # Del does nothing there
