"""Interventions in place, advance care planning decisions and the team's actions."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from als_desktop.domain import vocab

from .base import (
    Base,
    ClinicalRecord,
    in_range,
    not_before,
    not_blank,
    one_of,
    record_checks,
)

if TYPE_CHECKING:
    from .patient import Patient


class Intervention(ClinicalRecord, Base):
    """Something put in place for the patient: gastrostomy, NIV, cough assist, AAC, ..."""

    __tablename__ = "interventions"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    # Gastrostomy type (PEG/RIG/PIG), device name, hospice service, ...
    detail: Mapped[str | None] = mapped_column(String(120))
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    ended_on: Mapped[date | None] = mapped_column(Date)
    niv_hours_per_day: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)

    patient: Mapped[Patient] = relationship(back_populates="interventions")

    __table_args__ = record_checks(
        one_of("kind", vocab.INTERVENTION_KIND),
        in_range("niv_hours_per_day"),
        not_before("ended_on", "started_on"),
    )


# The index that keeps one live decision per topic (the services recognise its refusal by name).
ONE_LIVE_PER_TOPIC = "uq_care_planning_decisions_one_live_per_topic"


class CarePlanningDecision(ClinicalRecord, Base):
    """One advance care planning topic as discussed: decision, document and proxy."""

    __tablename__ = "care_planning_decisions"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    topic: Mapped[str] = mapped_column(String(24), nullable=False)
    decision: Mapped[str | None] = mapped_column(Text)
    discussed_on: Mapped[date | None] = mapped_column(Date)
    document: Mapped[str | None] = mapped_column(String(120))
    proxy_name: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)

    patient: Mapped[Patient] = relationship(back_populates="care_planning")

    __table_args__ = (
        *record_checks(one_of("topic", vocab.ACP_TOPIC)),
        # `services.care_planning` refuses a second live decision on a topic; this partial unique
        # index is the last guard for what it cannot see: two workstations saving at the same
        # instant, or a row written by another path. Voided decisions stay out of it, so a
        # voided decision can be replaced.
        Index(ONE_LIVE_PER_TOPIC, "patient_id", "topic", unique=True,
              sqlite_where=text("voided_at IS NULL"), postgresql_where=text("voided_at IS NULL")),
    )


class TeamAction(ClinicalRecord, Base):
    """A task one discipline owns, with a due date and the source that prompted it."""

    __tablename__ = "team_actions"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"), index=True)
    owner_discipline: Mapped[str] = mapped_column(String(24), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="open")
    completed_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    rule_id: Mapped[str | None] = mapped_column(String(40))

    patient: Mapped[Patient] = relationship(back_populates="team_actions")

    __table_args__ = record_checks(
        not_blank("description"),
        one_of("owner_discipline", vocab.DISCIPLINE),
        one_of("status", vocab.ACTION_STATUS),
    )
