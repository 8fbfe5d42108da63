"""The breathing pacer: exact periods, continuity through changes, limits."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from engine.core.breath import BreathError, Pacer, Pattern, RateFinder, check_rate
from engine.core.channels import Channel


def inhale_starts(p: Pacer, t0: float, t1: float) -> list[float]:
    return [t for t, s in p.stage_changes(t0, t1) if s == "inhale"]


def test_default_pattern_is_six_a_minute_four_in_one_hold_five_out() -> None:
    p = Pattern()
    assert (p.inhale, p.hold, p.exhale, p.rest) == (4.0, 1.0, 5.0, 0.0)
    assert p.rate == pytest.approx(6.0)


def test_constant_rate_has_an_exact_period_over_ten_minutes() -> None:
    pacer = Pacer(Pattern.from_rate(5.5), start_rate=5.5, ramp=0)
    starts = inhale_starts(pacer, 0.0, 600.0)
    period = 60 / 5.5
    expected = [k * period for k in range(1, len(starts) + 1)]
    assert len(starts) == int(600 / period)
    assert max(abs(a - b) for a, b in zip(starts, expected)) < 1e-5  # well under a millisecond
    # and the phase itself, sampled on a fine grid, repeats exactly
    for t in np.linspace(0, 590, 97):
        assert abs(pacer.phase(t + period) - pacer.phase(t)) % 1.0 < 1e-9 or \
            abs(abs(pacer.phase(t + period) - pacer.phase(t)) - 1) < 1e-9


def test_stage_times_follow_the_pattern() -> None:
    pacer = Pacer(Pattern(4, 1, 5, 0), start_rate=6, ramp=0)
    changes = list(pacer.stage_changes(0.0, 20.0))
    assert [s for _, s in changes] == ["hold", "exhale", "inhale", "hold", "exhale", "inhale"]
    assert [round(t, 5) for t, _ in changes] == [4.0, 5.0, 10.0, 14.0, 15.0, 20.0]
    assert pacer.stage(2.0) == "inhale" and pacer.stage(4.5) == "hold"
    assert pacer.stage(7.0) == "exhale"
    with_rest = Pacer(Pattern(3, 0, 5, 2), start_rate=6, ramp=0)
    assert [s for _, s in with_rest.stage_changes(0.0, 10.0)] == ["exhale", "rest", "inhale"]


def test_level_rises_on_the_in_breath_and_settles_on_the_out_breath() -> None:
    pacer = Pacer(Pattern(4, 1, 5, 0), start_rate=6, ramp=0)
    assert pacer.level(0.0) == pytest.approx(0.0)
    assert pacer.level(2.0) == pytest.approx(0.5)
    assert pacer.level(4.5) == pytest.approx(1.0)
    assert pacer.level(7.5) == pytest.approx(0.5)
    levels = [pacer.level(t) for t in np.arange(0, 4, 0.01)]
    assert all(b >= a for a, b in zip(levels, levels[1:]))


def test_ramp_glides_from_the_start_rate_to_the_target() -> None:
    pacer = Pacer(Pattern.from_rate(6), start_rate=12, ramp=180)
    assert pacer.rate(0) == pytest.approx(12)
    assert pacer.rate(90) == pytest.approx(9)
    assert pacer.rate(180) == pytest.approx(6) and pacer.rate(400) == pytest.approx(6)
    rates = [pacer.rate(t) for t in range(0, 181)]
    assert all(b <= a for a, b in zip(rates, rates[1:]))
    # breaths get longer as the ramp goes on
    starts = inhale_starts(pacer, 0, 240)
    gaps = np.diff(starts)
    assert gaps[0] < 6 and gaps[-1] == pytest.approx(10, abs=1e-4)


def test_without_a_natural_rate_the_ramp_starts_at_ten() -> None:
    assert Pacer().rate(0) == pytest.approx(10)


def _max_step(pacer: Pacer, t0: float, t1: float, dt: float = 0.01) -> tuple[float, float]:
    ts = np.arange(t0, t1, dt)
    levels = np.array([pacer.level(t) for t in ts])
    cycles = np.array([pacer.cycles(t) for t in ts])
    return float(np.abs(np.diff(levels)).max()), float(np.diff(cycles).min())


def test_phase_and_level_stay_continuous_through_a_change_of_rate() -> None:
    pacer = Pacer(Pattern.from_rate(6), start_rate=10, ramp=60)
    pacer.set_rate(33.3, 4.0, glide=5)       # mid-ramp, mid-breath
    pacer.set_rate(71.7, 11.0, glide=0)      # a sudden change: still no jump
    step, least = _max_step(pacer, 0, 120)
    # the level's steepest natural slope at 11/min: pi/2 per in-breath share
    assert step < 0.02
    assert least > 0  # the breath count only moves forward
    assert pacer.rate(40) == pytest.approx(4.0)
    assert pacer.rate(80) == pytest.approx(11.0)


@settings(max_examples=60, deadline=None)
@given(st.floats(3, 12), st.floats(3, 12), st.floats(0, 300), st.floats(1, 200), st.floats(3, 12),
       st.floats(0, 20))
def test_any_ramp_and_change_keeps_the_cycle_count_continuous(start, target, ramp, when, new, glide) -> None:
    pacer = Pacer(Pattern.from_rate(target), start_rate=start, ramp=ramp)
    before = pacer.cycles(when)
    pacer.set_rate(when, new, glide)
    assert pacer.cycles(when) == pytest.approx(before, abs=1e-9)
    assert abs(pacer.cycles(when + 1e-4) - before) < 1e-4 * 12 / 60 + 1e-9
    assert 0.0 <= pacer.level(when + 0.5) <= 1.0


@pytest.mark.parametrize("bad", [0, 40, -6, 2.9, 12.5, float("nan"), float("inf"), "fast", None, "40", "2", "nan"])
def test_rates_outside_three_to_twelve_get_a_clear_error(bad) -> None:
    with pytest.raises(BreathError) as err:
        check_rate(bad)
    assert "allowed: 3 to 12 breaths a minute" in str(err.value)
    with pytest.raises(BreathError):
        Pacer(start_rate=bad) if bad is not None else Pattern.from_rate(bad)


def test_a_bad_pattern_is_refused() -> None:
    with pytest.raises(BreathError):
        Pattern(0, 1, 5, 0)
    with pytest.raises(BreathError):
        Pattern(1, 0, 1, 0)  # 30 a minute
    with pytest.raises(BreathError):
        Pacer(ramp=-1)


def test_switching_the_pacing_on_and_off_glides() -> None:
    sw = Channel(0.0)
    sw.to(10.0, 1.0, 4.0)
    assert sw.at(9.9) == 0.0 and sw.at(12.0) == pytest.approx(0.5) and sw.at(14.0) == 1.0
    sw.to(13.0, 0.0, 4.0)  # before the fade-in finished: it turns back from where it was
    assert sw.at(13.0) == pytest.approx(sw.at(12.999), abs=1e-3)
    assert sw.at(17.0) == 0.0 and sw.target == 0.0


def test_natural_rate_finder_takes_the_median_breath() -> None:
    finder = RateFinder(breaths=4)
    t = 0.0
    for length in (4.6, 5.0, 4.0, 5.2):  # ~13 a minute
        finder.press(t)
        finder.release(t + length * 0.4)
        t += length
    finder.press(t)
    assert finder.done
    assert finder.rate() == pytest.approx(60 / 4.8)
    assert finder.start_rate() == 12.0  # held to the pacer's range
    assert RateFinder().rate() is None


def test_natural_rate_finder_ignores_repeated_presses_and_long_gaps() -> None:
    finder = RateFinder()
    finder.press(0.0)
    finder.press(0.5)  # still held: not a new breath
    finder.release(2.0)
    finder.press(60.0)  # a minute later: not a breath
    finder.release(62.0)
    finder.press(67.0)
    assert finder.breaths() == [7.0]


def test_a_measured_pace_restarts_the_ramp_without_a_jump() -> None:
    pacer = Pacer(Pattern.from_rate(6), start_rate=10, ramp=120)
    before = pacer.cycles(30.0)
    pacer.restart_ramp(30.0, 13.0, ramp=90)   # held to 12
    assert pacer.cycles(30.0) == pytest.approx(before, abs=1e-12)
    assert pacer.rate(36.0) == pytest.approx(12.0) and pacer.rate(126.0) == pytest.approx(6.0)
    step, least = _max_step(pacer, 25, 140)
    assert step < 0.02 and least > 0


def test_a_rate_given_as_text_is_read_or_refused_with_a_breath_error() -> None:
    assert check_rate("6") == 6.0 and check_rate(" 5.5 ") == 5.5
    with pytest.raises(BreathError, match=r"breathing rate 40 is out of range \(allowed: 3 to 12"):
        check_rate("40")


def _practice_file(tmp_path, breath: str):
    path = tmp_path / "p.yaml"
    path.write_text(f"name: p\ntitle: P\nbreath: {breath}\nsegments:\n  - {{id: a, duration: 60}}\n")
    return path


def test_a_practice_may_give_its_breath_as_a_pattern_in_seconds(tmp_path) -> None:
    from engine.config import load_practice
    from engine.core.director import Director
    p = load_practice(str(_practice_file(tmp_path, "{pattern: {inhale: 4, hold: 2, exhale: 6}, ramp: 0, 'on': true}")))
    assert p.breath.rate == pytest.approx(5.0)          # a 12 s breath: five a minute
    pacer = Director(p).pacer
    changes = [(round(t, 4), s) for t, s in pacer.stage_changes(0.0, 12.0)]
    assert changes == [(4.0, "hold"), (6.0, "exhale"), (12.0, "inhale")]


def test_a_practice_may_give_a_rate_and_an_in_out_ratio(tmp_path) -> None:
    from engine.config import load_practice
    from engine.core.director import Director
    p = load_practice(str(_practice_file(tmp_path, "{rate: 5, ratio: '4:6', ramp: 0}")))
    pattern = Director(p).pacer.pattern
    assert (pattern.inhale, pattern.hold, pattern.exhale, pattern.rest) == pytest.approx((4.8, 0, 7.2, 0))
    three = load_practice(str(_practice_file(tmp_path, "{rate: 6, ratio: [3, 1, 6]}")))
    assert Director(three).pacer.pattern.hold == pytest.approx(1.0)
    # the person's own rate keeps the practice's proportions
    from engine.config.settings import Settings
    mine = Director(p, settings=Settings(breath_rate=4)).pacer.pattern
    assert mine.period == pytest.approx(15.0) and mine.inhale / mine.exhale == pytest.approx(4 / 6)


@pytest.mark.parametrize("breath, says", [
    ("{pattern: {inhale: 10, exhale: 20}}", "breath.pattern: a breath of 30 s is 2 breaths a minute "
                                            "(allowed: 3 to 12 breaths a minute"),
    ("{pattern: {inhale: 1, hold: 1, exhale: 2}}", "is 15 breaths a minute (allowed: 3 to 12"),
    ("{rate: 6, pattern: {inhale: 4, exhale: 6}}", "breath: give 'rate' or 'pattern', not both"),
    ("{ratio: '4:6', pattern: {inhale: 4, exhale: 6}}", "breath: give 'ratio' or 'pattern', not both"),
    ("{ratio: 'four:six'}", "breath.ratio: 'four:six' is not numbers joined by ':' (allowed: 'in:out'"),
    ("{ratio: '0:6'}", "breath.ratio: '0:6' needs in and out above 0"),
    ("{ratio: 4}", "breath.ratio: 4 is a single number"),
    ("{rate: 40}", "breath.rate: 40 is out of range (allowed: 3 to 12)"),
    ("{pattern: {inhale: 4, exhale: -1}}", "breath.pattern.exhale: -1 is out of range"),
])
def test_bad_breath_settings_in_a_practice_are_one_clear_line(tmp_path, breath, says) -> None:
    from engine.config import ConfigError, load_practice
    with pytest.raises(ConfigError) as err:
        load_practice(str(_practice_file(tmp_path, breath)))
    lines = err.value.problems
    assert len(lines) == 1 and "p.yaml:3: " in lines[0] and says in lines[0], lines
