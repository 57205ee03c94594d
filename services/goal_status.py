"""A goal's status, computed, never typed (pure functions, tested directly): where the
straight path from the baseline to the target stands on a day, and whether the current value
has reached the target, is on course, at risk, or missed it once the date has passed."""

from __future__ import annotations

import datetime as dt

KEEP_TOLERANCE = 0.05  # "halten": at most 5 % below the target value


def expected(
    baseline: float, target: float, start: dt.date, target_date: dt.date, today: dt.date
) -> float:
    """The value on the straight path from the baseline (at ``start``) to the target."""
    span = (target_date - start).days
    done = min(max((today - start).days, 0), span) / span if span > 0 else 1
    return baseline + (target - baseline) * done


def status(
    direction: str,
    baseline: float | None,
    target: float,
    start: dt.date,
    target_date: dt.date,
    today: dt.date,
    value: float | None,
) -> str:
    """erreicht, auf_kurs, gefaehrdet, verfehlt (target date passed) or offen (no value).
    steigern: reached at or above the target, on course at or above the path; senken the
    mirror; halten: at least the target less KEEP_TOLERANCE of it, reached once the date
    has passed."""
    if value is None:
        return "offen"
    passed = today >= target_date
    if direction == "halten":
        inside = value >= target - abs(target) * KEEP_TOLERANCE
        if inside:
            return "erreicht" if passed else "auf_kurs"
        return "verfehlt" if passed else "gefaehrdet"
    sign = 1 if direction == "steigern" else -1
    if sign * (value - target) >= 0:
        return "erreicht"
    if passed:
        return "verfehlt"
    path = expected(baseline if baseline is not None else value, target, start, target_date, today)
    return "auf_kurs" if sign * (value - path) >= 0 else "gefaehrdet"


def current_period(
    baseline_from: dt.date, baseline_to: dt.date, target_date: dt.date, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The stretch the current value is taken over: as long as the baseline period, ending
    today or on the target date, whichever comes first."""
    end = min(today, target_date)
    return end - (baseline_to - baseline_from), end
