"""Reading a patient record file and checking all of it before anything is written.

The whole document is checked first (its format version's JSON Schema, then the same field
checks as the forms, then against the database: an MRN of another patient, a row stored under
another parent) and every problem is reported with the path of its field. Which rows are then
written, and how, is decided per row by `exchange_merge.py`.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.models import (
    CarePlanningDecision,
    Intervention,
    LiverTest,
    Medication,
    MedicationDose,
    PalliativeReview,
    Patient,
    PromptResponse,
    SlpAssessment,
    TeamAction,
    Visit,
    utc_now,
)

from .checks import Problems
from .errors import ValidationError
from .exchange_bookkeeping import check_bookkeeping
from .exchange_format import (
    BASE_VERSION,
    FORMAT,
    PATIENT,
    SCHEMA_FILES,
    Section,
    column_kind,
    document_columns,
    from_json,
    schema,
)
from .patients import PATIENT_DATES, check_birth, patient_with_mrn
from .records import PROTECTED, check_fields, record_name

# Dates that must lie between the date of birth and today, per record, with their labels.
ROW_DATES: dict[type, dict[str, str]] = {
    Visit: {"visit_date": "Visit date"},
    MedicationDose: {"given_on": "Date given"},
    Medication: {"started_on": "Start date", "stopped_on": "Stop date"},
    LiverTest: {"taken_on": "Date taken"},
    Intervention: {"started_on": "Start date", "ended_on": "End date"},
    CarePlanningDecision: {"discussed_on": "Date discussed"},
    TeamAction: {"completed_on": "Date completed"},
    SlpAssessment: {"slp_referral_date": "SLP referral date", "aac_referral_date": "AAC referral date"},
    PalliativeReview: {"referral_date": "Referral date"},
}
# Later date, earlier date, labels: the order the database also enforces.
ROW_ORDER: dict[type, tuple[str, str, str, str]] = {
    Medication: ("stopped_on", "started_on", "Stop date", "the start date"),
    Intervention: ("ended_on", "started_on", "End date", "the start date"),
}
PARENT_NAMES = {"patient_id": "patient", "visit_id": "visit", "medication_id": "medication"}
# The namespace of the identities given to rows a file gives none (see `derived_id`).
UNNAMED_ROWS = uuid.UUID("4f0d6a52-3b57-4c59-9a8e-6b1f2c7d9e10")
KIND_WORDS = {"uuid": "a UUID", "date": "a date (YYYY-MM-DD)",
              "datetime": "a timestamp with UTC offset (YYYY-MM-DDTHH:MM:SS+00:00)"}


class PathProblems:
    """Problems keyed by the path of the field in the document, first message per path kept."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def take(self, prefix: str, problems: Problems) -> None:
        for field_name, message in problems.errors.items():
            self.add(f"{prefix}.{field_name}", message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(dict(sorted(self.errors.items(), key=lambda item: natural(item[0]))))


def natural(path: str) -> list[Any]:
    """Sort key putting visits[2] before visits[10]."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path)]


def path_of(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def schema_message(error: Any) -> tuple[str, str]:
    """A path and a sentence a clinic user can act on, for one JSON Schema error."""
    path = path_of(error.absolute_path) or "document"
    value = error.instance
    if error.validator == "required":
        missing = re.match(r"'([^']+)'", error.message)
        name = missing.group(1) if missing else error.message
        return f"{path}.{name}", f"'{name}' is missing; it is required."
    if error.validator == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return f"{path}.{extra[0]}" if extra else path, f"'{', '.join(extra)}' is not a field of this section."
    if error.validator in ("minimum", "maximum"):
        limit = error.schema
        if "maximum" not in limit:
            return path, f"must be at least {limit.get('minimum')} (entered {value})."
        return path, f"must be between {limit.get('minimum')} and {limit.get('maximum')} (entered {value})."
    if error.validator == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value if choice is not None)
        return path, f"'{value}' is not one of the recorded choices ({choices})."
    if error.validator == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        names = {"string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
                 "array": "a list", "object": "an object", "null": "empty (null)"}
        return path, f"must be {' or '.join(names.get(w, w) for w in wanted)} (found {json.dumps(value)[:40]})."
    if error.validator == "pattern":
        return path, f"'{value}' is not written as expected ({error.schema.get('description', 'see the format')})."
    if error.validator == "maxLength":
        return path, f"is longer than {error.validator_value} characters."
    if error.validator == "const":
        return path, f"must be {json.dumps(error.validator_value)} (found {json.dumps(value)})."
    return path, error.message


def check_format(document: Any) -> int:
    """The document's format version; refused when it is not a patient record of a version we read."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError({"format": f"This is not an ALS Clinic Desktop patient record "
                                         f"(expected \"format\": \"{FORMAT}\")."})
    version = document.get("format_version")
    if type(version) is not int or version not in SCHEMA_FILES:
        readable = " and ".join(str(known) for known in SCHEMA_FILES)
        raise ValidationError({"format_version": (
            f"This file uses patient record format version {json.dumps(version)}; this program "
            f"reads versions {readable}. Use the program version that wrote it, or a newer one.")})
    return version


