"""Read-only questions the window asks of the record, answered as plain dataclasses.

Views never hold ORM objects: each answer is a snapshot (with the `version` a later edit must
quote), so a screen cannot lazily load from a closed session or write by accident.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import Session

from als_desktop.clinical import alsfrs as alsfrs_scoring
from als_desktop.clinical.timing import age_in_years, months_between
from als_desktop.domain import vocab
from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    Intervention,
    Medication,
    NutritionAssessment,
    PalliativeReview,
    Patient,
    RespiratoryAssessment,
    SlpAssessment,
    Visit,
    WeightMeasurement,
)

from .queries_assessment import visit_history_query

# ---------------------------------------------------------------- patients


@dataclass(frozen=True)
class PatientListRow:
    id: uuid.UUID
    mrn: str
    given_name: str
    family_name: str
    date_of_birth: date
    last_visit: date | None
    deceased: bool

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"


def patient_list(session: Session, only: Collection[uuid.UUID] | None = None) -> list[PatientListRow]:
    """Every patient not voided (or those of `only` not voided), with the date of their latest visit."""
    last_visit = (
        select(Visit.patient_id, func.max(Visit.visit_date).label("last_visit"))
        .where(Visit.voided_at.is_(None))
        .group_by(Visit.patient_id)
    )
    if only is not None:
        last_visit = last_visit.where(Visit.patient_id.in_(list(only)))
    last_visit = last_visit.subquery()
    query = (
        select(
            Patient.id, Patient.mrn, Patient.given_name, Patient.family_name,
            Patient.date_of_birth, Patient.date_of_death, last_visit.c.last_visit,
        )
        .outerjoin(last_visit, last_visit.c.patient_id == Patient.id)
        .where(Patient.voided_at.is_(None))
        .order_by(Patient.family_name, Patient.given_name)
    )
    if only is not None:
        query = query.where(Patient.id.in_(list(only)))
    return [
        PatientListRow(
            id=row.id, mrn=row.mrn, given_name=row.given_name, family_name=row.family_name,
            date_of_birth=row.date_of_birth, last_visit=row.last_visit,
            deceased=row.date_of_death is not None,
        )
        for row in session.execute(query)
    ]


def patient_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Patient).where(Patient.voided_at.is_(None))) or 0


# Fields the patient form edits, in the order the form shows them.
PATIENT_FORM_FIELDS = (
    "mrn", "given_name", "family_name", "date_of_birth", "sex", "height_cm",
    "premorbid_weight_kg", "onset_date", "onset_region", "diagnosis_date", "diagnostic_criteria",
)


@dataclass(frozen=True)
class PatientFacts:
    """The key facts the header shows, and the values the edit form starts from."""

    id: uuid.UUID
    version: int
    mrn: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    height_cm: float | None
    premorbid_weight_kg: float | None
    onset_date: date | None
    onset_region: str | None
    diagnosis_date: date | None
    diagnostic_criteria: str | None
    date_of_death: date | None
    c9orf72_status: str | None
    sod1_status: str | None
    other_genetics: str | None
    ftd: str | None
    ecas_total: int | None
    ecas_date: date | None
    age_years: int
    # Months from symptom onset to today (or to death): 1 month = 30.4375 days.
    disease_duration_months: float | None
    # Months from symptom onset to diagnosis.
    diagnostic_delay_months: float | None

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def deceased(self) -> bool:
        return self.date_of_death is not None

    def form_values(self) -> dict:
        return {name: getattr(self, name) for name in PATIENT_FORM_FIELDS}


def patient_facts(session: Session, patient_id: uuid.UUID, today: date | None = None) -> PatientFacts | None:
    patient = session.get(Patient, patient_id)
    if patient is None or patient.is_voided:
        return None
    today = today or date.today()
    until = patient.date_of_death or today
    duration = months_between(patient.onset_date, until) if patient.onset_date else None
    delay = (
        months_between(patient.onset_date, patient.diagnosis_date)
        if patient.onset_date and patient.diagnosis_date else None
    )
    return PatientFacts(
        id=patient.id, version=patient.version, mrn=patient.mrn, given_name=patient.given_name,
        family_name=patient.family_name, date_of_birth=patient.date_of_birth, sex=patient.sex,
        height_cm=patient.height_cm, premorbid_weight_kg=patient.premorbid_weight_kg,
        onset_date=patient.onset_date, onset_region=patient.onset_region,
        diagnosis_date=patient.diagnosis_date, diagnostic_criteria=patient.diagnostic_criteria,
        date_of_death=patient.date_of_death, c9orf72_status=patient.c9orf72_status,
        sod1_status=patient.sod1_status, other_genetics=patient.other_genetics, ftd=patient.ftd,
        ecas_total=patient.ecas_total, ecas_date=patient.ecas_date,
        age_years=age_in_years(patient.date_of_birth, until),
        disease_duration_months=duration, diagnostic_delay_months=delay,
    )


# ---------------------------------------------------------------- visits


@dataclass(frozen=True)
class VisitRow:
    id: uuid.UUID
    version: int
    visit_date: date
    site: str
    clinicians: str | None
    notes: str | None

    @property
    def label(self) -> str:
        return f"{self.visit_date:%d %b %Y} — {self.site}"


def visits_of(session: Session, patient_id: uuid.UUID) -> list[VisitRow]:
    """The patient's visits, newest first (voided visits left out)."""
    rows = session.scalars(
        select(Visit)
        .where(Visit.patient_id == patient_id, Visit.voided_at.is_(None))
        .order_by(Visit.visit_date.desc(), Visit.created_at.desc())
    )
    return [
        VisitRow(id=v.id, version=v.version, visit_date=v.visit_date, site=v.site,
                 clinicians=v.clinicians, notes=v.notes)
        for v in rows
    ]


