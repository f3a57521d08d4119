"""Read-only questions of the Pulmonary tab: the ventilation, cough assist and tracheostomy
interventions, as plain snapshots carrying `version` for edits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.models import Intervention

from .queries_neurology import RecordSnapshot, snapshot

RESPIRATORY_KINDS = ("niv", "cough_assist", "tracheostomy")


@dataclass(frozen=True)
class InterventionEntry:
    """One intervention as stored, with what an edit must quote."""

    id: uuid.UUID
    version: int
    kind: str
    detail: str | None
    started_on: date
    ended_on: date | None
    niv_hours_per_day: float | None
    notes: str | None
    updated_by: str
    updated_at: datetime

    @property
    def in_place(self) -> bool:
        return self.ended_on is None

    def form_values(self) -> dict:
        return {"detail": self.detail, "started_on": self.started_on, "ended_on": self.ended_on,
                "niv_hours_per_day": self.niv_hours_per_day, "notes": self.notes}


def interventions(session: Session, patient_id: uuid.UUID, kinds: tuple[str, ...]) -> list[InterventionEntry]:
    """The patient's interventions of these kinds (voided left out): in place first, then newest."""
    rows = session.scalars(
        select(Intervention)
        .where(Intervention.patient_id == patient_id, Intervention.kind.in_(kinds),
               Intervention.voided_at.is_(None))
        .order_by(Intervention.ended_on.is_not(None), Intervention.started_on.desc(),
                  Intervention.created_at.desc())
    )
    return [
        InterventionEntry(
            id=r.id, version=r.version, kind=r.kind, detail=r.detail, started_on=r.started_on,
            ended_on=r.ended_on, niv_hours_per_day=r.niv_hours_per_day, notes=r.notes,
            updated_by=r.updated_by, updated_at=r.updated_at,
        )
        for r in rows
    ]


def in_place(session: Session, patient_id: uuid.UUID, kind: str) -> InterventionEntry | None:
    """The intervention of this kind currently in place (the latest started), if any."""
    return next((row for row in interventions(session, patient_id, (kind,)) if row.in_place), None)


def intervention_records(session: Session, patient_id: uuid.UUID, kinds: tuple[str, ...],
                         include_voided: bool = False) -> list[RecordSnapshot]:
    """Interventions of these kinds for a patient-level list section, newest start first."""
    query = (
        select(Intervention)
        .where(Intervention.patient_id == patient_id, Intervention.kind.in_(kinds))
        .order_by(Intervention.started_on.desc(), Intervention.created_at.desc())
    )
    if not include_voided:
        query = query.where(Intervention.voided_at.is_(None))
    return [snapshot(row) for row in session.scalars(query)]
