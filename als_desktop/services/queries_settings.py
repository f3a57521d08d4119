"""Who last changed each clinic setting and when, for the Settings dialog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.models import ClinicSetting


@dataclass(frozen=True)
class SettingChange:
    key: str
    value: str
    updated_by: str
    updated_at: datetime


def setting_changes(session: Session) -> dict[str, SettingChange]:
    """The stored row of each setting a clinic has set; a key missing here still has its default."""
    rows = session.scalars(select(ClinicSetting).where(ClinicSetting.voided_at.is_(None)))
    return {row.key: SettingChange(row.key, row.value, row.updated_by, row.updated_at) for row in rows}