def visit_sites(session: Session) -> list[str]:
    """Sites used before, so an outreach site is typed once and then picked."""
    used = session.scalars(select(Visit.site).distinct().order_by(Visit.site))
    return [site for site in used if site != vocab.SITE_MAIN]


# ---------------------------------------------------------------- measurements


@dataclass(frozen=True)
class MeasurementRow:
    """One stored measurement with its history facts (who, when, voided?)."""

    id: uuid.UUID
    version: int
    visit_id: uuid.UUID
    visit_date: date
    value: float | None
    recorded_by: str
    recorded_at: datetime
    updated_by: str
    updated_at: datetime
    voided_at: datetime | None = None
    voided_by: str | None = None
    void_reason: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def changed(self) -> bool:
        return self.version > 1


def _measurements(session: Session, model: type, value_column: str, patient_id: uuid.UUID,
                  include_voided: bool, extra: tuple[str, ...] = ()) -> list[MeasurementRow]:
    query = visit_history_query(model, patient_id, include_voided)
    rows = []
    for record, visit_date in session.execute(query):
        rows.append(MeasurementRow(
            id=record.id, version=record.version, visit_id=record.visit_id, visit_date=visit_date,
            value=getattr(record, value_column), recorded_by=record.created_by,
            recorded_at=record.created_at, updated_by=record.updated_by,
            updated_at=record.updated_at, voided_at=record.voided_at, voided_by=record.voided_by,
            void_reason=record.void_reason, extra={name: getattr(record, name) for name in extra},
        ))
    return rows


def weights_of(session: Session, patient_id: uuid.UUID, include_voided: bool = False) -> list[MeasurementRow]:
    return _measurements(session, WeightMeasurement, "weight_kg", patient_id, include_voided)


