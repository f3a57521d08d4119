"""The only code that inserts, changes, voids or restores clinical rows.

Each function is given the acting user and workstation (`Actor`), checks each value against the
rule of its field (`records.check_fields`), refuses an edit based on a version that is no longer
the stored one (naming who changed it and when), and appends to the change history
(`models.history.ChangeEntry`) one entry per changed row in the same transaction: table, row,
patient, version before and after, each changed field's old and new value, operation, actor,
workstation and time. Use cases in `services/` call these; nothing else writes clinical rows.

Before writing, each function asks services/permissions.py whether the actor's roles allow it
(a person without the record's role is refused with RoleRequired unless they stated a reason:
break-glass, flagged in the audit trail); a program task (an Actor without roles) is not asked.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from als_desktop.domain.text_rules import TEXT_RULES, TextRule, text_problem
from als_desktop.models import (
    ClinicalRecord,
    ClinicSetting,
    Intervention,
    MedicationDose,
    Patient,
    Visit,
    utc_now,
)
from als_desktop.models.base import is_one_per_visit

from . import changes, permissions, records, trail
from .checks import Problems
from .errors import (
    NotFoundError,
    SecondAssessmentError,
    StaleRecordError,
    ValidationError,
)

Row = TypeVar("Row", bound=ClinicalRecord)
Values = Mapping[str, Any]

ENV_WORKSTATION = "ALS_DESKTOP_WORKSTATION"

# Kept by the writer itself; the history records a row's identity and authorship separately.
BOOKKEEPING = frozenset({"id", "version", "created_at", "created_by", "updated_at", "updated_by"})
VOID_FIELDS = ("voided_at", "voided_by", "void_reason")
# A restore's reason goes where a void's does (the history's reason), so it obeys the same rule.
VOID_REASON = TEXT_RULES["void_reason"]
RESTORE_REASON = replace(VOID_REASON, label="Reason for restoring")


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and on which workstation.

    The window and the command line make one only from a signed-in account
    (services/accounts.py `SignedIn.actor`), with the account's roles. `roles` None is a
    program task acting on its own (an upgrade, the demo generator), not a person.
    `break_glass` is the reason a person gave for writing without the role the record needs."""

    name: str
    workstation: str
    roles: frozenset[str] | None = None
    break_glass: str | None = None


def this_workstation() -> str:
    return (os.environ.get(ENV_WORKSTATION) or socket.gethostname() or "unknown")[:255]


def as_actor(author: Actor | str) -> Actor:
    """An Actor from an account name (on this workstation), or the Actor itself."""
    if isinstance(author, Actor):
        return author
    return Actor(author, this_workstation())


# ---------------------------------------------------------------------------- reading for an edit


def load_for_edit(session: Session, model: type[Row], row_id: uuid.UUID, base_version: int) -> Row:
    """The row to change, provided nobody changed it since the user loaded `base_version`."""
    row = session.get(model, row_id)
    name = records.record_name(model)
    if row is None:
        raise NotFoundError(f"This {name} no longer exists.")
    if row.version != base_version:
        raise StaleRecordError(
            f"This {name} was changed by {row.updated_by} at "
            f"{row.updated_at.astimezone():%d %b %Y %H:%M} after you opened it. Your change was "
            "not saved: the current entry is now shown; make your change again if it is still needed."
        )
    if row.is_voided:
        raise StaleRecordError(
            f"This {name} was voided by {row.voided_by} ({row.void_reason}); it can no longer be edited."
        )
    return row


# ---------------------------------------------------------------------------- writing


def create(
    session: Session, model: type[Row], values: Values, author: Actor | str, *,
    kept: Values | None = None, source: str | None = None,
) -> Row:
    """Insert a row. `kept` carries a row's identity, version and authorship from elsewhere (an
    imported file), recorded as they were; the history still names the actor who brought it in."""
    actor = as_actor(author)
    _check(model, values, creating=True)
    unauthorised = _permit(session, actor, "create", model, values)
    now = utc_now()
    if kept:
        # The table's INSERT, not the ORM's: the ORM would set version 1 whatever the file says.
        full = {"version": 1, "created_at": now, "created_by": actor.name, "updated_at": now,
                "updated_by": actor.name, **{k: v for k, v in kept.items() if v is not None}, **values}
        full.setdefault("id", uuid.uuid4())
        session.execute(insert(model.__table__), [full])
        row = session.get(model, full["id"])
        assert row is not None
    else:
        row = model(**values, created_by=actor.name, updated_by=actor.name, created_at=now, updated_at=now)
        session.add(row)
        _flush(session, model)
    fields = {column: [None, _plain(getattr(row, column))] for column in _columns(model)
              if column not in BOOKKEEPING and getattr(row, column) is not None}
    _append(session, actor, "create", row, None, fields, source=source, at=now, unauthorised=unauthorised)
    return row


