"""Audit events and reading the audit trail (the change history with its events).

An event says who did what, when, on which workstation, to whose record, and how it ended:
a record opened, printed, exported or reported, an import, a sign-in (and a failed one), a
sign-out, a lock, a write without the role (break-glass), a change of accounts or settings.
It is appended to the same chained sequence as the changes (services/trail.py).
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.domain.audit_events import EVENTS, OUTCOMES, event_label
from als_desktop.models import Patient, utc_now
from als_desktop.models.history import ChangeEntry

from . import kinds, trail
from .errors import NotFoundError

OPERATION_LABELS = {"create": "Added", "change": "Changed", "void": "Voided", "restore": "Restored",
                    "existing": "Recorded before history was kept"}


def record(
    session: Session, actor: object, event: str, *, patient_id: uuid.UUID | None = None,
    outcome: str = "done", detail: str | None = None, source: str | None = None,
) -> None:
    """Append one event in the session's transaction. `actor` is a writer.Actor (or anything with
    `name` and `workstation`: the name typed at a failed sign-in)."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    trail.append(session, [{
        "recorded_at": utc_now(), "actor": str(actor.name)[:80], "workstation": actor.workstation,  # type: ignore[attr-defined]
        "operation": "event", "event": event, "outcome": outcome, "patient_id": patient_id,
        "reason": detail, "source": source,
    }])


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    workstation: str
    mrn: str | None
    patient: str | None
    action: str  # "Opened the record", "Changed visit" …
    outcome: str
    detail: str
    break_glass: bool

    def as_row(self) -> list[str]:
        return [str(self.seq), self.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), self.actor, self.workstation,
                self.mrn or "", self.patient or "", self.action, self.outcome, self.detail]


CSV_HEADER = ["Entry", "When", "Who", "Workstation", "MRN", "Patient", "Action", "Outcome", "Detail"]


@dataclass(frozen=True)
class AuditFilter:
    mrn: str | None = None
    user: str | None = None
    since: date | None = None
    events_only: bool = False
    break_glass_only: bool = False
    limit: int | None = 5000


def entries(session: Session, wanted: AuditFilter = AuditFilter()) -> list[AuditEntry]:
    """The trail newest first, filtered."""
    query = select(ChangeEntry).order_by(ChangeEntry.seq.desc())
    if wanted.mrn:
        patient_id = session.scalar(select(Patient.id).where(Patient.mrn == wanted.mrn.strip()))
        if patient_id is None:
            raise NotFoundError(f"No patient has MRN {wanted.mrn.strip()}.")
        query = query.where(ChangeEntry.patient_id == patient_id)
    if wanted.user:
        query = query.where(ChangeEntry.actor == wanted.user.strip().lower())
    if wanted.since:
        query = query.where(ChangeEntry.recorded_at >= datetime.combine(wanted.since, time(), tzinfo=UTC))
    if wanted.events_only:
        query = query.where(ChangeEntry.operation == "event")
    if wanted.break_glass_only:
        query = query.where(ChangeEntry.event == "break_glass")
    if wanted.limit:
        query = query.limit(wanted.limit)
    found = session.scalars(query).all()
    return _readable(session, found)


def who_opened(session: Session, patient_id: uuid.UUID) -> list[AuditEntry]:
    found = session.scalars(select(ChangeEntry).where(ChangeEntry.patient_id == patient_id,
                                                      ChangeEntry.event == "open_record")
                            .order_by(ChangeEntry.seq.desc())).all()
    return _readable(session, found)


def _readable(session: Session, found: Sequence[ChangeEntry]) -> list[AuditEntry]:
    patient_ids = {entry.patient_id for entry in found if entry.patient_id is not None}
    named = {}
    if patient_ids:
        for patient in session.execute(select(Patient.id, Patient.mrn, Patient.given_name, Patient.family_name)
                                       .where(Patient.id.in_(patient_ids))):
            named[patient.id] = (patient.mrn, f"{patient.family_name}, {patient.given_name}")
    return [_entry(entry, named.get(entry.patient_id) if entry.patient_id else None) for entry in found]


def _entry(entry: ChangeEntry, patient: tuple[str, str] | None) -> AuditEntry:
    if entry.operation == "event":
        action = event_label(entry.event)
        detail = " — ".join(part for part in (entry.reason, entry.source) if part)
    else:
        kind = kinds.BY_TABLE.get(entry.table_name or "")
        action = f"{OPERATION_LABELS.get(entry.operation, entry.operation)} {kinds.NAMES.get(kind, entry.table_name)}"
        detail = entry.reason or ""
    return AuditEntry(
        seq=entry.seq, at=entry.recorded_at, actor=entry.actor, workstation=entry.workstation,
        mrn=patient[0] if patient else None, patient=patient[1] if patient else None, action=action,
        outcome=OUTCOMES.get(entry.outcome or "done", entry.outcome or ""), detail=detail,
        break_glass=entry.event == "break_glass",
    )


def write_csv(found: Iterable[AuditEntry], stream: IO[str]) -> None:
    out = csv.writer(stream)
    out.writerow(CSV_HEADER)
    for entry in found:
        out.writerow(entry.as_row())
