"""The sessions summary, CSV and plot read what the records hold."""
from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.records.sessions_report import (DAY_BAR, SERIES, SERIES_ON_DARK, days_per_week, figure, minutes_in_all,
                                            streak, summarise, write_csv, plot)
from engine.records.store import Ratings, Store

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 3)  # a Thursday


def at(day: dt.date, hour: int = 9) -> float:
    return dt.datetime.combine(day, dt.time(hour)).timestamp()


def fill(store: Store, days_ago: list[int]) -> None:
    for i, k in enumerate(days_ago):
        rid = store.begin("beach", "safe-place", ladder=min(i, 4), before=Ratings(safe=3, critical=7),
                          started=at(TODAY - dt.timedelta(days=k)))
        store.finish(rid, 600.0, completed=i != 1, after=Ratings(safe=5 + i % 3, vivid=i % 10, critical=6,
                                                                  unease=i % 4, warmth=2 + i % 5))


def test_streak_counts_back_from_today_or_yesterday() -> None:
    d = [TODAY - dt.timedelta(days=k) for k in (0, 1, 2, 4)]
    assert streak(d, TODAY) == 3
    assert streak(d[1:], TODAY) == 2   # today not practised yet: the run still counts
    assert streak(d[3:], TODAY) == 0


def test_days_per_week() -> None:
    d = [TODAY - dt.timedelta(days=k) for k in (0, 0, 1, 3, 8, 20)]
    weeks = days_per_week(d, TODAY, 4)
    assert [m.weekday() for m, _ in weeks] == [0] * 4
    assert [n for _, n in weeks] == [1, 0, 1, 3]  # same day twice counts once


