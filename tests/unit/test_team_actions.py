"""Team actions through to done: open, done, cancelled and reopened, each a recorded change
with its note; overdue and recently closed at their boundaries; the clinic's open actions."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from als_desktop.db import Database
from als_desktop.models import Patient, TeamAction, utc_now
from als_desktop.models.history import ChangeEntry
from als_desktop.services import patients, team_actions, visits, writer
from als_desktop.services.errors import StaleRecordError, ValidationError

AUTHOR = "test.clinician"
OTHER = "other.nurse"
TODAY = date(2024, 6, 30)


def new_action(db: Database, patient_id: uuid.UUID, due_on: date | None = TODAY, owner: str = "nutrition",
               description: str = "Book gastrostomy assessment") -> uuid.UUID:
    with db.transaction() as session:
        return team_actions.create_action(session, patient_id, owner, description, due_on, AUTHOR, today=TODAY)


def listed(db: Database, patient_id: uuid.UUID, today: date = TODAY, **kwargs) -> team_actions.PatientActions:
    with db.reading() as session:
        return team_actions.patient_actions(session, patient_id, today, **kwargs)


def version_of(db: Database, action_id: uuid.UUID) -> int:
    with db.reading() as session:
        return session.get(TeamAction, action_id).version


def history_of(db: Database, action_id: uuid.UUID) -> list[ChangeEntry]:
    with db.reading() as session:
        return list(session.scalars(select(ChangeEntry).where(ChangeEntry.row_id == action_id)
                                    .order_by(ChangeEntry.seq)))


def test_an_action_made_by_hand_is_open_with_its_owner_and_due_date(db, patient):
    action_id = new_action(db, patient.id, due_on=date(2024, 7, 15))
    [row] = listed(db, patient.id).open
    assert (row.id, row.owner_discipline, row.owner_label, row.description, row.due_on, row.status) == (
        action_id, "nutrition", "Nutrition / dietetics", "Book gastrostomy assessment", date(2024, 7, 15), "open")
    assert row.rule_id is None and row.created_by == AUTHOR and not row.overdue and row.last_change is None


@pytest.mark.parametrize(("due_on", "overdue"), [
    (TODAY - timedelta(days=1), True),   # due yesterday: overdue
    (TODAY, False),                       # due today: not yet overdue
    (TODAY + timedelta(days=1), False),
    (None, False),                        # no due date: never overdue
])
def test_overdue_means_open_and_due_before_today(db, patient, due_on, overdue):
    new_action(db, patient.id, due_on=due_on)
    [row] = listed(db, patient.id).open
    assert row.overdue is overdue


def test_open_actions_come_soonest_due_first_with_no_due_date_last(db, patient):
    later = new_action(db, patient.id, due_on=date(2024, 8, 1), description="later")
    undated = new_action(db, patient.id, due_on=None, description="undated")
    overdue = new_action(db, patient.id, due_on=date(2024, 5, 1), description="overdue")
    actions = listed(db, patient.id)
    assert [row.id for row in actions.open] == [overdue, later, undated]
    assert actions.overdue_count == 1


def test_done_records_who_when_and_the_note_as_a_change(db, patient):
    action_id = new_action(db, patient.id, due_on=date(2024, 6, 1))
    with db.transaction() as session:
        team_actions.mark_done(session, action_id, 1, OTHER, note="PEG placed 28 Jun", done_on=date(2024, 6, 28),
                               today=TODAY)

    actions = listed(db, patient.id)
    assert actions.open == []
    [row] = actions.recently_closed
    assert (row.status, row.completed_on, row.closed_on, row.note, row.overdue) == (
        "done", date(2024, 6, 28), date(2024, 6, 28), "PEG placed 28 Jun", False)
    assert row.last_change.by == OTHER and row.last_change.status == "done"
    entry = history_of(db, action_id)[-1]
    assert (entry.operation, entry.actor, entry.reason, entry.version_before, entry.version_after) == (
        "change", OTHER, "PEG placed 28 Jun", 1, 2)
    assert json.loads(entry.fields) == {"status": ["open", "done"], "completed_on": [None, "2024-06-28"]}


def test_done_needs_no_note_and_defaults_to_today(db, patient):
    action_id = new_action(db, patient.id)
    with db.transaction() as session:
        team_actions.mark_done(session, action_id, 1, AUTHOR, today=TODAY)
    [row] = listed(db, patient.id).recently_closed
    assert (row.status, row.completed_on, row.note) == ("done", TODAY, None)


def test_done_on_a_later_day_than_today_is_refused(db, patient):
    action_id = new_action(db, patient.id)
    with db.transaction() as session, pytest.raises(ValidationError) as refused:
        team_actions.mark_done(session, action_id, 1, AUTHOR, done_on=TODAY + timedelta(days=1), today=TODAY)
    assert "completed_on" in refused.value.errors
    assert listed(db, patient.id).open[0].status == "open"


def test_cancel_needs_a_note_and_nothing_is_written_without_one(db, patient):
    action_id = new_action(db, patient.id)
    for blank in (None, "", "   "):
        with db.transaction() as session, pytest.raises(ValidationError) as refused:
            team_actions.cancel(session, action_id, 1, blank, AUTHOR, today=TODAY)
        assert "Say why the action is cancelled" in refused.value.errors["note"]
    assert version_of(db, action_id) == 1 and len(history_of(db, action_id)) == 1

    with db.transaction() as session:
        team_actions.cancel(session, action_id, 1, "  Patient declined the referral  ", AUTHOR, today=TODAY)
    [row] = listed(db, patient.id).recently_closed
    assert (row.status, row.completed_on, row.note, row.closed_on) == (
        "cancelled", None, "Patient declined the referral", date.today())
    assert history_of(db, action_id)[-1].reason == "Patient declined the referral"


def test_a_note_obeys_the_rule_of_a_reason(db, patient):
    action_id = new_action(db, patient.id)
    with db.transaction() as session, pytest.raises(ValidationError) as refused:
        team_actions.cancel(session, action_id, 1, "x" * 501, AUTHOR, today=TODAY)
    assert "too long" in refused.value.errors["note"]


def test_reopening_needs_a_note_and_clears_the_completion(db, patient):
    action_id = new_action(db, patient.id, due_on=date(2024, 6, 1))
    with db.transaction() as session:
        team_actions.mark_done(session, action_id, 1, AUTHOR, today=TODAY)
    with db.transaction() as session, pytest.raises(ValidationError) as refused:
        team_actions.reopen(session, action_id, 2, "", OTHER, today=TODAY)
    assert "Say why the action is reopened" in refused.value.errors["note"]
    with db.transaction() as session:
        team_actions.reopen(session, action_id, 2, "Marked done on the wrong patient", OTHER, today=TODAY)

    [row] = listed(db, patient.id).open
    assert (row.status, row.completed_on, row.overdue, row.note) == (
        "open", None, True, "Marked done on the wrong patient")
    operations = [(e.operation, json.loads(e.fields).get("status"), e.reason) for e in history_of(db, action_id)]
    assert operations[1:] == [("change", ["open", "done"], None),
                              ("change", ["done", "open"], "Marked done on the wrong patient")]


def test_closing_a_closed_action_or_reopening_an_open_one_is_refused(db, patient):
    action_id = new_action(db, patient.id)
    with db.transaction() as session, pytest.raises(ValidationError) as refused:
        team_actions.reopen(session, action_id, 1, "why not", AUTHOR, today=TODAY)
    assert "already open" in refused.value.errors["status"]
    with db.transaction() as session:
        team_actions.cancel(session, action_id, 1, "Not needed", AUTHOR, today=TODAY)
    with db.transaction() as session, pytest.raises(ValidationError) as refused:
        team_actions.mark_done(session, action_id, 2, AUTHOR, today=TODAY)
    assert "already cancelled: reopen it first" in refused.value.errors["status"]


def test_a_stale_version_is_refused_naming_who_changed_it(db, patient):
    action_id = new_action(db, patient.id)
    with db.transaction() as session:
        team_actions.mark_done(session, action_id, 1, OTHER, today=TODAY)
    with db.transaction() as session, pytest.raises(StaleRecordError) as refused:
        team_actions.cancel(session, action_id, 1, "Duplicate", AUTHOR, today=TODAY)
    assert OTHER in str(refused.value)
    [row] = listed(db, patient.id).recently_closed
    assert row.status == "done" and version_of(db, action_id) == 2


def test_a_voided_action_is_not_listed(db, patient):
    action_id = new_action(db, patient.id)
    with db.transaction() as session:
        writer.void(session, TeamAction, action_id, 1, "Entered on the wrong patient", AUTHOR)
    assert listed(db, patient.id).rows == []


@pytest.mark.parametrize(("days_ago", "shown"), [(89, True), (90, True), (91, False)])
def test_closed_actions_stay_listed_for_the_recent_days(db, patient, days_ago, shown):
    action_id = new_action(db, patient.id)
    with db.transaction() as session:
        team_actions.mark_done(session, action_id, 1, AUTHOR, done_on=TODAY - timedelta(days=days_ago), today=TODAY)
    assert team_actions.RECENTLY_CLOSED_DAYS == 90
    assert [row.id for row in listed(db, patient.id).recently_closed] == ([action_id] if shown else [])


def test_as_of_an_earlier_day_only_what_was_recorded_by_then_counts(db, patient):
    yesterday = date.today() - timedelta(days=1)
    with db.transaction() as session:
        # Made before yesterday (an action carried in from a record file keeps its creation time).
        earlier = writer.create(session, TeamAction, {
            "patient_id": patient.id, "owner_discipline": "slp", "description": "AAC assessment",
            "status": "open", "due_on": date(2024, 1, 1)}, AUTHOR,
            kept={"created_at": utc_now() - timedelta(days=10)})
    assert earlier.created_at.astimezone().date() < yesterday
    with db.transaction() as session:
        team_actions.mark_done(session, earlier.id, earlier.version, AUTHOR, today=date.today())
    made_today = new_action(db, patient.id)

    now = listed(db, patient.id, today=date.today())
    assert [r.id for r in now.recently_closed] == [earlier.id] and [r.id for r in now.open] == [made_today]
    then = listed(db, patient.id, today=yesterday, recorded_by=yesterday)
    assert [r.id for r in then.open] == [earlier.id] and then.recently_closed == []
    assert then.open[0].overdue and then.open[0].last_change is None


def clinic(db: Database) -> dict[str, uuid.UUID]:
    """Three patients: one at the main clinic, one at an outreach site, one deceased."""
    ids = {}
    with db.transaction() as session:
        for mrn, family, extra in (("MRN-A", "Abbott", {}), ("MRN-B", "Baker", {}),
                                   ("MRN-C", "Cole", {"date_of_death": date(2024, 5, 1)})):
            ids[mrn] = patients.create_patient(session, {
                "mrn": mrn, "given_name": "Sam", "family_name": family, "date_of_birth": date(1958, 3, 3),
                "sex": "male", **extra}, AUTHOR, today=TODAY).id
        visits.create_visit(session, ids["MRN-A"], {"visit_date": date(2024, 6, 1)}, AUTHOR, today=TODAY)
        visits.create_visit(session, ids["MRN-B"], {"visit_date": date(2024, 2, 1)}, AUTHOR, today=TODAY)
        visits.create_visit(session, ids["MRN-B"], {"visit_date": date(2024, 6, 3), "site": "Northtown"},
                            AUTHOR, today=TODAY)
    return ids


def test_the_clinics_open_actions_overdue_first_living_patients_only(db):
    ids = clinic(db)
    a_later = new_action(db, ids["MRN-A"], due_on=date(2024, 7, 20), owner="pulmonary")
    b_overdue = new_action(db, ids["MRN-B"], due_on=date(2024, 6, 2), owner="nutrition")
    a_undated = new_action(db, ids["MRN-A"], due_on=None, owner="nutrition")
    new_action(db, ids["MRN-C"], due_on=date(2024, 6, 2))  # deceased: never listed
    closed = new_action(db, ids["MRN-A"], due_on=date(2024, 6, 1))
    with db.transaction() as session:
        team_actions.mark_done(session, closed, 1, AUTHOR, today=TODAY)

    with db.reading() as session:
        every = team_actions.open_actions(session, TODAY)
        nutrition = team_actions.open_actions(session, TODAY, discipline="nutrition")
        northtown = team_actions.open_actions(session, TODAY, site="Northtown")
        main = team_actions.open_actions(session, TODAY, site="Main clinic", discipline="pulmonary")
    assert [row.id for row in every] == [b_overdue, a_later, a_undated]
    first = every[0]
    assert (first.mrn, first.display_name, first.site, first.overdue, first.discipline_label) == (
        "MRN-B", "BAKER, Sam", "Northtown", True, "Nutrition / dietetics")
    assert [row.id for row in nutrition] == [b_overdue, a_undated]
    assert [row.id for row in northtown] == [b_overdue]
    assert [row.id for row in main] == [a_later]
    with db.reading() as session:
        assert session.scalar(select(Patient.date_of_death).where(Patient.mrn == "MRN-C")) is not None


def test_document_and_lines_for_the_command_line(db, patient):
    overdue = new_action(db, patient.id, due_on=date(2024, 6, 1))
    done = new_action(db, patient.id, owner="slp", description="Voice banking referral")
    with db.transaction() as session:
        team_actions.mark_done(session, done, 1, OTHER, note="Referred", today=TODAY)
    actions = listed(db, patient.id)
    document = team_actions.as_document(actions)
    assert document["recently_closed_days"] == 90
    [open_] = document["open"]
    [closed] = document["recently_closed"]
    assert tuple(open_) == team_actions.ACTION_KEYS == tuple(closed)
    assert (open_["id"], open_["overdue"], open_["status"], open_["closed_by"]) == (str(overdue), True, "open", None)
    assert (closed["status"], closed["closed_on"], closed["closed_by"], closed["note"]) == (
        "done", TODAY, OTHER, "Referred")
    text = "\n".join(team_actions.lines(actions))
    assert "[OVERDUE] Nutrition / dietetics: Book gastrostomy assessment  (due 01 Jun 2024)" in text
    assert "[DONE 30 Jun 2024] Speech-language pathology: Voice banking referral — Referred" in text
