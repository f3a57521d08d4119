"""A clinic visit: the occasion on which each discipline records its part."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from als_desktop.domain.vocab import SITE_MAIN

from .base import Base, ClinicalRecord, not_blank, record_checks

if TYPE_CHECKING:
    from .neurology import AlsfrsAssessment
    from .nutrition import NutritionAssessment, WeightMeasurement
    from .palliative import PalliativeReview
    from .patient import Patient
    from .respiratory import RespiratoryAssessment
    from .slp import SlpAssessment


class Visit(ClinicalRecord, Base):
    __tablename__ = "visits"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    site: Mapped[str] = mapped_column(String(100), nullable=False, default=SITE_MAIN)
    clinicians: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    patient: Mapped[Patient] = relationship(back_populates="visits")
    alsfrs: Mapped[list[AlsfrsAssessment]] = relationship(back_populates="visit")
    weights: Mapped[list[WeightMeasurement]] = relationship(back_populates="visit")
    nutrition: Mapped[list[NutritionAssessment]] = relationship(back_populates="visit")
    respiratory: Mapped[list[RespiratoryAssessment]] = relationship(back_populates="visit")
    slp: Mapped[list[SlpAssessment]] = relationship(back_populates="visit")
    palliative: Mapped[list[PalliativeReview]] = relationship(back_populates="visit")

    __table_args__ = record_checks(not_blank("site"))
