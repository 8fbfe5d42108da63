"""What the practice records say: a summary, a CSV file, a plot.

Days are the person's local days. The summary is plain words and numbers:
how often they practised, their current run of days, and how their ratings
moved from before to after a practice. It never judges; it just reports.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.records.store import RATINGS, Record, moments_json

RATING_WORDS = {"safe": "safe and calm", "vivid": "vivid imagery", "critical": "self-critical",
                "unease": "unease or urge to stop", "warmth": "warmth felt"}
LADDER_WORDS = ("full scene", "softened scene", "silhouettes in mist", "sound only", "eyes closed")


def local_day(started: float) -> dt.date:
    return dt.datetime.fromtimestamp(started).date()


@dataclass(frozen=True)
class Summary:
    practices: int
    completed: int
    minutes: float
    days: int
    streak: int
    """Consecutive days, ending today or yesterday, with at least one practice."""
    weeks: list[tuple[dt.date, int]]
    """(Monday, days practised that week) for the last few weeks, oldest first."""
    changes: dict[str, tuple[float, int]]
    """rating -> (mean of after minus before, how many practices had both)."""
    ladder: list[int]
    """The imagery-ladder step of each practice, oldest first."""
    settled: list[float] = field(default_factory=list)
    """Seconds to feel settled (Space) in each practice that kept one, oldest first."""

    def lines(self) -> list[str]:
        if not self.practices:
            return ["No practices recorded yet."]
        out = [f"Practices: {self.practices} ({self.completed} completed), "
               f"{minutes_in_all(self.minutes)} in all, on {self.days} day{'s' * (self.days != 1)}.",
               f"Run of days: {self.streak}."]
        out.append("Days practised per week: " + ", ".join(
            f"week of {monday:%d %b}: {n}" for monday, n in self.weeks))
        for name in RATINGS:
            mean, n = self.changes.get(name, (0.0, 0))
            if n:
                out.append(f"{RATING_WORDS[name].capitalize()}: {mean:+.1f} on average from before to after "
                           f"({n} practice{'s' * (n != 1)} rated both times).")
        if self.settled:
            first, last = self.settled[0], self.settled[-1]
            out.append(f"Time to feel settled: first {_mins(first)}, latest {_mins(last)} "
                       f"({len(self.settled)} practice{'s' * (len(self.settled) != 1)}).")
        if self.ladder:
            out.append(f"Imagery step: first {LADDER_WORDS[self.ladder[0]]}, "
                       f"latest {LADDER_WORDS[self.ladder[-1]]}.")
        return out


def summarise(records: Sequence[Record], today: dt.date | None = None, weeks: int = 4) -> Summary:
    today = today or dt.date.today()
    days = sorted({local_day(r.started) for r in records})
    return Summary(
        practices=len(records),
        completed=sum(r.status == "completed" for r in records),
        minutes=sum(r.duration for r in records) / 60.0,
        days=len(days), streak=streak(days, today),
        weeks=days_per_week(days, today, weeks),
        changes=rating_changes(records),
        ladder=[r.ladder for r in records],
        settled=[r.settled for r in records if r.settled is not None])


def minutes_in_all(minutes: float) -> str:
    """'under a minute', '1 minute', '12 minutes'."""
    whole = round(minutes)
    if whole < 1:
        return "under a minute"
    return f"{whole} minute{'s' * (whole != 1)}"


def _mins(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s"


def streak(days: Sequence[dt.date], today: dt.date) -> int:
    """Days in a row with practice, ending today (or yesterday: today is not over)."""
    have = set(days)
    day = today if today in have else today - dt.timedelta(days=1)
    n = 0
    while day in have:
        n += 1
        day -= dt.timedelta(days=1)
    return n


def days_per_week(days: Sequence[dt.date], today: dt.date, weeks: int) -> list[tuple[dt.date, int]]:
    this_monday = today - dt.timedelta(days=today.weekday())
    count = Counter(d - dt.timedelta(days=d.weekday()) for d in set(days))
    mondays = [this_monday - dt.timedelta(weeks=k) for k in reversed(range(weeks))]
    return [(m, count.get(m, 0)) for m in mondays]


def rating_changes(records: Sequence[Record]) -> dict[str, tuple[float, int]]:
    out: dict[str, tuple[float, int]] = {}
    for name in RATINGS:
        deltas = [getattr(r.after, name) - getattr(r.before, name) for r in records
                  if getattr(r.after, name) is not None and getattr(r.before, name) is not None]
        if deltas:
            out[name] = (sum(deltas) / len(deltas), len(deltas))
    return out


CSV_FIELDS = ["id", "date", "time", "place", "practice", "minutes", "status", "ladder",
              *[f"before_{n}" for n in RATINGS], *[f"after_{n}" for n in RATINGS], "note", "moments", "client",
              "option", "check_in", "settled_s"]


def write_csv(records: Sequence[Record], path: Path) -> Path:
    """One row a practice; opens in any spreadsheet."""
    from engine.config.userdirs import write_private
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for r in records:
        when = dt.datetime.fromtimestamp(r.started)
        w.writerow([r.id, f"{when:%Y-%m-%d}", f"{when:%H:%M}", r.place, r.practice, f"{r.duration / 60:.1f}",
                    r.status, r.ladder, *[_blank(getattr(r.before, n)) for n in RATINGS],
                    *[_blank(getattr(r.after, n)) for n in RATINGS], r.note, moments_json(r), r.client,
                    r.option, r.check_in, "" if r.settled is None else f"{r.settled:.0f}"])
    return write_private(path, buf.getvalue())


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


SETTLED = "#404040"
SERIES = {"safe": "#2f7d6d", "vivid": "#d08a2e", "critical": "#7a5aa8", "unease": "#b04a4a", "warmth": "#d8b030"}
"""Line colours of the three after-practice ratings (tests look for them)."""
DAY_BAR = "#6a9bd1"
SETTLED_ON_DARK = "#c8c8c8"
SERIES_ON_DARK = {"safe": "#4fb39c", "vivid": "#e6a24a", "critical": "#a78bd6", "unease": "#d9726f",
                  "warmth": "#e8c84a"}
"""The same hues lighter, for the window's dark plot: each at least 5.5:1
against its backdrop (the print colours' teal, purple and red were 3.2-3.6:1)."""
DARK = {"figure.facecolor": "#0e1117", "axes.facecolor": "#151922", "axes.edgecolor": "#5d6372",
        "text.color": "#dcdee4", "axes.labelcolor": "#dcdee4", "xtick.color": "#b9bdc7", "ytick.color": "#b9bdc7",
        "grid.color": "#9aa0ae"}
"""The window's plot: Haven's backdrop (home.BG) and soft light text."""


def plot(records: Sequence[Record], path: Path, width: float = 9.0, height: float = 6.0) -> Path:
    """Ratings before and after each practice over time, and minutes practised per day."""
    import matplotlib.pyplot as plt
    fig = figure(records, width, height)
    try:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format="png")
    finally:
        plt.close(fig)
    return path


