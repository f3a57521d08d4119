"""Answered prompts and reopening them: a mistaken answer can be withdrawn (with a reason) so
the prompt shows again; the withdrawn answer stays in the record, and a team action made from
the prompt stays the team's task."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from decision_helpers import AUTHOR
from sqlalchemy import select

from als_desktop.clinical.prompts import Prompt, Rule, Severity
from als_desktop.clinical.rules import RULES_BY_ID
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import PatientSnapshot
from als_desktop.db import Database
from als_desktop.models import LiverTest, Patient, PromptResponse, TeamAction
from als_desktop.services.decision_support import (
    ActionRequest,
    answered_prompts,
    prompts_for,
    reopen,
    respond,
    summary_for,
)
from als_desktop.services.errors import NotFoundError, StaleRecordError, ValidationError
from als_desktop.services.patient_records import record_for_patient

TODAY = date(2025, 6, 2)
REOPENER = "second.clinician"


def no_weight(snapshot: PatientSnapshot, settings: ClinicSettings) -> Prompt | None:
    if snapshot.weights:
        return None
    return Prompt("test.weight", "nutrition", Severity.ACTION, "No weight recorded: weigh the patient.",
                  "Test source: weigh at every visit")


def liver_test_due(snapshot: PatientSnapshot, settings: ClinicSettings) -> Prompt | None:
    last = snapshot.liver_tests[-1].taken_on if snapshot.liver_tests else date(2025, 1, 1)
    return Prompt("test.alt", "neurology", Severity.DUE, "Liver test due.", "Test source: monthly ALT",
                  due_on=last + timedelta(days=30))


RULES = (
    Rule("test.weight", "nutrition", Severity.ACTION, "Weigh the patient", "no weight recorded", "Test source",
         no_weight),
    Rule("test.alt", "neurology", Severity.DUE, "Monthly liver test", "30 days after the last test", "Test source",
         liver_test_due),
)


def shown(db: Database, patient: Patient, today: date = TODAY) -> list[str]:
    with db.reading() as session:
        return [prompt.rule_id for prompt in prompts_for(session, patient.id, today, RULES)]


def answered(db: Database, patient: Patient, today: date = TODAY, discipline: str | None = None):
    with db.reading() as session:
        return answered_prompts(session, patient.id, today, discipline, rules=RULES)


def answer(db: Database, patient: Patient, rule_id: str, response: str, **details) -> PromptResponse:
    with db.transaction() as session:
        return respond(session, patient.id, rule_id, response, AUTHOR, today=TODAY, rules=RULES, **details)


def test_answered_prompts_list_who_when_and_why_for_each_discipline(db: Database, patient: Patient) -> None:
    answer(db, patient, "test.weight", "deferred", reason="Scales broken today", deferred_until=date(2025, 7, 1))
    answer(db, patient, "test.alt", "acknowledged")

    both = answered(db, patient)
    assert [a.rule_id for a in both] == ["test.alt", "test.weight"]  # most recently answered first
    weight = both[1]
    assert (weight.title, weight.discipline, weight.response, weight.answered_by) == (
        "Weigh the patient", "nutrition", "deferred", AUTHOR)
    assert (weight.reason, weight.deferred_until, weight.raised_today) == (
        "Scales broken today", date(2025, 7, 1), True)
    assert weight.answered_at is not None
    assert [a.rule_id for a in answered(db, patient, discipline="nutrition")] == ["test.weight"]
    assert [a.rule_id for a in answered(db, patient, discipline="neurology")] == ["test.alt"]
    assert answered(db, patient, discipline="palliative") == []


def test_a_deferral_that_has_run_out_is_no_longer_answered(db: Database, patient: Patient) -> None:
    answer(db, patient, "test.weight", "deferred", reason="Scales broken today", deferred_until=date(2025, 7, 1))
    assert [a.rule_id for a in answered(db, patient, date(2025, 6, 30))] == ["test.weight"]
    assert answered(db, patient, date(2025, 7, 1)) == []
    assert shown(db, patient, date(2025, 7, 1)) == ["test.weight", "test.alt"]


def test_an_acknowledgement_whose_due_date_moved_on_is_no_longer_answered(db: Database, patient: Patient) -> None:
    answer(db, patient, "test.alt", "acknowledged")
    with db.transaction() as session:
        record_for_patient(session, LiverTest, patient.id,
                           {"taken_on": TODAY, "alt_u_l": 30.0, "alt_uln_u_l": 35.0}, AUTHOR, today=TODAY)
    # The next test is prompted again (a new due date), so the old answer hides nothing.
    assert answered(db, patient, TODAY + timedelta(days=1)) == []


def test_reopening_brings_the_prompt_back_and_keeps_the_answer_in_the_record(db: Database, patient: Patient) -> None:
    answer(db, patient, "test.weight", "acknowledged")
    assert shown(db, patient) == ["test.alt"]
    [entry] = answered(db, patient)

    with db.transaction() as session:
        reopen(session, entry.response_id, entry.version, "  Acknowledged on the wrong patient ", REOPENER)

    assert shown(db, patient) == ["test.weight", "test.alt"]
    with db.reading() as session:
        assert [p.rule_id for p in summary_for(session, patient.id, TODAY, RULES).prompts] == ["test.weight", "test.alt"]
        [stored] = session.scalars(select(PromptResponse)).all()
        assert (stored.response, stored.created_by) == ("acknowledged", AUTHOR)
        assert (stored.void_reason, stored.voided_by) == ("Acknowledged on the wrong patient", REOPENER)
        assert stored.voided_at is not None
    assert answered(db, patient) == []


def test_a_reopened_prompt_can_be_answered_again(db: Database, patient: Patient) -> None:
    answer(db, patient, "test.weight", "acknowledged")
    [entry] = answered(db, patient)
    with db.transaction() as session:
        reopen(session, entry.response_id, entry.version, "Acknowledged by mistake", REOPENER)
    answer(db, patient, "test.weight", "deferred", reason="Weigh at the next visit")
    [again] = answered(db, patient)
    assert (again.response, again.reason) == ("deferred", "Weigh at the next visit")
    assert shown(db, patient) == ["test.alt"]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_reopening_needs_a_reason(db: Database, patient: Patient, reason: str | None) -> None:
    answer(db, patient, "test.weight", "acknowledged")
    [entry] = answered(db, patient)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        reopen(session, entry.response_id, entry.version, reason, REOPENER)
    assert "reason for reopening" in refused.value.errors["reason"]
    assert shown(db, patient) == ["test.alt"]
    with db.reading() as session:
        assert session.scalars(select(PromptResponse)).one().voided_at is None


def test_reopening_an_answer_changed_since_the_list_was_read_is_refused(db: Database, patient: Patient) -> None:
    answer(db, patient, "test.weight", "acknowledged")
    [entry] = answered(db, patient)
    with db.transaction() as session:  # someone else edits the answer meanwhile
        session.get(PromptResponse, entry.response_id).reason = "Seen with the family"
        session.get(PromptResponse, entry.response_id).updated_by = "other.clinician"

    with pytest.raises(StaleRecordError) as refused, db.transaction() as session:
        reopen(session, entry.response_id, entry.version, "Acknowledged by mistake", REOPENER)
    assert "changed by other.clinician" in str(refused.value) and "Nothing was reopened" in str(refused.value)
    assert shown(db, patient) == ["test.alt"]


def test_reopening_twice_says_who_reopened_it_first(db: Database, patient: Patient) -> None:
    answer(db, patient, "test.weight", "acknowledged")
    [entry] = answered(db, patient)
    with db.transaction() as session:
        reopen(session, entry.response_id, entry.version, "Acknowledged by mistake", "other.clinician")

    with pytest.raises(StaleRecordError) as refused, db.transaction() as session:
        reopen(session, entry.response_id, entry.version, "Wrong patient", REOPENER)
    assert "already reopened by other.clinician" in str(refused.value)
    assert "Acknowledged by mistake" in str(refused.value)
    with db.reading() as session:
        assert session.scalars(select(PromptResponse)).one().voided_by == "other.clinician"


def test_reopening_an_unknown_answer_is_refused(db: Database, patient: Patient) -> None:
    import uuid

    with pytest.raises(NotFoundError), db.transaction() as session:
        reopen(session, uuid.uuid4(), 1, "Acknowledged by mistake", REOPENER)


def test_reopening_leaves_the_team_action_made_from_the_prompt(db: Database, patient: Patient) -> None:
    answer(db, patient, "test.weight", "action_created",
           action=ActionRequest("nutrition", "Weigh at the next visit", date(2025, 6, 16)))
    [entry] = answered(db, patient)
    assert (entry.response, entry.team_action) == ("action_created", "Weigh at the next visit")

    with db.transaction() as session:
        reopen(session, entry.response_id, entry.version, "Action made on the wrong prompt", REOPENER)

    assert shown(db, patient) == ["test.weight", "test.alt"]
    with db.reading() as session:
        action = session.scalars(select(TeamAction)).one()
        assert (action.description, action.status, action.voided_at) == ("Weigh at the next visit", "open", None)


def test_an_answer_to_a_prompt_the_record_no_longer_raises_is_listed_and_can_be_reopened(
    db: Database, patient: Patient
) -> None:
    answer(db, patient, "test.weight", "acknowledged")
    # A prompt without a due date stays answered while it does not fire, and if it fires again.
    quiet = (Rule("test.weight", "nutrition", Severity.ACTION, "Weigh the patient", "never", "Test source",
                  lambda snapshot, settings: None), RULES[1])
    with db.reading() as session:
        [entry] = answered_prompts(session, patient.id, TODAY, rules=quiet)
    assert (entry.rule_id, entry.raised_today) == ("test.weight", False)
    assert entry.discipline == "nutrition"
    with db.transaction() as session:
        reopen(session, entry.response_id, entry.version, "Acknowledged by mistake", REOPENER)
    assert shown(db, patient) == ["test.weight", "test.alt"]


def test_the_clinic_rules_give_the_rule_title(db: Database, patient: Patient) -> None:
    with db.reading() as session:
        [first, *_] = prompts_for(session, patient.id, TODAY)
    with db.transaction() as session:
        respond(session, patient.id, first.rule_id, "acknowledged", AUTHOR, today=TODAY)
    with db.reading() as session:
        [entry] = answered_prompts(session, patient.id, TODAY)
    assert entry.title == RULES_BY_ID[first.rule_id].title
    assert entry.discipline == first.discipline