def respiratory_of(session: Session, patient_id: uuid.UUID, include_voided: bool = False) -> list[MeasurementRow]:
    """Respiratory assessments; `value` is FVC % predicted sitting, the rest in `extra`."""
    return _measurements(
        session, RespiratoryAssessment, "fvc_percent_sitting", patient_id, include_voided,
        extra=("fvc_percent_supine", "snip_cmh2o", "peak_cough_flow_l_min", "niv_status"),
    )


# ---------------------------------------------------------------- read-only discipline data


def _visit_rows(session: Session, model: type, patient_id: uuid.UUID) -> list[tuple[object, date]]:
    return [(record, visit_date) for record, visit_date in session.execute(
        select(model, Visit.visit_date)
        .join(Visit, model.visit_id == Visit.id)
        .where(Visit.patient_id == patient_id, Visit.voided_at.is_(None), model.voided_at.is_(None))
        .order_by(Visit.visit_date.desc(), model.created_at.desc())
    )]


@dataclass(frozen=True)
class AlsfrsRow:
    visit_date: date
    total: int | None  # None while any item is unscored
    subscores: dict[str, int | None]
    cutting_form: str
    recorded_by: str


def alsfrs_of(session: Session, patient_id: uuid.UUID) -> list[AlsfrsRow]:
    rows = []
    for record, visit_date in _visit_rows(session, AlsfrsAssessment, patient_id):
        scores = record.scores()
        rows.append(AlsfrsRow(visit_date, alsfrs_scoring.total(scores), alsfrs_scoring.subscores(scores),
                              record.cutting_form, record.created_by))
    return rows


@dataclass(frozen=True)
class SlpRow:
    visit_date: date
    intelligibility_percent: float | None
    speaking_rate_wpm: float | None
    aac_status: str
    voice_banking: bool | None
    eat10_score: int | None
    iddsi_drink: str
    iddsi_food: str
    chin_tuck: bool | None
    strategies: str | None


def slp_of(session: Session, patient_id: uuid.UUID) -> list[SlpRow]:
    return [
        SlpRow(
            visit_date, r.intelligibility_percent, r.speaking_rate_wpm,
            vocab.label(vocab.AAC_STATUS, r.aac_status), r.voice_banking, r.eat10_score,
            vocab.label(vocab.IDDSI_DRINK, r.iddsi_drink_level),
            vocab.label(vocab.IDDSI_FOOD, r.iddsi_food_level), r.chin_tuck, r.strategies,
        )
        for r, visit_date in _visit_rows(session, SlpAssessment, patient_id)
    ]


@dataclass(frozen=True)
class NutritionRow:
    visit_date: date
    gastrostomy_status: str
    oral_supplements: bool | None
    texture_advice: str | None


def nutrition_of(session: Session, patient_id: uuid.UUID) -> list[NutritionRow]:
    return [
        NutritionRow(visit_date, vocab.label(vocab.GASTROSTOMY_STATUS, r.gastrostomy_status),
                     r.oral_supplements, r.texture_advice)
        for r, visit_date in _visit_rows(session, NutritionAssessment, patient_id)
    ]


@dataclass(frozen=True)
class PalliativeRow:
    visit_date: date
    referral_date: date | None
    symptoms: dict[str, str]  # symptom -> severity label
    caregiver_support: str | None


def palliative_of(session: Session, patient_id: uuid.UUID) -> list[PalliativeRow]:
    from als_desktop.models import SYMPTOM_BURDEN

    rows = []
    for r, visit_date in _visit_rows(session, PalliativeReview, patient_id):
        symptoms = {s: vocab.label(vocab.SEVERITY, getattr(r, s)) for s in SYMPTOM_BURDEN}
        support = r.caregiver_support
        if support is None and r.caregiver_support_offered is not None:
            support = "Offered" if r.caregiver_support_offered else "Not offered"
        rows.append(PalliativeRow(visit_date, r.referral_date, symptoms, support))
    return rows


@dataclass(frozen=True)
class CarePlanningRow:
    topic: str
    decision: str | None
    discussed_on: date | None
    document: str | None
    proxy_name: str | None