def change(
    session: Session, row: Row, values: Values, author: Actor | str, *,
    reason: str | None = None, source: str | None = None,
) -> Row:
    """Change fields of a row already loaded for edit; nothing is written when nothing differs.

    Setting `voided_at` records a void, clearing it a restore (with `reason`)."""
    actor = as_actor(author)
    model = type(row)
    _check(model, {k: v for k, v in values.items() if k not in VOID_FIELDS}, creating=False)
    before = {field: getattr(row, field) for field in values}
    if all(_same(before[field], value) for field, value in values.items()):
        return row  # nothing to write, so nothing to permit
    operation = "change"
    if "voided_at" in values and not _same(before["voided_at"], values["voided_at"]):
        operation = "void" if values["voided_at"] is not None else "restore"
    unauthorised = _permit(session, actor, operation, model, values, row)
    version_before = row.version
    for field, value in values.items():
        setattr(row, field, value)
    changed = {field: [_plain(before[field]), _plain(getattr(row, field))]
               for field in values if not _same(before[field], getattr(row, field))}
    now = utc_now()
    row.updated_at = now
    row.updated_by = actor.name
    _flush(session, model)
    _append(session, actor, operation, row, version_before, changed, reason=reason, source=source, at=now,
            unauthorised=unauthorised)
    return row


def void(
    session: Session, model: type[Row], row_id: uuid.UUID, base_version: int, reason: str, author: Actor | str,
) -> Row:
    """Void a row with a reason: it stays in the record, marked as not to be relied on."""
    actor = as_actor(author)
    reason = _checked_reason(reason, "void_reason", VOID_REASON,
                             "Give a reason for voiding (for example 'entered on the wrong patient').")
    row = load_for_edit(session, model, row_id, base_version)
    return change(session, row, {"voided_at": utc_now(), "voided_by": actor.name, "void_reason": reason},
                  actor, reason=reason)


def restore(
    session: Session, model: type[Row], row_id: uuid.UUID, base_version: int, reason: str, author: Actor | str,
) -> Row:
    """Make a voided row count again, with a reason (an ordinary recorded change)."""
    reason = _checked_reason(reason, "restore_reason", RESTORE_REASON,
                             "Give a reason for restoring (for example 'voided by mistake').")
    name = records.record_name(model)
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"This {name} no longer exists.")
    if row.version != base_version:
        raise StaleRecordError(
            f"This {name} was changed by {row.updated_by} at {row.updated_at.astimezone():%d %b %Y %H:%M} "
            "after you opened it. Nothing was restored: look at it again.")
    if not row.is_voided:
        raise StaleRecordError(f"This {name} is not voided: there is nothing to restore.")
    _check_restorable(session, row)
    return change(session, row, dict.fromkeys(VOID_FIELDS), author, reason=reason)


def insert_many(
    session: Session, model: type, rows: list[dict[str, Any]], author: Actor | str, *,
    patient_of: Callable[[dict[str, Any]], uuid.UUID | None] | None = None, source: str | None = None,
    checked: bool = True,
) -> None:
    """Insert many complete rows at once (identity, version and authorship included) with their
    history entries, for bulk work such as the demo clinic."""
    if not rows:
        return
    actor = as_actor(author)
    if checked:
        for values in rows:
            _check(model, {k: v for k, v in values.items() if k not in BOOKKEEPING and k not in VOID_FIELDS},
                   creating=True)
    # Asked once per kind of intervention (once for any other record), before anything is written.
    unauthorised = {code: _permit(session, actor, "create", model, {"kind": code})
                    for code in dict.fromkeys(values.get("kind") if model is Intervention else None for values in rows)}
    session.execute(insert(model.__table__), rows)
    now = utc_now()
    table = model.__tablename__
    columns = [column for column in _columns(model) if column not in BOOKKEEPING]
    kind = _kind(model)
    entries = []
    for values in rows:
        patient_id = patient_of(values) if patient_of else _patient_id_of_values(session, model, values)
        entries.append({
            "recorded_at": now, "actor": actor.name, "workstation": actor.workstation, "operation": "create",
            "table_name": table, "row_id": values["id"], "patient_id": patient_id,
            "version_before": None, "version_after": values.get("version", 1),
            "fields": _dump({c: [None, _plain(values[c])] for c in columns if values.get(c) is not None}),
            "reason": None, "source": source,
        })
        permissions.flag(session, actor, patient_id, unauthorised[values.get("kind") if model is Intervention else None])
    trail.append(session, entries)
    owners = frozenset(entry["patient_id"] for entry in entries if entry["patient_id"] is not None)
    changes.note(session, patient_ids=owners, kind=kind, clinic_wide=model is ClinicSetting)


# ---------------------------------------------------------------------------- history


def _permit(
    session: Session, actor: Actor, operation: str, model: type, values: Values, row: Any = None,
) -> tuple[str, ...]:
    """Ask whether `actor` may write this row of `model` (RoleRequired if not); returns what it
    writes without the role under a stated reason. An intervention by its kind: a change of
    kind (`row` the stored one) needs the roles of both."""
    kind = _kind(model)
    if model is not Intervention:
        return permissions.check(session, actor, operation, kind)
    new = values.get("kind", getattr(row, "kind", None))
    return permissions.check(session, actor, operation, kind, (new,) if row is None else (row.kind, new))


