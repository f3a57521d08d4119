"""The clinic's own contact details (name, telephone, email, address), printed on both care plans.

They are kept as ClinicSetting rows under keys starting "clinic.", which no clinical setting
uses: services.settings reads only the keys of clinical.settings.DEFINITIONS, so these rows
never reach a prompt. They are plain text, not clinical values: no source, no range, only a
length limit. A blank value means "not set"; clearing a value voids its row (a stored value is
never blank), so who cleared it and when stays in the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.clinical.settings import DEFINITIONS
from als_desktop.models import ClinicSetting, utc_now
from als_desktop.reports.content import ClinicDetails

from .checks import Problems
from .records import change_row, new_row
from .writer import as_actor

KEY_PREFIX = "clinic."
CLEARED = "cleared in Settings"


@dataclass(frozen=True)
class DetailField:
    label: str
    max_length: int


# Long enough for any real clinic's entry, short enough to fit the plans' header and box.
FIELDS: dict[str, DetailField] = {
    "name": DetailField("Clinic name", 120),
    "telephone": DetailField("Telephone", 40),
    "email": DetailField("Email", 200),
    "address": DetailField("Address", 200),
}

assert set(FIELDS) == {f.name for f in fields(ClinicDetails)}, "every clinic detail needs its field"
assert not any(key.startswith(KEY_PREFIX) for key in DEFINITIONS), "clinical settings keep out of 'clinic.'"


def storage_key(field: str) -> str:
    return KEY_PREFIX + field


def load_clinic_details(session: Session) -> ClinicDetails:
    """The details in force; a field never set (or cleared) is ""."""
    keys = {storage_key(field): field for field in FIELDS}
    rows = session.scalars(select(ClinicSetting).where(
        ClinicSetting.key.in_(keys), ClinicSetting.voided_at.is_(None)))
    return ClinicDetails(**{keys[row.key]: plain(row.value) for row in rows})


def plan_clinic(session: Session) -> ClinicDetails | None:
    """The details for a care plan: None when the clinic has entered none."""
    details = load_clinic_details(session)
    return None if details.is_blank else details


def plain(value: object) -> str:
    """One trimmed line: runs of spaces, tabs and line breaks (from pasted text) become one space."""
    return " ".join(str(value or "").split())


def check_clinic_details(values: Mapping[str, object]) -> dict[str, str]:
    """The cleaned value of each field given; a ValidationError naming every field that is wrong."""
    problems = Problems()
    cleaned: dict[str, str] = {}
    for field, raw in values.items():
        spec = FIELDS.get(field)
        if spec is None:
            problems.add(field, f"'{field}' is not a clinic detail.")
            continue
        text = plain(raw)
        if len(text) > spec.max_length:
            problems.add(field, f"{spec.label} is too long: {len(text)} characters, at most {spec.max_length}.")
        else:
            cleaned[field] = text
    problems.raise_if_any()
    return cleaned


def save_clinic_details(session: Session, values: Mapping[str, object], author: str) -> ClinicDetails:
    """Store the fields given (others are left as they are); nothing is saved if one is wrong.

    Runs in the caller's transaction, so a dialog saving settings too saves both or neither."""
    cleaned = check_clinic_details(values)
    rows = {row.key: row for row in session.scalars(
        select(ClinicSetting).where(ClinicSetting.key.in_([storage_key(field) for field in cleaned])))}
    for field, text in cleaned.items():
        key = storage_key(field)
        row = rows.get(key)
        if text:
            if row is None:
                new_row(session, ClinicSetting, {"key": key, "value": text}, author)
            elif row.value != text or row.is_voided:
                change_row(session, row, {"value": text, "voided_at": None, "voided_by": None, "void_reason": None},
                           author)
        elif row is not None and not row.is_voided:
            change_row(session, row, {"voided_at": utc_now(), "voided_by": as_actor(author).name,
                                      "void_reason": CLEARED}, author)
    return load_clinic_details(session)
