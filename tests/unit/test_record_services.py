"""Record services: stale edits are refused, voids keep the row, one save is one transaction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from als_desktop.db import Database
from als_desktop.models import Patient, Visit, WeightMeasurement
from als_desktop.services import NotFoundError, StaleRecordError, ValidationError, patients, records, visits
from sqlalchemy.exc import IntegrityError

AUTHOR = "test.clinician"
OTHER = "other.workstation"


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 4)}, AUTHOR)


def stored_patient(db: Database, patient: Patient) -> Patient:
    with db.reading() as session:
        return session.get(Patient, patient.id)


def test_edit_bumps_version_and_records_author(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        patients.update_patient(session, patient.id, patient.version, {"height_cm": 171.0}, OTHER)
    stored = stored_patient(db, patient)
    assert stored.height_cm == 171.0
    assert stored.version == patient.version + 1
    assert stored.updated_by == OTHER and stored.created_by == AUTHOR
    assert stored.updated_at >= stored.created_at


def test_edit_from_an_outdated_screen_is_refused(db: Database, patient: Patient) -> None:
    seen_version = patient.version  # both workstations opened the record at this version
    with db.transaction() as session:
        patients.update_patient(session, patient.id, seen_version, {"height_cm": 171.0}, OTHER)

    with pytest.raises(StaleRecordError) as error:
        with db.transaction() as session:
            patients.update_patient(session, patient.id, seen_version, {"height_cm": 150.0}, AUTHOR)

    assert f"changed by {OTHER}" in str(error.value)
    assert "not saved" in str(error.value)
    assert stored_patient(db, patient).height_cm == 171.0


def test_edit_racing_another_save_is_refused(db: Database, patient: Patient) -> None:
    """Two sessions load the same row; the second to write finds it changed underneath it."""
    first, second = db.sessions(), db.sessions()
    try:
        assert second.get(Patient, patient.id).version == patient.version  # loaded, not yet saved
        patients.update_patient(first, patient.id, patient.version, {"notes": "first"}, OTHER)
        first.commit()
        with pytest.raises(StaleRecordError):
            patients.update_patient(second, patient.id, patient.version, {"notes": "second"}, AUTHOR)
        second.rollback()
    finally:
        first.close()
        second.close()
    assert stored_patient(db, patient).notes == "first"


def test_stale_measurement_edit_is_refused(db: Database, visit: Visit) -> None:
    with db.transaction() as session:
        weight = visits.record_weight(session, visit.id, 70.0, AUTHOR)
    with db.transaction() as session:
        visits.edit_record(session, WeightMeasurement, weight.id, weight.version, {"weight_kg": 69.0}, OTHER)
    with pytest.raises(StaleRecordError):
        with db.transaction() as session:
            visits.edit_record(session, WeightMeasurement, weight.id, weight.version, {"weight_kg": 80.0}, AUTHOR)
    with db.reading() as session:
        assert session.get(WeightMeasurement, weight.id).weight_kg == 69.0


def test_void_keeps_the_row_with_reason_and_author(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        patients.void_patient(session, patient.id, patient.version, "  registered twice ", OTHER)
    stored = stored_patient(db, patient)
    assert stored is not None
    assert stored.is_voided
    assert stored.void_reason == "registered twice"
    assert stored.voided_by == OTHER
    assert stored.mrn == patient.mrn and stored.family_name == patient.family_name
    assert stored.version == patient.version + 1


def test_void_needs_a_reason(db: Database, patient: Patient) -> None:
    with pytest.raises(ValidationError) as error:
        with db.transaction() as session:
            patients.void_patient(session, patient.id, patient.version, "   ", AUTHOR)
    assert set(error.value.errors) == {"void_reason"}
    assert not stored_patient(db, patient).is_voided


def test_voided_row_cannot_be_edited(db: Database, visit: Visit) -> None:
    with db.transaction() as session:
        weight = visits.record_weight(session, visit.id, 70.0, AUTHOR)
    with db.transaction() as session:
        voided = records.void_row(session, WeightMeasurement, weight.id, weight.version, "wrong patient", AUTHOR)
    with pytest.raises(StaleRecordError) as error:
        with db.transaction() as session:
            visits.edit_record(session, WeightMeasurement, weight.id, voided.version, {"weight_kg": 71.0}, AUTHOR)
    assert "wrong patient" in str(error.value)


def test_no_visit_on_a_voided_patient(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        patients.void_patient(session, patient.id, patient.version, "test registration", AUTHOR)
    with pytest.raises(NotFoundError):
        with db.transaction() as session:
            visits.create_visit(session, patient.id, {"visit_date": date(2024, 1, 1)}, AUTHOR)


def weights(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(WeightMeasurement))


def visits_count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Visit))


def test_refused_second_row_rolls_back_the_first(db: Database, patient: Patient) -> None:
    with pytest.raises(ValidationError):
        with db.transaction() as session:
            visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 6, 1)}, AUTHOR)
            visits.record_weight(session, visit.id, 68.0, AUTHOR)
            visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": -3}, AUTHOR)
    assert visits_count(db) == 0
    assert weights(db) == 0


def test_database_refusal_of_second_row_rolls_back_the_first(db: Database, visit: Visit) -> None:
    """Even when only the database catches the problem, the earlier row of the save goes too."""
    with pytest.raises(IntegrityError):
        with db.transaction() as session:
            visits.record_weight(session, visit.id, 68.0, AUTHOR)
            session.add(WeightMeasurement(visit_id=visit.id, weight_kg=900, created_by=AUTHOR, updated_by=AUTHOR))
    assert weights(db) == 0


def test_successful_save_commits_every_row(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 6, 1)}, AUTHOR)
        visits.record_weight(session, visit.id, 68.0, AUTHOR)
        visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": 82}, AUTHOR)
    with db.reading() as session:
        stored = session.get(Visit, visit.id)
        assert [w.weight_kg for w in stored.weights] == [68.0]
        assert [r.fvc_percent_sitting for r in stored.respiratory] == [82]
