"""Prompts in force for a patient, and responses to them: acknowledged, deferred with a reason
(perhaps until a date) or turned into a team action in the same transaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from decision_helpers import AUTHOR, DEMO_DAY
from sqlalchemy import func, select

from als_desktop.clinical.prompts import Prompt, Rule, Severity
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import PatientSnapshot
from als_desktop.db import Database
from als_desktop.models import LiverTest, Patient, PromptResponse, TeamAction
from als_desktop.services.decision_support import ActionRequest, prompts_for, prompts_for_all, respond, summary_for
from als_desktop.services.errors import StaleRecordError, ValidationError
from als_desktop.services.patient_records import record_for_patient
from als_desktop.services.records import void_row

TODAY = date(2025, 6, 2)
SOURCE_WEIGHT = "Test source: weigh at every visit"


def no_weight(snapshot: PatientSnapshot, settings: ClinicSettings) -> Prompt | None:
    if snapshot.weights:
        return None
    return Prompt("test.weight", "nutrition", Severity.ACTION, "No weight recorded: weigh the patient.",
                  SOURCE_WEIGHT, (("Weights", "none"),))


def liver_test_due(snapshot: PatientSnapshot, settings: ClinicSettings) -> Prompt | None:
    last = snapshot.liver_tests[-1].taken_on if snapshot.liver_tests else date(2025, 1, 1)
    return Prompt("test.alt", "neurology", Severity.DUE, "Liver test due.", "Test source: monthly ALT",
                  due_on=last + timedelta(days=30))


RULES = (
    Rule("test.weight", "nutrition", Severity.ACTION, "Weigh", "no weight recorded", SOURCE_WEIGHT, no_weight),
    Rule("test.alt", "neurology", Severity.DUE, "ALT", "30 days after the last test", "Test source", liver_test_due),
)


def shown(db: Database, patient: Patient, today: date = TODAY) -> list[str]:
    with db.reading() as session:
        return [prompt.rule_id for prompt in prompts_for(session, patient.id, today, RULES)]


def stored(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_every_prompt_that_fires_is_shown_most_urgent_first(db: Database, patient: Patient) -> None:
    with db.reading() as session:
        prompts = prompts_for(session, patient.id, TODAY, RULES)
    assert [(p.rule_id, p.source) for p in prompts] == [
        ("test.weight", SOURCE_WEIGHT), ("test.alt", "Test source: monthly ALT")]


def test_an_acknowledged_prompt_is_no_longer_shown_and_the_response_is_recorded(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        respond(session, patient.id, "test.weight", "acknowledged", AUTHOR, today=TODAY, rules=RULES)
    assert shown(db, patient) == ["test.alt"]
    assert shown(db, patient, TODAY + timedelta(days=400)) == ["test.alt"]
    with db.reading() as session:
        [response] = session.scalars(select(PromptResponse)).all()
    assert (response.rule_id, response.response, response.created_by) == ("test.weight", "acknowledged", AUTHOR)
    assert response.created_at is not None and response.patient_id == patient.id


def test_an_acknowledged_scheduled_prompt_returns_when_its_due_date_moves_on(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        respond(session, patient.id, "test.alt", "acknowledged", AUTHOR, today=TODAY, rules=RULES)
    assert shown(db, patient) == ["test.weight"]
    with db.transaction() as session:
        record_for_patient(session, LiverTest, patient.id,
                           {"taken_on": TODAY, "alt_u_l": 30.0, "alt_uln_u_l": 35.0}, AUTHOR, today=TODAY)
    assert shown(db, patient, TODAY + timedelta(days=1)) == ["test.weight", "test.alt"]


def test_a_deferral_needs_a_reason_and_nothing_is_saved_without_it(db: Database, patient: Patient) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        respond(session, patient.id, "test.weight", "deferred", AUTHOR, reason="  ", today=TODAY, rules=RULES)
    assert set(refused.value.errors) == {"reason"}
    assert "reason" in refused.value.errors["reason"]
    assert stored(db, PromptResponse) == 0
    assert shown(db, patient) == ["test.weight", "test.alt"]


def test_a_prompt_deferred_until_a_date_comes_back_on_that_date(db: Database, patient: Patient) -> None:
    until = TODAY + timedelta(days=14)
    with db.transaction() as session:
        respond(session, patient.id, "test.weight", "deferred", AUTHOR, reason="scales broken today",
                deferred_until=until, today=TODAY, rules=RULES)
    assert shown(db, patient) == ["test.alt"]
    assert shown(db, patient, until - timedelta(days=1)) == ["test.alt"]
    assert shown(db, patient, until) == ["test.weight", "test.alt"]


@pytest.mark.parametrize("until", [TODAY, TODAY - timedelta(days=1)])
def test_a_deferral_date_must_be_later_than_today(db: Database, patient: Patient, until: date) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        respond(session, patient.id, "test.weight", "deferred", AUTHOR, reason="later",
                deferred_until=until, today=TODAY, rules=RULES)
    assert set(refused.value.errors) == {"deferred_until"}


def test_an_unknown_response_is_refused(db: Database, patient: Patient) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        respond(session, patient.id, "test.weight", "ignored", AUTHOR, today=TODAY, rules=RULES)
    assert set(refused.value.errors) == {"response"}


def test_a_prompt_turned_into_a_team_action_creates_it_with_its_source(db: Database, patient: Patient) -> None:
    due = TODAY + timedelta(days=7)
    with db.transaction() as session:
        response = respond(session, patient.id, "test.weight", "action_created", AUTHOR, today=TODAY, rules=RULES,
                           action=ActionRequest("nutrition", " Weigh at the next visit ", due))
        response_id = response.id
    assert shown(db, patient) == ["test.alt"]
    with db.reading() as session:
        [action] = session.scalars(select(TeamAction)).all()
        response = session.get(PromptResponse, response_id)
        assert response.team_action_id == action.id
    assert (action.owner_discipline, action.description, action.due_on, action.status) == (
        "nutrition", "Weigh at the next visit", due, "open")
    assert (action.source, action.rule_id, action.patient_id, action.created_by) == (
        SOURCE_WEIGHT, "test.weight", patient.id, AUTHOR)


def test_a_team_action_with_a_problem_saves_neither_the_action_nor_the_response(db: Database, patient: Patient) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        respond(session, patient.id, "test.weight", "action_created", AUTHOR, today=TODAY, rules=RULES,
                action={"owner_discipline": "cardiology", "description": "", "due_on": TODAY})
    assert set(refused.value.errors) == {"owner_discipline", "description"}
    assert stored(db, TeamAction) == 0 and stored(db, PromptResponse) == 0


def test_creating_an_action_needs_the_action(db: Database, patient: Patient) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        respond(session, patient.id, "test.weight", "action_created", AUTHOR, today=TODAY, rules=RULES)
    assert set(refused.value.errors) == {"action"}


def test_a_response_to_a_prompt_that_no_longer_fires_is_refused(db: Database, patient: Patient) -> None:
    quiet = (RULES[1],)
    with pytest.raises(StaleRecordError), db.transaction() as session:
        respond(session, patient.id, "test.weight", "acknowledged", AUTHOR, today=TODAY, rules=quiet)
    assert stored(db, PromptResponse) == 0


def test_voiding_a_response_shows_the_prompt_again(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        response = respond(session, patient.id, "test.weight", "acknowledged", AUTHOR, today=TODAY, rules=RULES)
        response_id, version = response.id, response.version
    with db.transaction() as session:
        void_row(session, PromptResponse, response_id, version, "acknowledged on the wrong patient", AUTHOR)
    assert shown(db, patient) == ["test.weight", "test.alt"]


def test_the_clinic_rules_on_a_demo_patient(clinic_copy: Database) -> None:
    """With the clinic's own rule table: a prompt responded to leaves the summary."""
    with clinic_copy.reading() as session:
        patient_ids = session.scalars(select(Patient.id).order_by(Patient.mrn)).all()
        summaries = {pid: summary_for(session, pid, DEMO_DAY) for pid in patient_ids}
    patient_id, summary = next((pid, s) for pid, s in summaries.items() if s.prompts)
    first = summary.prompts[0]
    assert first.source.strip()
    with clinic_copy.transaction() as session:
        respond(session, patient_id, first.rule_id, "deferred", AUTHOR, reason="discuss at the next visit",
                deferred_until=DEMO_DAY + timedelta(days=30), today=DEMO_DAY)
    with clinic_copy.reading() as session:
        after = summary_for(session, patient_id, DEMO_DAY)
    assert [p.rule_id for p in after.prompts] == [p.rule_id for p in summary.prompts[1:]]
    assert after.measures == summary.measures


