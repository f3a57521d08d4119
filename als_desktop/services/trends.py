"""A patient's trends as the plots show them, read from the stored record."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from als_desktop.clinical.trends import PatientTrends, patient_trends

from .settings import load_settings
from .snapshots import snapshot_for


def trends_for(session: Session, patient_id: uuid.UUID, today: date | None = None) -> PatientTrends:
    """Weight, respiratory and ALSFRS-R trends with threshold lines, markers and estimates.
    Voided values (and values on voided visits) are never part of them."""
    return patient_trends(snapshot_for(session, patient_id, today or date.today()), load_settings(session))
