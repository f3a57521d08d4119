"""The shape of the patient record file: its sections, its value kinds and its JSON Schemas,
and reading a file as JSON.

Shared by the export (`exchange.py`), the reading and checking of a file (`exchange_read.py`)
and the per-row merge (`exchange_merge.py`). The format is described in docs/record-format.md.
Version 2 adds, per row, `base_version`: the row's version when the file was written, so that
an import can tell a row changed in the file from one changed in the clinic since.
"""

from __future__ import annotations

import json
import os
import stat
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


LARGEST_INTEGER = 2**31 - 1


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
        try:
            return float(value)
        except OverflowError:
            raise ValueError("the number is far too large") from None
    if kind == "integer":
        number = int(value)
        # What both databases store in an INTEGER column; past it the driver fails, not a rule.
        if not -LARGEST_INTEGER <= number <= LARGEST_INTEGER:
            raise ValueError("the number is far too large")
        return number
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


# A record file of ten years of quarterly visits is well under 1 MB: 50 MB is no record file.
MAX_FILE_BYTES = 50 * 1024 * 1024
# The record nests patient → visits → a visit's records → their fields: a handful of levels.
MAX_NESTING = 32


def read_record_file(path: Path) -> Any:
    """The JSON document in `path`, or RecordFileError saying why it cannot be read.

    Only a regular file of at most MAX_FILE_BYTES is read, checked before reading (a device,
    a named pipe or a huge file is never read whole), nested at most MAX_NESTING levels deep.
    """
    data = _read_limited(path)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise RecordFileError(f"{path} is not a text file in UTF-8, so it is not a patient record.",
                              "Nothing was imported.") from None
    except json.JSONDecodeError as error:
        raise RecordFileError(f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.",
                              "Nothing was imported.") from None
    except RecursionError:  # nested deeper than the JSON reader can go
        raise _too_deep(path) from None
    if _nesting(document) > MAX_NESTING:
        raise _too_deep(path)
    return document


def _read_limited(path: Path) -> bytes:
    try:
        # Non-blocking, so a named pipe with no writer does not hang the import; then the open
        # file itself is checked, not whatever the name points at by then.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise RecordFileError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise _folder(path) from None
    except OSError as error:
        raise RecordFileError(f"Cannot read {path}: {error.strerror or error}.") from None
    found = os.fstat(handle)
    if not stat.S_ISREG(found.st_mode):
        os.close(handle)
        if stat.S_ISDIR(found.st_mode):
            raise _folder(path)
        raise RecordFileError(f"{path} is not a regular file (it is a device or a pipe), so it is not a "
                              "patient record.", "Nothing was imported.")
    if found.st_size > MAX_FILE_BYTES:
        os.close(handle)
        raise _too_big(path, found.st_size)
    with os.fdopen(handle, "rb") as stream:
        try:
            data = stream.read(MAX_FILE_BYTES + 1)  # the file may have grown since
        except OSError as error:
            raise RecordFileError(f"Cannot read {path}: {error.strerror or error}.") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(path, len(data))
    return data


def _folder(path: Path) -> RecordFileError:
    return RecordFileError(f"{path} is a folder; give the patient record file itself.")


def _too_big(path: Path, size: int) -> RecordFileError:
    return RecordFileError(
        f"{path} is too large for a patient record file: {size / 1024 / 1024:,.1f} MB, at most "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB.", "Nothing was imported.")


def _too_deep(path: Path) -> RecordFileError:
    return RecordFileError(
        f"{path} is nested too deeply for a patient record file: more than {MAX_NESTING} levels of "
        "lists and objects inside one another.", "Nothing was imported.")


def _nesting(document: Any) -> int:
    """How deep lists and objects sit inside one another (walked without recursion)."""
    deepest, waiting = 0, [(document, 1)]
    while waiting:
        value, depth = waiting.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            return deepest
        waiting.extend((child, depth + 1) for child in children)
    return deepest
