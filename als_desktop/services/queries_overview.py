"""The Overview tab's questions: the patient's story at a glance, as plain snapshots.

Every figure says which visit (or date) it comes from, so a clinician never reads an old
value as today's. Derived values come from `clinical/` (subscores, weight loss, BMI).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.clinical import alsfrs as alsfrs_scoring
from als_desktop.clinical import nutrition
from als_desktop.domain import vocab
from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    Intervention,
    NutritionAssessment,
    Patient,
    RespiratoryAssessment,
    SlpAssessment,
    Visit,
    WeightMeasurement,
)

from .clinic_day import recorded_on_visit


@dataclass(frozen=True)
class AlsfrsSummary:
    visit_date: date
    total: int | None  # None while any item is unscored ("not recorded")
    subscores: dict[str, int | None]
    items_scored: int
    cutting_form: str


@dataclass(frozen=True)
class WeightSummary:
    visit_date: date
    weight_kg: float
    bmi: float | None
    loss_percent: float | None  # positive means weight lost
    reference: nutrition.ReferenceWeight | None


@dataclass(frozen=True)
class FvcSummary:
    visit_date: date
    percent_sitting: float


@dataclass(frozen=True)
class Change:
    """How a value moved since the previous visit that recorded it (latest minus previous)."""

    delta: float
    since: date  # the previous visit's date


@dataclass(frozen=True)
class AlsfrsChange:
    """The latest complete ALSFRS-R against the previous complete one."""

    delta: int  # total, latest minus previous
    subscores: dict[str, int | None]  # the same per domain; None where either form left it unscored
    since: date


@dataclass(frozen=True)
class Status:
    """Where one kind of support stands: the label, and the date it started (an intervention
    in place) or the visit it was recorded on (an assessment)."""

    text: str
    on: date | None
    in_place: bool
    started: bool = False  # `on` is the start date of an intervention, not a visit date


@dataclass(frozen=True)
class PlanningSummary:
    topic: str  # code of vocab.ACP_TOPIC
    decision: str | None
    discussed_on: date | None

    @property
    def recorded(self) -> bool:
        return bool(self.decision and self.decision.strip())


@dataclass(frozen=True)
class PatientOverview:
    latest_alsfrs: AlsfrsSummary | None
    # The newest complete form, when the latest one is incomplete.
    last_complete_alsfrs: AlsfrsSummary | None
    weight: WeightSummary | None
    fvc: FvcSummary | None
    niv: Status | None
    gastrostomy: Status | None
    aac: Status | None
    # One entry per topic of vocab.ACP_TOPIC, None when nothing is recorded on it.
    care_planning: dict[str, PlanningSummary | None]
    # Disciplines that have recorded on the selected visit (codes, clinic_day.DISCIPLINES).
    recorded_on_visit: frozenset[str]
    visit_count: int
    # Change since the previous visit that recorded the same measure (None: no earlier one).
    alsfrs_change: AlsfrsChange | None = None
    weight_change: Change | None = None
    fvc_change: Change | None = None


def _on_visits(session: Session, model: type, patient_id: uuid.UUID, *conditions) -> list:
    """Rows of `model` on the patient's visits (neither voided), newest visit first."""
    return list(session.execute(
        select(model, Visit.visit_date)
        .join(Visit, model.visit_id == Visit.id)
        .where(Visit.patient_id == patient_id, Visit.voided_at.is_(None), model.voided_at.is_(None), *conditions)
        .order_by(Visit.visit_date.desc(), model.created_at.desc())
    ).all())


def _alsfrs(record: AlsfrsAssessment, visit_date: date) -> AlsfrsSummary:
    scores = record.scores()
    return AlsfrsSummary(
        visit_date=visit_date, total=alsfrs_scoring.total(scores), subscores=alsfrs_scoring.subscores(scores),
        items_scored=sum(value is not None for value in scores.values()), cutting_form=record.cutting_form,
    )


def _weight(patient: Patient, weights: list) -> WeightSummary | None:
    """The latest of `weights` (rows with their visit date, newest first) with BMI and loss."""
    if not weights:
        return None
    latest, latest_date = weights[0]
    first_recorded = weights[-1][0].weight_kg
    reference = nutrition.reference_weight(patient.premorbid_weight_kg, first_recorded)
    return WeightSummary(
        visit_date=latest_date, weight_kg=latest.weight_kg,
        bmi=nutrition.bmi(latest.weight_kg, patient.height_cm),
        loss_percent=nutrition.weight_loss_percent(reference, latest.weight_kg), reference=reference,
    )


def change_since(values: list[tuple[float, date]]) -> Change | None:
    """The newest value against the newest one of an earlier day (`values` newest first)."""
    if not values:
        return None
    latest, latest_on = values[0]
    previous = next(((value, on) for value, on in values[1:] if on < latest_on), None)
    if previous is None:
        return None
    return Change(latest - previous[0], previous[1])


def alsfrs_change(forms: list[AlsfrsSummary]) -> AlsfrsChange | None:
    """The newest complete form against the newest complete form of an earlier visit
    (`forms` newest first); an incomplete form has no total to compare."""
    complete = [form for form in forms if form.total is not None]
    if not complete:
        return None
    latest = complete[0]
    previous = next((form for form in complete[1:] if form.visit_date < latest.visit_date), None)
    if previous is None:
        return None
    subscores = {
        domain: None if score is None or previous.subscores.get(domain) is None else score - previous.subscores[domain]
        for domain, score in latest.subscores.items()
    }
    return AlsfrsChange(latest.total - previous.total, subscores, previous.visit_date)


