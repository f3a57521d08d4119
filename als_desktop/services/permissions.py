"""Whether a person may write a record (domain/roles.py says who writes what), and break-glass.

The writer asks `check` before every row it writes. A program task (an Actor without roles:
the demo generator, an upgrade) is not checked. A person without one of the record's roles is
refused with `RoleRequired`, whose message names the record and the roles that would do —
unless they stated a reason for writing anyway (break-glass): on their Actor
(`Actor.break_glass`), or for the whole transaction (`write_anyway`, the window's retry of a
refused save). Then the write is made, and when the transaction commits one "break_glass"
audit event per patient (and per person) says who wrote what without the role and why, for
the administrator to review (Admin ▸ Audit log, "break-glass only"). Nothing is recorded for a
transaction that is rolled back: nothing was written.

An import is checked once, for the file (`clear_import`): the coordinator and the
administrator import every kind of record; anyone else is refused before anything is read.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from als_desktop.domain.roles import (
    CLINICAL_ROLES,
    IMPORT_WRITERS,
    INTERVENTION_WRITERS,
    ROLES,
    roles_in_words,
    writers_of,
)
from als_desktop.domain.text_rules import TEXT_RULES, text_problem
from als_desktop.domain.vocab import INTERVENTION_KIND, in_sentence

from . import audit, kinds
from .errors import RoleRequired, ValidationError

SESSION_KEY = "als_desktop.permissions"
BREAK_GLASS_REASON = replace(TEXT_RULES["reason"], label="Reason for writing without the role")
VERBS = {"create": "Recording", "change": "Changing", "void": "Voiding", "restore": "Restoring"}
PAST = {"create": "recorded", "change": "changed", "void": "voided", "restore": "restored"}
EMERGENCY_HINT = ("In an emergency you may write it anyway by stating a reason: the change is made and "
                  "listed for the administrator to review.")


@dataclass
class _Transaction:
    """What this module keeps for the session's current transaction only."""

    transaction: object
    reason: str | None = None  # break-glass stated for every write of the transaction
    imported_by: str | None = None  # the account cleared to import (every kind, this file)
    # (account, workstation, reason, patient) -> what they wrote without the role
    unauthorised: dict[tuple[str, str, str, uuid.UUID | None], list[str]] = field(default_factory=dict)


def _state(session: Session) -> _Transaction:
    # Keyed by the transaction: a session used for several transactions (tests, the command
    # line) never carries a reason or a clearance from one into the next.
    current = session.get_transaction() or session.begin()
    kept = session.info.get(SESSION_KEY)
    if kept is None or kept.transaction is not current:
        kept = session.info[SESSION_KEY] = _Transaction(current)
    return kept


def checked_reason(reason: object) -> str:
    """The stated reason, trimmed, once it obeys the rule of any reason field."""
    text = reason.strip() if isinstance(reason, str) else reason
    if text is None or text == "":
        raise ValidationError({"break_glass_reason": "Give the reason for writing without the role (for example "
                                                     "'patient in respiratory distress, no pulmonary colleague on site')."})
    problem = text_problem(BREAK_GLASS_REASON, text, required=True)
    if problem:
        raise ValidationError({"break_glass_reason": problem})
    assert isinstance(text, str)
    return text


def write_anyway(session: Session, reason: str) -> None:
    """Let every write of this transaction go ahead without the role, for `reason`."""
    _state(session).reason = checked_reason(reason)


def clear_import(session: Session, actor: Any) -> None:
    """Allow `actor` to import a record file in this transaction, or refuse (RoleRequired).

    Without the coordinator's or the administrator's role but with a stated reason, each row
    is checked as it is written and what needed the reason is flagged like any other write."""
    if actor.roles is None:
        return
    if not actor.roles.isdisjoint(IMPORT_WRITERS):
        _state(session).imported_by = actor.name
        return
    if actor.break_glass or _state(session).reason:
        # The import itself needed the reason, even when every row is one the roles cover.
        flag(session, actor, None, (f"imported a patient record file ({_in_words(IMPORT_WRITERS)})",))
        return
    raise RoleRequired(f"Importing a patient record file needs {_needs(IMPORT_WRITERS)}. "
                       f"{_held(actor)} {EMERGENCY_HINT}", IMPORT_WRITERS)


