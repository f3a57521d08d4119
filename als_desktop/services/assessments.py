"""The assessments each discipline records once per visit, one use case per act.

`save_*` records a new assessment on the visit or, given the stored row's id and the version
the caller based its edit on, corrects that row (refused when it changed meanwhile). Each works
inside the caller's transaction and never commits. The nutrition and respiratory assessments,
which also write interventions of the patient, are in `services.nutrition` and
`services.respiratory`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from als_desktop.models import ClinicalRecord
from als_desktop.models.palliative import (
    SYMPTOM_BURDEN,  # the review's symptoms, in the forms' order
)

from . import records, visits
from .errors import ValidationError
from .kinds import model_of
from .queries_assessment import VisitRecordRow, visit_records

__all__ = ["SYMPTOM_BURDEN", "VISIT_ASSESSMENTS", "day_text", "history", "renamed",
           "save_on_visit", "save_palliative_review", "save_slp", "void_assessment"]

# The kinds of record kept once per visit on a discipline tab.
VISIT_ASSESSMENTS = ("nutrition", "respiratory", "slp", "palliative")


def history(session: Session, kind: str, patient_id: uuid.UUID, fields: tuple[str, ...],
            include_voided: bool = False) -> list[VisitRecordRow]:
    """The patient's assessments of this kind on visits not voided, newest visit first."""
    return visit_records(session, model_of(kind), patient_id, fields, include_voided)


def save_on_visit(
    session: Session, kind: str, visit_id: uuid.UUID, values: Mapping[str, Any], author: str, *,
    row_id: uuid.UUID | None = None, version: int | None = None, today: date | None = None,
) -> ClinicalRecord:
    """Record the visit's assessment of this kind, or correct the stored one (`row_id`, `version`).

    For kinds without rules of their own; `save_nutrition` and `save_respiratory` add theirs.
    """
    model = model_of(kind)
    if row_id is None:
        return visits.record_on_visit(session, model, visit_id, values, author, today=today)
    if version is None:
        raise ValueError("correcting a stored assessment needs the version the edit is based on")
    return visits.edit_record(session, model, row_id, version, values, author, today=today)


def save_slp(
    session: Session, visit_id: uuid.UUID, values: Mapping[str, Any], author: str, *,
    row_id: uuid.UUID | None = None, version: int | None = None, today: date | None = None,
) -> ClinicalRecord:
    """Speech, communication and swallowing on a visit."""
    return save_on_visit(session, "slp", visit_id, values, author, row_id=row_id, version=version, today=today)


def save_palliative_review(
    session: Session, visit_id: uuid.UUID, values: Mapping[str, Any], author: str, *,
    row_id: uuid.UUID | None = None, version: int | None = None, today: date | None = None,
) -> ClinicalRecord:
    """Referral, symptom burden and caregiver support on a visit."""
    return save_on_visit(session, "palliative", visit_id, values, author, row_id=row_id, version=version,
                         today=today)


def void_assessment(session: Session, kind: str, row_id: uuid.UUID, version: int, reason: str,
                    author: str) -> ClinicalRecord:
    """Void a visit's assessment with a reason (it stays in the record, marked voided)."""
    if kind not in VISIT_ASSESSMENTS:
        raise ValueError(f"'{kind}' is not an assessment kept once per visit")
    return records.void_row(session, model_of(kind), row_id, version, reason, author)


def renamed(error: ValidationError, names: Mapping[str, str]) -> ValidationError:
    """Another record's messages moved under the assessment's fields they came from (an
    intervention's "started_on" is the form's "niv_started_on")."""
    return ValidationError({names.get(field, field): message for field, message in error.errors.items()})


def day_text(value: date | None) -> str:
    return f"{value:%d %b %Y}" if value else "—"
