"""Read-only questions of the Palliative tab: reviews per visit, the advance care planning
decision currently recorded for each topic, and hospice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.models import CarePlanningDecision, PalliativeReview, Visit
from als_desktop.models.palliative import SYMPTOM_BURDEN

from .queries_pulmonary import InterventionEntry, interventions

CARE_PLANNING_FIELDS = ("decision", "discussed_on", "document", "proxy_name", "notes")
REVIEW_FIELDS = ("referral_date", *SYMPTOM_BURDEN, "caregiver_support_offered", "caregiver_support", "notes")


@dataclass(frozen=True)
class CarePlanningEntry:
    id: uuid.UUID
    version: int
    topic: str
    decision: str | None
    discussed_on: date | None
    document: str | None
    proxy_name: str | None
    notes: str | None
    updated_by: str
    updated_at: datetime

    @property
    def topic_label(self) -> str:
        return vocab.label(vocab.ACP_TOPIC, self.topic)

    def form_values(self) -> dict:
        return {name: getattr(self, name) for name in CARE_PLANNING_FIELDS}


def care_planning_by_topic(session: Session, patient_id: uuid.UUID) -> dict[str, CarePlanningEntry | None]:
    """Every topic of the guide, in its order, with the decision currently recorded (or None).

    One current row per topic is the rule; should two exist (two workstations recording at
    once) the most recently changed one is shown.
    """
    rows = session.scalars(
        select(CarePlanningDecision)
        .where(CarePlanningDecision.patient_id == patient_id, CarePlanningDecision.voided_at.is_(None))
        .order_by(CarePlanningDecision.updated_at.desc())
    )
    current: dict[str, CarePlanningEntry | None] = dict.fromkeys(vocab.ACP_TOPIC)
    for r in rows:
        if current.get(r.topic) is None:
            current[r.topic] = CarePlanningEntry(
                id=r.id, version=r.version, topic=r.topic, decision=r.decision,
                discussed_on=r.discussed_on, document=r.document, proxy_name=r.proxy_name,
                notes=r.notes, updated_by=r.updated_by, updated_at=r.updated_at,
            )
    return current


@dataclass(frozen=True)
class ReviewRow:
    id: uuid.UUID
    version: int
    visit_id: uuid.UUID
    visit_date: date
    values: dict[str, object]
    recorded_by: str
    recorded_at: datetime
    updated_by: str
    updated_at: datetime
    voided_at: datetime | None
    voided_by: str | None
    void_reason: str | None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


def palliative_reviews(session: Session, patient_id: uuid.UUID, include_voided: bool = False) -> list[ReviewRow]:
    """The patient's palliative care reviews, newest visit first."""
    query = (
        select(PalliativeReview, Visit.visit_date)
        .join(Visit, PalliativeReview.visit_id == Visit.id)
        .where(Visit.patient_id == patient_id, Visit.voided_at.is_(None))
        .order_by(Visit.visit_date.desc(), PalliativeReview.created_at.desc())
    )
    if not include_voided:
        query = query.where(PalliativeReview.voided_at.is_(None))
    return [
        ReviewRow(
            id=r.id, version=r.version, visit_id=r.visit_id, visit_date=visit_date,
            values={name: getattr(r, name) for name in REVIEW_FIELDS},
            recorded_by=r.created_by, recorded_at=r.created_at, updated_by=r.updated_by,
            updated_at=r.updated_at, voided_at=r.voided_at, voided_by=r.voided_by,
            void_reason=r.void_reason,
        )
        for r, visit_date in session.execute(query)
    ]


def hospice(session: Session, patient_id: uuid.UUID) -> list[InterventionEntry]:
    """Hospice care recorded for the patient: in place first, then newest."""
    return interventions(session, patient_id, ("hospice",))
