"""Your own voice from the window: O on home, a folder typed, the parts
recorded; then the practice speaks with them."""
from __future__ import annotations

from pathlib import Path

from tests.helpers.pilot import shell
from tests.test_voice import voiced, write_wav


def test_o_on_home_adds_recordings_from_a_folder_and_the_practice_speaks_them(tmp_path: Path) -> None:
    takes = tmp_path / "takes"
    takes.mkdir()
    write_wav(takes / "01-settle.wav", voiced(2.0))
    write_wav(takes / "notice.wav", voiced(1.5))
    (takes / "shopping-list.txt").write_text("milk")
    data = tmp_path / "data"
    with shell(data, welcomed=True, ask_ratings=False) as ui:
        ui.press("v", "v", "v")                                        # captions -> ... -> my recordings
        assert ui.shell.home.voice.text.startswith("Voice: my recordings (V)  - add them: O")
        ui.press("o")
        page = ui.shell.screen
        assert "settle: no recording (captions only)" in page.parts.text
        ui.type(str(tmp_path / "nowhere"))
        ui.press("enter")
        assert page.status.text.startswith(f"{tmp_path / 'nowhere'}: not a folder")
        for _ in range(len(str(tmp_path / "nowhere"))):
            ui.press("backspace")
        ui.type(str(takes))
        ui.press("enter")
        said = page.status.text.splitlines()
        # trimmed, with 0.35 s of air kept round the voice
        assert said[:2] == ["settle: imported 01-settle.wav (2.4 s)", "notice: imported notice.wav (1.9 s)"]
        assert said[2].endswith("shopping-list.txt: ignored: not a sound file (allowed: .wav, .ogg, .mp3, .flac, .m4a)")
        assert "settle: recorded (2.4 s" in page.parts.text and "2 of 7 spoken segments recorded" in page.parts.text
        assert (data / "voice" / "soothing-breathing" / "settle.wav").stat().st_mode & 0o777 == 0o600
        ui.press("escape", "enter")                                    # home, then the practice
        assert ui.controller.session.voice_engine == "recorded"
