"""A refusal by the database's own constraints, said the way the forms say it.

The services check every field before writing, so the database refuses only what they could not
see (two workstations saving at the same instant) or a row another program writes. Either way
the person reading the message needs the field and the rule, not "CHECK constraint failed:
ck_weight_measurements_weight_kg_range". The constraint's name says both: `ck_<table>_<column>_<rule>`
(models/base.py's naming convention, models/field_checks.py's rules) or a unique index
`uq_<table>_...`. PostgreSQL hands the name over in `diag.constraint_name`; SQLite writes it into
its message (a UNIQUE or NOT NULL refusal names the table and columns instead).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from als_desktop.domain.limits import (
    ALSFRS_ITEM,
    EARLIEST_BIRTH,
    FIRST_VERSION,
    LIMITS,
    Limit,
)
from als_desktop.domain.text_rules import TEXT_RULES, text_problem

NOT_GIVEN: Any = object()

# Unique indexes that are not one column's: what each one keeps to one.
ONE_LIVE = {
    "one_live_per_visit": "This visit already has a live {record}: correct or void that one instead.",
    "one_live_per_topic": "This patient already has a live decision on this topic: correct or void that one "
                          "instead.",
}
RECORDS = {
    "alsfrs_assessments": "ALSFRS-R assessment",
    "nutrition_assessments": "nutrition assessment",
    "respiratory_assessments": "respiratory assessment",
    "slp_assessments": "speech and swallowing assessment",
    "palliative_reviews": "palliative care review",
}
LABELS = {"mrn": "MRN", "key": "Setting", "version": "Version", "id": "Record id"}

_CHECK = re.compile(r"CHECK constraint failed: (\w+)")
_UNIQUE = re.compile(r"UNIQUE constraint failed: (\w+)\.(\w+)")
_NOT_NULL = re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)")


def field_label(column: str) -> str:
    """The name of a column as a message says it."""
    if column in LABELS:
        return LABELS[column]
    if column in TEXT_RULES:
        return TEXT_RULES[column].label
    if column in LIMITS:
        return LIMITS[column].label
    return column.removesuffix("_id").replace("_", " ").capitalize()


def shown(value: Any) -> str:
    """A value as a message quotes it: short, one line, as plain text."""
    text = value.isoformat() if isinstance(value, date) else str(value)
    text = text if len(text) <= 40 else text[:40] + "…"
    return "".join(char if char.isprintable() else f"U+{ord(char):04X}" for char in text)


def entered(value: Any) -> str:
    return "" if value is NOT_GIVEN or value is None else f" (entered {shown(value)})"


def _limit(table: str, column: str) -> Limit | None:
    from als_desktop.models.neurology import ALSFRS_ITEMS

    if table == "alsfrs_assessments" and column in ALSFRS_ITEMS:
        return ALSFRS_ITEM
    return LIMITS.get(column)


def _known_tables() -> list[str]:
    from als_desktop.models import Base

    # Longest first: "medication_doses" before "medications" would not matter, but a table whose
    # name begins another's must not take its constraints.
    return sorted(Base.metadata.tables, key=len, reverse=True)


def split_name(name: str) -> tuple[str, str] | None:
    """('weight_measurements', 'weight_kg_range') from 'ck_weight_measurements_weight_kg_range'."""
    for prefix in ("ck_", "uq_"):
        if name.startswith(prefix):
            rest = name.removeprefix(prefix)
            for table in _known_tables():
                if rest.startswith(table + "_"):
                    return table, rest.removeprefix(table + "_")
    return None


def rule_message(table: str, rule: str, value: Any = NOT_GIVEN) -> str:
    """The sentence for the CHECK `rule` of `table` (the constraint name without `ck_<table>_`)."""
    if rule == "version_from_first":
        return f"Version must be {FIRST_VERSION} or more{entered(value)}."
    if rule == "date_of_birth_from_earliest":
        return f"Date of birth must be on or after {EARLIEST_BIRTH:%-d %B %Y}{entered(value)}."
    if rule == "void_has_reason":
        return "A voided record needs a reason and who voided it."
    if "_after_" in rule:
        later, earlier = rule.split("_after_", 1)
        return f"{field_label(later)} cannot be before the {field_label(earlier).lower()}."
    column, _, kind = rule.rpartition("_")
    if rule.endswith("_not_blank"):
        column, kind = rule.removesuffix("_not_blank"), "blank"
    label = field_label(column)
    if kind == "range" and (limit := _limit(table, column)) is not None:
        if isinstance(value, int | float) and (message := limit.message(value)):
            return message
        unit = f" {limit.unit}" if limit.unit else ""
        return f"{limit.label} must be between {limit.low:g} and {limit.high:g}{unit}."
    if kind in {"length", "characters"} and column in TEXT_RULES:
        if isinstance(value, str) and (message := text_problem(TEXT_RULES[column], value)):
            return message
        rule_of = TEXT_RULES[column]
        if kind == "length":
            return f"{label} is too long: at most {rule_of.max_length:,} characters."
        lines = "" if rule_of.multiline else " and must be one line"
        return f"{label} may not hold control characters or direction overrides{lines}."
    sentences = {
        "code": f"{label} must be one of the listed choices{entered(value)}.",
        "whole": f"{label} must be a whole number{entered(value)}.",
        "date": f"{label} must be a real calendar date written YYYY-MM-DD{entered(value)}.",
        "uuid": f"{label} must be a record id (UUID){entered(value)}.",
        "blank": f"{label} must not be blank.",
    }
    return sentences.get(kind, f"The database refused this entry: it breaks the rule {rule} of {table}.")


def unique_message(table: str, columns: list[str], index: str = "", value: Any = NOT_GIVEN) -> str:
    for ending, sentence in ONE_LIVE.items():
        if index.endswith(ending):
            return sentence.format(record=RECORDS.get(table, "record of this kind"))
    if table in RECORDS and columns == ["visit_id"]:
        return ONE_LIVE["one_live_per_visit"].format(record=RECORDS[table])
    if table == "care_planning_decisions" and "topic" in columns:
        return ONE_LIVE["one_live_per_topic"]
    label = field_label(columns[-1]) if columns else "This value"
    return f"{label} is already in use{entered(value)}."


def _value_of(error: Any, column: str | None) -> Any:
    """What the refused statement tried to write to `column`, when a single row said it."""
    params = getattr(error, "params", None)
    if column and isinstance(params, dict):
        return params.get(column, NOT_GIVEN)
    return NOT_GIVEN


def refusal_message(error: Any) -> str:
    """The sentence for an IntegrityError (SQLAlchemy's, wrapping the driver's in `orig`)."""
    original = getattr(error, "orig", error)
    diag = getattr(original, "diag", None)
    name = getattr(diag, "constraint_name", None) if diag is not None else None
    text = str(original)
    if name is None and (found := _CHECK.search(text)):
        name = found.group(1)
    if name and name.startswith("ck_") and (parts := split_name(name)):
        table, rule = parts
        column = rule.rsplit("_", 1)[0] if "_after_" not in rule else None
        return rule_message(table, rule, _value_of(error, column))
    if name and name.startswith("uq_") and (parts := split_name(name)):
        table, rest = parts
        column = rest if rest in _columns(table) else None
        return unique_message(table, [column] if column else [], name, _value_of(error, column))
    if found := _UNIQUE.search(text):
        table = found.group(1)
        columns = [part.split(".")[-1] for part in text.split(":", 1)[1].split(",")]
        columns = [column.strip() for column in columns]
        return unique_message(table, columns, value=_value_of(error, columns[-1]))
    column = getattr(diag, "column_name", None) if diag is not None else None
    if found := _NOT_NULL.search(text):
        column = found.group(2)
    if column and ("NOT NULL" in text or "null value" in text):
        return f"{field_label(column)} is required."
    if "FOREIGN KEY" in text or "foreign key" in text or (name or "").startswith("fk_"):
        return "The record this belongs to does not exist: it may have been removed, or its id is wrong."
    return "The database refused this entry: it conflicts with what is stored."


def _columns(table: str) -> set[str]:
    from als_desktop.models import Base

    return set(Base.metadata.tables[table].columns.keys())


__all__ = ["field_label", "refusal_message", "rule_message", "split_name", "unique_message"]
