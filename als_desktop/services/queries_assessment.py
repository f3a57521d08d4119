"""Visit-level assessments of one kind (SLP, nutrition, respiratory, palliative), as snapshots.

The shared visit-assessment form (views/assessment.py) reads its history through
`visit_records`; each row carries the `version` an edit or void must quote.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from als_desktop.models import Visit


@dataclass(frozen=True)
class VisitRecordRow:
    """One stored assessment: its values by column name, and who recorded, changed or voided it."""

    id: uuid.UUID
    version: int
    visit_id: uuid.UUID
    visit_date: date
    values: dict[str, object] = field(default_factory=dict)
    recorded_by: str = ""
    recorded_at: datetime | None = None
    updated_by: str = ""
    updated_at: datetime | None = None
    voided_at: datetime | None = None
    voided_by: str | None = None
    void_reason: str | None = None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def changed(self) -> bool:
        return self.version > 1


def visit_history_query(model: type, patient_id: uuid.UUID, include_voided: bool = False) -> Select:
    """(row, visit date) of the patient's `model` rows on visits not voided, newest visit first."""
    query = (
        select(model, Visit.visit_date)
        .join(Visit, model.visit_id == Visit.id)
        .where(Visit.patient_id == patient_id, Visit.voided_at.is_(None))
        .order_by(Visit.visit_date.desc(), model.created_at.desc())
    )
    if not include_voided:
        query = query.where(model.voided_at.is_(None))
    return query


def visit_records(session: Session, model: type, patient_id: uuid.UUID, fields: tuple[str, ...],
                  include_voided: bool = False) -> list[VisitRecordRow]:
    """The patient's `model` rows on visits not voided, newest visit first."""
    query = visit_history_query(model, patient_id, include_voided)
    return [
        VisitRecordRow(
            id=row.id, version=row.version, visit_id=row.visit_id, visit_date=visit_date,
            values={name: getattr(row, name) for name in fields},
            recorded_by=row.created_by, recorded_at=row.created_at, updated_by=row.updated_by,
            updated_at=row.updated_at, voided_at=row.voided_at, voided_by=row.voided_by,
            void_reason=row.void_reason,
        )
        for row, visit_date in session.execute(query)
    ]
