"""Speech, communication and swallowing, as the speech-language pathologist records them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text
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


class SlpAssessment(ClinicalRecord, Base):
    __tablename__ = "slp_assessments"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    intelligibility_percent: Mapped[float | None] = mapped_column(Float)
    speaking_rate_wpm: Mapped[float | None] = mapped_column(Float)
    aac_status: Mapped[str | None] = mapped_column(String(16))
    voice_banking: Mapped[bool | None] = mapped_column(Boolean)
    eat10_score: Mapped[int | None] = mapped_column(Integer)
    iddsi_drink_level: Mapped[int | None] = mapped_column(Integer)
    iddsi_food_level: Mapped[int | None] = mapped_column(Integer)
    chin_tuck: Mapped[bool | None] = mapped_column(Boolean)
    strategies: Mapped[str | None] = mapped_column(Text)
    slp_referral_date: Mapped[date | None] = mapped_column(Date)
    aac_referral_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    visit: Mapped[Visit] = relationship(back_populates="slp")

    __table_args__ = (
        *record_checks(
            in_range("intelligibility_percent"),
            in_range("speaking_rate_wpm"),
            in_range("eat10_score"),
            one_of("aac_status", vocab.AAC_STATUS),
            one_of("iddsi_drink_level", vocab.IDDSI_DRINK),
            one_of("iddsi_food_level", vocab.IDDSI_FOOD),
        ),
        one_live_per_visit(__tablename__),
    )
