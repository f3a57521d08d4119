"""The use cases the window calls with plain values: patient lists by kind, the ALSFRS-R of a
visit, voiding a visit and the clinic's setup; each one save, reporting what it changed."""

from __future__ import annotations

from datetime import date

import pytest

from als_desktop.db import Database
from als_desktop.models import Patient, Visit
from als_desktop.services import kinds, neurology, patient_lists, patients, queries, queries_neurology, visits
from als_desktop.services.clinic_details import load_clinic_details
from als_desktop.services.clinic_setup import save_clinic_setup
from als_desktop.services.errors import StaleRecordError, ValidationError
from als_desktop.services.operations import perform, read
from als_desktop.services.settings import load_settings

AUTHOR = "test.clinician"
SCORES = {"speech": 3, "salivation": 4, "swallowing": 4, "cutting_form": "5a"}


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 4)}, AUTHOR)


def test_a_liver_test_is_added_changed_and_voided_by_kind(db: Database, patient: Patient) -> None:
    added = perform(db, patient_lists.add, "liver_test", patient.id,
                    {"taken_on": date(2024, 3, 1), "alt_u_l": 40.0, "alt_uln_u_l": 35.0, "notes": ""}, AUTHOR)
    assert added.changes.patients == {patient.id} and added.changes.kinds == {"liver_test"}
    [row] = read(db, patient_lists.rows, "liver_test", patient.id, "taken_on")
    assert (row.id, row["alt_u_l"], row["notes"]) == (added.result, 40.0, None)  # an empty text is not recorded

    perform(db, patient_lists.change, "liver_test", row.id, row.version, {"alt_u_l": 190.0}, AUTHOR)
    with pytest.raises(StaleRecordError):  # based on the version before that change
        perform(db, patient_lists.change, "liver_test", row.id, row.version, {"alt_u_l": 41.0}, AUTHOR)
    [changed] = read(db, patient_lists.rows, "liver_test", patient.id, "taken_on")
    assert changed["alt_u_l"] == 190.0

    perform(db, patient_lists.void, "liver_test", changed.id, changed.version, "wrong patient", AUTHOR)
    assert read(db, patient_lists.rows, "liver_test", patient.id, "taken_on") == []
    [voided] = read(db, patient_lists.rows, "liver_test", patient.id, "taken_on", True)
    assert voided.void_reason == "wrong patient"


def test_a_dose_is_recorded_and_voided_and_other_kinds_are_refused(db: Database, patient: Patient) -> None:
    medicine = perform(db, patient_lists.add, "medication", patient.id,
                       {"drug_name": "Edaravone", "category": "disease_modifying", "started_on": date(2024, 1, 2)},
                       AUTHOR).result
    perform(db, patient_lists.record_dose, medicine, {"given_on": date(2024, 1, 3), "notes": ""}, AUTHOR)
    [listed] = read(db, queries_neurology.medications_with_doses, patient.id)
    [dose] = listed.children
    assert dose["notes"] is None
    perform(db, patient_lists.void, "dose", dose.id, dose.version, "entered twice", AUTHOR)
    [listed] = read(db, queries_neurology.medications_with_doses, patient.id)
    assert listed.children == ()

    # A visit's assessment has rules of its own: it is not added as a patient-level list entry.
    with pytest.raises(ValueError, match="not a record kept in a patient's list"):
        perform(db, patient_lists.add, "nutrition", patient.id, {}, AUTHOR)
    assert kinds.name_of("liver_test") == "liver test"


