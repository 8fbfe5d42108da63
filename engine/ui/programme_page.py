"""The programme page: eight weeks, one theme each (from home, P).

Left, the weeks (up and down to look at one; 'this week' is marked). Right,
the week looked at: its reading and practices, each 'done' once completed
since the week began, and what is suggested for the days between. Enter
begins the highlighted step (left and right choose it) in the place chosen
on the home screen; N moves on to the next week when the person is ready
(asked twice when something is not done yet: there is no rush); W makes the
week looked at this week (how a therapist sets it). Esc goes home.
"""
from __future__ import annotations

from collections.abc import Callable

from ursina import Button, Entity, Text, camera, color

from engine.config.programme import Step
from engine.core.programme import Progress
from engine.records.programme import ProgrammeView
from engine.ui.buttons import button_row
from engine.ui.home import ROW, ROW_ON, SOFT, WARM

DONE = color.rgba(0.62, 0.85, 0.66, 1)


def wrap(text: str, width: int) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width))


class ProgrammePage(Entity):
    def __init__(self, view: ProgrammeView, titles: dict[str, str], place_where: str,
                 on_begin: Callable[[Step, bool], None], on_set: Callable[[int, str, bool], None],
                 on_back: Callable[[], None], client: str = ""):
        """``on_begin(step, reading)`` starts a step; ``on_set(week, how, show)`` keeps a new
        week (and, with ``show``, the shell shows the page again)."""
        super().__init__(parent=camera.ui, z=-1)
        self.view, self.titles = view, titles
        self.on_begin, self.on_set, self.on_back = on_begin, on_set, on_back
        self.confirm = ""
        p = view.progress
        self.week = (p.week if p is not None and p.started else 1)
        self.step_i = p.next_step if p is not None and p.started else 0
        programme = view.programme
        Text(parent=self, text=programme.title if programme else "The programme", y=0.44, origin=(0, 0),
             scale=1.8, use_tags=False, color=WARM)
        who = f"  Kept for {client}." if client else ""
        Text(parent=self, text=wrap((programme.summary if programme else "") + who, 120), y=0.385, origin=(0, 0),
             scale=0.8, use_tags=False, color=SOFT)
        self.rows: list[Button] = []
        for i, week in enumerate(programme.weeks if programme else []):
            b = Button(parent=self, text=" ", x=-0.5, y=0.3 - i * 0.06, scale=(0.66, 0.05), color=ROW,
                       highlight_color=color.rgba(0.2, 0.22, 0.28, 0.95), on_click=lambda i=i: self._look(i + 1))
            b.text_entity.use_tags = False
            b.text_entity.scale *= 0.8
            self.rows.append(b)
        self.theme = Text(parent=self, text=" ", x=-0.12, y=0.31, origin=(-0.5, 0.5), scale=1.15,
                          use_tags=False, color=WARM)
        self.steps = [Button(parent=self, text=" ", x=0.33, y=0.2 - i * 0.065, scale=(0.9, 0.052), color=ROW,
                             highlight_color=color.rgba(0.2, 0.22, 0.28, 0.95), on_click=lambda i=i: self._begin(i))
                      for i in range(3)]
        for b in self.steps:
            b.text_entity.use_tags = False
            b.text_entity.scale *= 0.85
        self.between = Text(parent=self, text=" ", x=-0.12, y=-0.02, origin=(-0.5, 0.5), scale=0.85,
                            use_tags=False, color=SOFT)
        self.where = Text(parent=self, text=f"The week's steps happen {place_where} "
                          "(choose another place on the home screen).", x=-0.12, y=-0.16, origin=(-0.5, 0.5),
                          scale=0.75, use_tags=False, color=SOFT, wordwrap=70)
        Text(parent=self, text="Up and down: the weeks.   Left and right, then Enter: begin a step.   "
             "N: move on to the next week.   W: make this week the current one.   Esc: home.",
             y=-0.37, origin=(0, 0), scale=0.75, use_tags=False, color=SOFT)
        self.buttons = button_row(self, [("Begin this step   (Enter)", self._begin),
                                         ("Move on a week   (N)", self._move_on),
                                         ("Make this week current   (W)", self._set),
                                         ("Home   (Esc)", on_back)], step=0.4, width=0.37)
        self.status = Text(parent=self, text=view.problem or "", y=-0.3, origin=(0, 0), scale=0.8,
                           use_tags=False, color=color.rgba(1, 0.86, 0.7, 0.95))
        self.refresh()

    # -- what is shown -----------------------------------------------------
    @property
    def progress(self) -> Progress | None:
        return self.view.progress

    @property
    def current(self) -> int | None:
        p = self.progress
        return p.week if p is not None and p.started else None

    def _week_steps(self) -> list[tuple[Step, bool | None, bool]]:
        """(step, done or None when not this week, is the reading) of the week looked at."""
        programme = self.view.programme
        if programme is None:
            return []
        p = self.progress
        if self.week == self.current and p is not None:
            return [(s.step, s.done, s.reading) for s in p.steps]
        return [(s, None, i == 0) for i, s in enumerate(programme.steps(self.week))]

    def step_words(self, step: Step, reading: bool) -> str:
        title = self.titles.get(step.practice, step.practice)
        if reading:
            return f"Read and listen: {title.split(': ', 1)[-1]}"
        return title + (f" ({step.option.replace('-', ' ')})" if step.option else "")

    def refresh(self) -> None:
        programme = self.view.programme
        if programme is None:
            return
        done_weeks = self.progress.weeks_done if self.progress is not None else ()
        for i, (b, w) in enumerate(zip(self.rows, programme.weeks)):
            n = i + 1
            done = i < len(done_weeks) and done_weeks[i]
            mark = ("   this week" if n == self.current else "") + ("   done" if done else "")
            b.text = f"Week {n}: {w.theme}{mark}"
            b.color = ROW_ON if n == self.week else ROW
        w = programme.weeks[self.week - 1]
        self.theme.text = f"Week {self.week}: {w.theme}"
        steps = self._week_steps()
        self.step_i = min(self.step_i, len(steps) - 1)
        for i, b in enumerate(self.steps):
            b.enabled = i < len(steps)
            if not b.enabled:
                continue
            step, done, reading = steps[i]
            state = "   - done" if done else ("   - not yet" if done is False else "")
            b.text = f"{i + 1}. {self.step_words(step, reading)}{state}"
            b.color = ROW_ON if i == self.step_i else ROW
            b.text_entity.color = DONE if done else color.white
        between = self.titles.get(w.between.practice, w.between.practice)
        p = self.progress
        days = (f"\nYou have practised on {p.days} day{'s' if p.days != 1 else ''} since this week began."
                if self.week == self.current and p is not None else "")
        self.between.text = wrap(f"For the days between: {between}. {w.between_words}", 70) + days

    def say(self, line: str) -> None:
        self.status.text = line

    # -- keys --------------------------------------------------------------
    def _look(self, week: int) -> None:
        n = len(self.rows)
        self.week = min(max(week, 1), n) if n else 1
        p = self.progress
        self.step_i = p.next_step if self.week == self.current and p is not None else 0
        self.confirm = ""
        self.say("")
        self.refresh()

    def _begin(self, i: int | None = None) -> None:
        steps = self._week_steps()
        if not steps:
            return
        if i is not None:
            self.step_i = i
        if self.current is None:   # the first step of any week starts the programme there
            self.on_set(self.week, "started", False)
        elif self.week != self.current:
            self.say(f"Week {self.week} is not this week: press W to make it this week first.")
            return
        step, _, reading = steps[self.step_i]
        self.on_begin(step, reading)

    def _move_on(self) -> None:
        p = self.progress
        if p is None or not p.started:
            self.on_set(1, "started", True)
            return
        if p.week >= p.weeks:
            self.say("This is the last week. Keep going with what helps; W sets any week again.")
            return
        if not p.week_done and self.confirm != "n":
            self.confirm = "n"
            self.say(f"{len(p.steps) - p.done} step{'s' if len(p.steps) - p.done != 1 else ''} of this week "
                     "are not done yet. There is no rush - press N again to move on anyway.")
            return
        self.on_set(p.week + 1, "moved on", True)

    def _set(self) -> None:
        if self.week == self.current:
            self.say(f"Week {self.week} is already this week.")
            return
        if self.confirm != "w":
            self.confirm = "w"
            self.say(f"Press W again to make week {self.week} this week (what is done is counted from now).")
            return
        self.on_set(self.week, "set", True)

    def key(self, key: str) -> bool:
        moves = {"up arrow": -1, "down arrow": 1}
        if key in moves:
            self._look(self.week + moves[key])
        elif key in ("left arrow", "right arrow"):
            n = len(self._week_steps())
            if n:
                self.step_i = (self.step_i + (1 if key == "right arrow" else -1)) % n
                self.refresh()
        elif key == "enter":
            self._begin()
        elif key == "n":
            self._move_on()
        elif key == "w":
            self._set()
        elif key == "escape":
            self.on_back()
        else:
            return False
        return True
