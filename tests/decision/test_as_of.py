"""A summary as of a past day reads the record as it stood then: later visits, measures,
interventions, medicines, doses, liver tests, decisions and answers are left out; answers given
to merged cards count for the card that replaced them."""

from __future__ import annotations

from datetime import date

from decision_helpers import AUTHOR

from als_desktop.db import Database
from als_desktop.models import (
    CarePlanningDecision,
    Intervention,
    LiverTest,
    Medication,
    Patient,
    PromptResponse,
)
from als_desktop.services import visits
from als_desktop.services.decision_support import (
    answered_prompts,
    prompts_for,
    summary_for,
)
from als_desktop.services.patient_records import record_dose, record_for_patient
from als_desktop.services.records import new_row
from als_desktop.services.snapshots import snapshot_for, snapshots_for_all

FIRST = date(2025, 1, 10)
SECOND = date(2025, 4, 10)
BETWEEN = date(2025, 2, 1)  # after the first visit, before anything else
TODAY = date(2025, 6, 2)


def record_two_visits(db: Database, patient: Patient) -> None:
    """FVC 70 % at the first visit; everything that would change the picture comes later."""
    with db.transaction() as session:
        first = visits.create_visit(session, patient.id, {"visit_date": FIRST}, AUTHOR, today=TODAY)
        second = visits.create_visit(session, patient.id, {"visit_date": SECOND}, AUTHOR, today=TODAY)
        visits.record_respiratory(session, first.id, {"fvc_percent_sitting": 70.0}, AUTHOR)
        visits.record_respiratory(session, second.id, {"fvc_percent_sitting": 40.0}, AUTHOR)
        visits.record_weight(session, second.id, 60.0, AUTHOR)
        record_for_patient(session, Intervention, patient.id, {
            "kind": "gastrostomy", "started_on": date(2025, 3, 1), "detail": "PEG"}, AUTHOR, today=TODAY)
        record_for_patient(session, Intervention, patient.id, {
            "kind": "cough_assist", "started_on": date(2024, 12, 1), "ended_on": date(2025, 3, 1)},
            AUTHOR, today=TODAY)
        tofersen = record_for_patient(session, Medication, patient.id, {
            "drug_name": "Tofersen", "category": "disease_modifying", "started_on": date(2025, 1, 20)},
            AUTHOR, today=TODAY)
        record_dose(session, tofersen.id, {"given_on": date(2025, 1, 20)}, AUTHOR, today=TODAY)
        record_for_patient(session, LiverTest, patient.id, {
            "taken_on": date(2025, 3, 3), "alt_u_l": 30.0, "alt_uln_u_l": 35.0}, AUTHOR, today=TODAY)
        record_for_patient(session, CarePlanningDecision, patient.id, {
            "topic": "resuscitation", "decision": "DNACPR", "discussed_on": date(2025, 3, 1)}, AUTHOR, today=TODAY)


def test_the_snapshot_of_a_past_day_leaves_out_what_came_later(db: Database, patient: Patient) -> None:
    record_two_visits(db, patient)
    with db.reading() as session:
        then = snapshot_for(session, patient.id, BETWEEN)
        now = snapshot_for(session, patient.id, TODAY)

    assert then.visit_dates == (FIRST,) and now.visit_dates == (FIRST, SECOND)
    assert [r.measures.fvc_percent for r in then.respiratory] == [70.0]
    assert then.weights == () and then.liver_tests == () and then.care_planning == ()
    assert [i.kind for i in then.interventions] == ["cough_assist"]
    assert then.interventions[0].ended_on is None  # its end was still to come
    assert [m.doses_given for m in then.medications] == [(date(2025, 1, 20),)]
    assert len(now.interventions) == 2 and len(now.liver_tests) == 1 and len(now.care_planning) == 1


def test_a_later_fvc_does_not_fire_criteria_on_an_earlier_day(db: Database, patient: Patient) -> None:
    record_two_visits(db, patient)
    with db.reading() as session:
        then = summary_for(session, patient.id, BETWEEN, recorded_by=BETWEEN)
        now = summary_for(session, patient.id, TODAY)
    assert "RESP-NIV-NICE" not in {p.rule_id for p in then.prompts}
    assert "RESP-NIV-NICE" in {p.rule_id for p in now.prompts}
    assert then.measures.fvc_sitting.value == 70.0
    assert then.measures.care.gastrostomy_placed is False and now.measures.care.gastrostomy_placed is True


def test_a_diagnosis_and_a_death_after_the_day_are_not_yet_known(db: Database, patient: Patient) -> None:
    before_diagnosis = date(2023, 6, 1)  # the fixture patient was diagnosed on 2 Nov 2023
    with db.transaction() as session:
        session.get(Patient, patient.id).date_of_death = date(2025, 5, 1)
    with db.reading() as session:
        then = snapshot_for(session, patient.id, before_diagnosis)
        living_then = snapshots_for_all(session, before_diagnosis, living_only=True)
        living_now = snapshots_for_all(session, TODAY, living_only=True)
    assert then.diagnosis_date is None and then.date_of_death is None and not then.deceased
    assert patient.id in living_then and patient.id not in living_now


def test_answers_and_undated_decisions_recorded_after_the_day_do_not_count(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        visits.create_visit(session, patient.id, {"visit_date": FIRST}, AUTHOR, today=TODAY)
        # Entered now (after FIRST), with no date discussed.
        record_for_patient(session, CarePlanningDecision, patient.id, {
            "topic": "place_of_death", "decision": "home"}, AUTHOR, today=TODAY)
        new_row(session, PromptResponse, {"patient_id": patient.id, "rule_id": "PAL-REFERRAL",
                                          "response": "acknowledged"}, AUTHOR)
    with db.reading() as session:
        as_of = summary_for(session, patient.id, FIRST, recorded_by=FIRST)
        live = summary_for(session, patient.id, FIRST)
    assert "PAL-REFERRAL" in {p.rule_id for p in as_of.prompts}
    assert "PAL-REFERRAL" not in {p.rule_id for p in live.prompts}
    assert as_of.snapshot.care_planning == () and len(live.snapshot.care_planning) == 1


def test_an_answer_to_a_merged_card_counts_for_the_card_that_replaced_it(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": FIRST}, AUTHOR, today=TODAY)
        visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": 40.0}, AUTHOR)
    with db.reading() as session:
        assert "RESP-NIV-NICE" in {p.rule_id for p in prompts_for(session, patient.id, TODAY)}
    with db.transaction() as session:
        new_row(session, PromptResponse, {"patient_id": patient.id, "rule_id": "RESP-NIV-CMS",
                                          "response": "acknowledged"}, AUTHOR)
        new_row(session, PromptResponse, {"patient_id": patient.id, "rule_id": "NEU-DIAGNOSTIC-DELAY",
                                          "response": "acknowledged"}, AUTHOR)
    with db.reading() as session:
        assert "RESP-NIV-NICE" not in {p.rule_id for p in prompts_for(session, patient.id, TODAY)}
        answered = answered_prompts(session, patient.id, TODAY)
    assert [a.rule_id for a in answered] == ["RESP-NIV-NICE"]  # the retired rule's answer is not listed