def figure(records: Sequence[Record], width: float = 9.0, height: float = 6.0, dark: bool = False):
    """The plot as a matplotlib figure (the caller closes it). `dark`: on
    Haven's own dark backdrop, for the window (a white page there glared);
    the file a person takes away stays white, to print.

    Every practice sits on its own day (spread a little across the day
    when there are several), so its ratings stand right over that day's
    bar; dates are labelled once each, however few or many days there are;
    the key sits above the plot, never over a point."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(DARK if dark else {}):
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(width, height), dpi=100, sharex=True,
                                          gridspec_kw={"height_ratios": [3, 2]})
        _draw(fig, top, bottom, records, SERIES_ON_DARK if dark else SERIES, SETTLED_ON_DARK if dark else SETTLED)
    return fig


def _draw(fig, top, bottom, records: Sequence[Record], series: dict[str, str], settled_colour: str) -> None:
    import matplotlib.dates as mdates
    xs = practice_positions(records)
    _plot_ratings(top, records, xs, series)
    _plot_days(bottom, records, xs, settled_colour)
    days = sorted({local_day(r.started) for r in records}) or [dt.date.today()]
    lo = dt.datetime.combine(days[0], dt.time(0)) - dt.timedelta(hours=12)
    hi = dt.datetime.combine(days[-1], dt.time(0)) + dt.timedelta(hours=36)
    bottom.set_xlim(lo, hi)
    span = (days[-1] - days[0]).days + 1
    # a few days: one label a day, at midday, right under that day's bar and points
    locator = mdates.HourLocator(byhour=12) if span <= 10 else mdates.AutoDateLocator(minticks=3, maxticks=9)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%d %b") if span <= 10
                                     else mdates.ConciseDateFormatter(locator))
    fig.autofmt_xdate()
    fig.tight_layout()


def practice_positions(records: Sequence[Record]) -> list[dt.datetime]:
    """Where each practice is drawn: within its own day, spread over the
    middle of the day in the order practised (one alone sits at noon)."""
    by_day: dict[dt.date, list[int]] = {}
    for i, r in enumerate(records):
        by_day.setdefault(local_day(r.started), []).append(i)
    out: list[dt.datetime] = [dt.datetime.min] * len(records)
    for day, idx in by_day.items():
        n = len(idx)
        for k, i in enumerate(sorted(idx, key=lambda i: records[i].started)):
            hours = 12.0 if n == 1 else 6.0 + 12.0 * k / (n - 1)
            out[i] = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(hours=hours)
    return out


def _plot_ratings(ax, records: Sequence[Record], xs: Sequence[dt.datetime], series: dict[str, str] = SERIES) -> None:
    for name in RATINGS:
        for when, style, fill in (("before", "--", "white"), ("after", "-", series[name])):
            pts = [(x, getattr(getattr(r, when), name)) for x, r in zip(xs, records)
                   if getattr(getattr(r, when), name) is not None]
            if pts:
                px, py = zip(*pts)
                ax.plot(px, py, style, marker="o", color=series[name], markerfacecolor=fill,
                        linewidth=(2.2 if when == "after" else 1.2) * (1 if len(records) < 60 else 0.5),
                        markersize=6 if len(records) < 60 else 2.5,
                        label=f"{RATING_WORDS[name]} ({when})")
    ax.set_ylim(-0.5, 10.5)
    ax.set_ylabel("rating, 0 to 10")
    # the key in as many columns as the figure's width holds (the window's plot
    # is 6 inches wide: four columns ran off both its sides), the title above it
    ncol = 4 if ax.figure.get_figwidth() >= 8 else 3
    rows = -(-len(ax.lines) // ncol)
    ax.set_title("How practices felt, and how often you practised", pad=8 + 12 * max(rows, 2))
    if ax.lines:
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=ncol, fontsize=8 if ncol == 4 else 7,
                  frameon=False)
    ax.grid(alpha=0.25)


def _plot_days(ax, records: Sequence[Record], xs: Sequence[dt.datetime] = (), settled_colour: str = SETTLED) -> None:
    minutes = Counter()
    for r in records:
        minutes[local_day(r.started)] += r.duration / 60.0
    if minutes:
        days = sorted(minutes)
        ax.bar([dt.datetime.combine(d, dt.time(12)) for d in days], [minutes[d] for d in days],
               width=0.7, color=DAY_BAR)
    settled = [(x, r.settled / 60.0) for x, r in zip(xs, records) if r.settled is not None]
    if settled:   # minutes until the person felt settled (Space), beside the minutes practised
        px, py = zip(*settled)
        ax.plot(px, py, "D", color=settled_colour, markersize=6 if len(records) < 60 else 3,
                label="minutes to feel settled")
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.set_ylabel("minutes a day")
    ax.grid(alpha=0.25, axis="y")


def week_so_far(records: Sequence[Record], today: dt.date | None = None) -> tuple[float, int]:
    """(minutes, days) practised in the last seven days, today included."""
    today = today or dt.date.today()
    recent = [r for r in records if 0 <= (today - local_day(r.started)).days < 7]
    return sum(r.duration for r in recent) / 60.0, len({local_day(r.started) for r in recent})
