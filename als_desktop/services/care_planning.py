"""Advance care planning decisions: one current decision per topic of the guide.

A topic (resuscitation, ventilatory support, nutrition and hydration, place of death) holds one
live decision; a new decision on a topic that already has one is refused, whoever records it
(the window, the command line, an import), and the recorded one is changed instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.models import CarePlanningDecision

from . import patient_records
from .errors import StaleRecordError, ValidationError
from .queries_palliative import care_planning_by_topic


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
        raise StaleRecordError(
            f"A decision on {vocab.ACP_TOPIC[topic].lower()} was recorded by {current.updated_by} "
            f"at {current.updated_at.astimezone():%d %b %Y %H:%M} after you opened this. Yours was not saved: "
            "the recorded decision is now shown; edit it if it needs changing."
        )
    return patient_records.record_for_patient(session, CarePlanningDecision, patient_id,
                                              {**decision, "topic": topic}, author, today=today)


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

