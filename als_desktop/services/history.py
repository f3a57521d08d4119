"""The change history as a clinician reads it, and restoring a voided entry.

`patient_history` and `row_history` read the append-only history (`models.history.ChangeEntry`)
newest first, into plain dataclasses with the words the window and the command line show:
when (local time), who, on which workstation, what was done, to which record, and each changed
field with its label and old → new value. `restore_record` makes a voided entry count again,
with a reason, through the writer: the restore is itself an entry of the history.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.db.unreadable import UnreadableRows, left_out_of
from als_desktop.domain import vocab
from als_desktop.models import CarePlanningDecision, Medication, Patient, Visit
from als_desktop.models.history import ChangeEntry

from . import history_text, kinds, records, writer
from .errors import NotFoundError, ValidationError
from .history_text import field_label, time_text, value_text
from .patients import patient_by_mrn

OPERATION_WORDS = {
    "create": "created",
    "change": "changed",
    "void": "voided",
    "restore": "restored",
    "existing": "recorded before history was kept",
}

# Rows a create names by their parent ("weight of the visit of …"): the link is not repeated.
NAMED_BY_PARENT = ("patient_id", "visit_id", "medication_id")
CHUNK = 500


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry: its label and its value before and after, as the screens show them."""

    field: str
    label: str
    old: str
    new: str
    old_value: Any  # as stored (JSON)
    new_value: Any
    text: str  # "Weight: 72 kg → 70.5 kg", or "Weight: 72 kg" for a new entry


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    recorded_at: datetime  # UTC
    when: str  # local time, "03 Mar 2026 14:05"
    actor: str
    workstation: str
    operation: str  # create, change, void, restore, existing
    what: str  # the operation in words: "voided"
    kind: str  # services.kinds name: "weight"
    record: str  # "weight", "ALSFRS-R assessment"
    description: str  # "weight of the visit of 03 Mar 2026"
    row_id: uuid.UUID
    version_before: int | None
    version_after: int
    changes: tuple[FieldChange, ...]
    fields: dict[str, list[Any]]  # as stored: {field: [old, new]}
    reason: str | None
    source: str | None
    # The row as it is now, so a voided one can be restored from any of its entries.
    current_version: int | None
    voided_now: bool

    @property
    def summary(self) -> str:
        return f"{self.what.capitalize()}: {self.description}"


@dataclass(frozen=True)
class RowHistory:
    """Every version of one row, newest first, and how the row stands now."""

    kind: str
    row_id: uuid.UUID
    record: str
    description: str
    patient_id: uuid.UUID | None
    version: int | None
    voided: bool
    voided_by: str | None
    void_reason: str | None
    entries: tuple[HistoryEntry, ...]
    # Entries another program wrote that cannot be read: left out, and named here.
    left_out: UnreadableRows = UnreadableRows()


@dataclass(frozen=True)
class PatientHistory:
    """Every change to a patient's record, newest first."""

    patient_id: uuid.UUID | None  # None for the clinic-wide history
    mrn: str
    name: str
    entries: tuple[HistoryEntry, ...]
    left_out: UnreadableRows = UnreadableRows()


# ---------------------------------------------------------------------------- reading

HISTORY = ChangeEntry.__table__
# The history shows changes; the audit events kept in the same sequence have their own views
# (services/audit.py).
CHANGES = ChangeEntry.operation != "event"


def patient_history(session: Session, patient_id: uuid.UUID) -> PatientHistory:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError("That patient is not in the record.")
    entries = session.scalars(select(ChangeEntry).where(ChangeEntry.patient_id == patient_id, CHANGES)
                              .order_by(ChangeEntry.seq.desc())).all()
    return PatientHistory(patient.id, patient.mrn, patient.display_name, _readable(session, patient.id, entries),
                          left_out_of(session, HISTORY, HISTORY.c.patient_id == patient_id))


def clinic_history_left_out(session: Session) -> UnreadableRows:
    return left_out_of(session, HISTORY, HISTORY.c.patient_id.is_(None))


def clinic_history(session: Session) -> tuple[HistoryEntry, ...]:
    """Every change that belongs to no patient (the clinic settings and details), newest first."""
    entries = session.scalars(select(ChangeEntry).where(ChangeEntry.patient_id.is_(None), CHANGES)
                              .order_by(ChangeEntry.seq.desc())).all()
    return _readable(session, None, entries)


def patient_history_by_mrn(session: Session, mrn: str) -> PatientHistory:
    return patient_history(session, patient_by_mrn(session, mrn).id)


def row_history(session: Session, row_id: uuid.UUID) -> RowHistory:
    entries = session.scalars(select(ChangeEntry).where(ChangeEntry.row_id == row_id)
                              .order_by(ChangeEntry.seq.desc())).all()
    if not entries:
        raise NotFoundError("This entry has no recorded history.")
    readable = _readable(session, entries[0].patient_id, entries)
    latest = readable[0]
    model = _model_of_table(entries[0].table_name)
    row = session.get(model, row_id) if model is not None else None
    return RowHistory(
        kind=latest.kind, row_id=row_id, record=latest.record, description=latest.description,
        patient_id=entries[0].patient_id, version=row.version if row is not None else None,
        voided=bool(row is not None and row.is_voided), voided_by=getattr(row, "voided_by", None),
        void_reason=getattr(row, "void_reason", None), entries=readable,
        left_out=left_out_of(session, HISTORY, HISTORY.c.row_id == row_id),
    )


