"""The snapshot decision support reads is the stored record: no voided rows, oldest first,
the same for one patient as for the whole clinic, read in a fixed number of queries."""

from __future__ import annotations

from datetime import date

from decision_helpers import AUTHOR, DEMO_DAY
from sqlalchemy import event, func, select

from als_desktop.db import Database
from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    Intervention,
    LiverTest,
    Medication,
    Patient,
    RespiratoryAssessment,
    Visit,
    WeightMeasurement,
)
from als_desktop.services import demo, patients, visits
from als_desktop.services.patient_records import record_dose, record_for_patient
from als_desktop.services.records import void_row
from als_desktop.services.snapshots import snapshot_for, snapshots_for_all

TODAY = date(2025, 6, 2)


def add_visit(session, patient_id, day: date) -> Visit:
    return visits.create_visit(session, patient_id, {"visit_date": day}, AUTHOR, today=TODAY)


def test_snapshot_carries_the_record_oldest_first_without_voided_rows(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        later = add_visit(session, patient.id, date(2025, 3, 1))
        earlier = add_visit(session, patient.id, date(2024, 12, 1))
        voided_visit = add_visit(session, patient.id, date(2025, 1, 15))
        visits.record_weight(session, later.id, 64.5, AUTHOR)
        visits.record_weight(session, earlier.id, 67.0, AUTHOR)
        visits.record_weight(session, voided_visit.id, 40.0, AUTHOR)
        wrong = visits.record_weight(session, later.id, 46.5, AUTHOR)
        visits.record_respiratory(session, later.id, {"fvc_percent_sitting": 48.0, "fvc_percent_supine": 40.0,
                                                      "co2_mmhg": 47.0, "co2_source": "arterial",
                                                      "orthopnoea": True, "niv_status": "discussed"}, AUTHOR)
        visits.record_on_visit(session, AlsfrsAssessment, earlier.id,
                               {"speech": 3, "swallowing": 4, "cutting_form": "5b", "cutting_food": 2}, AUTHOR)
        riluzole = record_for_patient(session, Medication, patient.id, {
            "drug_name": "Riluzole", "category": "disease_modifying", "started_on": date(2024, 1, 10)}, AUTHOR)
        tofersen = record_for_patient(session, Medication, patient.id, {
            "drug_name": "Tofersen", "category": "disease_modifying", "started_on": date(2024, 6, 1)}, AUTHOR)
        for day in (date(2024, 6, 29), date(2024, 6, 1), date(2024, 6, 15)):
            record_dose(session, tofersen.id, {"given_on": day}, AUTHOR, today=TODAY)
        record_for_patient(session, LiverTest, patient.id, {
            "taken_on": date(2024, 3, 1), "alt_u_l": 40.0, "alt_uln_u_l": 35.0}, AUTHOR, today=TODAY)
        record_for_patient(session, LiverTest, patient.id, {
            "taken_on": date(2024, 2, 1), "alt_u_l": 30.0, "alt_uln_u_l": 35.0}, AUTHOR, today=TODAY)
        record_for_patient(session, Intervention, patient.id, {
            "kind": "niv", "started_on": date(2025, 3, 5), "niv_hours_per_day": 8.0}, AUTHOR, today=TODAY)
        record_for_patient(session, CarePlanningDecision, patient.id, {
            "topic": "ventilatory_support", "decision": "wants NIV", "discussed_on": date(2025, 3, 1)},
            AUTHOR, today=TODAY)
        void_row(session, Visit, voided_visit.id, voided_visit.version, "wrong patient", AUTHOR)
        void_row(session, WeightMeasurement, wrong.id, wrong.version, "typed 46.5 for 64.5", AUTHOR)
        void_row(session, Medication, riluzole.id, riluzole.version, "never started", AUTHOR)

    with db.reading() as session:
        snapshot = snapshot_for(session, patient.id, TODAY)

    assert snapshot.today == TODAY
    assert snapshot.date_of_birth == date(1961, 4, 12)
    assert snapshot.premorbid_weight_kg == 70.0
    assert snapshot.onset_region == "bulbar"
    assert snapshot.visit_dates == (date(2024, 12, 1), date(2025, 3, 1))
    assert [(w.visit_date, w.weight_kg) for w in snapshot.weights] == [
        (date(2024, 12, 1), 67.0), (date(2025, 3, 1), 64.5)]
    [alsfrs] = snapshot.alsfrs
    assert alsfrs.scores["speech"] == 3 and alsfrs.scores["walking"] is None and alsfrs.cutting_form == "5b"
    [respiratory] = snapshot.respiratory
    assert respiratory.measures.fvc_percent == 48.0 and respiratory.fvc_percent_supine == 40.0
    assert respiratory.measures.co2_mmhg == 47.0 and respiratory.measures.co2_arterial
    assert respiratory.symptoms["orthopnoea"] is True and respiratory.symptoms["morning_headache"] is None
    assert respiratory.niv_status == "discussed"
    [medicine] = snapshot.medications
    assert medicine.drug_name == "Tofersen"
    assert medicine.doses_given == (date(2024, 6, 1), date(2024, 6, 15), date(2024, 6, 29))
    assert [t.taken_on for t in snapshot.liver_tests] == [date(2024, 2, 1), date(2024, 3, 1)]
    [niv] = snapshot.interventions
    assert niv.kind == "niv" and niv.in_place(TODAY) and niv.niv_hours_per_day == 8.0
    assert [(c.topic, c.decision) for c in snapshot.care_planning] == [("ventilatory_support", "wants NIV")]


def test_a_voided_patient_is_in_no_clinic_snapshot(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        other = patients.create_patient(session, {"mrn": "MRN-0002", "given_name": "Sam", "family_name": "Other",
                                                  "date_of_birth": date(1970, 1, 1)}, AUTHOR)
        patients.void_patient(session, other.id, other.version, "duplicate registration", AUTHOR)
    with db.reading() as session:
        assert set(snapshots_for_all(session, TODAY)) == {patient.id}


def test_whole_clinic_agrees_with_one_patient_at_a_time(clinic: Database) -> None:
    with clinic.reading() as session:
        everyone = snapshots_for_all(session, DEMO_DAY)
        ids = session.scalars(select(Patient.id).where(Patient.voided_at.is_(None))).all()
        assert set(everyone) == set(ids) and len(ids) == 30
        for patient_id in ids:
            assert snapshot_for(session, patient_id, DEMO_DAY) == everyone[patient_id]
        # The demo clinic has records of every kind, so the comparison above compared them.
        assert sum(len(s.alsfrs) for s in everyone.values()) == session.scalar(
            select(func.count()).select_from(AlsfrsAssessment).join(Visit)
            .where(AlsfrsAssessment.voided_at.is_(None), Visit.voided_at.is_(None)))
        assert any(s.respiratory for s in everyone.values())
        assert any(m.doses_given for s in everyone.values() for m in s.medications)
        assert any(s.liver_tests for s in everyone.values())
        assert any(s.care_planning for s in everyone.values())
        assert any(s.weights for s in everyone.values())
        respiratory = session.scalar(select(func.count()).select_from(RespiratoryAssessment))
        assert respiratory > 0


def count_queries(database: Database, read) -> int:
    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        with database.reading() as session:
            read(session)
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    return len(statements)


def test_whole_clinic_is_read_in_the_same_number_of_queries_for_any_size(db: Database) -> None:
    demo.populate(db, 3, seed=2, today=DEMO_DAY)
    small = count_queries(db, lambda session: snapshots_for_all(session, DEMO_DAY))
    demo.populate(db, 25, seed=3, today=DEMO_DAY)
    large = count_queries(db, lambda session: snapshots_for_all(session, DEMO_DAY))
    assert large == small <= 15
    with db.reading() as session:
        assert len(snapshots_for_all(session, DEMO_DAY)) == 28
