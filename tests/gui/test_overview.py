"""The Overview tab: the patient's story at a glance, read from what each discipline recorded."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import (
    WORKED_EXAMPLE,
    CarePlanningDecision,
    Intervention,
    NutritionAssessment,
    add_patient,
    add_visit,
    prompted_patient,
    record,
    record_disciplines,
    record_for_patient,
)
from PySide6.QtCore import Qt
from sqlalchemy import select

from als_desktop.models import (
    AlsfrsAssessment,
    RespiratoryAssessment,
    WeightMeasurement,
)
from als_desktop.services import patient_records
from als_desktop.views import prompts_panel

TODAY = date(2024, 6, 30)


@pytest.fixture
def story(db):
    """Onset 15 Jan 2023, diagnosis 2 Nov 2023, premorbid weight 70 kg; two visits."""
    patient_id = add_patient(
        db, "MRN-7001", "Alex", "Example", height_cm=168.0, premorbid_weight_kg=70.0,
        onset_date=date(2023, 1, 15), onset_region="bulbar", diagnosis_date=date(2023, 11, 2),
        diagnostic_criteria="gold_coast",
    )
    first = add_visit(db, patient_id, date(2024, 1, 15))
    latest = add_visit(db, patient_id, date(2024, 4, 9))
    record_disciplines(db, first, "neurology", "slp", "pulmonary")
    record(db, first, WeightMeasurement, {"weight_kg": 66.0})
    record(db, latest, WeightMeasurement, {"weight_kg": 64.0})
    record(db, latest, NutritionAssessment, {"gastrostomy_status": "discussed"})
    record_for_patient(db, patient_id, Intervention, {"kind": "niv", "started_on": date(2024, 3, 1),
                                                      "niv_hours_per_day": 8.0})
    record_for_patient(db, patient_id, CarePlanningDecision, {
        "topic": "resuscitation", "decision": "Do not attempt resuscitation", "discussed_on": date(2024, 4, 9)})
    record_for_patient(db, patient_id, CarePlanningDecision, {
        "topic": "place_of_death", "decision": "Home", "discussed_on": date(2024, 1, 15)})
    # Discussed, but no decision yet: not counted as recorded.
    record_for_patient(db, patient_id, CarePlanningDecision, {
        "topic": "nutrition_hydration", "discussed_on": date(2024, 4, 9), "notes": "wants time to think"})
    return patient_id, first, latest


def open_overview(open_window, db_path, patient_id):
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(patient_id)
    return window, window.tabs.show_tab("Overview")


def test_disease_course_in_months_of_30_4375_days(open_window, db_path, story):
    _window, overview = open_overview(open_window, db_path, story[0])
    facts = overview.disease
    assert facts.text("Age") == "64 years"
    # 15 Jan 2023 to 30 Jun 2024: 532 days = 17.48 months; to diagnosis 291 days = 9.56 months.
    assert facts.text("Disease duration") == "17.5 months since onset"
    assert facts.text("Diagnostic delay") == "9.6 months"
    assert facts.text("Onset region") == "Bulbar"
    assert facts.text("Diagnostic criteria") == "Gold Coast criteria met"
    assert facts.text("Visits") == "2"


def test_latest_measures_with_subscores_and_the_weight_reference(open_window, db_path, story):
    _window, overview = open_overview(open_window, db_path, story[0])
    latest = overview.latest
    assert latest.text("Latest ALSFRS-R") == "44 / 48  (no earlier complete assessment)  — visit of 15 Jan 2024, item 5a"
    assert latest.text("Subscores") == "Bulbar 12/12  ·  Fine motor 10/12  ·  Gross motor 10/12  ·  Respiratory 12/12"
    assert latest.text("Latest weight") == "64.0 kg  (−2.0 kg since 15 Jan 2024)  — visit of 09 Apr 2024"
    # (70 - 64) / 70 = 8.57 %, against the premorbid weight, and it says so.
    assert latest.text("Weight loss") == "8.6 % lost — reference: premorbid (usual) weight 70 kg"
    assert latest.text("BMI") == "22.7 kg/m²"
    assert latest.text("Latest FVC sitting") == "78.0 % predicted  (no earlier FVC)  — visit of 15 Jan 2024"


def test_support_and_advance_care_planning(open_window, db_path, story):
    _window, overview = open_overview(open_window, db_path, story[0])
    assert overview.support.text("NIV") == "In use, 8 h/day  (since 01 Mar 2024)"
    assert overview.support.text("Gastrostomy") == "Discussed  (visit of 09 Apr 2024)"
    assert overview.support.text("AAC") == "Planned  (visit of 15 Jan 2024)"
    planning = overview.planning
    assert planning.text("Resuscitation") == "✓ Do not attempt resuscitation  (discussed 09 Apr 2024)"
    assert planning.text("Ventilatory support") == "— not recorded"
    assert planning.text("Nutrition and hydration") == "— discussed, no decision recorded  (on 09 Apr 2024)"
    assert planning.text("Place of death") == "✓ Home  (discussed 15 Jan 2024)"


def test_disciplines_recorded_follow_the_selected_visit(open_window, db_path, story):
    window, overview = open_overview(open_window, db_path, story[0])
    assert overview.on_visit_box.title() == "Recorded on the visit of 09 Apr 2024"
    assert [overview.on_visit.text(name) for name in ("Neurology", "SLP", "Nutrition", "Pulmonary", "Palliative")] == [
        "— not yet", "— not yet", "✓ weight or nutrition assessment", "— not yet", "— not yet"]
    window.visit_choice.setCurrentIndex(1)  # the January visit
    assert overview.on_visit_box.title() == "Recorded on the visit of 15 Jan 2024"
    assert [overview.on_visit.text(name) for name in ("Neurology", "SLP", "Nutrition", "Pulmonary", "Palliative")] == [
        "✓ ALSFRS-R", "✓ SLP assessment", "✓ weight or nutrition assessment", "✓ respiratory assessment", "— not yet"]


def test_an_incomplete_form_is_not_totalled(open_window, db_path, db, story):
    patient_id, _first, latest = story
    record(db, latest, AlsfrsAssessment, {**WORKED_EXAMPLE, "walking": None, "cutting_form": "5b"})
    _window, overview = open_overview(open_window, db_path, patient_id)
    assert overview.latest.text("Latest ALSFRS-R") == (
        "not recorded (11 of 12 items scored); last complete 44 / 48 on 15 Jan 2024  — visit of 09 Apr 2024, item 5b")
    assert overview.latest.text("Subscores") == (
        "Bulbar 12/12  ·  Fine motor 10/12  ·  Gross motor not recorded  ·  Respiratory 12/12")
    assert overview.on_visit.text("Neurology") == "✓ ALSFRS-R"


def test_without_a_premorbid_weight_the_first_weight_is_the_reference(open_window, db_path, db):
    patient_id = add_patient(db, "MRN-7002", "Sam", "Sparse")
    first = add_visit(db, patient_id, date(2024, 1, 15))
    record(db, first, WeightMeasurement, {"weight_kg": 80.0})
    record(db, add_visit(db, patient_id, date(2024, 4, 9)), WeightMeasurement, {"weight_kg": 76.0})
    _window, overview = open_overview(open_window, db_path, patient_id)
    assert overview.latest.text("Weight loss") == (
        "5.0 % lost — reference: first recorded weight 80 kg (no premorbid weight recorded)")
    assert overview.latest.text("BMI") == "height not recorded"
    assert overview.latest.text("Latest ALSFRS-R") == "none recorded"
    assert overview.disease.text("Disease duration") == "onset not recorded"
    assert overview.disease.text("Diagnostic delay") == "not recorded"
    assert overview.support.text("NIV") == "not recorded"
    assert overview.planning.text("Resuscitation") == "— not recorded"
    assert overview.no_interventions.isVisibleTo(overview)


def test_a_placed_gastrostomy_and_an_ended_niv(open_window, db_path, db, story):
    patient_id = story[0]
    record_for_patient(db, patient_id, Intervention, {"kind": "gastrostomy", "detail": "RIG",
                                                      "started_on": date(2024, 5, 20)})
    with db.transaction() as session:
        niv = session.scalars(select(Intervention).filter_by(patient_id=patient_id, kind="niv")).one()
        patient_records.edit_patient_record(session, Intervention, niv.id, niv.version,
                                            {"ended_on": date(2024, 6, 1)}, "setup", today=TODAY)
    _window, overview = open_overview(open_window, db_path, patient_id)
    assert overview.support.text("Gastrostomy") == "Placed (RIG)  (since 20 May 2024)"
    # NIV stopped: the latest respiratory assessment's status is shown instead.
    assert overview.support.text("NIV") == "Discussed  (visit of 15 Jan 2024)"
    assert overview.interventions.rowCount() == 1


def test_a_patient_without_visits(open_window, db_path, db):
    patient_id = add_patient(db, "MRN-7003", "Nia", "New")
    _window, overview = open_overview(open_window, db_path, patient_id)
    assert overview.on_visit_box.title() == "Recorded on this visit"
    assert overview.on_visit.text("Neurology") == "no visit yet"
    assert overview.latest.text("Latest weight") == "none recorded"
    assert overview.disease.text("Visits") == "0"


# ---------------------------------------------------------------- the day's numbers first


@pytest.fixture
def fresh_folding(monkeypatch):
    """Folded prompts are remembered for the session: each test starts with none folded."""
    monkeypatch.setattr(prompts_panel, "_folded", {})


def test_the_change_since_the_visit_before(open_window, db_path, db, story):
    patient_id, _first, latest = story
    # Walking 3 → 2 and dyspnoea 4 → 3: total 44 → 42, gross motor −1, respiratory −1.
    record(db, latest, AlsfrsAssessment, {**WORKED_EXAMPLE, "walking": 2, "dyspnea": 3, "cutting_form": "5a"})
    record(db, latest, RespiratoryAssessment, {"fvc_percent_sitting": 72.0})
    _window, overview = open_overview(open_window, db_path, patient_id)
    latest_ = overview.latest
    assert latest_.text("Latest ALSFRS-R") == "42 / 48  (−2 since 15 Jan 2024)  — visit of 09 Apr 2024, item 5a"
    assert latest_.text("Subscores") == (
        "Bulbar 12/12 (±0)  ·  Fine motor 10/12 (±0)  ·  Gross motor 9/12 (−1)  ·  Respiratory 11/12 (−1)")
    assert latest_.text("Latest FVC sitting") == "72.0 % predicted  (−6.0 % predicted since 15 Jan 2024)  — visit of 09 Apr 2024"
    assert latest_.text("Latest weight").startswith("64.0 kg  (−2.0 kg since 15 Jan 2024)")


def test_the_days_numbers_come_above_the_prompts(open_window, db_path, db, fresh_folding):
    patient_id = prompted_patient(db, "MRN-7010", "Prompted")
    _window, overview = open_overview(open_window, db_path, patient_id)
    panel = overview.prompts_panel
    assert panel.rows, "the patient raises prompts"
    order = [overview.content.indexOf(widget) for widget in (overview.latest_box, panel)]
    assert 0 <= order[0] < order[1]
    assert overview.latest_box.geometry().bottom() < panel.geometry().top()
    assert overview.latest.text("Latest weight").startswith("60.0 kg")
    assert overview.latest.values["Latest weight"].isVisible()


def test_the_prompts_fold_away_and_stay_folded_for_the_session(open_window, db_path, db, qtbot, fresh_folding):
    first = prompted_patient(db, "MRN-7011", "Prompted")
    second = prompted_patient(db, "MRN-7012", "Again")
    window, overview = open_overview(open_window, db_path, first)
    panel = overview.prompts_panel
    assert panel.rows_box.isVisible() and not panel.is_folded()
    assert panel.fold_button.accessibleName().startswith("Hide the prompts")
    # By keyboard: the fold button takes the focus and Space folds.
    panel.fold_button.setFocus()
    qtbot.keyClick(panel.fold_button, " ")
    assert panel.is_folded() and not panel.rows_box.isVisible()
    assert panel.title() == f"Prompts ({len(panel.prompts)})"
    # The count by severity stays in view while folded.
    assert panel.summary.isVisible()
    assert any(word in panel.summary.text() for word in ("urgent", "action", "due", "info"))
    # Another patient: still folded.
    window.patient_list.select(second)
    assert overview.prompts_panel.is_folded() and overview.prompts_panel.rows
    assert not overview.prompts_panel.rows_box.isVisible()
    # Another window of the same session: still folded; unfolding shows the rows again.
    _other, again = open_overview(open_window, db_path, first)
    assert again.prompts_panel.is_folded()
    qtbot.mouseClick(again.prompts_panel.fold_button, Qt.MouseButton.LeftButton)
    assert not again.prompts_panel.is_folded() and again.prompts_panel.rows_box.isVisible()
