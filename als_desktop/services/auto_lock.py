"""How long a workstation may sit without input before the window locks itself.

HIPAA §164.312(a)(2)(iii) asks for an automatic logoff after "a predetermined time of
inactivity" and leaves the time to the clinic. It is kept as one clinic setting row under its
own key (like the clinic details): services.settings reads only the clinical settings' keys,
so this row never reaches a prompt, and the whole clinic works with the same value.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.domain.roles import ADMINISTRATOR
from als_desktop.models import ClinicSetting

from . import audit
from .errors import AccountError, ValidationError
from .records import change_row, new_row
from .writer import Actor

log = logging.getLogger(__name__)

KEY = "security.auto_lock_minutes"
DEFAULT_MINUTES = 15
# One minute is the shortest a busy clinic can work with; an hour the longest a screen
# showing a record should stay open unattended.
SHORTEST, LONGEST = 1, 60
LABEL = "Lock the window after this many minutes without input"


def auto_lock_minutes(session: Session) -> int:
    """The minutes in force: the stored value, else the default (a value that no longer reads,
    e.g. after a hand edit, falls back to the default and is logged)."""
    row = session.scalar(select(ClinicSetting).where(ClinicSetting.key == KEY, ClinicSetting.voided_at.is_(None)))
    if row is None:
        return DEFAULT_MINUTES
    minutes, problem = parse_minutes(row.value)
    if problem:
        log.warning("stored %s=%r ignored (%s); %s minutes are in force", KEY, row.value, problem, DEFAULT_MINUTES)
        return DEFAULT_MINUTES
    return minutes


def parse_minutes(raw: object) -> tuple[int, str | None]:
    text = str(raw).strip() if raw is not None else ""
    try:
        number = float(text)
    except ValueError:
        return DEFAULT_MINUTES, f"'{text}' is not a number of minutes."
    if not number.is_integer() or not SHORTEST <= number <= LONGEST:
        return DEFAULT_MINUTES, f"give whole minutes from {SHORTEST} to {LONGEST}."
    return int(number), None


def save_auto_lock_minutes(session: Session, minutes: object, by: Actor) -> int:
    """Store a new time (administrators only); an audit event says who changed it."""
    if by.roles is not None and ADMINISTRATOR not in by.roles:
        raise AccountError("Only an administrator can change when the window locks itself.")
    value, problem = parse_minutes(minutes)
    if problem:
        raise ValidationError({KEY: f"{LABEL}: {problem}"})
    row = session.scalar(select(ClinicSetting).where(ClinicSetting.key == KEY))
    before = auto_lock_minutes(session)
    if row is None:
        new_row(session, ClinicSetting, {"key": KEY, "value": str(value)}, by)
    elif row.value != str(value) or row.is_voided:
        change_row(session, row, {"value": str(value), "voided_at": None, "voided_by": None, "void_reason": None}, by)
    if value != before:
        audit.record(session, by, "settings", detail=f"automatic lock after {before} → {value} minutes without input")
    return value
