"""Visits and the measurements each discipline records on them."""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from als_desktop.domain.vocab import SITE_MAIN
from als_desktop.models import (
    ClinicalRecord,
    Patient,
    RespiratoryAssessment,
    Visit,
    WeightMeasurement,
)
from als_desktop.models.base import is_one_per_visit, one_live_per_visit_name

from .checks import Problems, is_date
from .errors import NotFoundError, SecondAssessmentError
from .records import (
    Values,
    change_row,
    check_dates,
    check_fields,
    load_for_edit,
    new_row,
    record_name,
    void_row,
)

Row = TypeVar("Row", bound=ClinicalRecord)

log = logging.getLogger(__name__)


def _check_visit(values: Values, patient: Patient, problems: Problems, today: date) -> None:
    visit_date = values.get("visit_date")
    problems.not_future("visit_date", visit_date, "Visit date", today)
    problems.not_before("visit_date", visit_date, patient.date_of_birth, "Visit date", "the date of birth")
    if is_date(visit_date) and patient.date_of_death and visit_date > patient.date_of_death:
        problems.add("visit_date", f"Visit date is after the recorded date of death ({patient.date_of_death:%d %b %Y}).")


def create_visit(
    session: Session, patient_id: uuid.UUID, values: Values, author: str, *, today: date | None = None
) -> Visit:
    patient = session.get(Patient, patient_id)
    if patient is None or patient.is_voided:
        raise NotFoundError("That patient is not in the record (or was voided).")
    cleaned = _normalise({"site": SITE_MAIN, **values})
    problems = Problems()
    check_fields(Visit, cleaned, problems, creating=True)
    _check_visit(cleaned, patient, problems, today or date.today())
    problems.raise_if_any()
    return new_row(session, Visit, {**cleaned, "patient_id": patient.id}, author)


def update_visit(
    session: Session, visit_id: uuid.UUID, expected_version: int, values: Values, author: str,
    *, today: date | None = None,
) -> Visit:
    visit = load_for_edit(session, Visit, visit_id, expected_version)
    cleaned = _normalise(values)
    problems = Problems()
    check_fields(Visit, cleaned, problems, creating=False)
    _check_visit(cleaned, visit.patient, problems, today or date.today())
    problems.raise_if_any()
    return change_row(session, visit, cleaned, author)


def _normalise(values: Values) -> dict:
    """The site as typed, without the spaces around it (an edit obeys what creation obeys)."""
    cleaned = dict(values)
    if isinstance(cleaned.get("site"), str):
        cleaned["site"] = cleaned["site"].strip()
    return cleaned


def void_visit(session: Session, visit_id: uuid.UUID, expected_version: int, reason: str, author: str) -> Visit:
    """Void a visit with a reason: it and what was recorded on it are no longer shown."""
    return void_row(session, Visit, visit_id, expected_version, reason, author)


def _open_visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.is_voided:
        raise NotFoundError("That visit is not in the record (or was voided).")
    return visit


def record_on_visit(
    session: Session, model: type[Row], visit_id: uuid.UUID, values: Values, author: str, *, today: date | None = None
) -> Row:
    """Add a measurement or assessment of any discipline to a visit."""
    visit = _open_visit(session, visit_id)
    problems = Problems()
    check_fields(model, values, problems, creating=True)
    check_dates(model, values, visit.patient, problems, today or date.today())
    if not problems.errors and all(value is None or value == "" for value in values.values()):
        problems.add("values", f"Enter at least one value before recording a {record_name(model)}.")
    problems.raise_if_any()
    if not is_one_per_visit(model):
        return new_row(session, model, {**values, "visit_id": visit_id}, author)
    existing = live_on_visit(session, model, visit_id)
    if existing is not None:
        raise SecondAssessmentError(_already_recorded(model, existing, today), existing.id)
    try:
        return new_row(session, model, {**values, "visit_id": visit_id}, author)
    except IntegrityError as error:
        # Another workstation saved one on this visit after the check above: the index refused ours.
        if not is_second_live_row(error, model):
            raise
        log.info("second live %s on visit %s refused by the database", record_name(model), visit_id)
        winner = _committed_elsewhere(session, model, visit_id)
        if winner is None:
            raise SecondAssessmentError(
                f"This visit already has a {record_name(model)}: another workstation saved one while you "
                "were saving. Yours was not saved: correct that one instead.") from error
        raise SecondAssessmentError(_already_recorded(model, winner, today, meanwhile=True), winner.id) from error


def live_on_visit(session: Session, model: type[Row], visit_id: uuid.UUID) -> Row | None:
    """The visit's live row of a record kept once per visit (the newest, should there be more)."""
    return session.scalars(
        select(model).where(model.visit_id == visit_id, model.voided_at.is_(None)).order_by(model.created_at.desc())
    ).first()


def is_second_live_row(error: IntegrityError, model: type) -> bool:
    """Whether the database refused a second live row of `model` on one visit (and not another rule)."""
    table = model.__tablename__
    detail = str(error.orig)
    # PostgreSQL names the index; SQLite names the indexed column.
    return one_live_per_visit_name(table) in detail or f"UNIQUE constraint failed: {table}.visit_id" in detail


def _committed_elsewhere(session: Session, model: type[Row], visit_id: uuid.UUID) -> Row | None:
    # This transaction must be rolled back before it can read again: ask on a connection of its own
    # for the row the other workstation committed, only to say who recorded it.
    try:
        with Session(session.get_bind(), expire_on_commit=False) as other:
            return live_on_visit(other, model, visit_id)
    except SQLAlchemyError as error:
        log.warning("could not read the %s saved meanwhile: %s", record_name(model), error)
        return None


def _already_recorded(model: type, row: ClinicalRecord, today: date | None, *, meanwhile: bool = False) -> str:
    when = _recorded_when(row.created_at, today or date.today())
    if meanwhile:
        return (f"This visit already has a {record_name(model)}: {row.created_by} saved one {when} while you "
                "were saving. Yours was not saved: correct that one instead.")
    return f"This visit already has a {record_name(model)} (recorded by {row.created_by} {when}): correct that one instead."


def _recorded_when(moment: datetime, today: date) -> str:
    local = moment.astimezone()
    if local.date() == today:
        return f"at {local:%H:%M}"
    return f"on {local:%d %b %Y} at {local:%H:%M}"


def edit_record(
    session: Session, model: type[Row], row_id: uuid.UUID, expected_version: int, values: Values, author: str,
    *, today: date | None = None,
) -> Row:
    """Change a stored measurement or assessment, refusing a stale edit."""
    row = load_for_edit(session, model, row_id, expected_version)
    problems = Problems()
    check_fields(model, values, problems, creating=False)
    check_dates(model, values, row.visit.patient, problems, today or date.today())
    problems.raise_if_any()
    return change_row(session, row, values, author)


def record_weight(session: Session, visit_id: uuid.UUID, weight_kg: float | None, author: str,
                  notes: str | None = None) -> WeightMeasurement:
    return record_on_visit(session, WeightMeasurement, visit_id, {"weight_kg": weight_kg, "notes": notes}, author)


def record_respiratory(session: Session, visit_id: uuid.UUID, values: Values, author: str) -> RespiratoryAssessment:
    return record_on_visit(session, RespiratoryAssessment, visit_id, values, author)


__all__ = [
    "create_visit",
    "edit_record",
    "is_second_live_row",
    "live_on_visit",
    "record_name",
    "record_on_visit",
    "record_respiratory",
    "record_weight",
    "update_visit",
    "void_visit",
]
