"""Palliative care review at a visit: referral, symptom burden and caregiver support."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from als_desktop.domain import vocab

from .base import Base, ClinicalRecord, one_live_per_visit, one_of, record_checks

if TYPE_CHECKING:
    from .visit import Visit

SYMPTOM_BURDEN = ("pain", "spasticity", "mood", "sleep", "secretions")


class PalliativeReview(ClinicalRecord, Base):
    __tablename__ = "palliative_reviews"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    referral_date: Mapped[date | None] = mapped_column(Date)
    pain: Mapped[str | None] = mapped_column(String(10))
    spasticity: Mapped[str | None] = mapped_column(String(10))
    mood: Mapped[str | None] = mapped_column(String(10))
    sleep: Mapped[str | None] = mapped_column(String(10))
    secretions: Mapped[str | None] = mapped_column(String(10))
    caregiver_support_offered: Mapped[bool | None] = mapped_column(Boolean)
    caregiver_support: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    visit: Mapped[Visit] = relationship(back_populates="palliative")

    __table_args__ = (
        *record_checks(*(one_of(symptom, vocab.SEVERITY) for symptom in SYMPTOM_BURDEN)),
        one_live_per_visit(__tablename__),
    )
