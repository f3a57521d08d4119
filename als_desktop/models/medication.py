"""Medicines (disease-modifying and symptomatic), doses given, and liver tests."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, Float, ForeignKey, String, Text
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


class Medication(ClinicalRecord, Base):
    __tablename__ = "medications"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    drug_name: Mapped[str] = mapped_column(String(100), nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    indication: Mapped[str | None] = mapped_column(String(24))
    dose_amount: Mapped[float | None] = mapped_column(Float)
    dose_unit: Mapped[str | None] = mapped_column(String(16))
    frequency: Mapped[str | None] = mapped_column(String(60))
    route: Mapped[str | None] = mapped_column(String(16))
    started_on: Mapped[date | None] = mapped_column(Date)
    stopped_on: Mapped[date | None] = mapped_column(Date)
    stop_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    patient: Mapped[Patient] = relationship(back_populates="medications")
    doses: Mapped[list[MedicationDose]] = relationship(
        back_populates="medication", order_by="MedicationDose.given_on"
    )

    __table_args__ = record_checks(
        not_blank("drug_name"),
        one_of("category", vocab.MEDICATION_CATEGORY),
        one_of("indication", vocab.SYMPTOM_TARGET),
        one_of("route", vocab.ROUTE),
        in_range("dose_amount"),
        not_before("stopped_on", "started_on"),
    )


class MedicationDose(ClinicalRecord, Base):
    """A dose actually given: edaravone infusion days, tofersen injections."""

    __tablename__ = "medication_doses"

    medication_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("medications.id"), index=True)
    given_on: Mapped[date] = mapped_column(Date, nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)

    medication: Mapped[Medication] = relationship(back_populates="doses")

    __table_args__ = record_checks()


class LiverTest(ClinicalRecord, Base):
    __tablename__ = "liver_tests"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    taken_on: Mapped[date] = mapped_column(Date, nullable=False)
    alt_u_l: Mapped[float] = mapped_column(Float, nullable=False)
    alt_uln_u_l: Mapped[float] = mapped_column(Float, nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)

    patient: Mapped[Patient] = relationship(back_populates="liver_tests")

    __table_args__ = record_checks(in_range("alt_u_l"), in_range("alt_uln_u_l"))
