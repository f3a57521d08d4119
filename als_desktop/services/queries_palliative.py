"""Read-only questions of the Palliative tab: the advance care planning decision currently
recorded for each topic (hospice is listed with `queries_pulmonary.intervention_records`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.models import CarePlanningDecision

CARE_PLANNING_FIELDS = ("decision", "discussed_on", "document", "proxy_name", "notes")


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

