"""Neurology use cases: the ALSFRS-R of a visit (record, correct, void).

The disease details (onset, diagnosis, genetics, cognition) are facts of the patient, saved
with `patients.update_patient`. Each use case works inside the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.models import AlsfrsAssessment

from . import queries_neurology, records, visits
from .errors import StaleRecordError, ValidationError

NOTHING_SCORED = "Score at least one item before saving the ALSFRS-R."
NOTHING_LEFT = "Score at least one item (or void the assessment instead)."


def _scored(values: Mapping[str, Any], message: str) -> None:
    # An assessment with no item scored says nothing: refuse it rather than store it.
    if all(values.get(item) is None for item in ITEMS):
        raise ValidationError({"values": message})


def save_alsfrs(
    session: Session, visit_id: uuid.UUID, values: Mapping[str, Any], author: str, *,
    row_id: uuid.UUID | None = None, version: int | None = None, today: date | None = None,
) -> uuid.UUID:
    """Record the visit's ALSFRS-R or, given the stored one (`row_id`, `version`), change it.

    A new one is refused when someone recorded one on the visit after the form was shown:
    the user is told who, and sees theirs before changing it.
    """
    _scored(values, NOTHING_SCORED)
    if row_id is not None:
        if version is None:
            raise ValueError("changing a stored ALSFRS-R needs the version the change is based on")
        return visits.edit_record(session, AlsfrsAssessment, row_id, version, values, author, today=today).id
    meanwhile = queries_neurology.alsfrs_on_visit(session, visit_id)
    if meanwhile is not None:
        raise StaleRecordError(
            f"An ALSFRS-R was recorded on this visit by {meanwhile.recorded_by} after you opened "
            "it. Your scores were not saved: the stored assessment is now shown; change it if needed.")
    return visits.record_on_visit(session, AlsfrsAssessment, visit_id, values, author, today=today).id


def correct_alsfrs(
    session: Session, row_id: uuid.UUID, version: int, values: Mapping[str, Any], author: str, *,
    today: date | None = None,
) -> None:
    """Correct an ALSFRS-R recorded earlier (from its history), refused when it changed meanwhile."""
    _scored(values, NOTHING_LEFT)
    visits.edit_record(session, AlsfrsAssessment, row_id, version, values, author, today=today)


def void_alsfrs(session: Session, row_id: uuid.UUID, version: int, reason: str, author: str) -> None:
    records.void_row(session, AlsfrsAssessment, row_id, version, reason, author)


__all__ = ["correct_alsfrs", "save_alsfrs", "void_alsfrs"]
