"""The shape of the patient record file: its sections, its value kinds and its JSON Schemas,
and reading a file as JSON.

Shared by the export (`exchange.py`), the reading and checking of a file (`exchange_read.py`)
and the per-row merge (`exchange_merge.py`). The format is described in docs/record-format.md.
Version 2 adds, per row, `base_version`: the row's version when the file was written, so that
an import can tell a row changed in the file from one changed in the clinic since.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, Uuid

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
    PromptResponse,
    RespiratoryAssessment,
    SlpAssessment,
    TeamAction,
    Visit,
    WeightMeasurement,
)
from als_desktop.models.base import UTCDateTime

from .errors import RecordError

FORMAT = "als-desktop-patient-record"
FORMAT_VERSION = 2
# Every version this program reads, and its schema; a file is checked against its own version's.
SCHEMA_FILES = {1: "patient-record-v1.json", 2: "patient-record-v2.json"}
SCHEMA_FILE = SCHEMA_FILES[FORMAT_VERSION]

# Per row in version 2: the version the row had when the file was written.
BASE_VERSION = "base_version"


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


@cache
def schema(version: int = FORMAT_VERSION) -> dict[str, Any]:
    """The JSON Schema of a format version (the one export writes unless told otherwise)."""
    text = resources.files("als_desktop").joinpath("schemas", SCHEMA_FILES[version]).read_text(encoding="utf-8")
    return json.loads(text)


class RecordFileError(RecordError):
    """The file cannot be read as a patient record at all; `lines` say why, one per line."""

    def __init__(self, *lines: str) -> None:
        super().__init__(" ".join(lines))
        self.lines = lines


def read_record_file(path: Path) -> Any:
    """The JSON document in `path`, or RecordFileError saying why it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RecordFileError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise RecordFileError(f"{path} is a folder; give the patient record file itself.") from None
    except OSError as error:
        raise RecordFileError(f"Cannot read {path}: {error.strerror or error}.") from None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise RecordFileError(f"{path} is not a text file in UTF-8, so it is not a patient record.",
                              "Nothing was imported.") from None
    except json.JSONDecodeError as error:
        raise RecordFileError(f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.",
                              "Nothing was imported.") from None
