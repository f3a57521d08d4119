"""Read-only questions of the Neurology tab and of patient-level lists, as plain snapshots.

Like `queries.py`, every answer carries the `id` and `version` a later edit must quote, so
a screen never holds an ORM object.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.clinical import alsfrs as scoring
from als_desktop.models import (
    AlsfrsAssessment,
    ClinicalRecord,
    Intervention,
    Medication,
    MedicationDose,
    NutritionAssessment,
    Visit,
)

from .queries_assessment import visit_history_query

# Columns every record has that are not the clinician's values.
BOOKKEEPING = frozenset({"id", "version", "created_at", "created_by", "updated_at", "updated_by",
                         "voided_at", "voided_by", "void_reason", "patient_id", "visit_id", "medication_id"})


@dataclass(frozen=True)
class RecordSnapshot:
    """One stored row: its values by column name, and who wrote, changed or voided it."""

    id: uuid.UUID
    version: int
    values: dict[str, object]
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime
    voided_at: datetime | None = None
    voided_by: str | None = None
    void_reason: str | None = None
    children: tuple[RecordSnapshot, ...] = field(default_factory=tuple)

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def changed(self) -> bool:
        return self.version > 1

    def __getitem__(self, name: str) -> object:
        return self.values.get(name)


def snapshot(row: ClinicalRecord, children: tuple[RecordSnapshot, ...] = ()) -> RecordSnapshot:
    values = {column.name: getattr(row, column.name)
              for column in row.__table__.columns if column.name not in BOOKKEEPING}
    return RecordSnapshot(
        id=row.id, version=row.version, values=values, created_by=row.created_by,
        created_at=row.created_at, updated_by=row.updated_by, updated_at=row.updated_at,
        voided_at=row.voided_at, voided_by=row.voided_by, void_reason=row.void_reason,
        children=children,
    )


def patient_records(session: Session, model: type, patient_id: uuid.UUID, newest_by: str,
                    include_voided: bool = False) -> list[RecordSnapshot]:
    """A patient-level list (medicines, liver tests, interventions, ...), newest `newest_by` first."""
    column = getattr(model, newest_by)
    query = (select(model).where(model.patient_id == patient_id)
             .order_by(column.is_(None), column.desc(), model.created_at.desc()))
    if not include_voided:
        query = query.where(model.voided_at.is_(None))
    return [snapshot(row) for row in session.scalars(query)]


def medications_with_doses(session: Session, patient_id: uuid.UUID,
                           include_voided: bool = False) -> list[RecordSnapshot]:
    """Medicines (current ones first, newest start first), each with the doses given (not voided)."""
    query = (select(Medication).where(Medication.patient_id == patient_id)
             .order_by(Medication.stopped_on.is_not(None), Medication.started_on.is_(None),
                       Medication.started_on.desc(), Medication.created_at.desc()))
    if not include_voided:
        query = query.where(Medication.voided_at.is_(None))
    result = []
    for medicine in session.scalars(query):
        doses = session.scalars(
            select(MedicationDose)
            .where(MedicationDose.medication_id == medicine.id, MedicationDose.voided_at.is_(None))
            .order_by(MedicationDose.given_on.desc(), MedicationDose.created_at.desc())
        )
        result.append(snapshot(medicine, tuple(snapshot(dose) for dose in doses)))
    return result


# ---------------------------------------------------------------- ALSFRS-R


@dataclass(frozen=True)
class AlsfrsEntry:
    id: uuid.UUID
    version: int
    visit_id: uuid.UUID
    visit_date: date
    scores: dict[str, int | None]
    cutting_form: str
    notes: str | None
    total: int | None
    subscores: dict[str, int | None]
    recorded_by: str
    updated_by: str
    updated_at: datetime
    voided_at: datetime | None
    voided_by: str | None
    void_reason: str | None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def changed(self) -> bool:
        return self.version > 1


def _entry(record: AlsfrsAssessment, visit_date: date) -> AlsfrsEntry:
    scores = record.scores()
    return AlsfrsEntry(
        id=record.id, version=record.version, visit_id=record.visit_id, visit_date=visit_date,
        scores=scores, cutting_form=record.cutting_form, notes=record.notes,
        total=scoring.total(scores), subscores=scoring.subscores(scores),
        recorded_by=record.created_by, updated_by=record.updated_by, updated_at=record.updated_at,
        voided_at=record.voided_at, voided_by=record.voided_by, void_reason=record.void_reason,
    )


def alsfrs_history(session: Session, patient_id: uuid.UUID, include_voided: bool = False) -> list[AlsfrsEntry]:
    """Every ALSFRS-R of the patient's visits, newest visit first."""
    query = visit_history_query(AlsfrsAssessment, patient_id, include_voided)
    return [_entry(record, visit_date) for record, visit_date in session.execute(query)]


def alsfrs_on_visit(session: Session, visit_id: uuid.UUID) -> AlsfrsEntry | None:
    """The visit's ALSFRS-R (the latest one, should two have been recorded), or None."""
    found = session.execute(
        select(AlsfrsAssessment, Visit.visit_date)
        .join(Visit, AlsfrsAssessment.visit_id == Visit.id)
        .where(AlsfrsAssessment.visit_id == visit_id, AlsfrsAssessment.voided_at.is_(None))
        .order_by(AlsfrsAssessment.created_at.desc())
    ).first()
    return _entry(*found) if found else None


@dataclass(frozen=True)
class GastrostomyEvidence:
    """Why item 5 defaults to 5b: a gastrostomy in place, or a nutrition note saying "placed"."""

    in_use: bool
    reason: str


def gastrostomy_evidence(session: Session, patient_id: uuid.UUID) -> GastrostomyEvidence:
    placed = session.scalars(
        select(Intervention)
        .where(Intervention.patient_id == patient_id, Intervention.kind == "gastrostomy",
               Intervention.voided_at.is_(None), Intervention.ended_on.is_(None))
        .order_by(Intervention.started_on.desc())
    ).first()
    if placed is not None:
        kind = f"{placed.detail} " if placed.detail else ""
        return GastrostomyEvidence(True, f"gastrostomy {kind}in place since {placed.started_on:%d %b %Y}")
    latest = session.execute(
        select(NutritionAssessment.gastrostomy_status, Visit.visit_date)
        .join(Visit, NutritionAssessment.visit_id == Visit.id)
        .where(Visit.patient_id == patient_id, Visit.voided_at.is_(None),
               NutritionAssessment.voided_at.is_(None), NutritionAssessment.gastrostomy_status.is_not(None))
        .order_by(Visit.visit_date.desc(), NutritionAssessment.created_at.desc())
    ).first()
    if latest is not None and latest.gastrostomy_status == "placed":
        return GastrostomyEvidence(True, f"nutrition assessment of {latest.visit_date:%d %b %Y}: gastrostomy placed")
    return GastrostomyEvidence(False, "no gastrostomy recorded")