def test_summary_of_real_records(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.sqlite3") as s:
        fill(s, [9, 2, 1, 0])
        summary = summarise(s.records(), today=TODAY)
    assert (summary.practices, summary.completed, summary.days, summary.streak) == (4, 3, 4, 3)
    assert summary.minutes == pytest.approx(40.0)
    assert summary.changes["safe"] == (pytest.approx((2 + 3 + 4 + 2) / 4), 4)
    assert summary.changes["critical"] == (pytest.approx(-1.0), 4)
    assert "vivid" not in summary.changes  # never rated before a practice
    text = "\n".join(summary.lines())
    assert "Practices: 4 (3 completed)" in text and "Run of days: 3." in text
    assert "Self-critical: -1.0 on average" in text
    assert "first full scene, latest sound only" in text


def test_csv_has_one_row_a_practice(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.sqlite3") as s:
        fill(s, [3, 0])
        s.mark(s.records()[0].id, 12.5, "too-much")
        out = write_csv(s.records(), tmp_path / "out" / "sessions.csv")
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 2
    assert rows[0]["date"] == str(TODAY - dt.timedelta(days=3)) and rows[0]["minutes"] == "10.0"
    assert rows[0]["before_safe"] == "3" and rows[0]["before_vivid"] == "" and rows[0]["after_safe"] == "5"
    assert '"too-much"' in rows[0]["moments"] and rows[1]["status"] == "incomplete"


def _pixels_near(img: np.ndarray, hex_colour: str, tol: int = 18) -> np.ndarray:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return np.all(np.abs(img[..., :3].astype(int) - rgb) <= tol, axis=-1)


def test_the_plot_draws_the_ratings_and_the_days(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.sqlite3") as s:
        fill(s, [12, 9, 7, 5, 2, 1, 0])
        records = s.records()
    img = np.asarray(Image.open(plot(records, tmp_path / "p.png")).convert("RGB"))
    assert img.shape == (600, 900, 3)
    for name, colour in SERIES.items():
        assert _pixels_near(img, colour).sum() > 300, name
    bars = _pixels_near(img, DAY_BAR).any(axis=0)
    runs = np.count_nonzero(np.diff(bars.astype(int)) == 1)
    assert runs == 7  # one bar a practice day
    empty = np.asarray(Image.open(plot([], tmp_path / "e.png")).convert("RGB"))
    assert not _pixels_near(empty, DAY_BAR).any()


def test_the_window_s_plot_is_dark_and_still_shows_every_rating_and_day(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt
    with Store.open(tmp_path / "r.sqlite3") as s:
        fill(s, [12, 9, 7, 5, 2, 1, 0])
        records = s.records()
    fig = figure(records, 6.0, 4.0, dark=True)
    fig.savefig(tmp_path / "d.png", format="png")
    key = fig.axes[0].get_legend().get_window_extent()
    title = fig.axes[0].title.get_window_extent()
    plt.close(fig)
    assert 0 <= key.x0 and key.x1 <= 600 and key.y1 <= title.y0    # the key whole inside the figure, under the title
    img = np.asarray(Image.open(tmp_path / "d.png").convert("RGB"))
    assert img[2, 2].max() < 30 and np.median(img) < 40          # Haven's backdrop, not a white page
    for name, colour in SERIES_ON_DARK.items():                   # lighter hues, clear against it
        assert _pixels_near(img, colour).sum() > 100, name
    bars = _pixels_near(img, DAY_BAR).any(axis=0)
    assert np.count_nonzero(np.diff(bars.astype(int)) == 1) == 7
    light = np.asarray(Image.open(plot(records, tmp_path / "l.png")).convert("RGB"))
    assert light[2, 2].min() > 240                                 # the file to take away stays white, to print


def test_the_dark_plot_s_colours_stand_clear_of_its_backdrop() -> None:
    from engine.records.sessions_report import DARK

    def luminance(hex_colour: str) -> float:
        c = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    back = luminance(DARK["axes.facecolor"])
    for name, colour in {**SERIES_ON_DARK, "days": DAY_BAR}.items():
        assert (luminance(colour) + 0.05) / (back + 0.05) >= 4.5, name   # WCAG's ratio, text's bar


def test_minutes_in_all_reads_as_words() -> None:
    assert [minutes_in_all(m) for m in (0.3, 0.9, 1.2, 1.6, 40)] == [
        "under a minute", "1 minute", "1 minute", "2 minutes", "40 minutes"]


def _cli(args: list[str], data: Path, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "HAVEN_DATA_DIR": str(data)}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_sessions_command_prints_writes_and_plots(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Store.open(data / "records.sqlite3") as s:
        fill(s, [1, 0])
    r = _cli(["sessions", "--csv", str(tmp_path / "s.csv"), "--plot", str(tmp_path / "s.png")], data)
    assert r.returncode == 0, r.stderr
    assert "Practices: 2 (1 completed)" in r.stdout
    assert (tmp_path / "s.csv").read_text().count("\n") == 3
    assert Image.open(tmp_path / "s.png").size == (900, 600)
    bad = _cli(["sessions", "--plot", str(tmp_path / "s.jpg")], data)
    assert bad.returncode == 2 and "allowed: .png" in bad.stderr


def test_forget_asks_first_and_deletes_everything(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Store.open(data / "records.sqlite3") as s:
        fill(s, [0])
    (data / "places").mkdir()
    (data / "places" / "mine.yaml").write_text("name: mine\n")
    kept = _cli(["forget"], data, stdin="no\n")
    assert kept.returncode == 1 and "Nothing was deleted" in kept.stdout and data.exists()
    gone = _cli(["forget"], data, stdin="delete\n")
    assert gone.returncode == 0 and not data.exists()


def _records(tmp_path: Path, days_ago: list[int], per_day: int = 1):
    with Store.open(tmp_path / f"r{len(days_ago)}.sqlite3") as s:
        for i, k in enumerate(days_ago):
            for j in range(per_day):
                rid = s.begin("beach", "safe-place", ladder=0, before=Ratings(safe=2 + i % 4, critical=8),
                              started=at(TODAY - dt.timedelta(days=k), 8 + 3 * j))
                s.finish(rid, 300.0 + 60 * (i % 5), completed=True,
                         after=Ratings(safe=6 + i % 4, vivid=4, critical=5))
        return s.records()


def _axes_facts(records):
    import matplotlib.pyplot as plt
    from engine.records.sessions_report import figure
    fig = figure(records)
    fig.canvas.draw()
    top, bottom = fig.axes
    labels = [t.get_text() for t in bottom.get_xticklabels() if t.get_text()]
    lines = {ln.get_label(): ln for ln in top.get_lines()}
    legend = top.get_legend().get_window_extent() if top.get_legend() else None
    inside = top.get_window_extent()
    pts = [top.transData.transform(xy) for ln in top.get_lines() for xy in ln.get_xydata()]
    bars = [(p.get_x() + p.get_width() / 2) for p in bottom.patches]
    plt.close(fig)
    return labels, lines, legend, inside, pts, bars


def test_the_plot_with_one_record_labels_its_day_once_and_shows_before_and_after(tmp_path: Path) -> None:
    records = _records(tmp_path, [0])
    labels, lines, legend, inside, pts, bars = _axes_facts(records)
    assert labels.count(f"{TODAY:%d %b}") == 1 and len(labels) == len(set(labels))
    assert {"safe and calm (before)", "safe and calm (after)", "self-critical (before)"} <= set(lines)
    assert lines["safe and calm (before)"].get_ydata()[0] == 2 and lines["safe and calm (after)"].get_ydata()[0] == 6
    import matplotlib.dates as mdates
    x = mdates.date2num(lines["safe and calm (after)"].get_xdata()[0])
    assert len(bars) == 1 and abs(bars[0] - x) < 1e-6          # the points stand over their day's bar
    assert legend.y0 >= inside.y1 - 1                          # the key sits above the plot, over no point
    assert all(not (legend.x0 <= px <= legend.x1 and legend.y0 <= py <= legend.y1) for px, py in pts)


def test_the_plot_with_300_records_stays_readable(tmp_path: Path) -> None:
    records = _records(tmp_path, list(range(150)), per_day=2)
    assert len(records) == 300
    labels, lines, legend, inside, pts, bars = _axes_facts(records)
    assert 3 <= len(labels) <= 12 and len(labels) == len(set(labels))
    assert len(lines["safe and calm (before)"].get_xdata()) == 300
    assert len(lines["safe and calm (after)"].get_xdata()) == 300
    assert len(bars) == 150 and legend.y0 >= inside.y1 - 1
