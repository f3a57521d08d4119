"""ALSFRS-R (Cedarbaum et al., J Neurol Sci 1999;169:13-21) as scored at a visit."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.domain.limits import ALSFRS_ITEM

from .base import Base, ClinicalRecord, in_range, one_live_per_visit, record_checks

if TYPE_CHECKING:
    from .visit import Visit

# The twelve items in questionnaire order (column names); item 5 is scored on the 5a or 5b
# form, which `cutting_form` records.
ALSFRS_ITEMS = ITEMS


class AlsfrsAssessment(ClinicalRecord, Base):
    __tablename__ = "alsfrs_assessments"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    speech: Mapped[int | None] = mapped_column(Integer)
    salivation: Mapped[int | None] = mapped_column(Integer)
    swallowing: Mapped[int | None] = mapped_column(Integer)
    handwriting: Mapped[int | None] = mapped_column(Integer)
    cutting_food: Mapped[int | None] = mapped_column(Integer)
    cutting_form: Mapped[str] = mapped_column(String(2), nullable=False, default="5a")
    dressing_hygiene: Mapped[int | None] = mapped_column(Integer)
    turning_in_bed: Mapped[int | None] = mapped_column(Integer)
    walking: Mapped[int | None] = mapped_column(Integer)
    climbing_stairs: Mapped[int | None] = mapped_column(Integer)
    dyspnea: Mapped[int | None] = mapped_column(Integer)
    orthopnea: Mapped[int | None] = mapped_column(Integer)
    respiratory_insufficiency: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)

    visit: Mapped[Visit] = relationship(back_populates="alsfrs")

    __table_args__ = (
        *record_checks(
            *(in_range(item, ALSFRS_ITEM) for item in ALSFRS_ITEMS),
            CheckConstraint("cutting_form IN ('5a', '5b')", name="cutting_form_code"),
        ),
        one_live_per_visit(__tablename__),
    )

    def scores(self) -> dict[str, int | None]:
        return {item: getattr(self, item) for item in ALSFRS_ITEMS}
