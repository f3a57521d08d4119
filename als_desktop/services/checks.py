"""Field checks shared by every use case; each collects messages keyed by field name."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TypeGuard

from als_desktop.domain.limits import LIMITS, Limit
from als_desktop.domain.text_rules import TEXT_RULES, TextRule, text_problem

from .errors import ValidationError


def is_date(value: object) -> TypeGuard[date]:
    """A calendar date (a timestamp is not one: it would compare wrongly with dates)."""
    return isinstance(value, date) and not isinstance(value, datetime)


class Problems:
    """Collects every problem of a form at once, so the user sees them all, then raises."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def required(self, field: str, value: object, label: str) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, f"{label} is required.")

    def number(self, field: str, value: object, limit: Limit | None = None) -> None:
        if value is None:
            return
        limit = limit or LIMITS[field]
        message = limit.message(value)
        if message:
            self.add(field, message)

    def text(self, field: str, value: object, rule: TextRule | None = None, *, required: bool = False) -> None:
        if value is None:
            return
        message = text_problem(rule or TEXT_RULES[field], value, required=required)
        if message:
            self.add(field, message)

    def code(self, field: str, value: object, allowed: Mapping, label: str) -> None:
        if value is None:
            return
        try:
            known = value in allowed
        except TypeError:  # a list or a dict given where one code is expected
            known = False
        if not known:
            self.add(field, f"{label}: {_shown(value)} is not one of the recorded choices.")

    def date(self, field: str, value: object, label: str) -> None:
        if value is not None and not is_date(value):
            self.add(field, f"{label} must be a date (entered {_shown(value)}).")

    def yes_no(self, field: str, value: object, label: str) -> None:
        if value is not None and not isinstance(value, bool):
            self.add(field, f"{label} must be yes or no (entered {_shown(value)}).")

    def not_future(self, field: str, value: object, label: str, today: date) -> None:
        if is_date(value) and value > today:
            self.add(field, f"{label} cannot be in the future ({value:%d %b %Y}).")

    def not_before(
        self, field: str, value: object, earlier: object, label: str, earlier_label: str
    ) -> None:
        if is_date(value) and is_date(earlier) and value < earlier:
            self.add(
                field,
                f"{label} ({value:%d %b %Y}) cannot be before {earlier_label} ({earlier:%d %b %Y}).",
            )

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _shown(value: object) -> str:
    """A value as a message quotes it: text in quotes, cut short so a long paste stays readable."""
    if isinstance(value, str):
        return f"'{value[:40]}…'" if len(value) > 40 else f"'{value}'"
    return repr(value)[:40]