def test_alsfrs_recorded_changed_and_a_second_one_refused(db: Database, patient: Patient, visit: Visit) -> None:
    with pytest.raises(ValidationError) as error:
        perform(db, neurology.save_alsfrs, visit.id, {"cutting_form": "5a"}, AUTHOR)
    assert error.value.errors == {"values": neurology.NOTHING_SCORED}

    saved = perform(db, neurology.save_alsfrs, visit.id, SCORES, AUTHOR)
    assert saved.changes.kinds == {"alsfrs"} and saved.changes.patients == {patient.id}

    # Shown as empty on another workstation before this one was saved: refused, naming who.
    with pytest.raises(StaleRecordError, match=f"recorded on this visit by {AUTHOR}"):
        perform(db, neurology.save_alsfrs, visit.id, {**SCORES, "speech": 1}, "colleague")

    stored = read(db, queries_neurology.alsfrs_on_visit, visit.id)
    perform(db, neurology.save_alsfrs, visit.id, {**SCORES, "speech": 2}, AUTHOR, row_id=stored.id,
            version=stored.version)
    assert read(db, queries_neurology.alsfrs_on_visit, visit.id).scores["speech"] == 2


def test_alsfrs_corrected_and_voided_from_the_history(db: Database, visit: Visit) -> None:
    perform(db, neurology.save_alsfrs, visit.id, SCORES, AUTHOR)
    stored = read(db, queries_neurology.alsfrs_on_visit, visit.id)
    with pytest.raises(ValidationError) as error:
        perform(db, neurology.correct_alsfrs, stored.id, stored.version, {"cutting_form": "5a"}, AUTHOR)
    assert error.value.errors == {"values": neurology.NOTHING_LEFT}
    perform(db, neurology.correct_alsfrs, stored.id, stored.version, {**SCORES, "swallowing": 1}, AUTHOR)
    corrected = read(db, queries_neurology.alsfrs_on_visit, visit.id)
    assert corrected.scores["swallowing"] == 1 and corrected.version == stored.version + 1

    perform(db, neurology.void_alsfrs, corrected.id, corrected.version, "scored on the wrong visit", AUTHOR)
    assert read(db, queries_neurology.alsfrs_on_visit, visit.id) is None


def test_a_voided_visit_leaves_the_list_of_visits(db: Database, patient: Patient, visit: Visit) -> None:
    with pytest.raises(ValidationError):
        perform(db, visits.void_visit, visit.id, visit.version, " ", AUTHOR)
    voided = perform(db, visits.void_visit, visit.id, visit.version, "booked twice", AUTHOR)
    assert voided.changes.patients == {patient.id} and voided.changes.kinds == {"visit"}
    assert read(db, queries.visits_of, patient.id) == []


def test_the_clinic_list_reads_some_patients_or_all(db: Database, patient: Patient, visit: Visit) -> None:
    with db.transaction() as session:
        other = patients.create_patient(session, {"mrn": "MRN-0002", "given_name": "Bo", "family_name": "Other",
                                                  "date_of_birth": date(1955, 1, 1)}, AUTHOR).id
    assert {row.id for row in read(db, queries.patient_list)} == {patient.id, other}
    [row] = read(db, queries.patient_list, only={patient.id})
    assert (row.id, row.last_visit) == (patient.id, date(2024, 3, 4))
    [row] = read(db, queries.patient_list, only=[other])
    assert (row.id, row.last_visit) == (other, None)
    assert read(db, queries.patient_list, only=[]) == []


def test_the_clinic_setup_is_saved_whole_or_not_at_all(db: Database) -> None:
    with pytest.raises(ValidationError) as error:
        perform(db, save_clinic_setup, {"early_weight_loss_percent": 99.0}, {"telephone": "0" * 41}, AUTHOR)
    assert set(error.value.errors) == {"early_weight_loss_percent", "clinic.telephone"}
    with pytest.raises(ValidationError):  # a good setting is not stored with a wrong detail
        perform(db, save_clinic_setup, {"early_weight_loss_percent": 7.0}, {"telephone": "0" * 41}, AUTHOR)
    assert read(db, load_settings).early_weight_loss_percent == 5.0

    saved = perform(db, save_clinic_setup, {"early_weight_loss_percent": 7.0}, {"name": "Riverside ALS Clinic"},
                    AUTHOR)
    assert saved.changes.clinic_wide
    assert read(db, load_settings).early_weight_loss_percent == 7.0
    assert read(db, load_clinic_details).name == "Riverside ALS Clinic"
