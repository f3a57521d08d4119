"""One patient's whole record as a JSON document, and back.

The format is described in docs/record-format.md and by the JSON Schema shipped in
`als_desktop/schemas/patient-record-v1.json`. Export writes every column of every row
(voided rows too), in a fixed order and without an export timestamp, so that exporting,
importing into another database and exporting again gives the same document.

Import checks the whole document first (the schema, then the same field checks as the forms)
and reports every problem with the path of the field; nothing is written unless all of it is
acceptable. Rows are matched by UUID: a known row takes the file's values (version and
authorship included), an unknown row is inserted. Rows missing from the file are left alone.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, Uuid, insert, select, update
from sqlalchemy.orm import Session

from als_desktop import __version__
from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    Intervention,
    LiverTest,
    Medication,
    MedicationDose,
    NutritionAssessment,
    PalliativeReview,
    Patient,
    RespiratoryAssessment,
    SlpAssessment,
    PromptResponse,
    TeamAction,
    Visit,
    WeightMeasurement,
    utc_now,
)
from als_desktop.models.base import UTCDateTime, is_one_per_visit

from .checks import Problems
from .errors import ValidationError
from .patients import PATIENT_DATES
from .records import PROTECTED, check_fields, record_name

FORMAT = "als-desktop-patient-record"
FORMAT_VERSION = 1
SCHEMA_FILE = "patient-record-v1.json"


@dataclass(frozen=True)
class Section:
    """A list of rows nested in its parent; `parent` is the foreign key the nesting implies."""

    key: str
    model: type
    parent: str
    sort_date: str | None = None
    children: tuple[Section, ...] = ()


VISIT_SECTIONS = (
    Section("alsfrs", AlsfrsAssessment, "visit_id"),
    Section("weights", WeightMeasurement, "visit_id"),
    Section("nutrition", NutritionAssessment, "visit_id"),
    Section("respiratory", RespiratoryAssessment, "visit_id"),
    Section("slp", SlpAssessment, "visit_id"),
    Section("palliative", PalliativeReview, "visit_id"),
)
PATIENT_SECTIONS = (
    Section("visits", Visit, "patient_id", "visit_date", VISIT_SECTIONS),
    Section("medications", Medication, "patient_id", "started_on",
            (Section("doses", MedicationDose, "medication_id", "given_on"),)),
    Section("liver_tests", LiverTest, "patient_id", "taken_on"),
    Section("interventions", Intervention, "patient_id", "started_on"),
    Section("care_planning", CarePlanningDecision, "patient_id", "discussed_on"),
    Section("team_actions", TeamAction, "patient_id", "due_on"),
    # After team actions: a response may name the team action it created.
    Section("prompt_responses", PromptResponse, "patient_id", "created_at"),
)
PATIENT = Section("patient", Patient, "", None, PATIENT_SECTIONS)

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


@dataclass
class ImportResult:
    patient: Patient
    created: bool


# ---------------------------------------------------------------------------- export


def column_kind(column: Any) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "datetime"
    if isinstance(kind, Uuid):
        return "uuid"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "integer"
    if isinstance(kind, Float):
        return "number"
    return "string"


def document_columns(section: Section) -> list[Any]:
    """The columns a section's rows carry in the document (the nesting key is implied)."""
    return [column for column in section.model.__table__.columns if column.key != section.parent]


def to_json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def export_row(row: Any, section: Section) -> dict[str, Any]:
    document = {column.key: to_json(getattr(row, column.key)) for column in document_columns(section)}
    for child in section.children:
        document[child.key] = export_rows(getattr(row, child.key), child)
    return document


def export_rows(rows: list[Any], section: Section) -> list[dict[str, Any]]:
    def order(row: Any) -> tuple[str, str]:
        when = getattr(row, section.sort_date) if section.sort_date else row.created_at
        return (when.isoformat() if when else "", str(row.id))

    return [export_row(row, section) for row in sorted(rows, key=order)]


