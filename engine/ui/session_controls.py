"""The practice as a session: ratings before and after, the record, the
therapist's controls and the 'too much' key. A mixin of the app's
controller (engine/ui/controller.py), so the window's own keys stay there.

Every control is a single key and is logged as a `control` event (in the
practice's events and its record), so a session can be read back later.
"""
from __future__ import annotations

import sys

from engine.core.ladder import TOP
from engine.records.store import Ratings

RATE_STEP = 0.5      # breaths a minute per key press
VOLUME_STEP = 0.1


class SessionControls:
    """Expects the controller's clock, director, commands, settings, view, audio, log, place_picker."""

    def setup_session(self, place: str, practice: str | None, shown: bool, record: bool = True,
                      client: str = "", ask_before: bool = True, option: str = "") -> None:
        from engine.ui.session_panel import SessionPanel
        self.panel = SessionPanel(shown)
        self.rating = None
        self.recorder = None
        self._practice_name = practice
        self.client = client
        self.option = option
        self.after_ratings = None
        self.stopped_by_too_much = False
        self._place_name = place
        self._record = record and practice is not None
        self._seen_rec = 0
        self._ended = False
        if self.audio is not None:
            self.audio.set_master(self.settings.volume, ramp=0.5)
        if practice is None:
            return
        if self.settings.ask_ratings and ask_before:
            self.clock.pause()
            self._open_ratings("before")
        else:
            self._begin_record(Ratings())
            self.practice_begins()

    # -- ratings and the record --------------------------------------------
    def _open_ratings(self, when: str) -> None:
        from engine.ui.ratings import RatingsPanel
        tl = self.director.timeline
        practice = tl.practice if tl is not None else None
        self.rating = RatingsPanel(when, lambda r, note, answer="", w=when: self._rated(w, r, note, answer),
                                   warm=bool(practice and practice.warm),
                                   check_in=practice.check_in if practice is not None else None)
        self.log.append(f"ratings {when}")

    def _rated(self, when: str, ratings: Ratings, note: str, answer: str = "") -> None:
        from ursina import destroy
        destroy(self.rating)
        self.rating = None
        self.log.append(f"rated {when} " + " ".join(str(v) for v in ratings.values()) + (f" {answer}" if answer else ""))
        if when == "before":
            self.clock.resume()
            self._begin_record(ratings)
            self.practice_begins()
            return
        self.after_ratings = ratings
        if self.recorder is not None:
            self.recorder.rate_after(ratings, note, answer)
        self.after_rated()

    def _begin_record(self, before: Ratings) -> None:
        if not self._record:
            return
        from engine.records.practice_record import PracticeRecorder
        self.recorder = PracticeRecorder(self._place_name, self._practice_name or "",
                                         self.settings.ladder_step, before, client=self.client, option=self.option)
        self._seen_rec = len(self.director.log.events)
        self._say_problem()

    def _say_problem(self) -> None:
        if self.recorder is not None and self.recorder.problem:
            print(self.recorder.problem, file=sys.stderr)
            self.log.append("record problem")
            self.recorder.problem = None

    def session_update(self, t: float) -> None:
        """Each frame: the record learns what happened; the panel shows it."""
        events = self.director.log.events
        new, self._seen_rec = events[self._seen_rec:], len(events)
        if self.recorder is not None:
            self.recorder.seen(new)
            self.recorder.tick(t)
            self._say_problem()
        if not self._ended and any(e["kind"] == "practice.end" for e in new):
            self._ended = True
            if self.recorder is not None:
                self.recorder.end(t, completed=True)
            if self.asks_ratings and self.rating is None and not self._rated_after:
                self._open_ratings("after")
            self.practice_ended(t)
        if self.panel.enabled:
            self.panel.show(self._readout(t))

    def end_session(self) -> None:
        """Leaving: an unfinished practice is kept as incomplete."""
        if self.recorder is not None:
            self.recorder.end(self.clock.now(), completed=False)
            self.recorder.close()

    def _readout(self, t: float):
        from engine.ui.session_panel import Readout
        tl = self.director.timeline
        pv = self.view.presence
        return Readout(segment=tl.segment_at(t).id if tl else "", at=t, length=tl.length if tl else 0.0,
                       rate=self.director.pacer.rate(t), rate_target=self.director.pacer.rate(t + 1e6), distance=float(pv.set_distance), warmth=float(pv.warmth),
                       volume=self.settings.volume, captions=self.settings.captions,
                       ladder=int(round(self.director.ch["ladder"].target)), paused=self.clock.paused,
                       guide=self.settings.pacer_style, guide_strength=self.settings.pacer_strength)

    # -- the keys ------------------------------------------------------------
    def session_keys(self) -> dict:
        keys = {"-": lambda: self.change_rate(-RATE_STEP), "=": lambda: self.change_rate(RATE_STEP),
                "9": lambda: self.change_volume(-VOLUME_STEP), "0": lambda: self.change_volume(VOLUME_STEP),
                "t": self.too_much, "o": self.toggle_panel}
        keys.update({str(i + 1): (lambda i=i: self.set_ladder(i)) for i in range(TOP + 1)})
        return keys

    def session_key(self, key: str) -> bool:
        """A key for an open ratings panel; True when it took the key."""
        if self.rating is None:
            return False
        self.rating.key(key)
        return True

    def change_rate(self, step: float) -> None:
        self.commands.change_rate(step)

    def change_volume(self, step: float) -> None:
        v = self.commands.set_volume(self.settings.volume + step)
        self.toast.say(f"Volume {round(v * 100)} % - 9 quieter, 0 louder")

    def set_ladder(self, step: int) -> None:
        from engine.core.ladder import STEPS
        self.commands.set_ladder(step)
        self.toast.say(f"Imagery: {STEPS[step].words} - 1 to 5 change it (kept)")

    def too_much(self) -> None:
        """'Too much': the calm way out at once, the moment marked, and the
        care words (with the person's own support, if they wrote it down)."""
        self.commands.too_much()
        self.stopped_by_too_much = True
        from engine.ui.care import care_words
        self.toast.say(care_words(self.settings.support_line), seconds=12.0)

    def toggle_panel(self) -> None:
        self.panel.enabled = not self.panel.enabled
        self.place_picker()
        self.log.append(f"session panel {'on' if self.panel.enabled else 'off'}")
