"""Field checks shared by every use case; each collects messages keyed by field name."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from als_desktop.domain.limits import LIMITS, Limit

from .errors import ValidationError


class Problems:
    """Collects every problem of a form at once, so the user sees them all, then raises."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def required(self, field: str, value: object, label: str) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, f"{label} is required.")

    def number(self, field: str, value: float | None, limit: Limit | None = None) -> None:
        if value is None:
            return
        limit = limit or LIMITS[field]
        message = limit.message(value)
        if message:
            self.add(field, message)

    def code(self, field: str, value: object, allowed: Mapping, label: str) -> None:
        if value is not None and value not in allowed:
            self.add(field, f"{label}: '{value}' is not one of the recorded choices.")

    def not_future(self, field: str, value: date | None, label: str, today: date) -> None:
        if value is not None and value > today:
            self.add(field, f"{label} cannot be in the future ({value:%d %b %Y}).")

    def not_before(
        self, field: str, value: date | None, earlier: date | None, label: str, earlier_label: str
    ) -> None:
        if value is not None and earlier is not None and value < earlier:
            self.add(
                field,
                f"{label} ({value:%d %b %Y}) cannot be before {earlier_label} ({earlier:%d %b %Y}).",
            )

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
