"""Nutrition use cases: the weight on a visit, and the dietitian's assessment with the
gastrostomy placement it reports.

A gastrostomy marked "placed" on the assessment is also recorded as a gastrostomy Intervention
(type and date) in the same transaction, so the rest of the record (ALSFRS-R item 5b, staging,
the overview) knows it is in place; an assessment refused leaves no intervention, and the
other way round.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.models import Intervention, NutritionAssessment, WeightMeasurement

from . import patient_records, records, visits
from .assessments import renamed, save_on_visit
from .checks import Problems
from .errors import StaleRecordError, ValidationError
from .queries_nutrition import GASTROSTOMY, Gastrostomy, gastrostomy_in_place

PLACED = "placed"
# Asked on the assessment only when the status is "placed"; kept on the gastrostomy Intervention.
GASTROSTOMY_TYPE = "gastrostomy_type"
GASTROSTOMY_PLACED_ON = "gastrostomy_placed_on"
PLACEMENT_FIELDS = (GASTROSTOMY_TYPE, GASTROSTOMY_PLACED_ON)


def save_nutrition(
    session: Session, visit_id: uuid.UUID, values: Mapping[str, Any], author: str, *,
    row_id: uuid.UUID | None = None, version: int | None = None,
    gastrostomy_seen: Gastrostomy | None = None, today: date | None = None,
) -> NutritionAssessment:
    """Record or correct the visit's nutrition assessment, and with status "placed" record (or
    correct) the gastrostomy: `values` then carries `gastrostomy_type` and `gastrostomy_placed_on`.

    `gastrostomy_seen` is the gastrostomy in place as the caller saw it (None: none): a
    gastrostomy recorded since is not recorded twice, and one changed since is not overwritten.
    """
    assessment = {name: value for name, value in values.items() if name not in PLACEMENT_FIELDS}
    row = save_on_visit(session, "nutrition", visit_id, assessment, author, row_id=row_id, version=version,
                        today=today)
    if values.get("gastrostomy_status") == PLACED:
        _place_gastrostomy(session, row.visit.patient_id, values, gastrostomy_seen, author, today)
    return row  # type: ignore[return-value]


def _place_gastrostomy(session: Session, patient_id: uuid.UUID, values: Mapping[str, Any],
                       seen: Gastrostomy | None, author: str, today: date | None) -> None:
    kind, placed_on = values.get(GASTROSTOMY_TYPE), values.get(GASTROSTOMY_PLACED_ON)
    problems = Problems()
    if kind is None:
        problems.add(GASTROSTOMY_TYPE, "Choose the gastrostomy type (PEG, RIG or PIG).")
    # The intervention's detail is free text; a placed gastrostomy's type is one of the vocabulary.
    problems.code(GASTROSTOMY_TYPE, kind, vocab.GASTROSTOMY_TYPE, "Gastrostomy type")
    if placed_on is None:
        problems.add(GASTROSTOMY_PLACED_ON, "Enter the date the gastrostomy was placed.")
    problems.raise_if_any()
    now = gastrostomy_in_place(session, patient_id)
    fields = {"detail": kind, "started_on": placed_on}
    try:
        if seen is None and now is None:
            patient_records.record_for_patient(session, Intervention, patient_id, {"kind": GASTROSTOMY, **fields},
                                               author, today=today)
        elif seen is None:
            raise StaleRecordError(
                f"A gastrostomy was recorded by {now.recorded_by} after you opened this form. Your "
                "change was not saved: the current record is now shown.")
        elif (seen.type, seen.placed_on) != (kind, placed_on):
            patient_records.edit_patient_record(session, Intervention, seen.id, seen.version, fields, author,
                                                today=today)
    except ValidationError as error:
        moved = renamed(error, {"started_on": GASTROSTOMY_PLACED_ON, "detail": GASTROSTOMY_TYPE})
        raise ValidationError({field: message.replace("Start date", "Date placed")
                               for field, message in moved.errors.items()}) from None


# ---------------------------------------------------------------- weight


def _weight(weight_kg: float | None) -> dict[str, float]:
    if weight_kg is None:
        raise ValidationError({"weight_kg": "Enter the weight in kg."})
    return {"weight_kg": weight_kg}


def record_weight(session: Session, visit_id: uuid.UUID, weight_kg: float | None, author: str, *,
                  today: date | None = None) -> WeightMeasurement:
    """A weight measured at the visit."""
    return visits.record_on_visit(session, WeightMeasurement, visit_id, _weight(weight_kg), author, today=today)


def correct_weight(session: Session, row_id: uuid.UUID, version: int, weight_kg: float | None, author: str, *,
                   today: date | None = None) -> WeightMeasurement:
    """Correct a stored weight, refused when it changed since `version`."""
    return visits.edit_record(session, WeightMeasurement, row_id, version, _weight(weight_kg), author, today=today)


def void_weight(session: Session, row_id: uuid.UUID, version: int, reason: str, author: str) -> WeightMeasurement:
    """Void a weight with a reason (it stays in the record, marked voided)."""
    return records.void_row(session, WeightMeasurement, row_id, version, reason, author)
