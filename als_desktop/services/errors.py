"""Errors a clinic user can act on, raised before anything is written."""

from __future__ import annotations


class RecordError(Exception):
    """Base for refusals the window shows as a message (never a crash)."""


class ValidationError(RecordError):
    """One or more fields are not acceptable; `errors` maps field name to message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


class StaleRecordError(RecordError):
    """The row changed since the user opened it; their edit was refused, not merged."""


class NotFoundError(RecordError):
    """The record asked for does not exist (or was voided where that matters)."""


class SecondAssessmentError(ValidationError):
    """The visit already has a live assessment of this kind: correct (or void) that one instead.

    A ValidationError (keyed "visit_id", which no form shows as a field, so forms show it as
    their general message); `existing_id` is the stored row, when known, so a window can show it.
    """

    def __init__(self, message: str, existing_id: object | None = None) -> None:
        super().__init__({"visit_id": message})
        self.existing_id = existing_id


class RefusedByDatabase(RecordError):
    """The database's own CHECK or UNIQUE constraint refused what validation let through;
    `message` says which field and rule as the forms would (db/refusals.py), `detail` is the
    database's wording (for the log and the message's details)."""

    def __init__(self, detail: str, message: str | None = None) -> None:
        super().__init__(message or detail)
        self.detail = detail
        self.message = message or detail


class AccountError(RecordError):
    """An account cannot be made, changed or used as asked (the message says why)."""


class RoleRequired(RecordError):
    """The signed-in account lacks the role this write needs; `roles` are those that would do.

    The window offers to write anyway with a stated reason (break-glass); the command line says
    which role is needed and how to state a reason."""

    def __init__(self, message: str, roles: tuple[str, ...]) -> None:
        super().__init__(message)
        self.roles = roles
