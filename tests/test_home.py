"""Haven as a person meets it: the home screen, the journey through a
practice and back, settings and records - driven through the window's own
key dispatch, offscreen, in this process."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from engine.records.store import Store
from tests.helpers.pilot import shell


def records(data: Path):
    with Store.open(data / "records.sqlite3") as s:
        return s.records()


def test_enter_alone_begins_the_highlighted_practice_and_a_record_is_written(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        home = ui.shell.home
        assert home is not None and home.choices.place.name == "meadow"
        assert home.choices.practice.name == "soothing-breathing"        # breathing first
        ui.press("enter")
        c = ui.controller
        assert c is not None and c.session.practice.name == "soothing-breathing"
        assert c.rating is not None and c.rating.when == "before"      # the questions before, easy to skip
        ui.press("s")
        ui.seconds(3)
        assert "segment.start settle" in c.log
        events = sorted((tmp_path / "sessions").glob("*-events.jsonl"))
        assert len(events) == 1 and "segment.start" in events[0].read_text()
    (r,) = records(tmp_path)
    assert (r.place, r.practice) == ("meadow", "soothing-breathing") and r.duration >= 2.9


def test_leaving_early_offers_the_after_questions_then_the_closing_screen_then_home(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("left arrow", "left arrow", "left arrow", "left arrow", "down arrow", "down arrow", "enter")  # beach, short
        c = ui.controller
        assert (c.session.place.name, c.session.practice.name) == ("beach", "safe-place-short")
        ui.press("right arrow", "right arrow", "enter")          # safe: 5 then 6; Begin
        ui.seconds(4)
        ui.press("escape", "q")                                  # pause, leave gently
        assert c.rating is not None and c.rating.when == "after"  # asked even though it ended early
        ui.press("right arrow", "right arrow", "right arrow", "right arrow", "n")   # safe 8, then a note
        ui.type("Calmer. The waves helped.")
        ui.press("enter", "enter")                               # the note ends, then Keep
        assert ui.controller is c and c.rating is None
        ui.seconds(2.5)                                          # the gentle fade
        assert ui.controller is None
        closing = ui.shell.screen
        did, week, kind = closing.lines
        assert did.startswith("Your safe place, a short visit on the golden beach") and "ended early" in did
        assert "This week: " in week
        ui.press("enter")
        assert ui.shell.home is not None
        assert ui.shell.log[-3:] == ["begin beach safe-place-short", "closing", "home"]
    (r,) = records(tmp_path)
    assert (r.place, r.practice, r.status) == ("beach", "safe-place-short", "incomplete")
    assert (r.before.safe, r.after.safe) == (6, 8) and r.note == "Calmer. The waves helped."


def test_arrows_change_place_and_practice_and_home_remembers_the_last_choice(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        m = ui.shell.home.choices
        ui.press("right arrow", "down arrow", "down arrow", "down arrow", "v")
        assert (m.place.name, m.practice.name, m.voice) == ("mountain", "safe-place", "natural")
        assert "Your safe place above the clouds" in ui.shell.home.begin.text
        ui.press("up arrow", "v", "v", "v")                        # back to captions
        ui.press("enter", "s")
        assert ui.controller.session.place.name == "mountain"
        ui.press("escape", "q", "s")
        ui.seconds(2.5)
        ui.press("enter")                                        # closing -> home
        m = ui.shell.home.choices
        assert (m.place.name, m.practice.name, m.voice) == ("mountain", "safe-place-short", "captions")
    saved = yaml.safe_load((tmp_path / "settings.yaml").read_text())
    assert (saved["last_place"], saved["last_practice"]) == ("mountain", "safe-place-short")


def test_p_off_then_on_brings_the_light_back_and_every_change_is_said_and_kept(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")                                        # soothing breathing: the light leads
        c = ui.controller
        ui.seconds(6)
        lit = c.director.state(c.clock.now()).breath_amount
        assert lit > 0.9
        ui.press("p")
        assert c.toast.showing == "Breathing light off - P turns it on"
        ui.seconds(6)
        assert c.director.state(c.clock.now()).breath_amount < 0.01   # settled over seconds, not snapped
        assert yaml.safe_load((tmp_path / "settings.yaml").read_text())["pacing"] is False
        ui.press("p")
        assert c.toast.showing == "Breathing light on - P turns it off"
        ui.seconds(5)
        assert c.director.state(c.clock.now()).breath_amount > 0.9    # back in this same practice
        assert yaml.safe_load((tmp_path / "settings.yaml").read_text())["pacing"] is True
        ui.press("p", "escape", "s")                             # off again; the settings page from pause
        page = c.settings_page
        assert page is not None and page.value_of("pacing") == "off"
        assert {r.name for r in page.rows} >= {"pacing", "captions", "reduced_motion", "volume", "voice"}
        ui.press("escape", "escape")                             # back to the pause, then resume
        ui.press("m")
        assert c.toast.showing.startswith("Reduced motion on")


def test_the_settings_page_shows_every_remembered_setting_and_keeps_a_change(tmp_path: Path) -> None:
    from engine.config.settings import Settings
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("s")
        page = ui.shell.screen
        assert {r.name for r in page.rows} == set(Settings.model_fields)
        shown = [label.text for _, label, _ in page.lines]
        assert shown[0] == "Voice" and "Breathing light" in shown
        assert page.more.text.endswith("more below (down)")
        ui.press("down arrow", "down arrow", "right arrow")      # caption size: medium -> large
        assert page.value_of("caption_size") == "large"
        ui.press(*["down arrow"] * (len(page.rows) - 3))          # to the last setting
        above = len(page.rows) - len(page.lines)
        assert page.more.text == f"{above} more above (up)"      # what scrolled away is said too
        ui.press("escape")
        assert ui.shell.home is not None
    assert yaml.safe_load((tmp_path / "settings.yaml").read_text())["caption_size"] == 1.25


def test_the_settings_page_names_places_practices_and_colours_in_words(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, last_place="mountain", last_practice="safe-place-short",
               colour="#e89aa8") as ui:
        ui.press("s")
        page = ui.shell.screen
        assert page.value_of("last_place") == "Above the clouds"
        assert page.value_of("last_practice") == "Your safe place, a short visit"
        assert page.value_of("colour") == "rose"
        for _ in range([r.name for r in page.rows].index("colour")):
            ui.press("down arrow")
        ui.press("right arrow")                                  # the next of the picker's own swatches
        assert page.value_of("colour") == "soft green"
    assert yaml.safe_load((tmp_path / "settings.yaml").read_text())["colour"] == "#9fd4a0"


def test_a_bad_place_name_is_said_in_the_window_and_which_place_opened(tmp_path: Path) -> None:
    from engine.app.session import Choice
    with shell(tmp_path, start=Choice(place="beech", practice="soothing-breathing"), welcomed=True,
               ask_ratings=False) as ui:
        c = ui.controller
        assert c.session.place.name == "meadow"
        ui.seconds(1)
        said = c.toast.showing
        assert "did you mean 'beach'" in said and "opening 'meadow' instead" in said
        assert c.toast.showing is not None and c.toast.text.color.a > 0.5   # on screen, not only in a terminal


def test_the_first_visit_is_welcomed_and_enter_there_begins_soothing_breathing(tmp_path: Path) -> None:
    with shell(tmp_path) as ui:
        w = ui.shell.welcome
        assert w is not None
        ui.press("enter")                                        # the one key: it begins at once
        c = ui.controller
        assert c.session.practice.name == "soothing-breathing" and c.rating is None
        ui.seconds(2)
        assert c.recorder is not None and c.recorder.id == 1 and "segment.start settle" in c.log
    assert yaml.safe_load((tmp_path / "settings.yaml").read_text())["welcomed"] is True


def test_the_key_help_fades_to_h_help_and_captions_stay_above_it(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")
        c = ui.controller
        ui.seconds(8)
        assert c.help.level == 1.0 and c.view.captions.current
        assert c.view.captions.box[1] > c.help.top                # the caption block sits above the help
        ui.seconds(15)
        assert c.help.level == 0.0 and c.help.short.color.a > 0.5 and c.help.short.text == "H help"
        ui.press("h")
        assert c.help.level == 1.0 and c.view.captions.box[1] > c.help.top


def test_records_page_lists_the_practice_and_saves_a_csv(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")
        ui.seconds(2)
        ui.press("escape", "q")
        ui.seconds(2.5)
        ui.press("enter", "r")
        page = ui.shell.screen
        assert len(page.rows) == 1 and "Flower meadow - Soothing rhythm breathing" in page.rows[0][0]
        assert page.summary.text.startswith("Practices: 1 (0 completed), under a minute in all, on 1 day.")
        corner = page.plot.texture.get_pixel(3, 3)
        assert max(corner.r, corner.g, corner.b) < 0.12   # the plot on Haven's dark backdrop, not a white page
        ui.press("e")
        saved = list((tmp_path / "exports").glob("haven-practice-*.csv"))
        assert len(saved) == 1 and "meadow,soothing-breathing" in saved[0].read_text()
        assert page.status.text == f"Saved: {saved[0]}"
        ui.press("p")                                              # the plot, on a white page to print
        png = list((tmp_path / "exports").glob("haven-plot-*.png"))
        assert len(png) == 1 and page.status.text == f"Saved: {png[0]}" and png[0].stat().st_mode & 0o777 == 0o600
        from PIL import Image
        with Image.open(png[0]) as im:
            assert min(im.convert("RGB").getpixel((3, 3))) > 240


def test_session_mode_keeps_practices_under_a_client_code_never_a_name(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("t")
        prompt = ui.shell.screen
        ui.type("Jo Smith")                                      # a space: not allowed in a code
        ui.press("enter")
        assert ui.shell.client == "" and "never a person's name" in prompt.message.text
        for _ in range(8):
            ui.press("backspace")
        ui.type("k-17")
        ui.press("enter")
        assert ui.shell.client == "K-17"
        ui.press("enter")
        assert ui.controller.panel.enabled                        # the therapist's panel shows
        ui.seconds(1)
        ui.press("escape", "q")
        ui.seconds(2.5)
        ui.press("enter")
    (r,) = records(tmp_path)
    assert r.client == "K-17"


def test_the_builder_from_the_pause_screen_comes_back_home_on_esc(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")
        ui.seconds(1)
        ui.press("escape", "n")
        assert ui.controller is None and ui.shell.builder is not None
        ui.press("escape")
        assert ui.shell.builder is None and ui.shell.home is not None and not ui.quits


def test_presence_volume_and_imagery_keys_say_what_they_keep(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")
        c = ui.controller
        ui.press(".")
        assert c.toast.showing.startswith("The presence's distance:") and "kept for this place" in c.toast.showing
        assert "comma (,) nearer, full stop (.) further" in c.toast.showing    # the keys named, not bare marks
        ui.press("o", "9")                                       # the session panel's keys
        assert c.toast.showing == "Volume 70 % - 9 quieter, 0 louder"
        ui.press("3")
        assert c.toast.showing == "Imagery: silhouettes in mist - 1 to 5 change it (kept)"
    saved = yaml.safe_load((tmp_path / "settings.yaml").read_text())
    assert saved["volume"] == 0.7 and saved["ladder_step"] == 2 and "meadow" in saved["presence"]


def test_too_much_says_the_care_words_and_the_closing_screen_offers_breathing(tmp_path: Path) -> None:
    """T: the calm way out, the care words with the person's own support; the
    questions after ask about unease and warmth (a warm practice); distress
    there keeps the care words on the closing screen, which honours stopping
    and offers soothing breathing (B), in the same place."""
    with shell(tmp_path, welcomed=True, support_line="my sister, 0123 456") as ui:
        ui.press("left arrow", "down arrow", "down arrow", "enter", "s")    # lakeside, safe-place-short; no questions
        c = ui.controller
        ui.seconds(3)
        ui.press("t")
        assert "not a crisis service" in c.toast.showing and "my sister, 0123 456" in c.toast.showing
        ui.press("escape", "q")
        assert c.rating is not None and c.rating.rows == ("safe", "vivid", "critical", "unease", "warmth")
        ui.press("left arrow", "left arrow", "left arrow", "left arrow")      # safe: 5, 4, 3, 2 (distress)
        ui.press("down arrow", "down arrow", "down arrow", "right arrow", "right arrow", "right arrow", "enter")
        ui.seconds(2.5)
        closing = ui.shell.screen
        assert "Stopping when you needed to was a wise choice" in closing.lines[2]
        assert "not a crisis service" in closing.care and "my sister" in closing.care
        ui.press("b")
        assert ui.controller is not None
        assert (ui.controller.session.place.name, ui.controller.session.practice.name) == ("lakeside", "soothing-breathing")
    first = records(tmp_path)[0]
    assert (first.after.safe, first.after.unease) == (2, 7)   # the first arrow sets 5
    assert any(m.kind == "too-much" for m in first.moments)


def test_the_person_writes_their_own_support_in_settings(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("s")
        page = ui.shell.screen
        while page.rows[page.focus].name != "support_line":
            ui.press("down arrow")
        assert page.value_of("support_line").startswith("not set")
        ui.press("enter")
        ui.step(2)
        ui.type("Dr Okafor, Tuesdays")
        ui.press("enter")
        assert page.value_of("support_line") == "Dr Okafor, Tuesdays"
        ui.press("escape")
        assert ui.shell.home is not None
    saved = yaml.safe_load((tmp_path / "settings.yaml").read_text())
    assert saved["support_line"] == "Dr Okafor, Tuesdays"


def test_a_practice_s_choice_is_offered_on_home_kept_and_recorded(tmp_path: Path) -> None:
    """C on the home screen changes what a practice turns toward (here the
    struggling self: anxious -> angry); Begin plays that option's words, the
    record keeps it, and home remembers it next time."""
    with shell(tmp_path, welcomed=True) as ui:
        ui.press(*["down arrow"] * 9)
        home = ui.shell.home
        assert home.choices.practice.name == "compassion-for-struggle"
        assert home.option.enabled and "anxious" in home.option.text
        ui.press("c")
        assert "angry" in home.option.text
        ui.press("enter", "s")
        c = ui.controller
        assert c.session.option == "angry"
        shown = " ".join(line for slot in c.session.director.timeline.slots for line in slot.lines)
        assert "anger" in shown.lower() and "{" not in shown
        ui.seconds(1)
        ui.press("escape", "q", "s")
        ui.seconds(2.5)
        ui.press("enter")
        assert ui.shell.home.choices.option == "angry"
    (r,) = records(tmp_path)
    assert (r.practice, r.option) == ("compassion-for-struggle", "angry")
    saved = yaml.safe_load((tmp_path / "settings.yaml").read_text())
    assert saved["practice_options"] == {"compassion-for-struggle": "angry"}


def test_a_practice_s_length_on_home_follows_the_option_chosen(tmp_path: Path) -> None:
    """Loving-kindness with someone difficult is longer than with the three flows
    alone: the list shows the length of what Enter would begin."""
    with shell(tmp_path, welcomed=True) as ui:
        home = ui.shell.home
        home.choices.pick("loving-kindness")
        home.refresh()
        i = home.choices.practice_i
        assert home.labels[i].text.endswith("   7 min")
        ui.press("c", "c")
        assert home.choices.option == "difficult" and home.labels[i].text.endswith("   9 min")


def test_the_builder_names_colours_in_words_beside_their_swatches(tmp_path: Path) -> None:
    from engine.core.colours import describe
    from engine.config.loader import load_place
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("n")
        view = ui.shell.builder
        ui.press("page down")
        assert view.page == 1
        rows = {}
        for row in view.rows:
            texts = [t.text for t in row.children if hasattr(t, "text") and isinstance(t.text, str)]
            texts += [b.text for b in row.children if hasattr(b, "text_entity")]
            rows[texts[0]] = texts[1:]
        sky = load_place("meadow").palette.sky_top
        assert describe(sky) in rows["Colour of the sky"]
        assert not any("#" in t for values in rows.values() for t in values), rows


def test_the_questions_before_and_after_have_the_view_to_themselves(tmp_path: Path) -> None:
    """No caption or key help shows through the questions' panel; the
    practice's first line waits, with the clock, until Begin or Skip."""
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("enter")
        c = ui.controller
        ui.seconds(1)
        assert c.rating is not None and c.clock.now() == 0.0
        assert not c.view.captions.enabled and not c.help.enabled
        ui.press("s")
        ui.seconds(0.5)
        assert c.rating is None and c.view.captions.enabled and c.help.enabled
        ui.press("escape", "q")
        ui.seconds(0.5)
        assert c.rating is not None and not c.view.captions.enabled


