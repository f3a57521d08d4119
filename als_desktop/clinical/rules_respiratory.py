"""Respiratory prompts (reference section 4): cough, blood gases and tests due.

Each measure is its latest recorded value (PatientMeasures.respiratory_latest), shown with the
date it was measured. The ventilation prompts (the NIV card, NIV declined, tracheostomy) are in
rules_niv. Cough assist in place quiets the cough-assist prompt; an ineffective cough with cough
assist in place asks for a review of airway clearance instead (reference section 11). The patient
can decline cough assist (the prompt's answer): it returns when the peak cough flow is lower than
at the decision. The urgent ineffective-cough prompt cannot be declined (it asks for urgent
physiotherapy too). Tests due are monitoring, never quieted by care in place nor declined.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from . import respiratory as resp
from . import rules_niv, sources
from .care_state import Declinable, ReturnsOn
from .measures import PatientMeasures
from .prompts import Severity
from .rules_common import Finding, declined_fact, measured, num, rule, shown_date
from .settings import ClinicSettings
from .snapshot import PatientSnapshot
from .timing import DAYS_PER_MONTH, months_between

TEST_INTERVAL_MONTHS = 3  # NICE NG42: at diagnosis, then about every 3 months
SPECIALIST_WITHIN_DAYS = 7  # NICE NG42: PaCO₂ > 6 kPa → respiratory specialist within one week


def _on(m: PatientMeasures, field: str) -> date | None:
    return m.respiratory_dates.get(field)


def _pcf(m: PatientMeasures) -> float | None:
    return m.respiratory_latest.peak_cough_flow_l_min


def _pcf_series(s: PatientSnapshot, m: PatientMeasures) -> rules_niv.Series:
    return rules_niv.respiratory_series(s, "peak_cough_flow_l_min")


PEAK_COUGH_FLOW = ReturnsOn("Peak cough flow", "L/min", _pcf_series, meets=lambda v: v < resp.COUGH_ASSIST_PCF)


@rule(
    "RESP-COUGH-ASSIST", "pulmonary", Severity.ACTION,
    "Cough assist (MI-E)",
    "Latest peak cough flow < 270 L/min (and not < 160, which raises the urgent prompt), and "
    "no cough assist device in place.",
    f"{sources.COUGH_PCF}: PCF < 270 L/min → mechanical insufflation-exsufflation",
    declinable=Declinable("Cough assist", (PEAK_COUGH_FLOW,)),
)
def cough_assist(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    pcf = _pcf(m)
    if not resp.cough_assist_indicated(pcf) or resp.cough_ineffective(pcf):
        return None
    if m.care.cough_assist_in_place:
        return None
    return Finding(
        "Peak cough flow is below 270 L/min: mechanical insufflation-exsufflation (cough assist).",
        (("Peak cough flow", measured(f"{num(pcf)} L/min", _on(m, "peak_cough_flow_l_min"))),),  # type: ignore[arg-type]
    )


@rule(
    "RESP-COUGH-INEFFECTIVE", "pulmonary", Severity.URGENT,
    "Ineffective cough",
    "Latest peak cough flow < 160 L/min. Without cough assist: urgent respiratory physiotherapy "
    "and cough assist; with cough assist in place: an urgent review of airway clearance "
    "(cough assist settings, technique, respiratory physiotherapy), not a new device.",
    f"{sources.COUGH_PCF}: PCF < 160 L/min → ineffective cough, urgent respiratory physiotherapy",
)
def cough_ineffective(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    pcf = _pcf(m)
    if not resp.cough_ineffective(pcf):
        return None
    values = (("Peak cough flow", measured(f"{num(pcf)} L/min", _on(m, "peak_cough_flow_l_min"))),)  # type: ignore[arg-type]
    if m.care.cough_assist_in_place:
        return Finding(
            "Cough is ineffective (peak cough flow below 160 L/min) although cough assist is in "
            "place: urgent review of airway clearance (cough assist settings, technique, "
            "respiratory physiotherapy).",
            values + (("Cough assist", "in place"),),
        )
    return Finding(
        "Cough is ineffective (peak cough flow below 160 L/min): urgent respiratory physiotherapy "
        "and cough assist.",
        values,
    )


@rule(
    "RESP-BLOOD-GAS", "pulmonary", Severity.ACTION,
    "Arterial blood gas",
    "Latest SpO₂ < 94 %.",
    f"{sources.NICE_NG42}: SpO₂ < 94 % (no lung disease) → arterial blood gas",
)
def blood_gas(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    latest = m.respiratory_latest
    if not resp.nice_blood_gas_needed(latest):
        return None
    return Finding(
        "SpO₂ is below 94 %: arterial blood gas (if there is no lung disease to explain it).",
        (("SpO₂", measured(f"{num(latest.spo2_percent)} %", _on(m, "spo2_percent"))),),  # type: ignore[arg-type]
    )


@rule(
    "RESP-PACO2-SPECIALIST", "pulmonary", Severity.URGENT,
    "Raised PaCO₂: respiratory specialist within one week",
    "Latest arterial PaCO₂ > 6 kPa (stored in mmHg, 1 kPa = 7.50062 mmHg); due one week "
    "after the measurement.",
    f"{sources.NICE_NG42}: PaCO₂ > 6 kPa → respiratory specialist within one week",
)
def paco2(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    latest = m.respiratory_latest
    if not resp.nice_urgent_specialist(latest) or latest.co2_mmhg is None:
        return None
    on = _on(m, "co2_mmhg")
    kpa = resp.mmhg_to_kpa(latest.co2_mmhg)
    return Finding(
        "PaCO₂ is above 6 kPa: refer to a respiratory specialist within one week.",
        (("PaCO₂", measured(f"{num(kpa, 2)} kPa ({num(latest.co2_mmhg)} mmHg)", on)),),
        due_on=on + timedelta(days=SPECIALIST_WITHIN_DAYS) if on else None,
    )


def first_day_past(last: date, months: int) -> date:
    """The first day on which months_between(last, day) > months."""
    return last + timedelta(days=math.floor(months * DAYS_PER_MONTH) + 1)


@rule(
    "RESP-TESTS-DUE", "pulmonary", Severity.DUE,
    "Respiratory tests due",
    "The latest FVC is more than 3 months old (months of 30.4375 days), or no FVC is recorded "
    "for a patient with a diagnosis date.",
    f"{sources.NICE_NG42}: respiratory function at diagnosis, then about every 3 months",
)
def tests_due(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.fvc_sitting is None:
        if s.diagnosis_date is None:
            return None
        return Finding(
            "No FVC is recorded: measure respiratory function (due at diagnosis, then about every 3 months).",
            (("FVC", "not recorded"), ("Diagnosed", shown_date(s.diagnosis_date))),
            due_on=s.diagnosis_date,
        )
    last = m.fvc_sitting.on
    if not months_between(last, s.today) > TEST_INTERVAL_MONTHS:
        return None
    return Finding(
        "Respiratory tests are due: the latest FVC is more than 3 months old.",
        (("Latest FVC", measured(f"{num(m.fvc_sitting.value)} % predicted", last)),
         ("Months since", num(months_between(last, s.today)))),
        due_on=first_day_past(last, TEST_INTERVAL_MONTHS),
    )


RULES = (*rules_niv.RULES, cough_assist, cough_ineffective, blood_gas, paco2, tests_due, declined_fact(cough_assist))
