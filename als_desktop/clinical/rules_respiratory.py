"""Respiratory prompts (reference section 4).

Each measure is its latest recorded value (PatientMeasures.respiratory_latest), shown with the
date it was measured. NIV counts as addressed once it is discussed, declined, started or in
place, or a tracheostomy is in place: the discussion prompts then stop.

The guide gives no number for when to discuss tracheostomy "as the disease progresses"; the
prompt fires once NIV is in use and no tracheostomy discussion is recorded.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from . import respiratory as resp
from . import sources
from .measures import PatientMeasures
from .prompts import Severity
from .rules_common import Finding, measured, num, rule, shown_date, with_estimates
from .settings import ClinicSettings
from .snapshot import PatientSnapshot
from .timing import DAYS_PER_MONTH, months_between

TEST_INTERVAL_MONTHS = 3  # NICE NG42: at diagnosis, then about every 3 months
SPECIALIST_WITHIN_DAYS = 7  # NICE NG42: PaCO₂ > 6 kPa → respiratory specialist within one week


def _niv_addressed(m: PatientMeasures) -> bool:
    return (
        m.niv_in_use
        or m.tracheostomy_in_place
        or m.niv_status in ("discussed", "declined", "started", "tracheostomy")
    )


def _niv_started(m: PatientMeasures) -> bool:
    return m.niv_in_use or m.niv_status == "started"


def _on(m: PatientMeasures, field: str) -> date | None:
    return m.respiratory_dates.get(field)


def _criteria_values(criteria: list[resp.Criterion], m: PatientMeasures) -> tuple[tuple[str, str], ...]:
    return tuple(("Criterion met", c.reason) for c in criteria)


def _symptom_text(symptoms: tuple[str, ...]) -> str:
    return ", ".join(s.replace("_", " ") for s in symptoms)


@rule(
    "RESP-NIV-SYMPTOMS", "pulmonary", Severity.ACTION,
    "NIV discussion: respiratory symptoms",
    "Any respiratory symptom (dyspnoea on exertion, orthopnoea, morning headache, daytime "
    "sleepiness, disturbed sleep, weak cough) on the latest assessment that recorded symptoms, "
    "and NIV not yet discussed, declined, started or in place.",
    f"{sources.GUIDE}: consider NIV when respiratory symptoms develop",
)
def niv_symptoms(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if not m.symptoms_present or _niv_addressed(m):
        return None
    return Finding(
        "Respiratory symptoms are present: consider non-invasive ventilation.",
        with_estimates((("Symptoms", _symptom_text(m.symptoms_present)),), m.fvc_estimate),
    )


@rule(
    "RESP-NIV-NICE", "pulmonary", Severity.ACTION,
    "NIV discussion: NICE criteria",
    "Latest FVC < 50 % predicted or latest SNIP < 40 cmH₂O, and NIV not yet discussed, "
    "declined, started or in place.",
    f"{sources.NICE_NG42}: FVC < 50 % or SNIP < 40 cmH₂O → discuss NIV, refer to respiratory services",
)
def niv_nice(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    criteria = resp.nice_niv_discussion(m.respiratory_latest)
    if not criteria or _niv_addressed(m):
        return None
    return Finding(
        "Discuss non-invasive ventilation and refer to respiratory services.",
        with_estimates(_criteria_values(criteria, m), m.fvc_estimate),
    )


@rule(
    "RESP-NIV-CMS", "pulmonary", Severity.ACTION,
    "NIV: CMS respiratory assist device criteria met",
    "Any one of: latest FVC < 50 % predicted; MIP < 60 cmH₂O; awake arterial PaCO₂ ≥ 45 mmHg; "
    "nocturnal SpO₂ ≤ 88 % for ≥ 5 minutes on a recording of ≥ 2 hours (boundaries strict as "
    "written); and NIV not yet discussed, declined, started or in place.",
    f"{sources.CMS_L33800}: respiratory assist device, neuromuscular disease",
)
def niv_cms(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    criteria = resp.cms_niv_criteria(m.respiratory_latest)
    if not criteria or _niv_addressed(m):
        return None
    return Finding(
        "CMS criteria for a respiratory assist device are met: discuss non-invasive ventilation.",
        with_estimates(_criteria_values(criteria, m), m.fvc_estimate),
    )


def niv_considered(m: PatientMeasures) -> bool:
    """NIV is being considered or used: discussed, started or in place, or a trigger is present."""
    if m.niv_in_use or m.niv_status in ("discussed", "started"):
        return True
    latest = m.respiratory_latest
    return bool(m.symptoms_present or resp.nice_niv_discussion(latest) or resp.cms_niv_criteria(latest))


BULBAR_ITEMS = ("speech", "salivation", "swallowing")
NORMAL_ITEM = 4


@rule(
    "RESP-NIV-BULBAR", "pulmonary", Severity.INFO,
    "Bulbar dysfunction: NIV failure more likely",
    "NIV is being considered or used (discussed, started or in place, or a symptom, NICE or "
    "CMS trigger present) and the latest ALSFRS-R with items 1-3 scored shows bulbar "
    "involvement (any of items 1-3 < 4, as King's staging defines it).",
    f"{sources.GUIDE}: bulbar dysfunction makes NIV failure more likely; {sources.KINGS}",
)
def niv_bulbar(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    scored = next(
        (e for e in reversed(s.alsfrs) if all(e.scores.get(item) is not None for item in BULBAR_ITEMS)),
        None,
    )
    if scored is None or not niv_considered(m):
        return None
    if all(scored.scores[item] == NORMAL_ITEM for item in BULBAR_ITEMS):
        return None
    items = ", ".join(f"{name} {scored.scores[name]}" for name in BULBAR_ITEMS)
    return Finding(
        "Bulbar dysfunction makes NIV failure more likely and respiratory decline can be sudden: "
        "plan NIV support and follow-up accordingly.",
        (("ALSFRS-R bulbar items", f"{items} ({shown_date(scored.visit_date)})"),),
    )


@rule(
    "RESP-TRACHEOSTOMY-DISCUSS", "pulmonary", Severity.ACTION,
    "Discuss invasive ventilation (tracheostomy)",
    "NIV started or in place, no tracheostomy in place, and neither a tracheostomy discussion "
    "(respiratory record) nor a ventilatory-support advance care planning decision is "
    "recorded. The guide gives no stage or number for 'as the disease progresses'; NIV in "
    "use is the trigger chosen.",
    f"{sources.GUIDE}: discuss invasive ventilation (tracheostomy) as the disease progresses",
)
def tracheostomy_discussion(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if not _niv_started(m) or m.tracheostomy_in_place or m.niv_status == "tracheostomy":
        return None
    acp_done = any(
        p.topic == "ventilatory_support" and (p.decision or p.discussed_on) for p in s.care_planning
    )
    if m.tracheostomy_discussed or acp_done:
        return None
    return Finding(
        "NIV is in use: discuss invasive ventilation (tracheostomy) before it becomes urgent.",
        (("NIV", "in use" if m.niv_in_use else "started"),),
    )


def _pcf(m: PatientMeasures) -> float | None:
    return m.respiratory_latest.peak_cough_flow_l_min


@rule(
    "RESP-COUGH-ASSIST", "pulmonary", Severity.ACTION,
    "Cough assist (MI-E)",
    "Latest peak cough flow < 270 L/min (and not < 160, which raises the urgent prompt), and "
    "no cough assist device in place.",
    f"{sources.COUGH_PCF}: PCF < 270 L/min → mechanical insufflation-exsufflation",
)
def cough_assist(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    pcf = _pcf(m)
    if not resp.cough_assist_indicated(pcf) or resp.cough_ineffective(pcf):
        return None
    if any(i.kind == "cough_assist" and i.in_place(s.today) for i in s.interventions):
        return None
    return Finding(
        "Peak cough flow is below 270 L/min: mechanical insufflation-exsufflation (cough assist).",
        (("Peak cough flow", measured(f"{num(pcf)} L/min", _on(m, "peak_cough_flow_l_min"))),),  # type: ignore[arg-type]
    )


@rule(
    "RESP-COUGH-INEFFECTIVE", "pulmonary", Severity.URGENT,
    "Ineffective cough",
    "Latest peak cough flow < 160 L/min.",
    f"{sources.COUGH_PCF}: PCF < 160 L/min → ineffective cough, urgent respiratory physiotherapy",
)
def cough_ineffective(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    pcf = _pcf(m)
    if not resp.cough_ineffective(pcf):
        return None
    return Finding(
        "Cough is ineffective (peak cough flow below 160 L/min): urgent respiratory physiotherapy "
        "and cough assist.",
        (("Peak cough flow", measured(f"{num(pcf)} L/min", _on(m, "peak_cough_flow_l_min"))),),  # type: ignore[arg-type]
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


RULES = (
    niv_symptoms, niv_nice, niv_cms, niv_bulbar, tracheostomy_discussion,
    cough_assist, cough_ineffective, blood_gas, paco2, tests_due,
)
