"""Records that belong to the patient rather than one visit: medicines and their doses, liver
tests, interventions, advance care planning decisions and team actions."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TypeVar

from sqlalchemy.orm import Session

from als_desktop.models import ClinicalRecord, MedicationDose, Patient

from .checks import Problems
from .errors import NotFoundError
from .records import (
    Values,
    change_row,
    check_dates,
    check_fields,
    load_for_edit,
    new_row,
)

Row = TypeVar("Row", bound=ClinicalRecord)


def _open_patient(session: Session, patient_id: uuid.UUID) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None or patient.is_voided:
        raise NotFoundError("That patient is not in the record (or was voided).")
    return patient


def _owner(session: Session, row: ClinicalRecord) -> Patient:
    if isinstance(row, MedicationDose):
        return row.medication.patient
    return row.patient  # type: ignore[attr-defined]


def record_for_patient(
    session: Session, model: type[Row], patient_id: uuid.UUID, values: Values, author: str,
    *, today: date | None = None,
) -> Row:
    """Add a patient-level record (a medicine, a liver test, an intervention, ...)."""
    patient = _open_patient(session, patient_id)
    problems = Problems()
    check_fields(model, values, problems, creating=True)
    check_dates(model, values, patient, problems, today or date.today())
    problems.raise_if_any()
    return new_row(session, model, {**values, "patient_id": patient.id}, author)


def record_dose(
    session: Session, medication_id: uuid.UUID, values: Values, author: str, *, today: date | None = None
) -> MedicationDose:
    """A dose actually given (edaravone infusion, tofersen injection)."""
    from als_desktop.models import Medication

    medication = session.get(Medication, medication_id)
    if medication is None or medication.is_voided:
        raise NotFoundError("That medicine is not in the record (or was voided).")
    problems = Problems()
    check_fields(MedicationDose, values, problems, creating=True)
    check_dates(MedicationDose, values, medication.patient, problems, today or date.today())
    problems.not_before("given_on", values.get("given_on"), medication.started_on, "Date given", "the start date")
    problems.raise_if_any()
    return new_row(session, MedicationDose, {**values, "medication_id": medication.id}, author)


def edit_patient_record(
    session: Session, model: type[Row], row_id: uuid.UUID, expected_version: int, values: Values, author: str,
    *, today: date | None = None,
) -> Row:
    """Change a patient-level record, refusing a stale edit; dates are checked in pairs with
    the stored values so a stop date cannot slip before an unchanged start date."""
    row = load_for_edit(session, model, row_id, expected_version)
    problems = Problems()
    check_fields(model, values, problems, creating=False)
    stored = {column.name: getattr(row, column.name) for column in model.__table__.columns}
    check_dates(model, {**stored, **values}, _owner(session, row), problems, today or date.today())
    problems.raise_if_any()
    return change_row(session, row, values, author)
