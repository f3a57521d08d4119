"""Team actions seen through to done: list them, mark them done, cancel or reopen them.

A team action is a task one discipline owns, with a due date; it is made from a prompt
(`decision_support.respond`) or by hand (`create_action`). It is open until someone marks it
done or cancels it, and a closed action can be reopened. Each of these is one change written by
`writer.change`, whose history entry records who, when, the status before and after, and the
note given, as the change's reason: the note is read back from there, so the record keeps one
account of it. An open action whose due date has passed is overdue.

Every use case works in the caller's transaction and never commits.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.db.unreadable import plain_rows
from als_desktop.domain import vocab
from als_desktop.domain.text_rules import TEXT_RULES, TextRule
from als_desktop.models import Patient, TeamAction
from als_desktop.models.history import ChangeEntry

from . import patient_records, writer
from .checks import Problems
from .errors import NotFoundError
from .queries import latest_visit_sites
from .records import check_dates, load_for_edit

# How long a closed action stays listed beside the open ones (on the Overview, in the plan and
# in `summary`): a choice of presentation, long enough to span the usual interval between two
# clinic visits, not a clinical threshold.
RECENTLY_CLOSED_DAYS = 90

OPEN, DONE, CANCELLED = "open", "done", "cancelled"
CLOSED = (DONE, CANCELLED)

NOTE = TextRule("Note", TEXT_RULES["reason"].max_length, multiline=True)
NOTE_NEEDED = {
    CANCELLED: "Say why the action is cancelled (for example 'patient declined the referral').",
    OPEN: "Say why the action is reopened (for example 'marked done on the wrong patient').",
}


# ---------------------------------------------------------------------------- what is listed


@dataclass(frozen=True)
class StatusChange:
    """The latest change of an action's status: to what, by whom, when and with which note."""

    status: str  # vocab.ACTION_STATUS code
    by: str
    at: datetime
    note: str | None


@dataclass(frozen=True)
class ActionRow:
    """One team action of a patient, as the panel, the plan and `summary` show it."""

    id: uuid.UUID
    version: int  # as read: marking it done or cancelling it refuses a stale list
    patient_id: uuid.UUID
    owner_discipline: str  # vocab.DISCIPLINE code
    description: str
    due_on: date | None
    status: str  # vocab.ACTION_STATUS code (as of the day asked for)
    completed_on: date | None
    source: str | None
    rule_id: str | None  # the prompt it was made from; None for an action made by hand
    created_by: str
    created_at: datetime
    overdue: bool  # open, and due before the day asked for
    last_change: StatusChange | None  # None while it was never closed nor reopened

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def owner_label(self) -> str:
        return vocab.label(vocab.DISCIPLINE, self.owner_discipline)

    @property
    def status_label(self) -> str:
        return vocab.label(vocab.ACTION_STATUS, self.status)

    @property
    def closed_on(self) -> date | None:
        """The day it was done (as recorded) or cancelled; None while open."""
        if self.is_open:
            return None
        if self.status == DONE and self.completed_on is not None:
            return self.completed_on
        return self.last_change.at.astimezone().date() if self.last_change is not None else None

    @property
    def note(self) -> str | None:
        return self.last_change.note if self.last_change is not None else None


@dataclass(frozen=True)
class PatientActions:
    """A patient's open actions (soonest due first: the overdue ones lead) and those closed
    within the last `closed_within_days` days (most recently closed first)."""

    today: date
    open: list[ActionRow]
    recently_closed: list[ActionRow]
    closed_within_days: int = RECENTLY_CLOSED_DAYS

    @property
    def rows(self) -> list[ActionRow]:
        return [*self.open, *self.recently_closed]

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in self.open)


