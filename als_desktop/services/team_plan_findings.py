"""What each discipline recorded on one visit, as the labelled values of the team care plan.

Only rows on that visit (not voided) are read: the plan of an earlier visit shows that visit's
findings, never a later one's. Labels follow the discipline tabs' wording and the vocabulary;
every value carries its unit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.clinical import alsfrs, nutrition, sources
from als_desktop.clinical.respiratory import mmhg_to_kpa
from als_desktop.clinical.rules_common import num, shown_date
from als_desktop.domain import vocab
from als_desktop.models import (
    RESPIRATORY_SYMPTOMS,
    SYMPTOM_BURDEN,
    AlsfrsAssessment,
    Intervention,
    NutritionAssessment,
    PalliativeReview,
    RespiratoryAssessment,
    SlpAssessment,
    WeightMeasurement,
)
from als_desktop.reports.content import Fact

SYMPTOM_LABELS = {
    "dyspnoea_on_exertion": "Dyspnoea on exertion",
    "orthopnoea": "Orthopnoea",
    "morning_headache": "Morning headache",
    "daytime_sleepiness": "Daytime sleepiness",
    "disturbed_sleep": "Disturbed sleep",
    "weak_cough": "Weak cough",
}

# The discipline whose section shows an intervention started on the visit's date.
INTERVENTION_OWNER = {
    "gastrostomy": "nutrition",
    "niv": "pulmonary",
    "cough_assist": "pulmonary",
    "tracheostomy": "pulmonary",
    "aac_device": "slp",
    "hospice": "palliative",
}


@dataclass(frozen=True)
class VisitContext:
    """What a finding needs beyond its own row."""

    visit_id: uuid.UUID
    visit_date: date
    patient_id: uuid.UUID
    height_cm: float | None
    reference_weight: nutrition.ReferenceWeight | None  # for the whole record, as the prompts use it


def findings_of_visit(session: Session, visit: VisitContext) -> dict[str, tuple[Fact, ...]]:
    """Findings per discipline code (the five that record on a visit), each possibly empty."""
    found: dict[str, list[Fact]] = {
        "neurology": _each(session, AlsfrsAssessment, visit, _alsfrs),
        "slp": _each(session, SlpAssessment, visit, _slp),
        "nutrition": [
            *_each(session, WeightMeasurement, visit, _weight),
            *_each(session, NutritionAssessment, visit, _nutrition),
        ],
        "pulmonary": _each(session, RespiratoryAssessment, visit, _respiratory),
        "palliative": _each(session, PalliativeReview, visit, _palliative),
    }
    for row in _interventions_started(session, visit):
        found[INTERVENTION_OWNER[row.kind]].append(_intervention(row))
    return {code: tuple(facts) for code, facts in found.items()}


# ---------------------------------------------------------------------------- reading


def _each(
    session: Session, model: type, visit: VisitContext, facts_of: Callable[[Any, VisitContext], list[Fact]]
) -> list[Fact]:
    rows = session.scalars(
        select(model).where(model.visit_id == visit.visit_id, model.voided_at.is_(None)).order_by(model.created_at)
    )
    return [fact for row in rows for fact in facts_of(row, visit)]


def _interventions_started(session: Session, visit: VisitContext) -> Iterable[Intervention]:
    return session.scalars(
        select(Intervention)
        .where(Intervention.patient_id == visit.patient_id, Intervention.voided_at.is_(None),
               Intervention.started_on == visit.visit_date, Intervention.kind.in_(INTERVENTION_OWNER))
        .order_by(Intervention.created_at)
    )


# ---------------------------------------------------------------------------- wording


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _present(*pairs: tuple[str, object, Callable[[Any], str]]) -> list[Fact]:
    """A fact for each recorded value (None and blank text are left out)."""
    facts = []
    for label, value, shown in pairs:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        facts.append(Fact(label, shown(value)))
    return facts


def _text(value: str) -> str:
    return value.strip()


def _unit(unit: str, digits: int = 1) -> Callable[[float], str]:
    return lambda value: f"{num(value, digits)} {unit}"


# ---------------------------------------------------------------------------- disciplines


def _alsfrs(row: AlsfrsAssessment, visit: VisitContext) -> list[Fact]:
    scores = row.scores()
    total = alsfrs.total(scores)
    if total is not None:
        facts = [Fact("ALSFRS-R total", f"{total} / {alsfrs.MAX_TOTAL}", sources.ALSFRS_R)]
    else:
        scored = sum(value is not None for value in scores.values())
        facts = [Fact("ALSFRS-R total", f"incomplete: {scored} of {len(alsfrs.ITEMS)} items scored",
                      sources.ALSFRS_R)]
    for domain, value in alsfrs.subscores(scores).items():
        if value is not None:
            facts.append(Fact(f"ALSFRS-R {alsfrs.DOMAIN_LABELS[domain].lower()}", f"{value} / 12"))
    if row.cutting_form == "5b":
        facts.append(Fact("Item 5 (cutting food)", "scored as 5b: with gastrostomy"))
    return facts + _present(("Notes", row.notes, _text))


def _weight(row: WeightMeasurement, visit: VisitContext) -> list[Fact]:
    facts = [Fact("Weight", f"{num(row.weight_kg)} kg")]
    bmi = nutrition.bmi(row.weight_kg, visit.height_cm)
    if bmi is not None:
        shown = f"{num(bmi)} kg/m² (height {num(visit.height_cm or 0)} cm)"
        if nutrition.is_underweight(bmi):
            facts.append(Fact("BMI", f"{shown}: underweight (below {num(nutrition.UNDERWEIGHT_BMI)})",
                              nutrition.UNDERWEIGHT_SOURCE))
        else:
            facts.append(Fact("BMI", shown))
    loss = nutrition.weight_loss_percent(visit.reference_weight, row.weight_kg)
    if loss is not None and visit.reference_weight is not None:
        change = f"{num(loss)} % lost" if loss >= 0 else f"{num(-loss)} % gained"
        facts.append(Fact("Weight change", f"{change} against the {visit.reference_weight.description}"))
    return facts + _present(("Weight notes", row.notes, _text))


def _nutrition(row: NutritionAssessment, visit: VisitContext) -> list[Fact]:
    supplements = None
    if row.oral_supplements is not None:
        supplements = _yes_no(row.oral_supplements)
        if row.oral_supplements and row.oral_supplements_detail and row.oral_supplements_detail.strip():
            supplements = f"Yes: {row.oral_supplements_detail.strip()}"
    return _present(
        ("Gastrostomy status", row.gastrostomy_status, lambda code: vocab.label(vocab.GASTROSTOMY_STATUS, code)),
        ("Oral supplements (ONS)", supplements, _text),
        ("Texture advice", row.texture_advice, _text),
        ("Meal advice", row.meal_advice, _text),
        ("Notes", row.notes, _text),
    )


def _co2(row: RespiratoryAssessment) -> str | None:
    if row.co2_mmhg is None:
        return None
    text = f"{num(row.co2_mmhg)} mmHg ({mmhg_to_kpa(row.co2_mmhg):.2f} kPa)"
    return f"{text}, {vocab.label(vocab.CO2_SOURCE, row.co2_source)}" if row.co2_source else text


def _oximetry(row: RespiratoryAssessment) -> str | None:
    if row.oximetry_minutes_le88 is None:
        return None
    text = f"{num(row.oximetry_minutes_le88)} min"
    if row.oximetry_recording_hours is not None:
        text += f" over a {num(row.oximetry_recording_hours)} h recording"
    return text


def _symptoms(row: RespiratoryAssessment) -> str | None:
    answers = {symptom: getattr(row, symptom) for symptom in RESPIRATORY_SYMPTOMS}
    if all(answer is None for answer in answers.values()):
        return None
    present = [SYMPTOM_LABELS[symptom] for symptom, answer in answers.items() if answer]
    if not present:
        return "None reported"
    return ", ".join([present[0], *(label.lower() for label in present[1:])])


def _respiratory(row: RespiratoryAssessment, visit: VisitContext) -> list[Fact]:
    return _present(
        ("FVC sitting", row.fvc_percent_sitting, _unit("% predicted")),
        ("FVC supine", row.fvc_percent_supine, _unit("% predicted")),
        ("SNIP", row.snip_cmh2o, _unit("cmH₂O")),
        ("MIP", row.mip_cmh2o, _unit("cmH₂O")),
        ("Peak cough flow", row.peak_cough_flow_l_min, _unit("L/min")),
        ("SpO₂ (awake)", row.spo2_percent, _unit("%")),
        ("Overnight SpO₂ ≤ 88 %", _oximetry(row), _text),
        ("CO₂", _co2(row), _text),
        ("Respiratory symptoms", _symptoms(row), _text),
        ("NIV status", row.niv_status, lambda code: vocab.label(vocab.NIV_STATUS, code)),
        ("Tracheostomy discussed", row.tracheostomy_discussed, _yes_no),
        ("Notes", row.notes, _text),
    )


def _slp(row: SlpAssessment, visit: VisitContext) -> list[Fact]:
    return _present(
        ("Speech intelligibility", row.intelligibility_percent, _unit("%")),
        ("Speaking rate", row.speaking_rate_wpm, _unit("words/min")),
        ("AAC status", row.aac_status, lambda code: vocab.label(vocab.AAC_STATUS, code)),
        ("Voice / message banking", row.voice_banking, _yes_no),
        ("EAT-10 score", row.eat10_score, lambda score: f"{score} / 40 (≥ 3 abnormal)"),
        ("IDDSI drinks", row.iddsi_drink_level, lambda level: vocab.label(vocab.IDDSI_DRINK, level)),
        ("IDDSI foods", row.iddsi_food_level, lambda level: vocab.label(vocab.IDDSI_FOOD, level)),
        ("Chin-tuck posture", row.chin_tuck, _yes_no),
        ("Other strategies", row.strategies, _text),
        ("SLP referral", row.slp_referral_date, shown_date),
        ("AAC referral", row.aac_referral_date, shown_date),
        ("Notes", row.notes, _text),
    )


def _palliative(row: PalliativeReview, visit: VisitContext) -> list[Fact]:
    return _present(
        ("Referred to palliative care", row.referral_date, shown_date),
        *((symptom.capitalize(), getattr(row, symptom), lambda code: vocab.label(vocab.SEVERITY, code))
          for symptom in SYMPTOM_BURDEN),
        ("Caregiver support offered", row.caregiver_support_offered, _yes_no),
        ("Caregiver support", row.caregiver_support, _text),
        ("Notes", row.notes, _text),
    )


def _intervention(row: Intervention) -> Fact:
    label = vocab.label(vocab.INTERVENTION_KIND, row.kind)
    detail = f" ({row.detail.strip()})" if row.detail and row.detail.strip() else ""
    return Fact(f"{label} started", f"{shown_date(row.started_on)}{detail}")
