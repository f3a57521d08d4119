"""Overview: King's and MiToS stage and ΔFRS with its band, each with its source, and
"not recorded" rather than a stage from a half-filled ALSFRS-R."""

from __future__ import annotations

from datetime import date

from clinic_builders import WORKED_EXAMPLE, add_patient, add_visit, record

from als_desktop.models import AlsfrsAssessment

TODAY = date(2024, 6, 30)
ITEMS = tuple(WORKED_EXAMPLE)
# A complete form totalling 38 (the reference's ΔFRS example).
TOTAL_38 = dict(zip(ITEMS, (3, 3, 3, 2, 2, 3, 4, 3, 3, 4, 4, 4), strict=True))


def overview_of(open_window, db_path, patient_id):
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(patient_id)
    return window.tabs.show_tab("Overview")


def test_kings_and_mitos_for_the_reference_example(open_window, db_path, db):
    patient_id = add_patient(db, "MRN-8201", "Kim", "Staged", onset_date=date(2023, 1, 15))
    visit = add_visit(db, patient_id, date(2024, 1, 15))
    record(db, visit, AlsfrsAssessment, {**WORKED_EXAMPLE, "cutting_form": "5a"})
    staging = overview_of(open_window, db_path, patient_id).staging
    assert staging.text("King's stage") == (
        "2 — upper limb, lower limb; 4A nutritional failure: no; 4B respiratory failure: no"
        "  (ALSFRS-R of 15 Jan 2024; Balendra et al., ALS-FTD 2014;15:279-84)")
    assert staging.text("MiToS stage") == (
        "0 — no domain lost  (ALSFRS-R of 15 Jan 2024; Chiò et al., JNNP 2015;86:38-44)")
    # 44 points: (48 − 44) / 12 months.
    assert staging.text("ΔFRS").startswith("0.33 points/month — slow progression")


def test_delta_frs_for_the_reference_example(open_window, db_path, db):
    patient_id = add_patient(db, "MRN-8202", "Dee", "Rate", onset_date=date(2023, 1, 15))
    visit = add_visit(db, patient_id, date(2024, 1, 15))
    record(db, visit, AlsfrsAssessment, {**TOTAL_38, "cutting_form": "5a"})
    staging = overview_of(open_window, db_path, patient_id).staging
    assert staging.text("ΔFRS") == (
        "0.83 points/month — intermediate progression  (symptom onset to ALSFRS-R of 15 Jan 2024; "
        "Kimura et al., Neurology 2006;66:265)")


def test_a_half_filled_form_gives_no_stage(open_window, db_path, db):
    patient_id = add_patient(db, "MRN-8203", "Hal", "Partial", onset_date=date(2023, 1, 15))
    visit = add_visit(db, patient_id, date(2024, 1, 15))
    record(db, visit, AlsfrsAssessment, {**WORKED_EXAMPLE, "walking": None, "cutting_form": "5a"})
    staging = overview_of(open_window, db_path, patient_id).staging
    for name in ("King's stage", "MiToS stage", "ΔFRS"):
        assert staging.text(name) == "not recorded (no complete ALSFRS-R)", name


def test_without_symptom_onset_there_is_a_stage_but_no_delta_frs(open_window, db_path, db):
    patient_id = add_patient(db, "MRN-8204", "Ona", "Unknown")
    visit = add_visit(db, patient_id, date(2024, 1, 15))
    record(db, visit, AlsfrsAssessment, {**WORKED_EXAMPLE, "cutting_form": "5a"})
    staging = overview_of(open_window, db_path, patient_id).staging
    assert staging.text("King's stage").startswith("2 — ")
    assert staging.text("ΔFRS") == "not recorded (symptom onset not recorded)"


def test_a_gastrostomy_form_is_kings_4a(open_window, db_path, db):
    patient_id = add_patient(db, "MRN-8205", "Gus", "Tube", onset_date=date(2023, 1, 15))
    visit = add_visit(db, patient_id, date(2024, 1, 15))
    record(db, visit, AlsfrsAssessment, {**WORKED_EXAMPLE, "cutting_form": "5b"})
    staging = overview_of(open_window, db_path, patient_id).staging
    assert staging.text("King's stage").startswith("4A — ")
    assert "4A nutritional failure: yes; 4B respiratory failure: no" in staging.text("King's stage")