def care_planning_of(session: Session, patient_id: uuid.UUID) -> list[CarePlanningRow]:
    rows = session.scalars(
        select(CarePlanningDecision)
        .where(CarePlanningDecision.patient_id == patient_id, CarePlanningDecision.voided_at.is_(None))
        .order_by(CarePlanningDecision.topic, CarePlanningDecision.discussed_on.desc())
    )
    return [
        CarePlanningRow(vocab.label(vocab.ACP_TOPIC, r.topic), r.decision, r.discussed_on,
                        r.document, r.proxy_name)
        for r in rows
    ]


@dataclass(frozen=True)
class InterventionRow:
    kind: str
    detail: str | None
    started_on: date
    ended_on: date | None
    niv_hours_per_day: float | None


def interventions_of(session: Session, patient_id: uuid.UUID, in_place_only: bool = False) -> list[InterventionRow]:
    query = (
        select(Intervention)
        .where(Intervention.patient_id == patient_id, Intervention.voided_at.is_(None))
        .order_by(Intervention.started_on.desc())
    )
    if in_place_only:
        query = query.where(Intervention.ended_on.is_(None))
    return [
        InterventionRow(vocab.label(vocab.INTERVENTION_KIND, r.kind), r.detail, r.started_on,
                        r.ended_on, r.niv_hours_per_day)
        for r in session.scalars(query)
    ]


@dataclass(frozen=True)
class MedicationRow:
    drug_name: str
    category: str
    indication: str
    dose: str
    route: str
    started_on: date | None
    stopped_on: date | None
    stop_reason: str | None


def medications_of(session: Session, patient_id: uuid.UUID) -> list[MedicationRow]:
    rows = session.scalars(
        select(Medication)
        .where(Medication.patient_id == patient_id, Medication.voided_at.is_(None))
        .order_by(Medication.stopped_on.is_not(None), Medication.started_on.desc())
    )
    result = []
    for r in rows:
        dose = " ".join(part for part in (
            f"{r.dose_amount:g}" if r.dose_amount is not None else "", r.dose_unit or "", r.frequency or ""
        ) if part)
        result.append(MedicationRow(
            r.drug_name, vocab.label(vocab.MEDICATION_CATEGORY, r.category),
            vocab.label(vocab.SYMPTOM_TARGET, r.indication), dose,
            vocab.label(vocab.ROUTE, r.route), r.started_on, r.stopped_on, r.stop_reason,
        ))
    return result


@dataclass(frozen=True)
class Overview:
    latest_weight: MeasurementRow | None
    latest_fvc: MeasurementRow | None
    latest_alsfrs: AlsfrsRow | None
    interventions_in_place: list[InterventionRow]
    visit_count: int


def overview_of(session: Session, patient_id: uuid.UUID) -> Overview:
    weights = weights_of(session, patient_id)
    fvcs = [row for row in respiratory_of(session, patient_id) if row.value is not None]
    alsfrs = [row for row in alsfrs_of(session, patient_id) if row.total is not None]
    return Overview(
        latest_weight=weights[0] if weights else None,
        latest_fvc=fvcs[0] if fvcs else None,
        latest_alsfrs=alsfrs[0] if alsfrs else None,
        interventions_in_place=interventions_of(session, patient_id, in_place_only=True),
        visit_count=len(visits_of(session, patient_id)),
    )


def latest_visit_sites() -> Subquery:
    """Each patient's visits numbered newest first (`n` = 1 is the latest) with their site:
    join on `n == 1` for the site a patient was last seen at."""
    return (
        select(Visit.patient_id, Visit.site,
               func.row_number().over(partition_by=Visit.patient_id,
                                      order_by=(Visit.visit_date.desc(), Visit.created_at.desc())).label("n"))
        .where(Visit.voided_at.is_(None))
        .subquery()
    )
