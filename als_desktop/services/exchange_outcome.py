"""What an import did, or would do, in words a clinic user reads: the rows written, the rows
left as the clinic has them, and each conflict with the clinic's and the file's values.

Plain values only (no rows of the database), so the window can show them after the
transaction has ended and on another thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .errors import RecordError

KEEP_CLINIC = "keep_clinic"
TAKE_FILE = "take_file"
RESOLUTIONS = (KEEP_CLINIC, TAKE_FILE)

NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class FieldConflict:
    """One field of a conflicting row: what the clinic holds and what the file holds."""

    field: str
    clinic: str
    file: str
    label: str = ""  # as the forms name the field ("Weight"); the field's name when empty

    @property
    def name(self) -> str:
        return self.label or self.field


@dataclass(frozen=True)
class RowConflict:
    """A row changed both in the file and in the clinic since the file was written."""

    kind: str  # the kind of record ("weight", "visit", …)
    record: str  # which one, in words ("weight of the visit of 12 Mar 2024")
    row_id: uuid.UUID
    fields: tuple[FieldConflict, ...]
    changed_by: str  # who last changed the stored row, and when
    changed_at: datetime
    stored_version: int
    base_version: int | None
    file_version: int | None

    @property
    def key(self) -> tuple[uuid.UUID, int]:
        """The row and the stored version the conflict was seen at."""
        return (self.row_id, self.stored_version)


class ImportConflict(RecordError):
    """The file and the clinic both changed some rows; nothing was written.

    Import again choosing `KEEP_CLINIC` or `TAKE_FILE`; `conflicts` lists the rows."""

    def __init__(self, conflicts: tuple[RowConflict, ...], *, changed_meanwhile: bool = False) -> None:
        self.conflicts = conflicts
        count = len(conflicts)
        rows = f"{count} record{'s' if count != 1 else ''}"
        if changed_meanwhile:
            text = (f"The record changed here while the conflicts were being looked at: {rows} now "
                    "conflict. Nothing was imported: look at them again.")
        else:
            text = (f"{rows} {'were' if count != 1 else 'was'} changed both in this file and here since the "
                    "file was written. Nothing was imported: choose whether to keep the clinic's values "
                    "or take the file's.")
        super().__init__(text)


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote (or, refused by a conflict, would have written)."""

    patient_id: uuid.UUID
    mrn: str
    name: str
    created: bool  # the patient was not stored before
    inserted: int = 0  # rows added
    changed: int = 0  # stored rows given the file's changes (conflicts taken from the file included)
    unchanged: int = 0  # rows the file holds as stored
    clinic_newer: tuple[str, ...] = ()  # changed here since the file was written; the file did not change them
    kept_voided: tuple[str, ...] = ()  # voided here; the file's changes to them were not applied
    conflicts: tuple[RowConflict, ...] = ()
    resolution: str | None = None

    @property
    def written(self) -> bool:
        return bool(self.inserted or self.changed)


def shown(value: Any) -> str:
    """A value as a clinic user reads it in a list of differences."""
    if value is None:
        return NOT_RECORDED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value.astimezone():%d %b %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d %b %Y}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def outcome_lines(result: ImportResult, where: str = "") -> list[str]:
    """The outcome of an import, one sentence a line; `where` names the database (" in …")."""
    who = f"patient {result.mrn} ({result.name}){where}"
    if result.created:
        first = f"Created {who}: {plural(result.inserted, 'record')} added."
    elif result.written:
        first = (f"Updated {who}: {plural(result.inserted, 'record')} added, {result.changed} changed, "
                 f"{result.unchanged} already as in the file.")
    else:
        first = f"Nothing was changed for {who}: {plural(result.unchanged, 'record')} already as in the file."
    lines = [first]
    if result.clinic_newer:
        lines.append(f"Kept as changed here since the file was written ({len(result.clinic_newer)}): "
                     + "; ".join(result.clinic_newer) + ".")
    if result.kept_voided:
        lines.append(f"Kept voided ({len(result.kept_voided)}; an import never undoes a void, so the file's "
                     "changes to them were not applied): " + "; ".join(result.kept_voided) + ".")
    if result.conflicts:
        taken = "the file's values were taken" if result.resolution == TAKE_FILE else "the clinic's values were kept"
        lines.append(f"Changed on both sides ({len(result.conflicts)}), {taken}: "
                     + "; ".join(conflict.record for conflict in result.conflicts) + ".")
    return lines


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def conflict_lines(conflicts: tuple[RowConflict, ...]) -> list[str]:
    """Each conflicting row with both values of every differing field and who changed it here."""
    lines: list[str] = []
    for conflict in conflicts:
        base = conflict.base_version if conflict.base_version is not None else "?"
        file = conflict.file_version if conflict.file_version is not None else "?"
        lines.append(f"  {conflict.record}: changed here by {conflict.changed_by} on {shown(conflict.changed_at)} "
                     f"(version {base} to {conflict.stored_version}) and in the file (version {base} to {file}):")
        for difference in conflict.fields:
            lines.append(f"    {difference.name}: in the clinic {difference.clinic}; in the file {difference.file}")
    return lines
