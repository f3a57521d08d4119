"""Weight and the dietitian's assessment at a visit."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from als_desktop.domain import vocab

from .base import (
    Base,
    ClinicalRecord,
    in_range,
    one_live_per_visit,
    one_of,
    record_checks,
)

if TYPE_CHECKING:
    from .visit import Visit


class WeightMeasurement(ClinicalRecord, Base):
    __tablename__ = "weight_measurements"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    weight_kg: Mapped[float] = mapped_column(Float, nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)

    visit: Mapped[Visit] = relationship(back_populates="weights")

    __table_args__ = record_checks(in_range("weight_kg"))


class NutritionAssessment(ClinicalRecord, Base):
    """Advice given and where the gastrostomy conversation stands.

    A placed gastrostomy itself is an Intervention (with type and date): this row records
    the discussion at the visit.
    """

    __tablename__ = "nutrition_assessments"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    gastrostomy_status: Mapped[str | None] = mapped_column(String(16))
    oral_supplements: Mapped[bool | None] = mapped_column(Boolean)
    oral_supplements_detail: Mapped[str | None] = mapped_column(Text)
    texture_advice: Mapped[str | None] = mapped_column(Text)
    meal_advice: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    visit: Mapped[Visit] = relationship(back_populates="nutrition")

    __table_args__ = (
        *record_checks(one_of("gastrostomy_status", vocab.GASTROSTOMY_STATUS)),
        one_live_per_visit(__tablename__),
    )
