"""The respiratory assessment use case on a real database: NIV and cough assist recorded (or
corrected) with the assessment in one transaction, and refused with it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from als_desktop.db import Database
from als_desktop.models import Intervention, Patient, RespiratoryAssessment, Visit
from als_desktop.services import patient_records, respiratory, visits
from als_desktop.services.errors import StaleRecordError, ValidationError
from als_desktop.services.operations import perform
from als_desktop.services.queries_pulmonary import in_place

AUTHOR, OTHER = "physiotherapist", "other.workstation"
VISIT_DAY = date(2024, 3, 12)
STARTED = date(2024, 3, 10)


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": VISIT_DAY}, AUTHOR)


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def interventions(db: Database) -> dict[str, Intervention]:
    with db.reading() as session:
        return {row.kind: row for row in session.scalars(select(Intervention))}


def test_niv_and_cough_assist_are_recorded_with_the_assessment(db: Database, patient: Patient, visit: Visit) -> None:
    values = {"fvc_percent_sitting": 48.0, "niv_status": "started", "niv_started_on": STARTED,
              "niv_hours_per_day": 8.0, "cough_assist_in_use": True, "cough_assist_started_on": VISIT_DAY}
    row = perform(db, respiratory.save_respiratory, visit.id, values, AUTHOR).result

    with db.reading() as session:
        stored = session.get(RespiratoryAssessment, row.id)
        assert (stored.fvc_percent_sitting, stored.niv_status) == (48.0, "started")
    kept = interventions(db)
    assert set(kept) == {"niv", "cough_assist"}
    assert (kept["niv"].patient_id, kept["niv"].started_on, kept["niv"].niv_hours_per_day) == (patient.id, STARTED, 8.0)
    assert (kept["cough_assist"].started_on, kept["cough_assist"].created_by) == (VISIT_DAY, AUTHOR)


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"niv_status": "started", "niv_hours_per_day": 6.0}, "niv_started_on", "Enter the date NIV was started"),
    ({"niv_status": "started", "niv_started_on": STARTED, "niv_hours_per_day": 30.0}, "niv_hours_per_day",
     "between 0 and 24 h/day"),
    ({"niv_status": "started", "niv_started_on": date.today() + timedelta(days=3)}, "niv_started_on", "future"),
    ({"cough_assist_in_use": True}, "cough_assist_started_on", "Enter the date cough assist was started."),
    ({"cough_assist_in_use": True, "cough_assist_started_on": date(1950, 1, 1)}, "cough_assist_started_on",
     "before the date of birth"),
])
def test_a_refused_intervention_leaves_no_assessment(db: Database, visit: Visit, values: dict, field: str,
                                                    message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        perform(db, respiratory.save_respiratory, visit.id, {"fvc_percent_sitting": 45.0, **values}, AUTHOR)
    assert message in refused.value.errors[field]
    assert count(db, RespiratoryAssessment) == 0
    assert count(db, Intervention) == 0


def test_niv_in_place_is_corrected_not_recorded_twice(db: Database, patient: Patient, visit: Visit) -> None:
    with db.transaction() as session:
        patient_records.record_for_patient(session, Intervention, patient.id,
                                           {"kind": "niv", "started_on": STARTED, "niv_hours_per_day": 6.0}, OTHER)
    with db.reading() as session:
        seen = in_place(session, patient.id, "niv")
    perform(db, respiratory.save_respiratory, visit.id,
            {"niv_status": "started", "niv_started_on": STARTED, "niv_hours_per_day": 10.0}, AUTHOR, niv_seen=seen)
    [niv] = interventions(db).values()
    assert (niv.niv_hours_per_day, niv.version, niv.updated_by) == (10.0, 2, AUTHOR)


def test_niv_in_place_cannot_silently_become_declined(db: Database, patient: Patient, visit: Visit) -> None:
    with db.transaction() as session:
        patient_records.record_for_patient(session, Intervention, patient.id,
                                           {"kind": "niv", "started_on": STARTED}, OTHER)
    with db.reading() as session:
        seen = in_place(session, patient.id, "niv")
    with pytest.raises(ValidationError) as refused:
        perform(db, respiratory.save_respiratory, visit.id, {"niv_status": "declined"}, AUTHOR, niv_seen=seen)
    assert refused.value.errors["niv_status"].startswith("NIV is recorded as in use since 10 Mar 2024.")
    assert count(db, RespiratoryAssessment) == 0


def test_cough_assist_in_place_cannot_silently_be_answered_no(db: Database, patient: Patient, visit: Visit) -> None:
    with db.transaction() as session:
        patient_records.record_for_patient(session, Intervention, patient.id,
                                           {"kind": "cough_assist", "started_on": STARTED}, OTHER)
    with db.reading() as session:
        seen = in_place(session, patient.id, "cough_assist")
    with pytest.raises(ValidationError, match="Cough assist is recorded as in use since 10 Mar 2024"):
        perform(db, respiratory.save_respiratory, visit.id, {"fvc_percent_sitting": 60.0, "cough_assist_in_use": False},
                AUTHOR, cough_assist_seen=seen)
    assert count(db, RespiratoryAssessment) == 0


def test_niv_changed_meanwhile_refuses_the_whole_save(db: Database, patient: Patient, visit: Visit) -> None:
    with db.transaction() as session:
        patient_records.record_for_patient(session, Intervention, patient.id,
                                           {"kind": "niv", "started_on": STARTED, "niv_hours_per_day": 6.0}, OTHER)
    with db.reading() as session:
        seen = in_place(session, patient.id, "niv")
    with db.transaction() as session:
        patient_records.edit_patient_record(session, Intervention, seen.id, seen.version,
                                            {"niv_hours_per_day": 9.0}, OTHER)
    with pytest.raises(StaleRecordError, match=f"changed by {OTHER}"):
        perform(db, respiratory.save_respiratory, visit.id,
                {"niv_status": "started", "niv_started_on": STARTED, "niv_hours_per_day": 12.0}, AUTHOR,
                niv_seen=seen)
    assert [niv.niv_hours_per_day for niv in interventions(db).values()] == [9.0]
    assert count(db, RespiratoryAssessment) == 0


def test_correcting_the_assessment_quotes_its_version(db: Database, visit: Visit) -> None:
    row = perform(db, respiratory.save_respiratory, visit.id, {"fvc_percent_sitting": 80.0}, AUTHOR).result
    perform(db, respiratory.save_respiratory, visit.id, {"fvc_percent_sitting": 75.0}, OTHER,
            row_id=row.id, version=row.version)
    with pytest.raises(StaleRecordError, match=f"changed by {OTHER}"):
        perform(db, respiratory.save_respiratory, visit.id, {"fvc_percent_sitting": 82.0}, AUTHOR,
                row_id=row.id, version=row.version)
    with db.reading() as session:
        assert session.get(RespiratoryAssessment, row.id).fvc_percent_sitting == 75.0
