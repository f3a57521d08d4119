"""The person with ALS: identity and the facts of the disease that do not change per visit."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, Float, Integer, String, Text
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
    from .care import CarePlanningDecision, Intervention, TeamAction
    from .medication import LiverTest, Medication
    from .visit import Visit


class Patient(ClinicalRecord, Base):
    __tablename__ = "patients"

    mrn: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    given_name: Mapped[str] = mapped_column(String(100), nullable=False)
    family_name: Mapped[str] = mapped_column(String(100), nullable=False)
    date_of_birth: Mapped[date] = mapped_column(Date, nullable=False)
    sex: Mapped[str] = mapped_column(String(16), nullable=False, default="unknown")
    height_cm: Mapped[float | None] = mapped_column(Float)
    premorbid_weight_kg: Mapped[float | None] = mapped_column(Float)

    onset_date: Mapped[date | None] = mapped_column(Date)
    onset_region: Mapped[str | None] = mapped_column(String(20))
    diagnosis_date: Mapped[date | None] = mapped_column(Date)
    diagnostic_criteria: Mapped[str | None] = mapped_column(String(40))

    c9orf72_status: Mapped[str | None] = mapped_column(String(16))
    sod1_status: Mapped[str | None] = mapped_column(String(16))
    other_genetics: Mapped[str | None] = mapped_column(Text)

    ftd: Mapped[str | None] = mapped_column(String(8))
    ecas_total: Mapped[int | None] = mapped_column(Integer)
    ecas_date: Mapped[date | None] = mapped_column(Date)

    date_of_death: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    visits: Mapped[list[Visit]] = relationship(
        back_populates="patient", order_by="Visit.visit_date"
    )
    medications: Mapped[list[Medication]] = relationship(back_populates="patient")
    liver_tests: Mapped[list[LiverTest]] = relationship(back_populates="patient")
    interventions: Mapped[list[Intervention]] = relationship(back_populates="patient")
    care_planning: Mapped[list[CarePlanningDecision]] = relationship(back_populates="patient")
    team_actions: Mapped[list[TeamAction]] = relationship(back_populates="patient")

    __table_args__ = record_checks(
        not_blank("mrn"),
        not_blank("given_name"),
        not_blank("family_name"),
        one_of("sex", vocab.SEX),
        one_of("onset_region", vocab.ONSET_REGION),
        one_of("diagnostic_criteria", vocab.DIAGNOSTIC_CRITERIA),
        one_of("c9orf72_status", vocab.GENETIC_RESULT),
        one_of("sod1_status", vocab.GENETIC_RESULT),
        one_of("ftd", vocab.YES_NO_UNKNOWN),
        in_range("height_cm"),
        in_range("premorbid_weight_kg"),
        in_range("ecas_total"),
        not_before("onset_date", "date_of_birth"),
        not_before("diagnosis_date", "date_of_birth"),
        not_before("diagnosis_date", "onset_date"),
        not_before("date_of_death", "date_of_birth"),
        not_before("ecas_date", "date_of_birth"),
    )

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"
