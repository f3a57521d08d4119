"""Advance care planning decisions: one current decision per topic of the guide.

A topic (resuscitation, ventilatory support, nutrition and hydration, place of death) holds one
live decision; a new decision on a topic that already has one is refused, whoever records it
(the window, the command line, an import), and the recorded one is changed instead. A partial
unique index (`models.care.ONE_LIVE_PER_TOPIC`) guards the same rule in the database for two
workstations saving at the same instant; the later one is told who recorded the decision.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.models import CarePlanningDecision
from als_desktop.models.care import ONE_LIVE_PER_TOPIC

from . import patient_records
from .errors import StaleRecordError, ValidationError
from .queries_palliative import CarePlanningEntry, care_planning_by_topic

log = logging.getLogger(__name__)


def cleaned(values: Mapping[str, Any]) -> dict[str, Any]:
    """Empty text is kept as nothing; a decision is required."""
    result = {name: (value.strip() or None) if isinstance(value, str) else value for name, value in values.items()}
    if not result.get("decision"):
        raise ValidationError({"decision": "Enter the decision (or 'Not yet decided' if it was discussed "
                                           "without one)."})
    return result


def record_decision(
    session: Session, patient_id: uuid.UUID, topic: str, values: Mapping[str, Any], author: str, *,
    today: date | None = None,
) -> CarePlanningDecision:
    """Record the decision on a topic that has none yet."""
    if topic not in vocab.ACP_TOPIC:
        raise ValidationError({"topic": f"Topic: '{topic}' is not one of the recorded choices."})
    decision = cleaned(values)
    current = care_planning_by_topic(session, patient_id)[topic]
    if current is not None:
        raise StaleRecordError(_already_recorded(topic, current, "after you opened this"))
    try:
        return patient_records.record_for_patient(session, CarePlanningDecision, patient_id,
                                                  {**decision, "topic": topic}, author, today=today)
    except IntegrityError as error:
        # Another workstation saved a decision on this topic after the check above: the index refused ours.
        if not is_second_live_decision(error):
            raise
        log.info("second live care planning decision on %s refused by the database", topic)
        winner = _committed_elsewhere(session, patient_id, topic)
        if winner is None:
            raise StaleRecordError(
                f"A decision on {topic_label(topic)} was recorded on another workstation while you were "
                "saving. Yours was not saved: the recorded decision is now shown; edit it if it needs changing."
            ) from error
        raise StaleRecordError(_already_recorded(topic, winner, "while you were saving")) from error


def is_second_live_decision(error: IntegrityError) -> bool:
    """Whether the database refused a second live decision on a topic (and not another rule)."""
    detail = str(error.orig)
    # PostgreSQL names the index; SQLite names the indexed columns.
    table = CarePlanningDecision.__tablename__
    return ONE_LIVE_PER_TOPIC in detail or f"UNIQUE constraint failed: {table}.patient_id, {table}.topic" in detail


def _committed_elsewhere(session: Session, patient_id: uuid.UUID, topic: str) -> CarePlanningEntry | None:
    # This transaction must be rolled back before it can read again: ask on a connection of its own
    # for the decision the other workstation committed, only to say who recorded it.
    try:
        with Session(session.get_bind()) as other:
            return care_planning_by_topic(other, patient_id)[topic]
    except SQLAlchemyError as error:
        log.warning("could not read the care planning decision saved meanwhile: %s", error)
        return None


def topic_label(topic: str) -> str:
    """The topic as it reads inside a sentence ("ventilatory support (NIV, tracheostomy)")."""
    return vocab.in_sentence(vocab.ACP_TOPIC.get(topic, topic))


def _already_recorded(topic: str, current: CarePlanningEntry, when: str) -> str:
    return (f"A decision on {topic_label(topic)} was recorded by {current.updated_by} "
            f"at {current.updated_at.astimezone():%d %b %Y %H:%M} {when}. Yours was not saved: "
            "the recorded decision is now shown; edit it if it needs changing.")


def change_decision(
    session: Session, decision_id: uuid.UUID, version: int, values: Mapping[str, Any], author: str, *,
    today: date | None = None,
) -> CarePlanningDecision:
    """Change the recorded decision, refused when it changed since `version`. Its topic stays."""
    decision = cleaned(values)
    if "topic" in decision:
        raise ValidationError({"topic": "The topic of a recorded decision cannot change: record the decision "
                                        "on the other topic instead."})
    return patient_records.edit_patient_record(session, CarePlanningDecision, decision_id, version, decision,
                                               author, today=today)


def save_decision(
    session: Session, patient_id: uuid.UUID, topic: str, values: Mapping[str, Any], author: str, *,
    decision_id: uuid.UUID | None = None, version: int | None = None, today: date | None = None,
) -> CarePlanningDecision:
    """Record the topic's decision, or change the recorded one (`decision_id`, `version`)."""
    if decision_id is None:
        return record_decision(session, patient_id, topic, values, author, today=today)
    if version is None:
        raise ValueError("changing a recorded decision needs the version the change is based on")
    return change_decision(session, decision_id, version, values, author, today=today)

