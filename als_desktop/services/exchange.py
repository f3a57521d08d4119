"""One patient's whole record as a JSON document, and back.

The format is described in docs/record-format.md and by the JSON Schemas shipped in
`als_desktop/schemas/` (export writes format version 2; version-1 files stay readable). Export
writes every column of every row (voided rows too) and, per row, the version it was at
(`base_version`), in a fixed order and without an export timestamp, so that exporting,
importing into another database and exporting again gives the same document.

Import checks the whole document first (`exchange_read`: the schema, the same field checks as
the forms, the database) and reports every problem with the path of the field; nothing is
written unless all of it is acceptable. Then each row is decided on its own (`exchange_merge`):
added, given the file's changes, left as the clinic has it, or — changed on both sides — a
conflict, which stops the import unless the importing user chose whose values to keep. An
import never undoes a void, never lowers a version and never rewrites an author.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from als_desktop import __version__
from als_desktop.models import Patient

from . import permissions, writer
from .exchange_format import (
    BASE_VERSION,
    FORMAT,
    FORMAT_VERSION,
    PATIENT,
    SCHEMA_FILE,
    RecordFileError,
    Section,
    column_kind,
    document_columns,
    read_record_file,
    schema,
    to_json,
)
from .exchange_merge import (
    Decision,
    apply_plans,
    check_one_live_per_topic,
    check_one_live_per_visit,
    describe,
    plan_import,
    row_conflict,
)
from .exchange_outcome import (
    KEEP_CLINIC,
    RESOLUTIONS,
    TAKE_FILE,
    ImportConflict,
    ImportResult,
    RowConflict,
    conflict_lines,
    outcome_lines,
)
from .exchange_read import PathProblems, read_document

# How the history names a file whose name the caller did not give.
UNNAMED_FILE = "a patient record file"

# ---------------------------------------------------------------------------- export


def export_row(row: Any, section: Section) -> dict[str, Any]:
    document = {column.key: to_json(getattr(row, column.key)) for column in document_columns(section)}
    document[BASE_VERSION] = row.version
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


# ---------------------------------------------------------------------------- import


def import_patient_record(
    session: Session, document: Any, author: writer.Actor | str, *, today: date | None = None,
    resolution: str | None = None, seen: frozenset[tuple[Any, int]] | None = None,
    source_name: str = UNNAMED_FILE,
) -> ImportResult:
    """Create or update the patient of `document` in the caller's transaction.

    Rows changed both in the file and here since the file was written raise ImportConflict
    (nothing written) unless `resolution` says whose values win: KEEP_CLINIC or TAKE_FILE.
    `seen`: the conflicts (RowConflict.key) the user chose for; one that arose since is refused
    rather than decided unseen. `source_name` names the file in the change history."""
    if resolution not in (None, *RESOLUTIONS):
        raise ValueError(f"unknown resolution {resolution!r}")
    actor = writer.as_actor(author)
    # Who may import is decided for the file, before it is read (services/permissions.py).
    permissions.clear_import(session, actor)
    items, exists = read_document(session, document, today or date.today())
    plans = plan_import(session, items)
    by_id = {item.row_id: item for item in items}
    conflicts = tuple(row_conflict(plan, by_id) for plan in plans if plan.decision is Decision.CONFLICT)
    if conflicts and resolution is None:
        raise ImportConflict(conflicts)
    if conflicts and seen is not None and not {conflict.key for conflict in conflicts} <= seen:
        raise ImportConflict(conflicts, changed_meanwhile=True)
    problems = PathProblems()
    check_one_live_per_visit(session, plans, resolution, problems)
    check_one_live_per_topic(session, plans, resolution, problems)
    problems.raise_if_any()
    apply_plans(session, plans, actor, resolution, source_name)

    def rows(decision: Decision) -> list[Any]:
        return [plan for plan in plans if plan.decision is decision]

    patient = session.get(Patient, items[0].row_id)
    assert patient is not None
    return ImportResult(
        patient_id=patient.id, mrn=patient.mrn, name=patient.display_name, created=not exists,
        inserted=len(rows(Decision.INSERT)),
        changed=len(rows(Decision.APPLY)) + (len(conflicts) if resolution == TAKE_FILE else 0),
        unchanged=len(rows(Decision.SAME)),
        clinic_newer=tuple(describe(plan.item, by_id, plan.stored) for plan in rows(Decision.CLINIC_NEWER)),
        kept_voided=tuple(describe(plan.item, by_id, plan.stored) for plan in rows(Decision.KEPT_VOID)),
        conflicts=conflicts, resolution=resolution if conflicts else None,
    )


def import_record_file(
    session: Session, path: str | Path, author: writer.Actor | str, resolution: str | None = None,
    seen: frozenset[tuple[Any, int]] | None = None,
) -> ImportResult:
    """Read a patient record file and import it (the window's File ▸ Import patient record…)."""
    path = Path(path)
    document = read_record_file(path)
    return import_patient_record(session, document, author, resolution=resolution, seen=seen,
                                 source_name=path.name)


def import_patient(session: Session, document: Any, author: writer.Actor | str, *, today: date | None = None) -> Patient:
    result = import_patient_record(session, document, author, today=today)
    patient = session.get(Patient, result.patient_id)
    assert patient is not None
    return patient


__all__ = [
    "BASE_VERSION", "FORMAT", "FORMAT_VERSION", "KEEP_CLINIC", "PATIENT", "SCHEMA_FILE", "TAKE_FILE",
    "ImportConflict", "ImportResult", "RecordFileError", "RowConflict", "Section", "column_kind",
    "conflict_lines", "document_columns", "export_patient", "import_patient", "import_patient_record",
    "import_record_file", "outcome_lines", "read_record_file", "schema",
]
