"""Respiratory measures and symptoms at a visit (NICE NG42: about every 3 months)."""

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

RESPIRATORY_SYMPTOMS = (
    "dyspnoea_on_exertion",
    "orthopnoea",
    "morning_headache",
    "daytime_sleepiness",
    "disturbed_sleep",
    "weak_cough",
)

RESPIRATORY_MEASURES = (
    "fvc_percent_sitting",
    "fvc_percent_supine",
    "snip_cmh2o",
    "mip_cmh2o",
    "peak_cough_flow_l_min",
    "spo2_percent",
    "oximetry_minutes_le88",
    "oximetry_recording_hours",
    "co2_mmhg",
)


class RespiratoryAssessment(ClinicalRecord, Base):
    __tablename__ = "respiratory_assessments"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    # FVC as reported by the spirometer, % predicted.
    fvc_percent_sitting: Mapped[float | None] = mapped_column(Float)
    fvc_percent_supine: Mapped[float | None] = mapped_column(Float)
    snip_cmh2o: Mapped[float | None] = mapped_column(Float)
    # MIP is stored as a positive magnitude.
    mip_cmh2o: Mapped[float | None] = mapped_column(Float)
    peak_cough_flow_l_min: Mapped[float | None] = mapped_column(Float)
    spo2_percent: Mapped[float | None] = mapped_column(Float)
    oximetry_minutes_le88: Mapped[float | None] = mapped_column(Float)
    oximetry_recording_hours: Mapped[float | None] = mapped_column(Float)
    # CO2 always stored in mmHg; kPa entries are converted (1 kPa = 7.50062 mmHg).
    co2_mmhg: Mapped[float | None] = mapped_column(Float)
    co2_source: Mapped[str | None] = mapped_column(String(16))

    dyspnoea_on_exertion: Mapped[bool | None] = mapped_column(Boolean)
    orthopnoea: Mapped[bool | None] = mapped_column(Boolean)
    morning_headache: Mapped[bool | None] = mapped_column(Boolean)
    daytime_sleepiness: Mapped[bool | None] = mapped_column(Boolean)
    disturbed_sleep: Mapped[bool | None] = mapped_column(Boolean)
    weak_cough: Mapped[bool | None] = mapped_column(Boolean)

    niv_status: Mapped[str | None] = mapped_column(String(16))
    tracheostomy_discussed: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str | None] = mapped_column(Text)

    visit: Mapped[Visit] = relationship(back_populates="respiratory")

    __table_args__ = (
        *record_checks(
            *(in_range(measure) for measure in RESPIRATORY_MEASURES),
            one_of("co2_source", vocab.CO2_SOURCE),
            one_of("niv_status", vocab.NIV_STATUS),
        ),
        one_live_per_visit(__tablename__),
    )