def patient_actions(
    session: Session, patient_id: uuid.UUID, today: date, *,
    recorded_by: date | None = None, closed_within_days: int = RECENTLY_CLOSED_DAYS,
) -> PatientActions:
    """The patient's live team actions as of `today`.

    With `recorded_by` (a summary or a plan of a past day), only what was recorded on or
    before that day counts: an action made later is left out, one closed later is still open."""
    actions = list(session.scalars(
        select(TeamAction).where(TeamAction.patient_id == patient_id, TeamAction.voided_at.is_(None))))
    if recorded_by is not None:
        actions = [a for a in actions if a.created_at.astimezone().date() <= recorded_by]
    changes = _status_changes(session, [a.id for a in actions], recorded_by)
    rows = [_row(action, changes.get(action.id), today, recorded_by) for action in actions]
    since = today - timedelta(days=closed_within_days)
    open_rows = sorted((r for r in rows if r.is_open), key=_soonest_due)
    closed = [r for r in rows if not r.is_open and (r.closed_on is None or r.closed_on >= since)]
    closed.sort(key=lambda r: (r.closed_on or date.min, r.created_at), reverse=True)
    return PatientActions(today, open_rows, closed, closed_within_days)


def actions_for_plan(session: Session, patient_id: uuid.UUID, today: date, *,
                     recorded_by: date | None = None) -> PatientActions:
    """What a team plan lists: the open actions with the overdue ones marked, and those closed
    in the last RECENTLY_CLOSED_DAYS days."""
    return patient_actions(session, patient_id, today, recorded_by=recorded_by)


def _soonest_due(row: ActionRow) -> tuple:
    return (row.due_on is None, row.due_on or date.max, row.created_at)


def _row(action: TeamAction, change: StatusChange | None, today: date, recorded_by: date | None) -> ActionRow:
    status, completed_on = action.status, action.completed_on
    if recorded_by is not None and change is None and status != OPEN:
        # Closed after that day (or before the history was kept): it was open then.
        status, completed_on = OPEN, None
    elif change is not None and change.status != status:
        status = change.status
        completed_on = completed_on if status == DONE else None
    return ActionRow(
        id=action.id, version=action.version, patient_id=action.patient_id,
        owner_discipline=action.owner_discipline, description=action.description.strip(),
        due_on=action.due_on, status=status, completed_on=completed_on,
        source=action.source.strip() if action.source and action.source.strip() else None,
        rule_id=action.rule_id, created_by=action.created_by, created_at=action.created_at,
        overdue=status == OPEN and action.due_on is not None and action.due_on < today,
        last_change=change if change is not None and (change.status != OPEN or change.note) else None,
    )


def _status_changes(
    session: Session, action_ids: Sequence[uuid.UUID], recorded_by: date | None,
) -> dict[uuid.UUID, StatusChange]:
    """The latest recorded change of each action's status (its creation counts when it was
    recorded closed, as an imported action may be), from the change history."""
    if not action_ids:
        return {}
    entries = session.execute(
        select(ChangeEntry.row_id, ChangeEntry.operation, ChangeEntry.actor, ChangeEntry.recorded_at,
               ChangeEntry.reason, ChangeEntry.fields)
        .where(ChangeEntry.table_name == TeamAction.__tablename__, ChangeEntry.row_id.in_(action_ids))
        .order_by(ChangeEntry.seq)
    ).all()
    latest: dict[uuid.UUID, StatusChange] = {}
    for row_id, operation, actor, recorded_at, reason, fields in entries:
        if recorded_by is not None and recorded_at.astimezone().date() > recorded_by:
            continue
        new_status = _new_status(fields)
        if new_status is None or (operation == "create" and new_status == OPEN):
            continue
        latest[row_id] = StatusChange(new_status, actor, recorded_at, reason)
    return latest


def _new_status(fields: str) -> str | None:
    try:
        changed: Any = json.loads(fields)
    except ValueError:
        return None
    pair = changed.get("status") if isinstance(changed, dict) else None
    return pair[1] if isinstance(pair, list) and len(pair) == 2 and pair[1] in vocab.ACTION_STATUS else None


# ---------------------------------------------------------------------------- the clinic's open actions


