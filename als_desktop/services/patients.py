"""Register, edit and void patients."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.models import Patient

from .checks import Problems
from .errors import NotFoundError
from .records import Values, change_row, check_fields, load_for_edit, new_row, void_row

PATIENT_DATES = {
    "onset_date": "Symptom onset",
    "diagnosis_date": "Diagnosis date",
    "ecas_date": "ECAS date",
    "date_of_death": "Date of death",
}


def _normalise(values: Values) -> dict:
    cleaned = dict(values)
    for field in ("mrn", "given_name", "family_name"):
        if isinstance(cleaned.get(field), str):
            cleaned[field] = cleaned[field].strip()
    return cleaned


def _check(session: Session, values: dict, *, current: Patient | None, today: date) -> None:
    problems = Problems()
    check_fields(Patient, values, problems, creating=current is None)

    def value(field: str):  # noqa: ANN202
        return values[field] if field in values else getattr(current, field, None)

    birth = value("date_of_birth")
    problems.not_future("date_of_birth", birth, "Date of birth", today)
    for field, label in PATIENT_DATES.items():
        problems.not_future(field, value(field), label, today)
        problems.not_before(field, value(field), birth, label, "the date of birth")
    problems.not_before("diagnosis_date", value("diagnosis_date"), value("onset_date"),
                        "Diagnosis date", "symptom onset")

    mrn = values.get("mrn")
    if mrn:
        owner = session.scalar(select(Patient).where(Patient.mrn == mrn))
        if owner is not None and owner is not current:
            problems.add("mrn", f"MRN {mrn} already belongs to {owner.display_name}.")
    problems.raise_if_any()


def create_patient(session: Session, values: Values, author: str, *, today: date | None = None) -> Patient:
    cleaned = _normalise(values)
    cleaned.setdefault("sex", "unknown")
    _check(session, cleaned, current=None, today=today or date.today())
    return new_row(session, Patient, cleaned, author)


def update_patient(
    session: Session, patient_id: uuid.UUID, expected_version: int, values: Values, author: str,
    *, today: date | None = None,
) -> Patient:
    patient = load_for_edit(session, Patient, patient_id, expected_version)
    cleaned = _normalise(values)
    _check(session, cleaned, current=patient, today=today or date.today())
    return change_row(session, patient, cleaned, author)


def void_patient(session: Session, patient_id: uuid.UUID, expected_version: int, reason: str, author: str) -> Patient:
    return void_row(session, Patient, patient_id, expected_version, reason, author)


def patient_by_mrn(session: Session, mrn: str) -> Patient:
    patient = session.scalar(select(Patient).where(Patient.mrn == mrn.strip()))
    if patient is None:
        raise NotFoundError(f"No patient with MRN {mrn}.")
    return patient