def _append(
    session: Session, actor: Actor, operation: str, row: ClinicalRecord, version_before: int | None,
    fields: dict[str, list[Any]], *, reason: str | None = None, source: str | None = None, at: datetime,
    unauthorised: tuple[str, ...] = (),
) -> None:
    patient_id = patient_of(session, row)
    permissions.flag(session, actor, patient_id, unauthorised)
    trail.append(session, [{
        "recorded_at": at, "actor": actor.name, "workstation": actor.workstation, "operation": operation,
        "table_name": type(row).__tablename__, "row_id": row.id, "patient_id": patient_id,
        "version_before": version_before, "version_after": row.version, "fields": _dump(fields),
        "reason": reason, "source": source,
    }])
    changes.note(session, patient_id=patient_id, kind=_kind(type(row)), clinic_wide=isinstance(row, ClinicSetting))


def patient_of(session: Session, row: ClinicalRecord) -> uuid.UUID | None:
    """Whose record a row belongs to (None for clinic-wide rows such as settings)."""
    if isinstance(row, Patient):
        return row.id
    if isinstance(row, MedicationDose):
        return row.medication.patient_id
    patient_id = getattr(row, "patient_id", None)
    if patient_id is not None:
        return patient_id
    visit_id = getattr(row, "visit_id", None)
    if visit_id is not None:
        visit = session.get(Visit, visit_id)
        return visit.patient_id if visit is not None else None
    return None


def _patient_id_of_values(session: Session, model: type, values: Mapping[str, Any]) -> uuid.UUID | None:
    if model is Patient:
        return values["id"]
    if values.get("patient_id") is not None:
        return values["patient_id"]
    if values.get("visit_id") is not None:
        return session.scalar(select(Visit.patient_id).where(Visit.id == values["visit_id"]))
    if values.get("medication_id") is not None:
        from als_desktop.models import Medication

        return session.scalar(select(Medication.patient_id).where(Medication.id == values["medication_id"]))
    return None


def _kind(model: type) -> str:
    from .kinds import KINDS

    return KINDS.get(model, model.__tablename__)


def plain(value: Any) -> Any:
    """A value as the history and the record file write it (JSON)."""
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _dump(fields: Mapping[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, float) or isinstance(new, float):
        return old is not None and new is not None and float(old) == float(new)
    return old == new and type(old) is type(new) or (old is None and new is None)


def _columns(model: type) -> Iterable[str]:
    return [column.key for column in model.__table__.columns]


# ---------------------------------------------------------------------------- checks


def _check(model: type, values: Values, *, creating: bool) -> None:
    problems = Problems()
    records.check_fields(model, values, problems, creating=creating)
    problems.raise_if_any()


def _checked_reason(reason: object, field: str, rule: TextRule, missing: str) -> str:
    """The reason for a void or a restore, trimmed, once it obeys the rule of any reason field:
    it is stored on the row and in the history, and shown and printed wherever the entry is."""
    if reason is None or (isinstance(reason, str) and not reason.strip()):
        raise ValidationError({field: missing})
    problem = text_problem(rule, reason.strip() if isinstance(reason, str) else reason, required=True)
    if problem:
        raise ValidationError({field: problem})
    assert isinstance(reason, str)
    return reason.strip()


def _check_restorable(session: Session, row: ClinicalRecord) -> None:
    """A restored row must fit the record as it now is."""
    name = records.record_name(type(row))
    visit_id = getattr(row, "visit_id", None)
    if visit_id is not None:
        visit = session.get(Visit, visit_id)
        if visit is not None and visit.is_voided:
            raise ValidationError({"restore_reason": f"The visit of this {name} is voided: restore the visit first."})
        if is_one_per_visit(type(row)):
            model = type(row)
            live = session.scalars(
                select(model).where(model.visit_id == visit_id, model.voided_at.is_(None))).first()
            if live is not None:
                raise SecondAssessmentError(
                    f"This visit already has a live {name} (recorded by {live.created_by}): void that one "
                    "first if this one is the right one.", live.id)
    patient_id = getattr(row, "patient_id", None)
    if patient_id is not None:
        patient = session.get(Patient, patient_id)
        if patient is not None and patient.is_voided:
            raise ValidationError({"restore_reason": f"The patient of this {name} is voided: restore the patient first."})


def _flush(session: Session, model: type) -> None:
    try:
        session.flush()
    except StaleDataError as error:
        raise StaleRecordError(
            f"This {records.record_name(model)} was changed on another workstation while you were saving. "
            "Your change was not saved: reload and make it again."
        ) from error


__all__ = ["Actor", "as_actor", "change", "create", "insert_many", "load_for_edit", "patient_of", "plain",
           "restore", "this_workstation", "void"]