@dataclass(frozen=True)
class ClinicActionRow:
    """An open team action of a living patient, for the clinic's worklist."""

    id: uuid.UUID
    version: int
    patient_id: uuid.UUID
    mrn: str
    given_name: str
    family_name: str
    site: str | None  # of the patient's latest visit; None before the first visit
    owner_discipline: str
    description: str
    due_on: date | None
    overdue: bool
    source: str | None
    rule_id: str | None
    created_by: str
    created_at: datetime

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def discipline_label(self) -> str:
        return vocab.label(vocab.DISCIPLINE, self.owner_discipline)


def open_actions(
    session: Session, today: date, site: str | None = None, discipline: str | None = None,
) -> list[ClinicActionRow]:
    """Every open team action of a living patient (of one site's and/or one owner's, or all):
    overdue first, then the soonest due (those with no due date last), in one query."""
    latest = latest_visit_sites()
    query = (
        select(TeamAction.id, TeamAction.version, Patient.id, Patient.mrn, Patient.given_name,
               Patient.family_name, latest.c.site, TeamAction.owner_discipline, TeamAction.description,
               TeamAction.due_on, TeamAction.source, TeamAction.rule_id, TeamAction.created_by,
               TeamAction.created_at)
        .join(Patient, Patient.id == TeamAction.patient_id)
        .outerjoin(latest, (latest.c.patient_id == Patient.id) & (latest.c.n == 1))
        .where(TeamAction.voided_at.is_(None), TeamAction.status == OPEN,
               Patient.voided_at.is_(None), Patient.date_of_death.is_(None))
    )
    if discipline is not None:
        query = query.where(TeamAction.owner_discipline == discipline)
    if site is not None:
        query = query.where(latest.c.site == site)
    rows = [
        ClinicActionRow(
            id=id_, version=version, patient_id=patient_id, mrn=mrn, given_name=given, family_name=family,
            site=site_, owner_discipline=owner, description=description.strip(), due_on=due_on,
            overdue=due_on is not None and due_on < today,
            source=source.strip() if source and source.strip() else None, rule_id=rule_id,
            created_by=created_by, created_at=created_at,
        )
        for (id_, version, patient_id, mrn, given, family, site_, owner, description, due_on, source, rule_id,
             created_by, created_at) in plain_rows(session, query)
    ]
    rows.sort(key=lambda r: (not r.overdue, r.due_on is None, r.due_on or date.max,
                             r.family_name.casefold(), r.given_name.casefold(), r.mrn, r.created_at))
    return rows


# ---------------------------------------------------------------------------- changing an action


def create_action(
    session: Session, patient_id: uuid.UUID, owner_discipline: str, description: str, due_on: date | None,
    author: str, *, visit_id: uuid.UUID | None = None, today: date | None = None,
) -> uuid.UUID:
    """A team action made by hand (not from a prompt), open; its id."""
    values: dict[str, Any] = {
        "owner_discipline": owner_discipline,
        "description": description.strip() if isinstance(description, str) else description,
        "due_on": due_on, "status": OPEN,
    }
    if visit_id is not None:
        values["visit_id"] = visit_id
    return patient_records.record_for_patient(session, TeamAction, patient_id, values, author, today=today).id


def action_version(session: Session, action_id: uuid.UUID) -> int:
    """The stored version of a live team action (the command line acts on it as it is now)."""
    action = session.get(TeamAction, action_id)
    if action is None or action.is_voided:
        raise NotFoundError("No team action with that id in the record (or it was voided).")
    return action.version


def mark_done(
    session: Session, action_id: uuid.UUID, base_version: int, author: str, *,
    note: str | None = None, done_on: date | None = None, today: date | None = None,
) -> TeamAction:
    """Mark an open action done (on `done_on`, by default today), with an optional note."""
    today = today or date.today()
    return _set_status(session, action_id, base_version, DONE, note, author,
                       completed_on=done_on or today, today=today)


def cancel(
    session: Session, action_id: uuid.UUID, base_version: int, note: str, author: str, *,
    today: date | None = None,
) -> TeamAction:
    """Cancel an open action; the note says why."""
    return _set_status(session, action_id, base_version, CANCELLED, note, author, today=today or date.today())