@dataclass
class Item:
    """One row read from the document, with where it sits in it."""

    section: Section
    path: str
    values: dict[str, Any]
    parent_id: uuid.UUID | None
    unreadable: set[str]  # fields whose value could not be read (reported once, by the schema)
    problems: Problems = field(default_factory=Problems)
    # The version the file's values are based on (format 2), when the file says.
    base_version: int | None = None

    @property
    def row_id(self) -> uuid.UUID:
        return self.values["id"]


def read_rows(raw_rows: Any, section: Section, prefix: str, parent_id: uuid.UUID | None,
              out: list[Item], problems: PathProblems) -> None:
    """Rows of `section` in document order, parents before their children."""
    if not isinstance(raw_rows, list):
        return
    for index, raw in enumerate(raw_rows):
        read_row(raw, section, f"{prefix}.{section.key}[{index}]", parent_id, out, problems)


def read_row(raw: Any, section: Section, path: str, parent_id: uuid.UUID | None,
             out: list[Item], problems: PathProblems) -> None:
    if not isinstance(raw, dict):
        return
    values: dict[str, Any] = {}
    unreadable: set[str] = set()
    for column in document_columns(section):
        if column.key not in raw:
            continue
        kind = column_kind(column)
        if kind == "integer" and isinstance(raw[column.key], float):
            # Kept as written, so that 2.5 is refused as 2.5 rather than read as 2.
            values[column.key] = raw[column.key]
            continue
        try:
            values[column.key] = from_json(kind, raw[column.key])
        except (TypeError, ValueError, AttributeError) as error:
            # Wrong JSON types are the schema's to report; here only unreadable text values.
            unreadable.add(column.key)
            if kind in KIND_WORDS and isinstance(raw[column.key], str):
                problems.add(f"{path}.{column.key}", f"'{raw[column.key]:.40}' is not {KIND_WORDS[kind]} ({error}).")
            elif isinstance(raw[column.key], int | float) and not isinstance(raw[column.key], bool):
                problems.add(f"{path}.{column.key}", f"This number cannot be stored: {error}.")
    # Hand-written files may leave out identity and authorship: a new row gets its UUID here
    # (the rest when it is written), derived from its parent, place and values, so that importing
    # the same file again finds the row instead of adding it twice.
    if values.get("id") is None:
        values["id"] = derived_id(raw, section, path, parent_id)
    if section.parent:
        values[section.parent] = parent_id
    base = raw.get(BASE_VERSION)
    base_version = base if type(base) is int else None  # anything else is the schema's to report
    out.append(Item(section, path, values, parent_id, unreadable, base_version=base_version))
    for child in section.children:
        read_rows(raw.get(child.key), child, path, values["id"], out, problems)


def derived_id(raw: dict[str, Any], section: Section, path: str, parent_id: uuid.UUID | None) -> uuid.UUID:
    """The identity of a row the file gives none: the same for the same row of the same file."""
    own = {key: value for key, value in raw.items() if key not in {child.key for child in section.children}}
    # ASCII escapes: a broken character (a lone surrogate) in the file still gives an identity.
    text = json.dumps(own, sort_keys=True, ensure_ascii=True, default=str)
    return uuid.uuid5(UNNAMED_ROWS, f"{parent_id}|{path}|{text}")


def check_item(item: Item, patient: dict[str, Any], today: date, now: datetime | None = None) -> None:
    """The service layer's field checks, plus dates against birth, death and today, and the
    row's own version, authorship and timestamps."""
    model, values, problems = item.section.model, item.values, item.problems
    clinical = {key: value for key, value in values.items()
                if key not in PROTECTED and key != item.section.parent}
    check_fields(model, clinical, problems, creating=True)
    check_bookkeeping(model, values, item.base_version, problems, now or utc_now())
    birth = patient.get("date_of_birth")
    dates = PATIENT_DATES if model is Patient else ROW_DATES.get(model, {})
    if model is Patient:
        check_birth(problems, birth, today)
        problems.not_before("diagnosis_date", values.get("diagnosis_date"), values.get("onset_date"),
                            "Diagnosis date", "symptom onset")
    for name, label in dates.items():
        problems.not_future(name, values.get(name), label, today)
        problems.not_before(name, values.get(name), birth, label, "the date of birth")
    if model in ROW_ORDER:
        later, earlier, label, earlier_label = ROW_ORDER[model]
        problems.not_before(later, values.get(later), values.get(earlier), label, earlier_label)
    death = patient.get("date_of_death")
    if model is Visit and values.get("visit_date") and death and values["visit_date"] > death:
        problems.add("visit_date", f"Visit date is after the recorded date of death ({death:%d %b %Y}).")
    for name in item.unreadable:
        problems.errors.pop(name, None)  # "required" would be wrong: it is there, but unreadable
    if values.get("voided_at") is not None:
        if not (values.get("void_reason") or "").strip():
            problems.add("void_reason", "A voided row needs the reason it was voided.")
        if not values.get("voided_by"):
            problems.add("voided_by", "A voided row needs who voided it.")
    version = values.get("version")
    if item.base_version is not None and isinstance(version, int) and item.base_version > version:
        problems.add(BASE_VERSION, f"The version this row is based on ({item.base_version}) cannot be above "
                                   f"its version ({version}).")