def check(session: Session, actor: Any, operation: str, kind: str,
          interventions: tuple[str | None, ...] = (None,)) -> tuple[str, ...]:
    """Refuse (RoleRequired) a write `actor` may not make; before anything is written.

    Returns what the write does without the role under a stated reason (nothing when the
    roles suffice), for `flag` once the row's patient is known. `interventions`: an
    intervention's kind (before and after a change of kind: both count)."""
    if actor.roles is None:
        return ()
    state = _state(session)
    if state.imported_by is not None and state.imported_by == actor.name:
        return ()
    unauthorised = []
    for intervention in dict.fromkeys(interventions):
        needed = writers_of(kind, intervention)
        if not actor.roles.isdisjoint(needed):
            continue
        what = _record(kind, intervention)
        if not (actor.break_glass or state.reason):
            raise RoleRequired(f"{VERBS[operation]} {_with_article(what)} needs {_needs(needed)}. "
                               f"{_held(actor)} {EMERGENCY_HINT}", needed)
        unauthorised.append(f"{PAST[operation]} {what} ({_in_words(needed)})")
    return tuple(unauthorised)


def flag(session: Session, actor: Any, patient_id: uuid.UUID | None, unauthorised: tuple[str, ...]) -> None:
    """Keep what `check` let through under a stated reason, for the event made at commit."""
    if not unauthorised:
        return
    state = _state(session)
    reason = actor.break_glass or state.reason
    key = (actor.name, actor.workstation, reason, patient_id)
    state.unauthorised.setdefault(key, []).extend(unauthorised)


def _record(kind: str, intervention: str | None) -> str:
    if kind == "intervention" and intervention in INTERVENTION_KIND:
        return in_sentence(INTERVENTION_KIND[intervention])
    return kinds.name_of(kind)


def _in_words(needed: tuple[str, ...]) -> str:
    """"Nutrition, Nursing or Clinic coordinator"; "any clinical role" for all of them."""
    if set(needed) == set(CLINICAL_ROLES):
        return "any clinical role (every role but Administrator)"
    return roles_in_words(needed)


def _needs(needed: tuple[str, ...]) -> str:
    if set(needed) == set(CLINICAL_ROLES):
        return "a clinical role (any role but Administrator)"
    return f"the {roles_in_words(needed)} role"


def _with_article(name: str) -> str:
    article = "an" if name[:1].lower() in "aeio" else "a"
    return f"{article} {name}"


def _held(actor: Any) -> str:
    if not actor.roles:
        return "Your account holds no role."
    return f"Your account holds: {roles_in_words([code for code in ROLES if code in actor.roles])}."


@event.listens_for(Session, "before_commit")
def _flag_break_glass(session: Session) -> None:
    """One audit event per person and patient for what they wrote without the role."""
    if session.in_nested_transaction():
        return  # a savepoint: the transaction goes on
    kept = session.info.pop(SESSION_KEY, None)
    if kept is None or kept.transaction is not session.get_transaction() or not kept.unauthorised:
        return
    for (name, workstation, reason, patient_id), written in kept.unauthorised.items():
        counted = Counter(written)
        listed = "; ".join(what if times == 1 else f"{what} ×{times}" for what, times in counted.items())
        audit.record(session, _Someone(name, workstation), "break_glass", patient_id=patient_id,
                     detail=f"Reason: {reason} — written without the role: {listed}.")


@dataclass(frozen=True)
class _Someone:
    name: str
    workstation: str


def rules() -> list[tuple[str, str]]:
    """Every kind of record (interventions by their kind) with the roles that write it, as
    docs/accounts.md lists them."""
    found = []
    for kind in kinds.MODELS:
        if kind == "intervention":
            for code, label in INTERVENTION_KIND.items():
                found.append((f"Intervention: {in_sentence(label)}", _in_words(INTERVENTION_WRITERS[code])))
            continue
        name = kinds.name_of(kind)
        found.append((name[:1].upper() + name[1:], _in_words(writers_of(kind))))
    found.append(("Import of a patient record file", _in_words(IMPORT_WRITERS)))
    return found


def rules_table() -> str:
    """The rules as the Markdown table of docs/accounts.md."""
    lines = ["| Record | Written by |", "|---|---|"]
    lines += [f"| {record} | {roles[:1].upper()}{roles[1:]} |" for record, roles in rules()]
    return "\n".join(lines)


if __name__ == "__main__":  # python -m als_desktop.services.permissions: the table for the docs
    print(rules_table())


__all__ = ["BREAK_GLASS_REASON", "check", "checked_reason", "clear_import", "flag", "rules", "rules_table", "write_anyway"]
