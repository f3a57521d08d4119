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