def _in_place(interventions: list[Intervention], kind: str) -> Intervention | None:
    return next((row for row in interventions if row.kind == kind and row.ended_on is None), None)


def _niv(session: Session, patient_id: uuid.UUID, interventions: list[Intervention]) -> Status | None:
    tracheostomy = _in_place(interventions, "tracheostomy")
    if tracheostomy is not None:
        return Status("Tracheostomy ventilation", tracheostomy.started_on, True, started=True)
    niv = _in_place(interventions, "niv")
    if niv is not None:
        hours = f", {niv.niv_hours_per_day:g} h/day" if niv.niv_hours_per_day is not None else ""
        return Status(f"In use{hours}", niv.started_on, True, started=True)
    assessed = _on_visits(session, RespiratoryAssessment, patient_id, RespiratoryAssessment.niv_status.is_not(None))
    if assessed:
        record, visit_date = assessed[0]
        return Status(vocab.label(vocab.NIV_STATUS, record.niv_status), visit_date,
                      record.niv_status in ("started", "tracheostomy"))
    return None


def _gastrostomy(session: Session, patient_id: uuid.UUID, interventions: list[Intervention]) -> Status | None:
    placed = _in_place(interventions, "gastrostomy")
    if placed is not None:
        kind = f" ({placed.detail})" if placed.detail else ""
        return Status(f"Placed{kind}", placed.started_on, True, started=True)
    assessed = _on_visits(session, NutritionAssessment, patient_id, NutritionAssessment.gastrostomy_status.is_not(None))
    if assessed:
        record, visit_date = assessed[0]
        return Status(vocab.label(vocab.GASTROSTOMY_STATUS, record.gastrostomy_status), visit_date,
                      record.gastrostomy_status == "placed")
    return None


def _aac(session: Session, patient_id: uuid.UUID, interventions: list[Intervention]) -> Status | None:
    assessed = _on_visits(session, SlpAssessment, patient_id, SlpAssessment.aac_status.is_not(None))
    device = _in_place(interventions, "aac_device")
    if assessed:
        record, visit_date = assessed[0]
        text = vocab.label(vocab.AAC_STATUS, record.aac_status)
        if device is not None and device.detail:
            text = f"{text}; device: {device.detail}"
        return Status(text, visit_date, record.aac_status in ("low_tech", "high_tech") or device is not None)
    if device is not None:
        return Status(f"AAC device in use{f' ({device.detail})' if device.detail else ''}", device.started_on, True,
                      started=True)
    return None


def _care_planning(session: Session, patient_id: uuid.UUID) -> dict[str, PlanningSummary | None]:
    rows = session.scalars(
        select(CarePlanningDecision)
        .where(CarePlanningDecision.patient_id == patient_id, CarePlanningDecision.voided_at.is_(None))
        # Newest discussion first; an undated row counts as older than any dated one.
        .order_by(CarePlanningDecision.discussed_on.is_(None), CarePlanningDecision.discussed_on.desc(),
                  CarePlanningDecision.created_at.desc())
    )
    latest: dict[str, PlanningSummary | None] = dict.fromkeys(vocab.ACP_TOPIC)
    for row in rows:
        summary = PlanningSummary(row.topic, row.decision, row.discussed_on)
        current = latest.get(row.topic)
        # A topic counts as recorded when any discussion of it reached a decision.
        if current is None or (not current.recorded and summary.recorded):
            latest[row.topic] = summary
    return latest


def overview(session: Session, patient_id: uuid.UUID, visit_id: uuid.UUID | None) -> PatientOverview | None:
    patient = session.get(Patient, patient_id)
    if patient is None or patient.is_voided:
        return None
    forms = [_alsfrs(record, visit_date) for record, visit_date in _on_visits(session, AlsfrsAssessment, patient_id)]
    latest = forms[0] if forms else None
    last_complete = next((form for form in forms if form.total is not None), None)
    interventions = list(session.scalars(
        select(Intervention)
        .where(Intervention.patient_id == patient_id, Intervention.voided_at.is_(None))
        .order_by(Intervention.started_on.desc())
    ))
    fvcs = _on_visits(session, RespiratoryAssessment, patient_id, RespiratoryAssessment.fvc_percent_sitting.is_not(None))
    visit_count = len(session.scalars(
        select(Visit.id).where(Visit.patient_id == patient_id, Visit.voided_at.is_(None))
    ).all())
    weights = _on_visits(session, WeightMeasurement, patient_id)
    return PatientOverview(
        latest_alsfrs=latest,
        last_complete_alsfrs=last_complete if latest is not None and latest.total is None else None,
        weight=_weight(patient, weights),
        fvc=FvcSummary(fvcs[0][1], fvcs[0][0].fvc_percent_sitting) if fvcs else None,
        niv=_niv(session, patient_id, interventions),
        gastrostomy=_gastrostomy(session, patient_id, interventions),
        aac=_aac(session, patient_id, interventions),
        care_planning=_care_planning(session, patient_id),
        recorded_on_visit=recorded_on_visit(session, visit_id) if visit_id else frozenset(),
        visit_count=visit_count,
        alsfrs_change=alsfrs_change(forms),
        weight_change=change_since([(row.weight_kg, on) for row, on in weights]),
        fvc_change=change_since([(row.fvc_percent_sitting, on) for row, on in fvcs]),
    )


__all__ = [
    "AlsfrsChange", "AlsfrsSummary", "Change", "FvcSummary", "PatientOverview", "PlanningSummary", "Status",
    "WeightSummary", "alsfrs_change", "change_since", "overview",
]
