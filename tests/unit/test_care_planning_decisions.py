"""Advance care planning decisions on a real database: one live decision per topic, whoever
records it; a change quotes the version it was based on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from als_desktop.db import Database
from als_desktop.models import CarePlanningDecision, Patient
from als_desktop.services import care_planning, records
from als_desktop.services.errors import StaleRecordError, ValidationError
from als_desktop.services.operations import perform

AUTHOR, OTHER = "palliative.nurse", "other.workstation"


def decisions(db: Database) -> list[CarePlanningDecision]:
    with db.reading() as session:
        return list(session.scalars(select(CarePlanningDecision).order_by(CarePlanningDecision.created_at)))


def test_a_decision_is_recorded_with_empty_text_kept_as_nothing(db: Database, patient: Patient) -> None:
    values = {"decision": "Do not attempt CPR", "discussed_on": date(2024, 2, 1), "document": "ReSPECT form",
              "proxy_name": "  ", "notes": ""}
    perform(db, care_planning.record_decision, patient.id, "resuscitation", values, AUTHOR)
    [row] = decisions(db)
    assert (row.topic, row.decision, row.document, row.proxy_name, row.notes, row.created_by) == (
        "resuscitation", "Do not attempt CPR", "ReSPECT form", None, None, AUTHOR)


def test_a_second_live_decision_on_one_topic_is_refused_with_who_recorded_the_first(
        db: Database, patient: Patient) -> None:
    perform(db, care_planning.record_decision, patient.id, "nutrition_hydration",
            {"decision": "Gastrostomy accepted"}, OTHER)
    with pytest.raises(StaleRecordError) as refused:
        perform(db, care_planning.record_decision, patient.id, "nutrition_hydration",
                {"decision": "No tube feeding"}, AUTHOR)
    message = str(refused.value)
    assert message.startswith(f"A decision on artificial nutrition and hydration was recorded by {OTHER} at ")
    assert "Yours was not saved" in message
    assert [row.decision for row in decisions(db)] == ["Gastrostomy accepted"]


def test_another_topic_or_a_voided_decision_leaves_room_for_a_new_one(db: Database, patient: Patient) -> None:
    first = perform(db, care_planning.record_decision, patient.id, "place_of_death", {"decision": "Home"},
                    AUTHOR).result
    perform(db, care_planning.record_decision, patient.id, "resuscitation", {"decision": "For CPR"}, AUTHOR)
    perform(db, records.void_row, CarePlanningDecision, first.id, first.version, "wrong patient", AUTHOR)
    perform(db, care_planning.record_decision, patient.id, "place_of_death", {"decision": "Hospice"}, AUTHOR)
    live = [(row.topic, row.decision) for row in decisions(db) if row.voided_at is None]
    assert live == [("resuscitation", "For CPR"), ("place_of_death", "Hospice")]


def test_the_decision_is_required_and_dates_checked(db: Database, patient: Patient) -> None:
    with pytest.raises(ValidationError) as empty:
        perform(db, care_planning.record_decision, patient.id, "resuscitation", {"decision": "  "}, AUTHOR)
    assert empty.value.errors["decision"].startswith("Enter the decision")
    with pytest.raises(ValidationError) as future:
        perform(db, care_planning.record_decision, patient.id, "resuscitation",
                {"decision": "For CPR", "discussed_on": date.today() + timedelta(days=5)}, AUTHOR)
    assert "future" in future.value.errors["discussed_on"]
    with pytest.raises(ValidationError) as unknown:
        perform(db, care_planning.record_decision, patient.id, "organ_donation", {"decision": "Yes"}, AUTHOR)
    assert "topic" in unknown.value.errors
    assert decisions(db) == []


def test_a_change_quotes_its_version_and_keeps_the_topic(db: Database, patient: Patient) -> None:
    row = perform(db, care_planning.save_decision, patient.id, "ventilatory_support", {"decision": "NIV yes"},
                  OTHER).result
    perform(db, care_planning.save_decision, patient.id, "ventilatory_support",
            {"decision": "NIV yes; no tracheostomy"}, OTHER, decision_id=row.id, version=row.version)
    with pytest.raises(StaleRecordError, match=f"changed by {OTHER}"):
        perform(db, care_planning.save_decision, patient.id, "ventilatory_support", {"decision": "No ventilation"},
                AUTHOR, decision_id=row.id, version=row.version)
    with pytest.raises(ValidationError, match="topic"):
        perform(db, care_planning.change_decision, row.id, 2, {"decision": "Home", "topic": "place_of_death"},
                AUTHOR)
    [stored] = decisions(db)
    assert (stored.topic, stored.decision, stored.version) == ("ventilatory_support", "NIV yes; no tracheostomy", 2)
