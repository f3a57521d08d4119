"""Audit events and reading the audit trail (the change history with its events).

An event says who did what, when, on which workstation, to whose record, and how it ended:
a record opened, printed, exported or reported, an import, a sign-in (and a failed one), a
sign-out, a lock, a write without the role (break-glass), a change of accounts or settings.
It is appended to the same chained sequence as the changes (services/trail.py).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from als_desktop.domain.audit_events import EVENTS, OUTCOMES, event_label
from als_desktop.domain.roles import ADMINISTRATOR
from als_desktop.models import Patient, utc_now
from als_desktop.models.history import ChangeEntry

from . import kinds, trail
from .errors import NotFoundError, RoleRequired, ValidationError

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
        # Account names are lower-case; authors recorded before accounts existed may not be.
        query = query.where(func.lower(ChangeEntry.actor) == wanted.user.strip().lower())
    if wanted.since:
        # From midnight of that day where the clinic is, as the times are shown.
        query = query.where(ChangeEntry.recorded_at >= datetime.combine(wanted.since, time()).astimezone())
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


# A spreadsheet reads a cell starting with one of these as a formula. A name typed at a failed
# sign-in is recorded as typed, so text is written with a leading apostrophe (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(found: Iterable[AuditEntry], stream: IO[str]) -> None:
    out = csv.writer(stream)
    out.writerow(CSV_HEADER)
    for entry in found:
        out.writerow(["'" + cell if cell.startswith(FORMULA_STARTS) else cell for cell in entry.as_row()])


# ---------------------------------------------------------------------------- use cases
# The window's and the command line's ways in: each reading of the trail is itself an event,
# and what is exported, printed or reported is recorded once it went through.


def _require_administrator(actor: object) -> None:
    roles = getattr(actor, "roles", None)
    # None: a program task (an upgrade), not a person.
    if roles is not None and ADMINISTRATOR not in roles:
        raise RoleRequired("Only an administrator can read the audit trail.", (ADMINISTRATOR,))


def filter_text(wanted: AuditFilter) -> str:
    """The filters in words, for the event that records a reading ("" without any)."""
    parts = []
    if wanted.mrn:
        parts.append(f"patient {wanted.mrn.strip()}")
    if wanted.user:
        parts.append(f"user {wanted.user.strip().lower()}")
    if wanted.since:
        parts.append(f"since {wanted.since.isoformat()}")
    if wanted.events_only:
        parts.append("events only")
    if wanted.break_glass_only:
        parts.append("break-glass only")
    return ", ".join(parts)


def _patient_of(session: Session, wanted: AuditFilter) -> uuid.UUID | None:
    if not wanted.mrn:
        return None
    return session.scalar(select(Patient.id).where(Patient.mrn == wanted.mrn.strip()))


def read_trail(session: Session, actor: object, wanted: AuditFilter = AuditFilter()) -> list[AuditEntry]:
    """Admin ▸ Audit log: the trail newest first, filtered; the reading is recorded."""
    _require_administrator(actor)
    found = entries(session, wanted)
    filters = filter_text(wanted)
    record(session, actor, "audit", patient_id=_patient_of(session, wanted),
           detail="read the audit trail" + (f" ({filters})" if filters else ""))
    return found


def check_trail(session: Session, actor: object) -> trail.Verdict:
    """Walk the whole chain (services/trail.verify). The check is recorded before the walk, as
    the command line does, so the head shown is the newest entry and can be kept as it is."""
    _require_administrator(actor)
    record(session, actor, "audit", detail="verified the chain")
    return trail.verify(session.connection())


def check_kept_head(session: Session, actor: object, hash_text: str) -> trail.KeptHead:
    """Where a head hash kept outside the program stands in the trail now (ValidationError when
    it is not a hash); recorded like every reading of the trail."""
    _require_administrator(actor)
    try:
        kept = trail.check_kept_head(session.connection(), hash_text)
    except ValueError as error:
        raise ValidationError({"kept_head": f"Kept head: {error}."}) from None
    record(session, actor, "audit", detail=f"checked a kept head hash ({kept.hash[:12]}…)")
    return kept


def export_trail_csv(session: Session, actor: object, wanted: AuditFilter, path: str | Path,
                     replace: bool = False) -> int:
    """Write the filtered trail to `path` as CSV (owner-only, never half a file) and record the
    export; the number of entries written. `replace`: the person agreed to replace the file."""
    from als_desktop.files import write_atomically

    _require_administrator(actor)
    found = entries(session, wanted)
    text = io.StringIO()
    write_csv(found, text)
    target = Path(path)
    # With a byte-order mark, as the worklist's CSV: spreadsheets then read names and dashes right.
    write_atomically(target, text.getvalue().encode("utf-8-sig"), replace=replace)
    filters = filter_text(wanted)
    record(session, actor, "audit", patient_id=_patient_of(session, wanted), source=target.name,
           detail=f"exported {len(found)} entries of the audit trail as CSV" + (f" ({filters})" if filters else ""))
    return len(found)


def read_who_opened(session: Session, actor: object, patient_id: uuid.UUID) -> list[AuditEntry]:
    """"Who opened this record", for any clinic member; looking is itself recorded."""
    found = who_opened(session, patient_id)
    record(session, actor, "audit", patient_id=patient_id, detail="looked at who opened the record")
    return found


def record_in(database: Any, actor: object, event: str, *, patient_id: uuid.UUID | None = None,
              outcome: str = "done", detail: str | None = None, source: str | None = None) -> None:
    """One event in a small transaction of its own: an export, print or report that went
    through outside any write (the file is written, the page printed)."""
    with database.transaction() as session:
        record(session, actor, event, patient_id=patient_id, outcome=outcome, detail=detail, source=source)


def import_record_file(session: Session, path: str | Path, author: Any, resolution: str | None = None,
                       seen: frozenset[tuple[Any, int]] | None = None) -> Any:
    """File ▸ Import patient record…: the import and its event in one transaction, so an import
    refused (a conflict, a bad file) leaves no event and one written always has it."""
    from .exchange import import_record_file as import_file

    result = import_file(session, path, author, resolution, seen)
    written = (f"{result.inserted} added, {result.changed} changed, {result.unchanged} unchanged"
               + (f"; conflicts decided: {result.resolution}" if result.resolution else ""))
    record(session, author, "import", patient_id=result.patient_id, source=Path(path).name,
           detail=("new patient; " if result.created else "") + written)
    return result
