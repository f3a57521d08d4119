"""Months as the clinic counts them: 365.25 / 12 = 30.4375 days, everywhere in the program."""

from __future__ import annotations

import calendar
from datetime import date

DAYS_PER_MONTH = 365.25 / 12


def months_between(start: date, end: date) -> float:
    """Months from `start` to `end` (negative when `end` is earlier)."""
    return (end - start).days / DAYS_PER_MONTH


def add_calendar_months(start: date, months: int) -> date:
    """Same day `months` later; a day missing from that month rolls back to its last day."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def age_in_years(born: date, on: date) -> int:
    before_birthday = (on.month, on.day) < (born.month, born.day)
    return on.year - born.year - int(before_birthday)