def check_against_database(session: Session, items: list[Item], problems: PathProblems) -> bool:
    """Refuse rows that would land on another patient's record; True when the patient exists."""
    if not items:
        return False
    patient_item = items[0]
    patient_id, mrn = patient_item.values["id"], patient_item.values.get("mrn")
    if isinstance(mrn, str) and mrn.strip():
        owner = patient_with_mrn(session, mrn)
        if owner is not None and owner.id != patient_id:
            problems.add(f"{patient_item.path}.mrn", (
                f"MRN {mrn} already belongs to another patient in this database ({owner.display_name}, "
                f"record {owner.id}); this file describes a different patient (record {patient_id}). "
                "Nothing was imported: check the MRN."))
    seen: dict[uuid.UUID, str] = {}
    for item in items:
        row_id = item.values["id"]
        if row_id in seen:
            problems.add(f"{item.path}.id", f"The same id is used twice in the file (also at {seen[row_id]}).")
        seen[row_id] = item.path
    by_model: dict[type, list[Item]] = {}
    for item in items:
        by_model.setdefault(item.section.model, []).append(item)
    exists = False
    for model, model_items in by_model.items():
        parent = model_items[0].section.parent
        ids = [item.values["id"] for item in model_items]
        columns = [model.id] + ([getattr(model, parent)] if parent else [])
        stored = {row[0]: (row[1] if parent else None)
                  for start in range(0, len(ids), 500)
                  for row in session.execute(select(*columns).where(model.id.in_(ids[start:start + 500])))}
        for item in model_items:
            if item.values["id"] not in stored:
                continue
            if model is Patient:
                exists = True
            elif stored[item.values["id"]] != item.parent_id:
                problems.add(f"{item.path}.id", (
                    f"This {record_name(model)} ({item.values['id']}) is already stored under another "
                    f"{PARENT_NAMES[parent]}; a file cannot move it."))
    return exists


def check_named_rows(session: Session, items: list[Item], problems: PathProblems) -> None:
    """A team action's visit, and a prompt response's team action, must be this patient's:
    in the file or already stored."""
    patient_id = items[0].values["id"]
    for model, column, target, message in (
        (TeamAction, "visit_id", Visit, "This team action names a visit that is not in this patient's record."),
        (PromptResponse, "team_action_id", TeamAction,
         "This response names a team action that is not in this patient's record."),
    ):
        known = {item.values["id"] for item in items if item.section.model is target}
        named = {item.values.get(column) for item in items if item.section.model is model} - known - {None}
        if named and all(isinstance(row_id, uuid.UUID) for row_id in named):
            known |= set(session.scalars(
                select(target.id).where(target.id.in_(named), target.patient_id == patient_id)))
        for item in items:
            row_id = item.values.get(column) if item.section.model is model else None
            if row_id is not None and row_id not in known:
                problems.add(f"{item.path}.{column}", message)


def read_document(session: Session, document: Any, today: date) -> tuple[list[Item], bool]:
    """Every row of the document, checked; ValidationError listing every problem otherwise.

    Also returns whether the patient is already stored."""
    import jsonschema

    version = check_format(document)
    problems = PathProblems()
    items: list[Item] = []
    read_row(document.get("patient"), PATIENT, "patient", None, items, problems)
    if items:
        patient = items[0].values
        for item in items:
            check_item(item, patient, today)
            problems.take(item.path, item.problems)
        check_named_rows(session, items, problems)
    # Schema messages come after the service checks: for the same field those say it better.
    validator = jsonschema.Draft202012Validator(schema(version))
    for error in validator.iter_errors(document):
        path, message = schema_message(error)
        problems.add(path, message)
    problems.raise_if_any()
    exists = check_against_database(session, items, problems)
    problems.raise_if_any()
    return items, exists
