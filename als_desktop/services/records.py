"""The rule of every field (range, code, required, dates) and the names of the records.

Every use case takes the caller's Session and never commits: the caller's transaction makes
the whole save one. Rows are written only by `writer.py`; `new_row`, `change_row`, `void_row`
and `restore_row` here are its short names for the use cases.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Boolean, Date, Float, Integer, String, Uuid
from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.domain.limits import ALSFRS_ITEM, LIMITS
from als_desktop.domain.text_rules import TEXT_RULES
from als_desktop.models import (
    ALSFRS_ITEMS,
    PROMPT_RESPONSE,
    AlsfrsAssessment,
    CarePlanningDecision,
    ClinicalRecord,
    ClinicSetting,
    Intervention,
    LiverTest,
    Medication,
    MedicationDose,
    Patient,
    PromptResponse,
    TeamAction,
    Visit,
    WeightMeasurement,
)

from . import writer
from .checks import Problems
from .kinds import MODELS, NAMES

Row = TypeVar("Row", bound=ClinicalRecord)
Values = Mapping[str, Any]

RECORD_NAMES: dict[type, str] = {MODELS[kind]: name for kind, name in NAMES.items()}

# Coded columns and the vocabulary each must come from (column names are unique in meaning).
CODES: dict[str, Mapping] = {
    "sex": vocab.SEX,
    "onset_region": vocab.ONSET_REGION,
    "diagnostic_criteria": vocab.DIAGNOSTIC_CRITERIA,
    "c9orf72_status": vocab.GENETIC_RESULT,
    "sod1_status": vocab.GENETIC_RESULT,
    "ftd": vocab.YES_NO_UNKNOWN,
    "gastrostomy_status": vocab.GASTROSTOMY_STATUS,
    "co2_source": vocab.CO2_SOURCE,
    "niv_status": vocab.NIV_STATUS,
    "aac_status": vocab.AAC_STATUS,
    "iddsi_drink_level": vocab.IDDSI_DRINK,
    "iddsi_food_level": vocab.IDDSI_FOOD,
    "category": vocab.MEDICATION_CATEGORY,
    "indication": vocab.SYMPTOM_TARGET,
    "route": vocab.ROUTE,
    "kind": vocab.INTERVENTION_KIND,
    "topic": vocab.ACP_TOPIC,
    "owner_discipline": vocab.DISCIPLINE,
    "status": vocab.ACTION_STATUS,
    "cutting_form": {"5a": "5a", "5b": "5b"},
    "response": PROMPT_RESPONSE,
    **{symptom: vocab.SEVERITY for symptom in ("pain", "spasticity", "mood", "sleep", "secretions")},
}

REQUIRED: dict[type, dict[str, str]] = {
    Patient: {"mrn": "MRN", "given_name": "Given name", "family_name": "Family name",
              "date_of_birth": "Date of birth"},
    Visit: {"visit_date": "Visit date", "site": "Site"},
    WeightMeasurement: {"weight_kg": "Weight"},
    Medication: {"drug_name": "Medicine", "category": "Category"},
    MedicationDose: {"given_on": "Date given"},
    LiverTest: {"taken_on": "Date taken", "alt_u_l": "ALT", "alt_uln_u_l": "ALT upper limit of normal"},
    Intervention: {"kind": "Intervention", "started_on": "Start date"},
    CarePlanningDecision: {"topic": "Topic"},
    TeamAction: {"owner_discipline": "Owner", "description": "Action"},
    PromptResponse: {"rule_id": "Prompt", "response": "Response"},
    ClinicSetting: {"key": "Setting", "value": "Value"},
}

PROTECTED = {"id", "version", "created_at", "created_by", "updated_at", "updated_by",
             "voided_at", "voided_by", "void_reason"}


def record_name(model: type) -> str:
    return RECORD_NAMES.get(model, model.__name__)


def check_fields(model: type, values: Values, problems: Problems, *, creating: bool) -> None:
    """Type, range, code, text and required-field checks for the columns present in `values`."""
    columns = model.__table__.columns
    for field in values:
        if field in PROTECTED or field not in columns:
            problems.add(field, f"'{field}' is not a field of a {record_name(model)}.")
    required = REQUIRED.get(model, {})
    for field, label in required.items():
        if creating or field in values:
            problems.required(field, values.get(field), label)
    for field, value in values.items():
        if value is None or field not in columns:
            continue
        check_value(model, field, value, problems, required=field in required)


def check_value(model: type, field: str, value: Any, problems: Problems, *, required: bool = False) -> None:
    """The rule of one column: its kind of value first, then its range, code or text rule."""
    kind = model.__table__.columns[field].type
    if field in ALSFRS_ITEMS and model is AlsfrsAssessment:
        problems.number(field, value, ALSFRS_ITEM)
    elif field in LIMITS:
        problems.number(field, value, LIMITS[field])
    elif isinstance(kind, Integer | Float) and (isinstance(value, bool) or not isinstance(value, int | float)):
        problems.add(field, f"{field_label(field)} must be a number (entered {value!r:.40}).")
    if field in CODES:
        problems.code(field, value, CODES[field], field_label(field))
    elif field in TEXT_RULES and isinstance(kind, String):
        problems.text(field, value, TEXT_RULES[field], required=required)
    if isinstance(kind, Date):
        problems.date(field, value, date_label(field))
    elif isinstance(kind, Boolean):
        problems.yes_no(field, value, field_label(field))
    elif isinstance(kind, Uuid) and not isinstance(value, uuid.UUID):
        problems.add(field, f"{field_label(field)} must be a record id (UUID), not {value!r:.40}.")


def field_label(field: str) -> str:
    """The name of a column as a message says it."""
    if field in TEXT_RULES:
        return TEXT_RULES[field].label
    if field in LIMITS:
        return LIMITS[field].label
    return field.removesuffix("_id").replace("_", " ").capitalize()


# Dates that look ahead (a plan), so they may lie in the future.
PLANNED_DATES = frozenset({"due_on"})

# Pairs that must be in order: (later, earlier).
DATE_ORDER = (("stopped_on", "started_on"), ("ended_on", "started_on"))


DATE_LABELS = {
    "started_on": "Start date",
    "stopped_on": "Stop date",
    "ended_on": "End date",
    "given_on": "Date given",
    "taken_on": "Date taken",
    "discussed_on": "Date discussed",
    "completed_on": "Date completed",
    "due_on": "Due date",
}


def date_label(field: str) -> str:
    if field in DATE_LABELS:
        return DATE_LABELS[field]
    return field.removesuffix("_date").replace("_", " ").capitalize() + " date"


def check_dates(model: type, values: Values, patient: Patient, problems: Problems, today: date) -> None:
    """Every date of a record: not in the future (unless a plan), not before birth, in order."""
    dates = {
        column.name: date_label(column.name)
        for column in model.__table__.columns
        if isinstance(column.type, Date) and column.name in values and column.name not in PLANNED_DATES
    }
    check_dates_against_patient(problems, values, patient, dates, today)
    for later, earlier in DATE_ORDER:
        if later in values and earlier in values:
            problems.not_before(later, values[later], values[earlier], date_label(later),
                                f"the {date_label(earlier).lower()}")


def check_dates_against_patient(
    problems: Problems, values: Values, patient: Patient, fields: Mapping[str, str], today: date
) -> None:
    """Dates may not lie in the future nor before the patient's birth."""
    for field, label in fields.items():
        value = values.get(field)
        problems.not_future(field, value, label, today)
        problems.not_before(field, value, patient.date_of_birth, label, "the date of birth")


def load_for_edit(session: Session, model: type[Row], row_id: uuid.UUID, expected_version: int) -> Row:
    """The row to change, provided nobody changed it since the user loaded `expected_version`."""
    return writer.load_for_edit(session, model, row_id, expected_version)


def new_row(session: Session, model: type[Row], values: Values, author: writer.Actor | str) -> Row:
    return writer.create(session, model, values, author)


def change_row(session: Session, row: Row, values: Values, author: writer.Actor | str) -> Row:
    return writer.change(session, row, values, author)


def void_row(
    session: Session, model: type[Row], row_id: uuid.UUID, expected_version: int, reason: str,
    author: writer.Actor | str,
) -> Row:
    return writer.void(session, model, row_id, expected_version, reason, author)


def restore_row(
    session: Session, model: type[Row], row_id: uuid.UUID, expected_version: int, reason: str,
    author: writer.Actor | str,
) -> Row:
    return writer.restore(session, model, row_id, expected_version, reason, author)
