"""Read and save the clinic's settings (clinical.settings.DEFINITIONS) in the database.

A key with no stored row keeps the default of ClinicSettings. A stored value that no longer
reads (for example after a hand edit of the database) also falls back to the default, and the
fact is logged: a prompt must still be computed with a value the reference allows.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.clinical.settings import DEFINITIONS, ClinicSettings, SettingDefinition
from als_desktop.models import ClinicSetting

from .checks import Problems
from .records import change_row, new_row

log = logging.getLogger(__name__)


def load_settings(session: Session) -> ClinicSettings:
    """The settings in force: the stored value of each key, else its default."""
    stored = {row.key: row.value for row in session.scalars(
        select(ClinicSetting).where(ClinicSetting.voided_at.is_(None)))}
    values: dict[str, Any] = {}
    for key, definition in DEFINITIONS.items():
        if key not in stored:
            continue
        value, problem = _parse(definition, stored[key])
        if problem:
            log.warning("stored clinic setting %s=%r ignored (%s); the default is in force", key, stored[key], problem)
            continue
        values[key] = value
    return replace(ClinicSettings(), **values)


def save_settings(session: Session, values: Mapping[str, Any], author: str) -> ClinicSettings:
    """Check every value against its definition, then store them; nothing is saved if one is wrong."""
    problems = Problems()
    parsed: dict[str, Any] = {}
    for key, raw in values.items():
        definition = DEFINITIONS.get(key)
        if definition is None:
            problems.add(key, f"'{key}' is not a clinic setting.")
            continue
        value, problem = _parse(definition, raw)
        if problem:
            problems.add(key, f"{definition.label}: {problem}")
        else:
            parsed[key] = value
    problems.raise_if_any()

    rows = {row.key: row for row in session.scalars(
        select(ClinicSetting).where(ClinicSetting.key.in_(parsed)))}
    for key, value in parsed.items():
        text = _text(value)
        row = rows.get(key)
        if row is None:
            new_row(session, ClinicSetting, {"key": key, "value": text}, author)
        elif row.value != text or row.is_voided:
            change_row(session, row, {"value": text, "voided_at": None, "voided_by": None, "void_reason": None}, author)
    return load_settings(session)


def _parse(definition: SettingDefinition, raw: Any) -> tuple[Any, str | None]:
    """The value as ClinicSettings holds it, or a message saying what is wrong with it."""
    if definition.choices is not None:
        text = str(raw).strip() if raw is not None else ""
        if text not in definition.choices:
            allowed = " or ".join(f"'{choice}'" for choice in definition.choices)
            return None, f"'{text}' is not one of the choices ({allowed})."
        return text, None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, "a value is required."
    if isinstance(raw, bool):
        return None, f"'{raw}' is not a number."
    try:
        number = float(raw)
    except (TypeError, ValueError):
        return None, f"'{raw}' is not a number."
    if not math.isfinite(number):
        return None, f"'{raw}' is not a number."
    if (definition.low is not None and number < definition.low) or (
        definition.high is not None and number > definition.high
    ):
        unit = f" {definition.unit}" if definition.unit else ""
        return None, f"{number:g} is outside {definition.low:g} to {definition.high:g}{unit}."
    return number, None


def _text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
