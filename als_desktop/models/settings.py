"""A clinic's own values for the settings the reference leaves to the clinic.

One row per setting key, the value kept as text; clinical.settings.DEFINITIONS says what each
key means, its unit and its allowed range or choices, and services.settings reads and checks
them. A missing row means the default of clinical.settings.ClinicSettings is in force.
"""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, ClinicalRecord, not_blank, record_checks


class ClinicSetting(ClinicalRecord, Base):
    __tablename__ = "clinic_settings"

    key: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    value: Mapped[str] = mapped_column(Text, nullable=False)

    __table_args__ = record_checks(not_blank("key"), not_blank("value"))
