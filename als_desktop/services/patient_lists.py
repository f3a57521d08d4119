"""The lists that belong to the patient rather than to one visit, named by kind.

Medicines (and the doses given of them), liver tests, interventions and team actions: a tab
lists them, adds one, changes one or voids one by saying "medication" or "liver_test", so no
caller outside services handles a model class. Each use case works inside the caller's
transaction and never commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from . import patient_records, records
from .kinds import model_of
from .queries_neurology import RecordSnapshot
from .queries_neurology import patient_records as snapshots

# Kinds a patient-level list adds and changes with no rule beyond its fields' own.
LISTED = ("medication", "liver_test", "intervention", "team_action")
# Kinds such a list may void: the same, and a dose given of a medicine.
VOIDABLE = (*LISTED, "dose")


def _listed(kind: str, allowed: tuple[str, ...]) -> type:
    if kind not in allowed:
        raise ValueError(f"'{kind}' is not a record kept in a patient's list")
    return model_of(kind)


def cleaned(values: Mapping[str, Any]) -> dict[str, Any]:
    """An emptied text box means "not recorded", never an empty text in the record."""
    return {name: (None if value == "" else value) for name, value in values.items()}


def rows(session: Session, kind: str, patient_id: uuid.UUID, newest_by: str = "created_at",
         include_voided: bool = False) -> list[RecordSnapshot]:
    """The patient's records of this kind, newest `newest_by` first."""
    return snapshots(session, _listed(kind, VOIDABLE), patient_id, newest_by, include_voided)


def add(session: Session, kind: str, patient_id: uuid.UUID, values: Mapping[str, Any], author: str, *,
        today: date | None = None) -> uuid.UUID:
    """Add a record of this kind to the patient's list; its id."""
    model = _listed(kind, LISTED)
    return patient_records.record_for_patient(session, model, patient_id, cleaned(values), author, today=today).id


def change(session: Session, kind: str, row_id: uuid.UUID, version: int, values: Mapping[str, Any], author: str,
           *, today: date | None = None) -> None:
    """Change a stored record, refused when it changed since `version` was read."""
    model = _listed(kind, LISTED)
    patient_records.edit_patient_record(session, model, row_id, version, cleaned(values), author, today=today)


def record_dose(session: Session, medication_id: uuid.UUID, values: Mapping[str, Any], author: str, *,
                today: date | None = None) -> uuid.UUID:
    """A dose of a medicine actually given (an edaravone infusion day, a tofersen injection)."""
    return patient_records.record_dose(session, medication_id, cleaned(values), author, today=today).id


def void(session: Session, kind: str, row_id: uuid.UUID, version: int, reason: str, author: str) -> None:
    """Void a record with a reason: it stays in the record, marked with who, when and why."""
    records.void_row(session, _listed(kind, VOIDABLE), row_id, version, reason, author)


__all__ = ["LISTED", "VOIDABLE", "add", "change", "cleaned", "record_dose", "rows", "void"]
