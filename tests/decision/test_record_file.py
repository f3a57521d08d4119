"""Responses to prompts are part of the patient's record: the record file carries them under
the patient ("prompt_responses") and importing it brings them back, linked to their actions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from decision_helpers import AUTHOR
from sqlalchemy import select
from test_decision_support import RULES, TODAY

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.models import Patient, PromptResponse, TeamAction
from als_desktop.services import exchange
from als_desktop.services.decision_support import ActionRequest, respond
from als_desktop.services.errors import ValidationError


def test_prompt_responses_travel_in_the_record_file(db: Database, patient: Patient, tmp_path: Path) -> None:
    with db.transaction() as session:
        respond(session, patient.id, "test.weight", "action_created", AUTHOR, today=TODAY, rules=RULES,
                action=ActionRequest("nutrition", "Weigh at the next visit", TODAY + timedelta(days=7)))
        respond(session, patient.id, "test.alt", "deferred", AUTHOR, reason="test booked with the GP",
                deferred_until=TODAY + timedelta(days=10), today=TODAY, rules=RULES)
    with db.reading() as session:
        document = exchange.export_patient(session, patient.mrn)
    jsonschema.validate(document, exchange.schema(), cls=jsonschema.Draft202012Validator)
    exported = document["patient"]["prompt_responses"]
    assert [(r["rule_id"], r["response"]) for r in exported] == [
        ("test.weight", "action_created"), ("test.alt", "deferred")]
    assert exported[0]["team_action_id"] == document["patient"]["team_actions"][0]["id"]
    assert exported[1]["deferred_until"] == (TODAY + timedelta(days=10)).isoformat()

    other = open_database(sqlite_url(tmp_path / "other.sqlite"))
    try:
        with other.transaction() as session:
            exchange.import_patient_record(session, document, "importer", today=date(2025, 6, 3))
        with other.reading() as session:
            responses = session.scalars(select(PromptResponse).order_by(PromptResponse.created_at)).all()
            action = session.scalars(select(TeamAction)).one()
            assert [(r.rule_id, r.response, r.reason, r.created_by) for r in responses] == [
                ("test.weight", "action_created", None, AUTHOR),
                ("test.alt", "deferred", "test booked with the GP", AUTHOR),
            ]
            assert responses[0].team_action_id == action.id
    finally:
        other.close()


def test_a_response_naming_another_patients_team_action_is_refused(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        respond(session, patient.id, "test.weight", "action_created", AUTHOR, today=TODAY, rules=RULES,
                action=ActionRequest("nutrition", "Weigh at the next visit", TODAY + timedelta(days=7)))
    with db.reading() as session:
        document = exchange.export_patient(session, patient.mrn)
    document["patient"]["team_actions"] = []  # the action the response names is no longer in the file
    document["patient"]["mrn"] = "MRN-OTHER"
    document["patient"]["id"] = "6f1c2a4e-0000-4000-8000-000000000001"
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        exchange.import_patient_record(session, document, "importer", today=date(2025, 6, 3))
    assert any(path.endswith("prompt_responses[0].team_action_id") for path in refused.value.errors)