def test_the_practice_list_says_only_what_it_hides() -> None:
    from engine.ui.home import more_words
    assert more_words(0, 7) == "7 more below (down)"
    assert more_words(6, 1) == "6 more above, 1 below (up and down)"
    assert more_words(7, 0) == "7 more above (up)" and more_words(0, 0) == ""


def test_the_gallery_says_how_many_places_lie_either_way_and_a_click_there_moves(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        home = ui.shell.home
        left, right = home.sides
        shown = sum(card.enabled for card in home.cards.values())
        assert shown == 5 and home.choices.place.name == "meadow"     # in the middle: places hidden both ways
        assert (left.words.text, right.words.text) == ("2 more", "2 more") and left.enabled and right.enabled
        ui.press("left arrow", "left arrow", "left arrow", "left arrow")
        assert home.choices.place.name == "beach"
        assert not left.enabled and not left.arrow.enabled and right.words.text == "4 more"
        right.on_click()                                               # what a click on '>' does
        assert home.choices.place.name == "cosy-room" and "in the cosy room" in home.begin.text


def test_session_mode_and_the_programme_can_be_used_with_the_mouse(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("t")
        prompt = ui.shell.screen
        ui.type("K-18")
        begin, back = prompt.buttons
        assert begin.text == "Begin the session   (Enter)"
        begin.on_click()
        assert ui.shell.client == "K-18"
        ui.step()                                                # home takes keys from its next frame
        ui.press("p")
        page = ui.shell.screen
        begin, move_on, set_week, home = page.buttons
        move_on.on_click()                                       # not started yet: starts at week 1
        page = ui.shell.screen
        assert page.current == 1
        page.buttons[1].on_click()
        assert "press N again" in page.status.text               # asked first, as with the key
        page.buttons[-1].on_click()
        assert ui.shell.screen is ui.shell.home


def test_a_click_in_the_view_pauses_and_a_second_click_leaves_it_to_the_buttons(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")
        c = ui.controller
        ui.seconds(1)
        c.input("left mouse down")        # as Ursina hands a click on (offscreen there is no pointer to press)
        ui.step()
        assert c.pause.shown and c.clock.paused
        c.input("left mouse down")                                # a click beside the buttons: still paused
        ui.step()
        assert c.pause.shown and c.clock.paused
        ui.press("escape")
        assert not c.pause.shown and not c.clock.paused


def test_tab_says_how_to_walk_about_and_why_not_when_motion_is_reduced(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")
        c = ui.controller
        ui.press("tab")
        assert c.explore is not None and c.toast.showing.startswith("Walking about: W and S forward and back")
        ui.press("tab")
        assert c.explore is None and c.toast.showing == "Seated again - Tab to walk about"
        ui.press("m", "tab")
        assert c.explore is None and "rests while reduced motion is on" in c.toast.showing


def test_the_colour_picker_opens_beside_the_session_panel_not_under_it(tmp_path: Path) -> None:
    from engine.ui.colour_picker import ColourPicker
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")
        c = ui.controller
        ui.press("k")
        assert c.picker.x == 0                                     # no panel: in the middle
        ui.press("enter", "o", "k")
        assert c.panel.enabled and c.picker.x + ColourPicker.HALF_WIDTH <= c.panel.left_edge
        assert c.picker.x - ColourPicker.HALF_WIDTH >= -ui.app.win.getXSize() / ui.app.win.getYSize() / 2


def test_the_colour_picker_has_a_done_button_in_a_practice_and_in_the_builder(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter")
        c = ui.controller
        ui.press("k", "2")
        assert c.picker.done.enabled and c.picker.done.text == "Done   (Enter)"
        c.picker.done.on_click()                                   # what a click on it does
        assert c.picker is None and c.log[-1] == "colour #e89aa8" and not c.pause.shown
        ui.press("escape", "n")                                    # the builder, from the pause screen
        view = ui.shell.builder
        ui.press("page down", "down arrow", "enter")               # Colour of the sky: the picker
        assert view.picker is not None
        view.picker.pick("#8fc0e8")
        view.picker.done.on_click()
        assert view.picker is None and view.draft.place().palette.sky_top.lower() == "#8fc0e8"


def test_home_fits_a_narrower_window_whole(tmp_path: Path) -> None:
    from ursina import camera
    from engine.ui.fit import fit, fit_scale
    assert fit_scale(16 / 9) == 1.0 and fit_scale(21 / 9) == 1.0 and fit_scale(4 / 3) == 0.75
    with shell(tmp_path, welcomed=True) as ui:
        home = ui.shell.home
        lo, hi = home.getTightBounds(camera.ui)
        assert lo.x < -(4 / 3) / 2 and hi.x > (4 / 3) / 2                 # laid out for 16:9: wider than 4:3
        fit(home, aspect=4 / 3)
        lo, hi = home.getTightBounds(camera.ui)
        assert -(4 / 3) / 2 <= lo.x and hi.x <= (4 / 3) / 2 and -0.5 <= lo.y and hi.y <= 0.5   # all of it inside


def test_the_builder_follows_the_window_made_narrower(tmp_path: Path) -> None:
    """The builder's panel keeps to the window's left edge and its colour
    picker stays whole when the window is dragged from 16:9 to 4:3."""
    from ursina import camera
    from tests.helpers.pilot import window_size
    with shell(tmp_path, welcomed=True, ask_ratings=False) as ui:
        ui.press("enter", "escape", "n")                          # the builder, from the pause screen
        view = ui.shell.builder
        ui.press("page down", "down arrow", "enter")              # Colour of the sky: the picker
        assert view.picker is not None and view.picker.x == pytest.approx(0.3)
        with window_size(240, 180):
            ui.step(2)
            half = (4 / 3) / 2
            lo, hi = view.panel.getTightBounds(camera.ui)
            assert lo.x == pytest.approx(-half, abs=0.01) and hi.x < half   # at the new left edge, not off it
            lo, hi = view.picker.getTightBounds(camera.ui)
            assert -half <= lo.x and hi.x <= half
        ui.step(2)
        assert view.picker.x == pytest.approx(0.3) and view.picker.scale_x == 1.0   # back as it was


def test_home_is_as_it_was_left_after_another_page(tmp_path: Path) -> None:
    """The highlighted place, practice and voice stay when a person looks at
    settings, their records or a take-home page and comes back."""
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("right arrow", "down arrow", "down arrow", "v")
        m = ui.shell.home.choices
        chosen = (m.place.name, m.practice.name, m.voice)
        for page in ("s", "r", "a"):
            ui.press(page, "escape")
            m = ui.shell.home.choices
            assert (m.place.name, m.practice.name, m.voice) == chosen, page
        assert ui.shell.prefs.value.voice == "natural"                  # and Settings showed the same voice


def test_the_closing_screen_s_minutes_are_the_record_s(tmp_path: Path) -> None:
    """Time spent on the questions after is not practice: the closing screen
    says the minutes the record keeps, so 'this week' always holds them."""
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("enter", "s")                                   # soothing breathing, questions before skipped
        c = ui.controller
        for _ in range(len(c.session.practice.segments)):       # on through every part to the end
            ui.seconds(0.5)
            ui.press("]")
        for _ in range(20):
            ui.seconds(1)
            if c.rating is not None:
                break
        assert c.rating is not None and c.rating.when == "after"
        ui.seconds(40, fps=4)                                    # a long think over the questions after
        ui.press("s")
        ui.seconds(2.5)
        did, week, _ = ui.shell.screen.lines
        (r,) = records(tmp_path)
        assert r.status == "completed" and r.duration < 20
        assert did == "Soothing rhythm breathing in the flower meadow: a few moments."   # not '1 minute'
        assert week == "This week: a few moments of practice on 1 day."


def test_the_builder_can_be_left_with_the_mouse(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("n")
        view = ui.shell.builder
        assert view.leave_button.text == "Leave   (Esc)" and view.leave_button.enabled
        ui.press("page down")                                    # a look at the next page changes nothing:
        view.leave_button.on_click()                             # it leaves at once
        ui.step()
        assert ui.shell.builder is None and ui.shell.home is not None
        ui.press("n")
        view = ui.shell.builder
        ui.press("page down", "right arrow")                     # the time of day: a change, not kept
        view.leave_button.on_click()
        assert view.status.text == "Your place is not kept yet. Esc or Leave again leaves without keeping it."
        view.leave_button.on_click()
        ui.step()
        assert ui.shell.builder is None and ui.shell.home is not None


def test_every_practice_s_choice_line_sits_inside_its_button(tmp_path: Path) -> None:
    """A long question with a long choice (kind wishes, with someone a bit
    difficult) ran out of the window's left side."""
    from ursina import camera
    with shell(tmp_path, welcomed=True) as ui:
        home = ui.shell.home
        m = home.choices
        seen = 0
        for p in [p for p in m.practices if p.options]:
            m.pick(p.name)
            for _ in p.options:
                home.refresh()
                lo, hi = home.option.text_entity.getTightBounds(camera.ui)
                x, half = home.option.getX(camera.ui), home.option.getSx(camera.ui) / 2   # the button's own quad
                assert x - half <= lo.x and hi.x <= x + half, home.option.text
                assert home.option.text_entity.world_scale_y > 0.6 * ui.shell.home.voice.world_scale_y   # still read
                m.next_option()
                seen += 1
        assert seen >= 6
