"""Dates on any record: not in the future, not before birth, a stop not before its start."""

from __future__ import annotations

from datetime import date

import pytest

from als_desktop.models import LiverTest, Medication, SlpAssessment, TeamAction
from als_desktop.services import StaleRecordError, ValidationError, patient_records, visits

AUTHOR = "tester"
TODAY = date(2025, 6, 1)


def test_a_liver_test_before_birth_or_in_the_future_is_refused(db, patient):
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        patient_records.record_for_patient(
            session, LiverTest, patient.id, {"taken_on": date(1950, 1, 1), "alt_u_l": 30, "alt_uln_u_l": 40},
            AUTHOR, today=TODAY)
    assert "before the date of birth" in refused.value.errors["taken_on"]
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        patient_records.record_for_patient(
            session, LiverTest, patient.id, {"taken_on": date(2025, 7, 1), "alt_u_l": 30, "alt_uln_u_l": 40},
            AUTHOR, today=TODAY)
    assert "future" in refused.value.errors["taken_on"]
    with db.reading() as session:
        assert session.query(LiverTest).count() == 0


def test_a_stop_date_before_the_start_is_refused_also_when_only_the_stop_changes(db, patient):
    with db.transaction() as session:
        riluzole = patient_records.record_for_patient(
            session, Medication, patient.id,
            {"drug_name": "riluzole", "category": "disease_modifying", "started_on": date(2024, 3, 1)},
            AUTHOR, today=TODAY)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        patient_records.edit_patient_record(session, Medication, riluzole.id, riluzole.version,
                                            {"stopped_on": date(2024, 2, 1)}, AUTHOR, today=TODAY)
    assert "Stop date" in refused.value.errors["stopped_on"]
    assert "before the start date" in refused.value.errors["stopped_on"]


def test_a_planned_due_date_may_be_in_the_future(db, patient):
    with db.transaction() as session:
        action = patient_records.record_for_patient(
            session, TeamAction, patient.id,
            {"owner_discipline": "slp", "description": "AAC assessment", "due_on": date(2025, 9, 1)},
            AUTHOR, today=TODAY)
    assert action.due_on == date(2025, 9, 1)


def test_a_dose_before_the_medicine_started_is_refused(db, patient):
    with db.transaction() as session:
        tofersen = patient_records.record_for_patient(
            session, Medication, patient.id,
            {"drug_name": "tofersen", "category": "disease_modifying", "route": "intrathecal",
             "started_on": date(2024, 3, 1)}, AUTHOR, today=TODAY)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        patient_records.record_dose(session, tofersen.id, {"given_on": date(2024, 2, 1)}, AUTHOR, today=TODAY)
    assert "before the start date" in refused.value.errors["given_on"]


def test_visit_records_check_their_dates_and_refuse_stale_edits(db, patient):
    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 5, 1)}, AUTHOR, today=TODAY)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        visits.record_on_visit(session, SlpAssessment, visit.id, {"slp_referral_date": date(2026, 1, 1)},
                               AUTHOR, today=TODAY)
    assert "future" in refused.value.errors["slp_referral_date"]
    with db.transaction() as session:
        slp = visits.record_on_visit(session, SlpAssessment, visit.id, {"speaking_rate_wpm": 140}, AUTHOR, today=TODAY)
    with db.transaction() as session:
        visits.edit_record(session, SlpAssessment, slp.id, 1, {"speaking_rate_wpm": 130}, "colleague", today=TODAY)
    with pytest.raises(StaleRecordError), db.transaction() as session:
        visits.edit_record(session, SlpAssessment, slp.id, 1, {"speaking_rate_wpm": 110}, AUTHOR, today=TODAY)
