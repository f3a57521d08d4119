"""Neurology prompts: disease-modifying medicines (reference section 6).

A medicine is read from the active medication (on today) whose name contains riluzole,
edaravone or tofersen. The riluzole schedule ends with the 12-month test: after it the
reference says "periodically" without an interval, so no further date is prompted. These are
monitoring of care in place and are never quieted by it (reference section 11). Tofersen is
labelled for SOD1-ALS only: its dose prompts need a recorded pathogenic SOD1 variant (SOD1
result "positive"; a variant of uncertain significance is not one), and tofersen recorded
without it raises an information prompt instead. The diagnostic delay is a fact shown on the
Overview and in the plan, not a prompt.
"""

from __future__ import annotations

from ..domain import vocab
from . import medications, sources
from .measures import PatientMeasures, active_medication
from .prompts import Severity
from .rules_common import Finding, num, rule, shown_date
from .settings import ClinicSettings
from .snapshot import PatientSnapshot

SOD1_PATHOGENIC = "positive"  # vocab.GENETIC_RESULT: a pathogenic SOD1 variant recorded


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
    "Tofersen active with doses given and a pathogenic SOD1 variant recorded: three loading "
    "doses 14 days apart, then every 28 days counted from the dose actually given; shown while "
    "the next date is today or later.",
    sources.TOFERSEN_LABEL,
)
def tofersen_dose(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.tofersen_next_dose is None or m.tofersen_next_dose < s.today or not _sod1_positive(s):
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
    if m.tofersen_next_dose is None or not m.tofersen_next_dose < s.today or not _sod1_positive(s):
        return None
    days = (s.today - m.tofersen_next_dose).days
    return Finding(
        f"Tofersen dose overdue since {shown_date(m.tofersen_next_dose)} ({days} days); the next "
        "maintenance dose will be 28 days after the dose actually given.",
        _tofersen_values(s, m),
        due_on=m.tofersen_next_dose,
    )


def _sod1_positive(s: PatientSnapshot) -> bool:
    return s.sod1_status == SOD1_PATHOGENIC


@rule(
    "NEU-TOFERSEN-SOD1", "neurology", Severity.INFO,
    "Tofersen without a positive SOD1 result",
    "Tofersen active and no pathogenic SOD1 variant recorded (SOD1 result not 'positive'): the "
    "label is for SOD1-ALS only; the dose prompts are not raised.",
    f"{sources.TOFERSEN_LABEL}: SOD1-ALS only",
)
def tofersen_without_sod1(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if active_medication(s, "tofersen") is None or _sod1_positive(s):
        return None
    return Finding(
        "Tofersen is recorded, but no pathogenic SOD1 variant is: tofersen is labelled for "
        "SOD1-ALS only. Check the genetic result.",
        (("SOD1", vocab.label(vocab.GENETIC_RESULT, s.sod1_status)),),
    )


RULES = (
    riluzole_alt_due, riluzole_alt_overdue, riluzole_alt_stop, edaravone_cycle,
    tofersen_dose, tofersen_overdue, tofersen_without_sod1,
)