def export_patient(session: Session, mrn: str) -> dict[str, Any]:
    """The whole record of the patient with this MRN, voided rows included."""
    from .patients import patient_by_mrn

    patient = patient_by_mrn(session, mrn)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "program_version": __version__,
        "patient": export_row(patient, PATIENT),
    }


# ---------------------------------------------------------------------------- import: reading


@cache
def schema() -> dict[str, Any]:
    text = resources.files("als_desktop").joinpath("schemas", SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


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


def check_format(document: Any) -> None:
    """Refuse a file that is not a patient record, or one of a format version we do not read."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError({"format": f"This is not an ALS Clinic Desktop patient record "
                                         f"(expected \"format\": \"{FORMAT}\")."})
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise ValidationError({"format_version": (
            f"This file uses patient record format version {json.dumps(version)}; this program "
            f"reads version {FORMAT_VERSION}. Use the program version that wrote it, or a newer one.")})


def from_json(kind: str, value: Any) -> Any:
    """The Python value of one JSON field; ValueError with a reason when it cannot be read."""
    if value is None:
        return None
    if kind == "uuid":
        return uuid.UUID(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("a timestamp needs its UTC offset (for example +00:00)")
        return moment
    if kind == "number":
        return float(value)
    if kind == "integer":
        return int(value)
    return value


@dataclass
class Item:
    """One row read from the document, with where it sits in it."""

    section: Section
    path: str
    values: dict[str, Any]
    parent_id: uuid.UUID | None
    unreadable: set[str]  # fields whose value could not be read (reported once, by the schema)
    problems: Problems = field(default_factory=Problems)


# Identity and authorship a hand-written file may leave out (a null counts as left out).
AUTHORSHIP = {"version", "created_at", "created_by", "updated_at", "updated_by"}

KIND_WORDS = {"uuid": "a UUID", "date": "a date (YYYY-MM-DD)",
              "datetime": "a timestamp with UTC offset (YYYY-MM-DDTHH:MM:SS+00:00)"}


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
        try:
            values[column.key] = from_json(kind, raw[column.key])
        except (TypeError, ValueError, AttributeError) as error:
            # Wrong JSON types are the schema's to report; here only unreadable text values.
            unreadable.add(column.key)
            if kind in KIND_WORDS and isinstance(raw[column.key], str):
                problems.add(f"{path}.{column.key}", f"'{raw[column.key]}' is not {KIND_WORDS[kind]} ({error}).")
    # Hand-written files may leave out identity and authorship: a new row gets a UUID here,
    # and the rest when it is written (see `stamp`).
    if values.get("id") is None:
        values["id"] = uuid.uuid4()
    if section.parent:
        values[section.parent] = parent_id
    out.append(Item(section, path, values, parent_id, unreadable))
    for child in section.children:
        read_rows(raw.get(child.key), child, path, values["id"], out, problems)


# ---------------------------------------------------------------------------- import: checking


def check_item(item: Item, patient: dict[str, Any], today: date) -> None:
    """The service layer's field checks, plus dates against birth, death and today."""
    model, values, problems = item.section.model, item.values, item.problems
    clinical = {key: value for key, value in values.items()
                if key not in PROTECTED and key != item.section.parent}
    check_fields(model, clinical, problems, creating=True)
    birth = patient.get("date_of_birth")
    dates = PATIENT_DATES if model is Patient else ROW_DATES.get(model, {})
    if model is Patient:
        problems.not_future("date_of_birth", birth, "Date of birth", today)
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


PARENT_NAMES = {"patient_id": "patient", "visit_id": "visit", "medication_id": "medication"}


def check_against_database(session: Session, items: list[Item], problems: PathProblems) -> bool:
    """Refuse rows that would land on another patient's record; True when the patient exists."""
    if not items:
        return False
    patient_item = items[0]
    patient_id, mrn = patient_item.values["id"], patient_item.values.get("mrn")
    if isinstance(mrn, str) and mrn.strip():
        owner = session.scalar(select(Patient).where(Patient.mrn == mrn.strip()))
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


def check_team_action_visits(session: Session, items: list[Item], problems: PathProblems) -> None:
    """A team action's visit must be one of this patient's: in the file or already stored."""
    patient_id = items[0].values["id"]
    visit_ids = {item.values["id"] for item in items if item.section.model is Visit}
    named = {item.values.get("visit_id") for item in items if item.section.model is TeamAction} - visit_ids - {None}
    if named and all(isinstance(visit_id, uuid.UUID) for visit_id in named):
        visit_ids |= set(session.scalars(select(Visit.id).where(Visit.id.in_(named), Visit.patient_id == patient_id)))
    for item in items:
        visit_id = item.values.get("visit_id") if item.section.model is TeamAction else None
        if visit_id is not None and visit_id not in visit_ids:
            problems.add(f"{item.path}.visit_id", "This team action names a visit that is not in this patient's record.")
    check_response_actions(session, items, problems)


def check_response_actions(session: Session, items: list[Item], problems: PathProblems) -> None:
    """A prompt response's team action must be one of this patient's: in the file or stored."""
    patient_id = items[0].values["id"]
    action_ids = {item.values["id"] for item in items if item.section.model is TeamAction}
    named = {item.values.get("team_action_id") for item in items if item.section.model is PromptResponse}
    named -= action_ids | {None}
    if named and all(isinstance(action_id, uuid.UUID) for action_id in named):
        action_ids |= set(session.scalars(
            select(TeamAction.id).where(TeamAction.id.in_(named), TeamAction.patient_id == patient_id)))
    for item in items:
        action_id = item.values.get("team_action_id") if item.section.model is PromptResponse else None
        if action_id is not None and action_id not in action_ids:
            problems.add(f"{item.path}.team_action_id",
                         "This response names a team action that is not in this patient's record.")


def check_one_live_per_visit(session: Session, items: list[Item], problems: PathProblems) -> None:
    """After the import a visit may hold only one live assessment of each kind kept once per visit,
    counting the stored rows the file leaves alone (matched by id, a file's row replaces its stored one)."""
    visit_dates = {item.values["id"]: item.values.get("visit_date") for item in items if item.section.model is Visit}
    for section in VISIT_SECTIONS:
        model = section.model
        if not is_one_per_visit(model):
            continue
        in_file = [item for item in items if item.section.model is model]
        live: dict[uuid.UUID, list[Item]] = {}
        for item in in_file:
            if item.values.get("voided_at") is None and isinstance(item.parent_id, uuid.UUID):
                live.setdefault(item.parent_id, []).append(item)
        if not live:
            continue
        file_ids = {item.values["id"] for item in in_file}
        stored = session.execute(
            select(model.id, model.visit_id, model.created_by)
            .where(model.visit_id.in_(list(live)), model.voided_at.is_(None))
        ).all()
        for visit_id, rows in live.items():
            visit_date = visit_dates.get(visit_id)
            on_visit = f"The visit of {visit_date:%d %b %Y}" if isinstance(visit_date, date) else "This visit"
            name = record_name(model)
            if len(rows) > 1:
                problems.add(rows[1].path, (
                    f"{on_visit} has two live {name}s in this file (the other at {rows[0].path}); a visit "
                    f"keeps one. Nothing was imported: void one of them (with who and why) or merge them."))
                continue
            for row_id, stored_visit, created_by in stored:
                if stored_visit == visit_id and row_id not in file_ids:
                    problems.add(rows[0].path, (
                        f"{on_visit} already has a live {name} in this database (recorded by {created_by}, "
                        f"record {row_id}) that this file does not include; a visit keeps one. Nothing was "
                        "imported: correct the stored one, or void it before importing."))
                    break


def read_document(session: Session, document: Any, today: date) -> tuple[list[Item], bool]:
    """Every row of the document, checked; ValidationError listing every problem otherwise."""
    import jsonschema

    check_format(document)
    problems = PathProblems()
    items: list[Item] = []
    read_row(document.get("patient"), PATIENT, "patient", None, items, problems)
    if items:
        patient = items[0].values
        for item in items:
            check_item(item, patient, today)
            problems.take(item.path, item.problems)
        check_team_action_visits(session, items, problems)
    # Schema messages come after the service checks: for the same field those say it better.
    validator = jsonschema.Draft202012Validator(schema())
    for error in validator.iter_errors(document):
        path, message = schema_message(error)
        problems.add(path, message)
    problems.raise_if_any()
    exists = check_against_database(session, items, problems)
    check_one_live_per_visit(session, items, problems)
    problems.raise_if_any()
    return items, exists


# ---------------------------------------------------------------------------- import: writing


def stamp_new(values: dict[str, Any], author: str, now: datetime) -> dict[str, Any]:
    """A new row's values, with version and authorship the file left out filled in."""
    stamped = dict(values)
    for key, default in (("version", 1), ("created_at", now), ("created_by", author),
                         ("updated_at", now), ("updated_by", author)):
        if stamped.get(key) is None:
            stamped[key] = default
    return stamped


def stamp_update(values: dict[str, Any], stored_version: int, author: str, now: datetime) -> dict[str, Any]:
    """A stored row's changes: the file's version and authorship, or else a new edit by `author`.

    A full export carries them and they are kept as they are; a hand-written file that leaves
    them out changes the row like any edit (next version, updated now by the importer), and
    never touches who created it.
    """
    changes = {key: value for key, value in values.items()
               if key != "id" and not (key in AUTHORSHIP and value is None)}
    if "version" not in changes:
        changes["version"] = stored_version + 1
        changes.setdefault("updated_at", now)
        changes.setdefault("updated_by", author)
    return changes


def import_patient_record(session: Session, document: Any, author: str, *, today: date | None = None) -> ImportResult:
    """Create or update the patient of `document` in the caller's transaction."""
    items, exists = read_document(session, document, today or date.today())
    stored: dict[type, dict[uuid.UUID, int]] = {}
    now = utc_now()
    for model in dict.fromkeys(item.section.model for item in items):
        ids = [i.values["id"] for i in items if i.section.model is model]
        stored[model] = {
            row_id: version for start in range(0, len(ids), 500)
            for row_id, version in session.execute(
                select(model.id, model.version).where(model.id.in_(ids[start:start + 500])))
        }

    def voids_a_stored_assessment(item: Item) -> bool:
        model = item.section.model
        return (is_one_per_visit(model) and item.values.get("voided_at") is not None
                and item.values["id"] in stored[model])

    # Stored assessments the file voids go first: a new live one on the same visit would otherwise
    # meet the one-per-visit index while the old one is still live. Otherwise document order
    # (parents before children); a stored row's visit is stored already.
    for item in sorted(items, key=lambda item: not voids_a_stored_assessment(item)):
        model = item.section.model
        row_id = item.values["id"]
        if row_id in stored[model]:
            changes = stamp_update(item.values, stored[model][row_id], author, now)
            session.execute(update(model).where(model.id == row_id).values(**changes),
                            execution_options={"synchronize_session": False})
        else:
            # The table's INSERT, not the ORM's: the ORM would reset `version` to 1.
            session.execute(insert(model.__table__), [stamp_new(item.values, author, now)])
    session.expire_all()
    patient = session.get(Patient, items[0].values["id"])
    assert patient is not None
    return ImportResult(patient=patient, created=not exists)


def import_patient(session: Session, document: Any, author: str, *, today: date | None = None) -> Patient:
    return import_patient_record(session, document, author, today=today).patient