def test_the_whole_clinic_agrees_with_one_patient_at_a_time(clinic_copy: Database) -> None:
    with clinic_copy.reading() as session:
        patient_ids = session.scalars(select(Patient.id).order_by(Patient.mrn)).all()
        answered = next(pid for pid in patient_ids if prompts_for(session, pid, DEMO_DAY))
        rule_id = prompts_for(session, answered, DEMO_DAY)[0].rule_id
    with clinic_copy.transaction() as session:
        respond(session, answered, rule_id, "acknowledged", AUTHOR, today=DEMO_DAY)
    with clinic_copy.reading() as session:
        everyone = prompts_for_all(session, DEMO_DAY)
        assert set(everyone) == set(patient_ids)
        for patient_id in patient_ids:
            assert everyone[patient_id] == prompts_for(session, patient_id, DEMO_DAY)
    assert rule_id not in [p.rule_id for p in everyone[answered]]


def test_a_cancelled_team_action_no_longer_answers_its_prompt_but_a_done_one_does(db: Database, patient: Patient) -> None:
    from als_desktop.services import team_actions

    actions = []
    for rule_id in ("test.weight", "test.alt"):
        with db.transaction() as session:
            response = respond(session, patient.id, rule_id, "action_created", AUTHOR, today=TODAY, rules=RULES,
                               action=ActionRequest("nutrition", f"Follow up {rule_id}", TODAY + timedelta(days=7)))
            actions.append(session.get(TeamAction, response.team_action_id))
    assert shown(db, patient) == []
    weight_action, alt_action = actions
    with db.transaction() as session:
        team_actions.cancel(session, weight_action.id, weight_action.version, "Patient moved clinic", AUTHOR,
                            today=TODAY)
        team_actions.mark_done(session, alt_action.id, alt_action.version, AUTHOR, note="Taken", today=TODAY)
    # The cancelled action's prompt asks again; the done one stays answered.
    assert shown(db, patient) == ["test.weight"]