def reopen(
    session: Session, action_id: uuid.UUID, base_version: int, note: str, author: str, *,
    today: date | None = None,
) -> TeamAction:
    """Open a done or cancelled action again; the note says why."""
    return _set_status(session, action_id, base_version, OPEN, note, author, today=today or date.today())


def _set_status(
    session: Session, action_id: uuid.UUID, base_version: int, status: str, note: object, author: str, *,
    today: date, completed_on: date | None = None,
) -> TeamAction:
    action = load_for_edit(session, TeamAction, action_id, base_version)
    patient = session.get(Patient, action.patient_id)
    if patient is None or patient.is_voided:
        raise NotFoundError("That patient is not in the record (or was voided).")
    problems = Problems()
    if status == OPEN and action.status == OPEN:
        problems.add("status", "This team action is already open.")
    elif status != OPEN and action.status != OPEN:
        problems.add("status", f"This team action is already {vocab.label(vocab.ACTION_STATUS, action.status).lower()}: "
                               "reopen it first.")
    note = _checked_note(note, required=status in NOTE_NEEDED, problems=problems, status=status)
    values = {"status": status, "completed_on": completed_on}
    check_dates(TeamAction, values, patient, problems, today)
    problems.raise_if_any()
    return writer.change(session, action, values, author, reason=note)


def _checked_note(note: object, *, required: bool, problems: Problems, status: str) -> str | None:
    if note is None or (isinstance(note, str) and not note.strip()):
        if required:
            problems.add("note", NOTE_NEEDED[status])
        return None
    trimmed = note.strip() if isinstance(note, str) else note
    problems.text("note", trimmed, NOTE, required=required)
    return trimmed if isinstance(trimmed, str) else None


# ---------------------------------------------------------------------------- as other programs read it

ACTION_KEYS = ("id", "owner_discipline", "description", "due_on", "overdue", "status", "completed_on",
               "closed_on", "closed_by", "note", "source", "rule_id", "created_by", "created_at")


def as_document(actions: PatientActions) -> dict[str, Any]:
    """The actions as plain values for JSON (dates are date objects: the caller writes them)."""
    return {
        "open": [_document(row) for row in actions.open],
        "recently_closed": [_document(row) for row in actions.recently_closed],
        "recently_closed_days": actions.closed_within_days,
    }


def _document(row: ActionRow) -> dict[str, Any]:
    closed_by = row.last_change.by if row.last_change is not None and not row.is_open else None
    return {
        "id": str(row.id), "owner_discipline": row.owner_discipline, "description": row.description,
        "due_on": row.due_on, "overdue": row.overdue, "status": row.status, "completed_on": row.completed_on,
        "closed_on": row.closed_on, "closed_by": closed_by, "note": row.note, "source": row.source,
        "rule_id": row.rule_id, "created_by": row.created_by, "created_at": row.created_at,
    }


def lines(actions: PatientActions) -> Iterable[str]:
    """The actions as the command line's summary prints them."""
    if not actions.rows:
        yield "Team actions: none open"
        return
    yield f"Team actions ({len(actions.open)} open, {actions.overdue_count} overdue)"
    for row in actions.open:
        due = f"due {row.due_on:%d %b %Y}" if row.due_on else "no due date"
        yield f"  [{'OVERDUE' if row.overdue else 'OPEN'}] {row.owner_label}: {row.description}  ({due})"
    if actions.recently_closed:
        yield f"  Closed in the last {actions.closed_within_days} days:"
    for row in actions.recently_closed:
        when = f" {row.closed_on:%d %b %Y}" if row.closed_on else ""
        note = f" — {row.note}" if row.note else ""
        yield f"  [{row.status_label.upper()}{when}] {row.owner_label}: {row.description}{note}"


__all__ = [
    "ACTION_KEYS", "RECENTLY_CLOSED_DAYS", "ActionRow", "ClinicActionRow", "PatientActions", "StatusChange",
    "actions_for_plan", "as_document", "cancel", "create_action", "lines", "mark_done", "open_actions",
    "patient_actions", "reopen",
]
