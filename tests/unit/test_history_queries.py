"""The change history as a clinician reads it: every create, change, void and restore of a row,
newest first, with readable fields; a patient's history holds only that patient's rows; rows
recorded before history was kept say so; restoring a voided entry is refused when it would no
longer fit the record."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from als_desktop.config import sqlite_url
from als_desktop.db import Database, migrate, open_database
from als_desktop.models import AlsfrsAssessment, Patient, Visit, WeightMeasurement, utc_now
from als_desktop.services import assessments, care_planning, history, nutrition, patients, records, visits
from als_desktop.services.errors import NotFoundError, SecondAssessmentError, StaleRecordError, ValidationError
from als_desktop.services.history import HistoryEntry
from als_desktop.services.writer import ENV_WORKSTATION

AUTHOR = "test.clinician"
VISIT_DAY = date(2024, 3, 4)


@pytest.fixture(autouse=True)
def workstation(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(ENV_WORKSTATION, "CLINIC-PC-3")
    return "CLINIC-PC-3"


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": VISIT_DAY}, AUTHOR)


def weight_corrected_voided_restored(db: Database, visit: Visit) -> WeightMeasurement:
    with db.transaction() as session:
        weight = nutrition.record_weight(session, visit.id, 72.0, "nurse.a")
    with db.transaction() as session:
        nutrition.correct_weight(session, weight.id, 1, 70.5, "dietitian.b")
    with db.transaction() as session:
        records.void_row(session, WeightMeasurement, weight.id, 2, "Weighed in his coat", "nurse.c")
    with db.transaction() as session:
        history.restore_record(session, "weight", weight.id, 3, "The coat was off after all", "dr.d")
    return weight


def texts(entry: HistoryEntry) -> list[str]:
    return [change.text for change in entry.changes]


def test_a_row_shows_every_version_newest_first_with_readable_fields(db: Database, visit: Visit) -> None:
    weight = weight_corrected_voided_restored(db, visit)
    with db.reading() as session:
        found = history.row_history(session, weight.id)

    assert (found.kind, found.record) == ("weight", "weight")
    assert found.description == "weight of the visit of 04 Mar 2024"
    assert (found.version, found.voided) == (4, False)
    restored, voided, changed, created = found.entries
    assert [e.operation for e in found.entries] == ["restore", "void", "change", "create"]
    assert [e.what for e in found.entries] == ["restored", "voided", "changed", "created"]
    assert [e.actor for e in found.entries] == ["dr.d", "nurse.c", "dietitian.b", "nurse.a"]
    assert {e.workstation for e in found.entries} == {"CLINIC-PC-3"}
    assert [(e.version_before, e.version_after) for e in found.entries] == [(3, 4), (2, 3), (1, 2), (None, 1)]

    assert texts(created) == ["Weight: 72 kg"]
    assert texts(changed) == ["Weight: 72 kg → 70.5 kg"]
    [change] = changed.changes
    assert (change.field, change.label, change.old, change.new) == ("weight_kg", "Weight", "72 kg", "70.5 kg")
    assert (change.old_value, change.new_value) == (72.0, 70.5)
    assert (voided.reason, restored.reason) == ("Weighed in his coat", "The coat was off after all")
    assert voided.changes == () and restored.changes == ()  # the operation and the reason say it
    assert set(voided.fields) == {"voided_at", "voided_by", "void_reason"}  # kept as stored
    assert voided.summary == "Voided: weight of the visit of 04 Mar 2024"
    for entry in found.entries:
        assert entry.when == f"{entry.recorded_at.astimezone():%d %b %Y %H:%M}"  # the workstation's time
        assert entry.recorded_at.utcoffset() == timedelta(0)


def test_the_history_tells_a_voided_row_apart(db: Database, visit: Visit) -> None:
    with db.transaction() as session:
        weight = nutrition.record_weight(session, visit.id, 68.0, AUTHOR)
    with db.transaction() as session:
        records.void_row(session, WeightMeasurement, weight.id, 1, "Wrong patient", "nurse.c")
    with db.reading() as session:
        found = history.row_history(session, weight.id)
        whole = history.patient_history(session, visit.patient_id)
    assert (found.voided, found.version, found.voided_by, found.void_reason) == (True, 2, "nurse.c", "Wrong patient")
    assert all(e.voided_now and e.current_version == 2 for e in whole.entries if e.row_id == weight.id)
    assert not any(e.voided_now for e in whole.entries if e.row_id != weight.id)


def test_codes_dates_links_and_scores_read_as_on_screen(db: Database, patient: Patient, visit: Visit) -> None:
    with db.transaction() as session:
        patients.update_patient(session, patient.id, patient.version,
                                {"onset_region": "upper_limb", "ecas_date": date(2024, 2, 1)}, "dr.n")
        assessments.save_on_visit(session, "alsfrs", visit.id, {"speech": 3, "cutting_form": "5a"}, "dr.n")
        assessments.save_slp(session, visit.id, {"iddsi_drink_level": 2, "voice_banking": True}, "slp.s")
    with db.reading() as session:
        entries = history.patient_history(session, patient.id).entries
    by_record: dict[str, HistoryEntry] = {}
    for entry in entries:
        by_record.setdefault(entry.record, entry)  # the newest of each
    assert "Onset region: Bulbar → Upper limb" in texts(by_record["patient record"])
    assert "ECAS date: — → 01 Feb 2024" in texts(by_record["patient record"])
    assert by_record["patient record"].description == "patient record of EXAMPLE, Alex (MRN-0001)"
    alsfrs = by_record["ALSFRS-R assessment"]
    assert alsfrs.description == "ALSFRS-R assessment of the visit of 04 Mar 2024"
    assert "ALSFRS-R 1 speech: 3" in texts(alsfrs)
    assert "ALSFRS-R item 5 form: 5a" in texts(alsfrs)
    assert not any(change.field == "visit_id" for change in alsfrs.changes)  # named in the description
    slp = texts(by_record["speech and swallowing assessment"])
    assert "IDDSI drink level: 2 Mildly thick" in slp and "Voice banking: Yes" in slp
    visit_entry = by_record["visit"]
    assert visit_entry.description == "visit of 04 Mar 2024 (Main clinic)"
    assert texts(visit_entry)[:2] == ["Visit date: 04 Mar 2024", "Site: Main clinic"]


def test_a_patient_history_is_newest_first_and_only_that_patients(db: Database, patient: Patient,
                                                                  visit: Visit) -> None:
    weight = weight_corrected_voided_restored(db, visit)
    with db.transaction() as session:
        other = patients.create_patient(session, {"mrn": "MRN-0002", "given_name": "Sam", "family_name": "Other",
                                                  "date_of_birth": date(1970, 1, 1), "sex": "male"}, AUTHOR)
        other_visit = visits.create_visit(session, other.id, {"visit_date": VISIT_DAY}, AUTHOR)
        other_weight = nutrition.record_weight(session, other_visit.id, 90.0, AUTHOR)
    with db.reading() as session:
        found = history.patient_history(session, patient.id)
        by_mrn = history.patient_history_by_mrn(session, "MRN-0001")

    assert (found.mrn, found.name) == ("MRN-0001", "EXAMPLE, Alex")
    assert by_mrn == found
    sequence = [e.seq for e in found.entries]
    assert sequence == sorted(sequence, reverse=True) and len(set(sequence)) == len(sequence)
    assert {e.row_id for e in found.entries} == {patient.id, visit.id, weight.id}
    assert not {other.id, other_visit.id, other_weight.id} & {e.row_id for e in found.entries}
    assert [e.operation for e in found.entries] == ["restore", "void", "change", "create", "create", "create"]
    assert found.entries[-1].kind == "patient"


def test_an_unknown_patient_or_row_is_a_clear_refusal(db: Database, patient: Patient) -> None:
    with db.reading() as session:
        with pytest.raises(NotFoundError, match="No patient with MRN NOBODY"):
            history.patient_history_by_mrn(session, "NOBODY")
        with pytest.raises(NotFoundError):
            history.row_history(session, uuid.uuid4())


# ---------------------------------------------------------------------------- before history


def test_rows_from_before_the_history_say_so(tmp_path: Path) -> None:
    database = open_database(sqlite_url(tmp_path / "old.sqlite"), migrate=False)
    try:
        migrate.upgrade(database, "0003")
        then = utc_now() - timedelta(days=30)
        stamp = {"created_at": then, "updated_at": then, "created_by": "old.user", "updated_by": "old.editor"}
        with database.transaction() as session:
            # Straight through the ORM, as a release without the history wrote them.
            old = Patient(mrn="OLD-1", given_name="Ada", family_name="Before", date_of_birth=date(1950, 5, 5),
                          sex="female", **stamp)
            session.add(old)
            session.flush()
            old_visit = Visit(patient_id=old.id, visit_date=date(2023, 5, 1), site="Outreach North", **stamp)
            session.add(old_visit)
            session.flush()
            old_weight = WeightMeasurement(visit_id=old_visit.id, weight_kg=64.2, **stamp)
            session.add(old_weight)
        migrate.upgrade(database, "head")
        with database.transaction() as session:
            nutrition.correct_weight(session, old_weight.id, 1, 63.8, "dietitian.b")
        with database.reading() as session:
            found = history.patient_history(session, old.id)
    finally:
        database.close()

    newest, *existing = found.entries
    assert (newest.operation, newest.actor, texts(newest)) == ("change", "dietitian.b", ["Weight: 64.2 kg → 63.8 kg"])
    assert (newest.version_before, newest.version_after) == (1, 2)
    assert {e.row_id for e in existing} == {old.id, old_visit.id, old_weight.id}
    for entry in existing:
        assert entry.operation == "existing" and entry.what == "recorded before history was kept"
        assert entry.source == "recorded before history was kept"
        assert entry.actor == "old.editor"
        assert entry.when == f"{then.astimezone():%d %b %Y %H:%M}"
    weight_entry = next(e for e in existing if e.row_id == old_weight.id)
    assert (weight_entry.version_after, texts(weight_entry)) == (1, ["Weight: 64.2 kg"])
    assert weight_entry.description == "weight of the visit of 01 May 2023"
    visit_entry = next(e for e in existing if e.row_id == old_visit.id)
    assert "Site: Outreach North" in texts(visit_entry)


# ---------------------------------------------------------------------------- restoring


def test_restore_is_an_entry_of_the_history_and_refuses_what_no_longer_fits(db: Database, visit: Visit) -> None:
    with db.transaction() as session:
        first = assessments.save_on_visit(session, "alsfrs", visit.id, {"speech": 4}, AUTHOR)
    with db.transaction() as session:
        records.void_row(session, AlsfrsAssessment, first.id, 1, "Scored on the wrong visit", AUTHOR)
        second = assessments.save_on_visit(session, "alsfrs", visit.id, {"speech": 2}, AUTHOR)

    with db.transaction() as session, pytest.raises(SecondAssessmentError, match="already has a live ALSFRS-R"):
        history.restore_record(session, "alsfrs", first.id, 2, "It was the right visit", AUTHOR)
    with db.transaction() as session, pytest.raises(StaleRecordError, match="not voided"):
        history.restore_record(session, "alsfrs", second.id, 1, "Nothing to restore", AUTHOR)
    with db.transaction() as session, pytest.raises(StaleRecordError, match="after you opened it"):
        history.restore_record(session, "alsfrs", first.id, 1, "From an old screen", AUTHOR)
    with db.transaction() as session, pytest.raises(ValidationError) as refused:
        history.restore_record(session, "alsfrs", first.id, 2, "  ", AUTHOR)
    assert "reason for restoring" in refused.value.errors["restore_reason"]

    with db.transaction() as session:
        records.void_row(session, AlsfrsAssessment, second.id, 1, "The other one was right", AUTHOR)
        assert history.restore_record(session, "alsfrs", first.id, 2, "It was the right visit", "dr.r") == 3
    with db.reading() as session:
        found = history.row_history(session, first.id)
    assert [e.operation for e in found.entries] == ["restore", "void", "create"]
    assert (found.entries[0].actor, found.entries[0].reason) == ("dr.r", "It was the right visit")
    assert json.loads(json.dumps(found.entries[0].fields))["voided_at"][1] is None
    assert not found.voided


def test_a_decision_is_not_restored_over_a_live_one_on_its_topic(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        old = care_planning.record_decision(session, patient.id, "resuscitation", {"decision": "Full"}, AUTHOR)
    with db.transaction() as session:
        records.void_row(session, type(old), old.id, 1, "Recorded on the wrong patient", AUTHOR)
        care_planning.record_decision(session, patient.id, "resuscitation", {"decision": "DNACPR"}, AUTHOR)
    with db.transaction() as session, pytest.raises(ValidationError) as refused:
        history.restore_record(session, "care_planning", old.id, 2, "It was right", AUTHOR)
    assert "already has a decision on resuscitation status" in refused.value.errors["topic"]
    with db.reading() as session:
        assert history.row_history(session, old.id).voided