def _model_of_table(table: str) -> type | None:
    kind = kinds.BY_TABLE.get(table)
    return kinds.MODELS[kind] if kind is not None else None


def _readable(session: Session, patient_id: uuid.UUID | None, entries: Sequence[ChangeEntry]) -> tuple[HistoryEntry, ...]:
    visit_days: dict[uuid.UUID, date] = {}
    drugs: dict[uuid.UUID, str] = {}
    if patient_id is not None:
        visit_days = {visit_id: day for visit_id, day in session.execute(
            select(Visit.id, Visit.visit_date).where(Visit.patient_id == patient_id))}
        drugs = {medication_id: drug for medication_id, drug in session.execute(
            select(Medication.id, Medication.drug_name).where(Medication.patient_id == patient_id))}
    rows = _rows(session, entries)
    named = {row_id: history_text.describe(row, visit_days, drugs) for row_id, row in rows.items()}
    links = history_text.links_for(visit_days, drugs, named)
    return tuple(_entry(entry, rows.get(entry.row_id), named, links) for entry in entries)


def _rows(session: Session, entries: Iterable[ChangeEntry]) -> dict[uuid.UUID, Any]:
    """The rows the entries are about, as they are now, read table by table."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for entry in entries:
        wanted.setdefault(entry.table_name, set()).add(entry.row_id)
    rows: dict[uuid.UUID, Any] = {}
    for table, ids in wanted.items():
        model = _model_of_table(table)
        if model is None:
            continue
        listed = sorted(ids)
        for start in range(0, len(listed), CHUNK):
            for row in session.scalars(select(model).where(model.id.in_(listed[start:start + CHUNK]))):
                rows[row.id] = row
    return rows


def _entry(entry: ChangeEntry, row: Any, named: Mapping[uuid.UUID, str], links: Mapping[str, str]) -> HistoryEntry:
    model = _model_of_table(entry.table_name)
    kind = kinds.BY_TABLE.get(entry.table_name, entry.table_name)
    record = records.record_name(model) if model is not None else entry.table_name
    fields = json.loads(entry.fields)
    return HistoryEntry(
        seq=entry.seq, recorded_at=entry.recorded_at, when=time_text(entry.recorded_at), actor=entry.actor,
        workstation=entry.workstation, operation=entry.operation,
        what=OPERATION_WORDS.get(entry.operation, entry.operation), kind=kind, record=record,
        description=named.get(entry.row_id, record), row_id=entry.row_id, version_before=entry.version_before,
        version_after=entry.version_after,
        changes=_changes(model, entry.operation, fields, links) if model is not None else (),
        fields=fields, reason=entry.reason, source=entry.source,
        current_version=row.version if row is not None else None,
        voided_now=bool(row is not None and row.is_voided),
    )


def _changes(model: type, operation: str, fields: Mapping[str, list[Any]], links: Mapping[str, str]) -> tuple[FieldChange, ...]:
    new_entry = operation in ("create", "existing")
    # Column order, as the forms show them, rather than the stored alphabetical order.
    order = [column.key for column in model.__table__.columns if column.key in fields]
    order += [field for field in fields if field not in order]
    shown = []
    for field in order:
        if new_entry and field in NAMED_BY_PARENT and not _link_is_news(model, field):
            continue
        if field == "key" and model.__tablename__ == "clinic_settings":
            continue  # the description names the setting
        if operation in ("void", "restore") and field in writer.VOID_FIELDS:
            continue  # the operation, who, when and the reason say it
        old_value, new_value = fields[field]
        label = field_label(model, field)
        old, new = value_text(model, field, old_value, links), value_text(model, field, new_value, links)
        text = f"{label}: {new}" if new_entry and old_value is None else f"{label}: {old} → {new}"
        shown.append(FieldChange(field, label, old, new, old_value, new_value, text))
    return tuple(shown)


def _link_is_news(model: type, field: str) -> bool:
    """A team action's visit is not part of its name, so it is shown."""
    return model.__tablename__ == "team_actions" and field == "visit_id"


# ---------------------------------------------------------------------------- restoring


def restore_record(
    session: Session, kind: str, row_id: uuid.UUID, base_version: int, reason: str, author: writer.Actor | str,
) -> int:
    """Make a voided entry count again, with a reason; returns its new version.

    Refused when the entry changed since `base_version`, is not voided, or would no longer fit
    the record (its visit or patient voided, the visit already has a live one of its kind, the
    topic already has a live advance care planning decision)."""
    model = kinds.model_of(kind)
    if model is CarePlanningDecision:
        _check_topic_free(session, row_id)
    return writer.restore(session, model, row_id, base_version, reason, author).version


def _check_topic_free(session: Session, row_id: uuid.UUID) -> None:
    decision = session.get(CarePlanningDecision, row_id)
    if decision is None or not decision.is_voided:
        return  # the writer says why it cannot be restored
    live = session.scalars(select(CarePlanningDecision).where(
        CarePlanningDecision.patient_id == decision.patient_id, CarePlanningDecision.topic == decision.topic,
        CarePlanningDecision.voided_at.is_(None))).first()
    if live is not None:
        topic = vocab.label(vocab.ACP_TOPIC, decision.topic).lower()
        raise ValidationError({"topic": f"This patient already has a decision on {topic} (recorded by "
                                        f"{live.created_by}): void that one first if this one is the right one."})


__all__ = ["OPERATION_WORDS", "FieldChange", "HistoryEntry", "PatientHistory", "RowHistory", "patient_history",
           "patient_history_by_mrn", "restore_record", "row_history"]
