"""The bookkeeping a record file carries per row, checked before anything is written.

The writer sets a row's version, authors and timestamps itself; a file brings them from
elsewhere, so they are checked here: a version counts saves from 1, an author is named, and
no timestamp lies ahead of this workstation's clock by more than another clock may drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from als_desktop.domain.limits import CLOCK_TOLERANCE, FIRST_VERSION

from .checks import Problems
from .exchange_format import BASE_VERSION
from .records import check_value, field_label

AUTHORS = ("created_by", "updated_by")
TIMESTAMPS = {"created_at": "Created at", "updated_at": "Updated at", "voided_at": "Voided at"}


def check_bookkeeping(
    model: type, values: Mapping[str, Any], base_version: int | None, problems: Problems, now: datetime
) -> None:
    """A row's version from 1 up, its authors named, its timestamps not ahead of this clock."""
    for name in ("created_by", "updated_by", "voided_by", "void_reason"):
        if name in values and (values[name] is not None or name in AUTHORS):
            if name in AUTHORS and (values[name] is None or not str(values[name]).strip()):
                problems.add(name, f"{field_label(name)} must name who made or changed the row (found it empty).")
            else:
                check_value(model, name, values[name], problems, required=name in AUTHORS)
    version = values.get("version")
    if type(version) is int and version < FIRST_VERSION:
        problems.add("version", f"Version must be {FIRST_VERSION} or more: it counts the row's saves "
                                f"(found {version}).")
    if base_version is not None and base_version < FIRST_VERSION:
        problems.add(BASE_VERSION, f"The version this row is based on must be {FIRST_VERSION} or more "
                                   f"(found {base_version}).")
    latest = now + CLOCK_TOLERANCE
    for name, label in TIMESTAMPS.items():
        moment = values.get(name)
        if isinstance(moment, datetime) and moment.tzinfo is not None and moment > latest:
            problems.add(name, f"{label} ({moment.astimezone(UTC):%d %b %Y %H:%M} UTC) is in the future: the clock of "
                                "the computer that wrote the file may be wrong.")
