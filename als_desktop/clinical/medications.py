"""Monitoring and dosing schedules of the disease-modifying medicines (reference section 6)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from . import sources
from .timing import add_calendar_months

# --- riluzole: ALT monitoring (EU SmPC) ------------------------------------------------------

RILUZOLE_ALT_MONTHS = (0, 1, 2, 3, 6, 9, 12)
RILUZOLE_SOURCE = sources.RILUZOLE_SMPC

AltStopRule = Literal["> 5", ">= 5"]
ALT_STOP_MULTIPLE = 5.0
DEFAULT_ALT_STOP_RULE: AltStopRule = "> 5"  # clinic setting; the older label said ≥ 5 ×.


def riluzole_alt_due_dates(started: date) -> list[date]:
    """ALT before starting, monthly for 3 months, then 3-monthly to 12 months, from the start."""
    return [add_calendar_months(started, months) for months in RILUZOLE_ALT_MONTHS]


def alt_multiple_of_uln(alt_u_l: float, uln_u_l: float) -> float:
    return alt_u_l / uln_u_l


def alt_requires_stop(alt_u_l: float, uln_u_l: float, rule: AltStopRule = DEFAULT_ALT_STOP_RULE) -> bool:
    multiple = alt_multiple_of_uln(alt_u_l, uln_u_l)
    if rule == ">= 5":
        return multiple >= ALT_STOP_MULTIPLE
    return multiple > ALT_STOP_MULTIPLE


# --- edaravone cycles (Radicava label) --------------------------------------------------------

EDARAVONE_SOURCE = sources.EDARAVONE_LABEL
CYCLE_DAYS = 28
FIRST_CYCLE_DOSING_DAYS = 14
LATER_CYCLE_DOSES = 10
LATER_CYCLE_WINDOW_DAYS = 14

DosePattern = Literal["consecutive", "weekdays"]
DEFAULT_DOSE_PATTERN: DosePattern = "consecutive"  # clinic setting


def edaravone_dose_dates(started: date, until: date, pattern: DosePattern = DEFAULT_DOSE_PATTERN) -> list[date]:
    """Dose days from the first dose up to `until` inclusive.

    Cycle 1: daily for 14 days, then 14 days off. Later 28-day cycles: 10 doses within the
    first 14 days (the first 10 consecutive days, or the weekdays of that window), 14 days off.
    """
    doses = [started + timedelta(days=day) for day in range(FIRST_CYCLE_DOSING_DAYS)]
    cycle_start = started + timedelta(days=CYCLE_DAYS)
    while cycle_start <= until:
        window = [cycle_start + timedelta(days=day) for day in range(LATER_CYCLE_WINDOW_DAYS)]
        if pattern == "weekdays":
            window = [day for day in window if day.weekday() < 5]
        doses.extend(window[:LATER_CYCLE_DOSES])
        cycle_start += timedelta(days=CYCLE_DAYS)
    return [dose for dose in doses if dose <= until]


def edaravone_next_cycle_start(started: date, today: date) -> date:
    """The first day of the next cycle that starts after `today`."""
    cycles_done = max(0, (today - started).days // CYCLE_DAYS + 1)
    return started + timedelta(days=CYCLE_DAYS * cycles_done)


# --- tofersen (Qalsody label) -----------------------------------------------------------------

TOFERSEN_SOURCE = sources.TOFERSEN_LABEL
TOFERSEN_LOADING_DOSES = 3
TOFERSEN_LOADING_INTERVAL_DAYS = 14
TOFERSEN_MAINTENANCE_INTERVAL_DAYS = 28


def tofersen_next_dose(doses_given: list[date]) -> date | None:
    """Next dose date: 14 days after each loading dose, then 28 days after the dose actually given.

    A late dose moves the next one: it is counted from the date the dose was given.
    """
    if not doses_given:
        return None
    given = sorted(doses_given)
    interval = (
        TOFERSEN_LOADING_INTERVAL_DAYS if len(given) < TOFERSEN_LOADING_DOSES else TOFERSEN_MAINTENANCE_INTERVAL_DAYS
    )
    return given[-1] + timedelta(days=interval)
