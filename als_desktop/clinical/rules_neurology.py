"""Neurology prompts: disease-modifying medicines (reference section 6) and diagnostic delay.

A medicine is read from the active medication (on today) whose name contains riluzole,
edaravone or tofersen. The riluzole schedule ends with the 12-month test: after it the
reference says "periodically" without an interval, so no further date is prompted.
"""

from __future__ import annotations

from . import medications, sources
from .measures import PatientMeasures, active_medication
from .prompts import Severity
from .rules_common import Finding, num, rule, shown_date
from .settings import ClinicSettings
from .snapshot import PatientSnapshot

GUIDE_AVERAGE_DELAY_MONTHS = 12  # the guide: onset to diagnosis averages about 12 months


def _riluzole_values(m: PatientMeasures) -> tuple[tuple[str, str], ...]:
    assert m.riluzole_started and m.riluzole_next_alt
    return (
        ("Riluzole started", shown_date(m.riluzole_started)),
        ("ALT due", shown_date(m.riluzole_next_alt)),
    )


@rule(
    "NEU-RILUZOLE-ALT-DUE", "neurology", Severity.DUE,
    "Riluzole: next liver test (ALT)",
    "Riluzole active with a start date S; ALT is scheduled at S, S+1, S+2, S+3, S+6, S+9 and "
    "S+12 calendar months. Each liver test counts for its nearest scheduled date (a tie: the "
    "later); the next ALT is the first scheduled date after the latest one a test counted for "
    "(a missed date is not made up). Shown while that date is today or later; none after the "
    "12-month test (the reference gives no interval for 'periodically').",
    f"{sources.RILUZOLE_SMPC}: ALT before starting, monthly for 3 months, then every 3 months in the first year",
)
def riluzole_alt_due(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.riluzole_next_alt is None or m.riluzole_next_alt < s.today:
        return None
    return Finding(
        f"Riluzole liver test (ALT) due on {shown_date(m.riluzole_next_alt)}.",
        _riluzole_values(m),
        due_on=m.riluzole_next_alt,
    )


@rule(
    "NEU-RILUZOLE-ALT-OVERDUE", "neurology", Severity.ACTION,
    "Riluzole: liver test overdue",
    "As the ALT due prompt, when the next scheduled ALT date is before today.",
    f"{sources.RILUZOLE_SMPC}: ALT before starting, monthly for 3 months, then every 3 months in the first year",
)
def riluzole_alt_overdue(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.riluzole_next_alt is None or not m.riluzole_next_alt < s.today:
        return None
    days = (s.today - m.riluzole_next_alt).days
    return Finding(
        f"Riluzole liver test (ALT) overdue since {shown_date(m.riluzole_next_alt)} ({days} days): no liver test since.",
        _riluzole_values(m),
        due_on=m.riluzole_next_alt,
    )


@rule(
    "NEU-RILUZOLE-ALT-STOP", "neurology", Severity.URGENT,
    "Riluzole: ALT above the stop threshold",
    "Riluzole active and the latest liver test's ALT, as a multiple of its upper limit of "
    "normal, meets the stop setting (default > 5 ×).",
    f"{sources.RILUZOLE_SMPC}; US label: ALT > 5 × ULN, riluzole not recommended",
    ("alt_stop_rule",),
)
def riluzole_alt_stop(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if active_medication(s, "riluzole") is None or not s.liver_tests:
        return None
    test = max(s.liver_tests, key=lambda t: t.taken_on)
    if test.alt_uln_u_l <= 0 or not medications.alt_requires_stop(test.alt_u_l, test.alt_uln_u_l, c.alt_stop_rule):
        return None
    multiple = medications.alt_multiple_of_uln(test.alt_u_l, test.alt_uln_u_l)
    return Finding(
        "ALT is above the stop threshold: stop riluzole.",
        (("ALT", (f"{num(test.alt_u_l)} U/L = {num(multiple, 2)} × ULN {num(test.alt_uln_u_l)} U/L "
                 f"({shown_date(test.taken_on)})")),),
    )


@rule(
    "NEU-EDARAVONE-CYCLE", "neurology", Severity.DUE,
    "Edaravone: next cycle",
    "Edaravone active with a start date: the next 28-day cycle starts on the first cycle day "
    "after today (cycle 1: 14 daily doses; later cycles: 10 doses within 14 days, as the "
    "dose-pattern setting says; then 14 days off).",
    sources.EDARAVONE_LABEL,
    ("edaravone_dose_pattern",),
)
def edaravone_cycle(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.edaravone_next_cycle is None:
        return None
    # An active medicine has started, so the next cycle is never the first (14 daily doses).
    return Finding(
        f"Next edaravone cycle starts on {shown_date(m.edaravone_next_cycle)}: 10 dose days within 14, then 14 days off.",
        (("Next cycle", shown_date(m.edaravone_next_cycle)),),
        due_on=m.edaravone_next_cycle,
    )


def _tofersen_values(s: PatientSnapshot, m: PatientMeasures) -> tuple[tuple[str, str], ...]:
    tofersen = active_medication(s, "tofersen")
    given = sorted(tofersen.doses_given) if tofersen else []
    assert m.tofersen_next_dose is not None
    return (
        ("Doses given", str(len(given))),
        ("Last dose", shown_date(given[-1]) if given else "not recorded"),
        ("Next dose", shown_date(m.tofersen_next_dose)),
    )


@rule(
    "NEU-TOFERSEN-DOSE", "neurology", Severity.DUE,
    "Tofersen: next dose",
    "Tofersen active with doses given: three loading doses 14 days apart, then every 28 days "
    "counted from the dose actually given; shown while the next date is today or later.",
    sources.TOFERSEN_LABEL,
)
def tofersen_dose(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.tofersen_next_dose is None or m.tofersen_next_dose < s.today:
        return None
    return Finding(
        f"Next tofersen dose (100 mg intrathecal) on {shown_date(m.tofersen_next_dose)}.",
        _tofersen_values(s, m),
        due_on=m.tofersen_next_dose,
    )


@rule(
    "NEU-TOFERSEN-OVERDUE", "neurology", Severity.ACTION,
    "Tofersen: dose overdue",
    "As the next-dose prompt, when the next dose date is before today.",
    sources.TOFERSEN_LABEL,
)
def tofersen_overdue(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.tofersen_next_dose is None or not m.tofersen_next_dose < s.today:
        return None
    days = (s.today - m.tofersen_next_dose).days
    return Finding(
        f"Tofersen dose overdue since {shown_date(m.tofersen_next_dose)} ({days} days); the next "
        "maintenance dose will be 28 days after the dose actually given.",
        _tofersen_values(s, m),
        due_on=m.tofersen_next_dose,
    )


@rule(
    "NEU-DIAGNOSTIC-DELAY", "neurology", Severity.INFO,
    "Diagnostic delay",
    "Onset and diagnosis dates recorded: months from symptom onset to diagnosis, shown for "
    "every patient with the guide's average of about 12 months as context.",
    f"{sources.GUIDE}: average time from onset to diagnosis about 12 months",
)
def diagnostic_delay(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.diagnostic_delay_months is None:
        return None
    return Finding(
        f"Diagnosis came {num(m.diagnostic_delay_months)} months after symptom onset "
        f"(the average is about {GUIDE_AVERAGE_DELAY_MONTHS} months).",
        (("Diagnostic delay", f"{num(m.diagnostic_delay_months)} months"),
         ("Onset", shown_date(s.onset_date) if s.onset_date else ""),
         ("Diagnosis", shown_date(s.diagnosis_date) if s.diagnosis_date else "")),
    )


RULES = (
    riluzole_alt_due, riluzole_alt_overdue, riluzole_alt_stop, edaravone_cycle,
    tofersen_dose, tofersen_overdue, diagnostic_delay,
)
