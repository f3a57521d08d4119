"""Register, edit and void patients."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from als_desktop.domain.limits import EARLIEST_BIRTH
from als_desktop.models import (
    CarePlanningDecision,
    Intervention,
    LiverTest,
    Medication,
    MedicationDose,
    PalliativeReview,
    Patient,
    SlpAssessment,
    TeamAction,
    Visit,
)

from .checks import Problems, is_date
from .errors import NotFoundError
from .records import Values, change_row, check_fields, load_for_edit, new_row, void_row

PATIENT_DATES = {
    "onset_date": "Symptom onset",
    "diagnosis_date": "Diagnosis date",
    "ecas_date": "ECAS date",
    "date_of_death": "Date of death",
}

# Every dated record of a patient, as a message names it: the date of birth may not move after
# any of them (creating each of them before the date of birth is refused too).
DATED_RECORDS = (
    (Visit, "visit_date", "the visit of"),
    (Medication, "started_on", "a medicine started on"),
    (Medication, "stopped_on", "a medicine stopped on"),
    (MedicationDose, "given_on", "a dose given on"),
    (LiverTest, "taken_on", "a liver test taken on"),
    (Intervention, "started_on", "an intervention started on"),
    (Intervention, "ended_on", "an intervention ended on"),
    (CarePlanningDecision, "discussed_on", "an advance care planning decision discussed on"),
    (TeamAction, "completed_on", "a team action completed on"),
    (SlpAssessment, "slp_referral_date", "an SLP referral on"),
    (SlpAssessment, "aac_referral_date", "an AAC referral on"),
    (PalliativeReview, "referral_date", "a palliative care referral on"),
)


def _normalise(values: Values) -> dict:
    cleaned = dict(values)
    for field in ("mrn", "given_name", "family_name"):
        if isinstance(cleaned.get(field), str):
            cleaned[field] = cleaned[field].strip()
    return cleaned


def _check(session: Session, values: dict, *, current: Patient | None, today: date) -> None:
    problems = Problems()
    check_fields(Patient, values, problems, creating=current is None)

    def value(field: str) -> object:
        return values[field] if field in values else getattr(current, field, None)

    birth = value("date_of_birth")
    check_birth(problems, birth, today)
    for field, label in PATIENT_DATES.items():
        problems.not_future(field, value(field), label, today)
        problems.not_before(field, value(field), birth, label, "the date of birth")
    problems.not_before("diagnosis_date", value("diagnosis_date"), value("onset_date"),
                        "Diagnosis date", "symptom onset")

    if current is not None:
        _check_against_record(session, current, birth, values.get("date_of_death"), problems)
    mrn = values.get("mrn")
    if isinstance(mrn, str) and mrn:
        owner = patient_with_mrn(session, mrn)
        if owner is not None and owner is not current:
            stored = "" if owner.mrn == mrn else f" (stored as {owner.mrn}; MRNs are compared without regard to capitals)"
            problems.add("mrn", f"MRN {mrn} already belongs to {owner.display_name}{stored}.")
    problems.raise_if_any()


def patient_with_mrn(session: Session, mrn: str) -> Patient | None:
    """The patient holding `mrn`, compared without regard to case (`bad-1` is `BAD-1`).

    The database's unique index compares exactly, so the service asks; SQL's lower() folds
    only ASCII letters on SQLite, hence the final comparison in Python."""
    wanted = mrn.strip().casefold()
    candidates = session.scalars(select(Patient).where(func.length(Patient.mrn) == len(mrn.strip())))
    return next((patient for patient in candidates if patient.mrn.casefold() == wanted), None)


def _check_against_record(
    session: Session, patient: Patient, birth: object, death: object, problems: Problems
) -> None:
    """An edit of the date of birth or of death obeys what creating each record obeyed."""
    if is_date(birth) and birth != patient.date_of_birth:
        for model, column, words in DATED_RECORDS:
            earliest = session.scalar(_live_dates(model, column, patient.id).order_by(getattr(model, column)).limit(1))
            if earliest is not None and earliest < birth:
                problems.add("date_of_birth", f"Date of birth ({birth:%d %b %Y}) cannot be after {words} "
                                              f"{earliest:%d %b %Y}.")
    if is_date(death):
        latest = session.scalar(_live_dates(Visit, "visit_date", patient.id).order_by(Visit.visit_date.desc()).limit(1))
        if latest is not None and latest > death:
            problems.add("date_of_death", f"Date of death ({death:%d %b %Y}) cannot be before the visit of "
                                          f"{latest:%d %b %Y}.")


def _live_dates(model: type, column: str, patient_id: object) -> Select:
    """The live (not voided) dates in `column` of the patient's rows of `model`."""
    field = getattr(model, column)
    query = select(field).where(field.is_not(None), model.voided_at.is_(None))
    if model is MedicationDose:
        return query.join(Medication, MedicationDose.medication_id == Medication.id).where(
            Medication.patient_id == patient_id, Medication.voided_at.is_(None))
    if hasattr(model, "patient_id"):
        return query.where(model.patient_id == patient_id)
    return query.join(Visit, model.visit_id == Visit.id).where(Visit.patient_id == patient_id, Visit.voided_at.is_(None))


def check_birth(problems: Problems, birth: object, today: date) -> None:
    """Not in the future, and not before 1900 (a typing error such as 1800 for 1980)."""
    problems.not_future("date_of_birth", birth, "Date of birth", today)
    if is_date(birth) and birth < EARLIEST_BIRTH:
        problems.add("date_of_birth", f"Date of birth ({birth:%d %b %Y}) is before {EARLIEST_BIRTH.year}: "
                                      "check the year for a typing error.")


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
    patient = session.scalar(select(Patient).where(Patient.mrn == mrn.strip())) or patient_with_mrn(session, mrn)
    if patient is None:
        raise NotFoundError(f"No patient with MRN {mrn}.")
    return patient
