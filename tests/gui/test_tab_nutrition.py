"""The Nutrition tab: weight with BMI and weight loss against a stated reference, the
dietitian's assessment, and a placed gastrostomy recorded with the assessment."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from als_desktop.models import Intervention, NutritionAssessment, Patient, WeightMeasurement
from als_desktop.services import patients, visits

FIRST, SECOND = date(2024, 1, 10), date(2024, 4, 10)


@pytest.fixture
def weighed_visits(db, patient):  # noqa: ANN001, ANN201
    """Two visits: 68 kg at the first, 63 kg at the second (premorbid weight 70 kg, height 168 cm)."""
    with db.transaction() as session:
        first = visits.create_visit(session, patient.id, {"visit_date": FIRST}, "setup")
        second = visits.create_visit(session, patient.id, {"visit_date": SECOND}, "setup")
        visits.record_weight(session, first.id, 68.0, "setup")
        visits.record_weight(session, second.id, 63.0, "setup")
    return first, second


def count(db, model) -> int:  # noqa: ANN001
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def gastrostomies(db):  # noqa: ANN001, ANN201
    with db.reading() as session:
        return session.scalars(select(Intervention).where(Intervention.kind == "gastrostomy")).all()


def open_nutrition(open_window, db_path, patient):  # noqa: ANN001, ANN201
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    return window, window.tabs.show_tab("Nutrition")


def choose(combo, text: str) -> None:  # noqa: ANN001
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, f"{text!r} is not a choice"
    combo.setCurrentIndex(index)


def test_bmi_and_weight_loss_name_the_premorbid_reference(open_window, db_path, patient, weighed_visits):
    _window, tab = open_nutrition(open_window, db_path, patient)
    assert "168 cm" in tab.height.text()
    # 63 / 1.68² = 22.3; (70 − 63) / 70 = 10.0 %
    assert "22.3 kg/m²" in tab.bmi.text()
    assert "10.0 % lost" in tab.weight_loss.text()
    assert "against premorbid (usual) weight 70 kg" in tab.weight_loss.text()


def test_without_premorbid_weight_the_first_recorded_weight_is_used_and_said(
        open_window, db_path, db, patient, weighed_visits):
    with db.transaction() as session:
        current = session.get(Patient, patient.id)
        patients.update_patient(session, patient.id, current.version, {"premorbid_weight_kg": None}, "setup")
    _window, tab = open_nutrition(open_window, db_path, patient)
    # (68 − 63) / 68 = 7.4 %
    assert "7.4 % lost" in tab.weight_loss.text()
    assert "first recorded weight 68 kg (no premorbid weight recorded)" in tab.weight_loss.text()


def test_a_visit_without_weight_says_not_recorded(open_window, db_path, db, patient):
    with db.transaction() as session:
        visits.create_visit(session, patient.id, {"visit_date": FIRST}, "setup")
    _window, tab = open_nutrition(open_window, db_path, patient)
    assert "not recorded" in tab.bmi.text()
    assert "not recorded" in tab.weight_loss.text()
    assert tab.in_place.text() == "none recorded"


def test_record_a_weight_and_see_bmi_follow(open_window, db_path, db, patient, qtbot):
    with db.transaction() as session:
        visits.create_visit(session, patient.id, {"visit_date": FIRST}, "setup")
    _window, tab = open_nutrition(open_window, db_path, patient)
    qtbot.keyClicks(tab.weight.input.edit, "56.5")
    qtbot.mouseClick(tab.weight.record_button, Qt.MouseButton.LeftButton)
    # 56.5 / 1.68² = 20.0; (70 − 56.5) / 70 = 19.3 %
    assert "20.0 kg/m²" in tab.bmi.text()
    assert "19.3 % lost" in tab.weight_loss.text()


def test_enter_the_assessment_save_and_see_it_after_reopening(
        open_window, db_path, db, patient, weighed_visits, qtbot):
    window, tab = open_nutrition(open_window, db_path, patient)
    fields = tab.assessment.fields
    choose(fields["oral_supplements"], "Yes")
    qtbot.keyClicks(fields["oral_supplements_detail"], "2 × 200 mL daily")
    qtbot.keyClicks(fields["texture_advice"], "Soft, moist foods")
    qtbot.keyClicks(fields["meal_advice"], "Six small meals")
    choose(fields["gastrostomy_status"], "Discussed")
    assert not fields["gastrostomy_type"].isVisibleTo(tab)
    qtbot.mouseClick(tab.assessment.save_button, Qt.MouseButton.LeftButton)
    assert count(db, NutritionAssessment) == 1
    assert gastrostomies(db) == []
    window.close()

    _window, tab = open_nutrition(open_window, db_path, patient)
    fields = tab.assessment.fields
    assert fields["oral_supplements"].currentText() == "Yes"
    assert fields["oral_supplements_detail"].text() == "2 × 200 mL daily"
    assert fields["meal_advice"].toPlainText() == "Six small meals"
    assert fields["gastrostomy_status"].currentText() == "Discussed"
    history = [tab.assessment.model_.index(0, c).data() for c in range(tab.assessment.model_.columnCount())]
    assert {"Yes", "Discussed", "Soft, moist foods"} <= set(history)


def test_placed_gastrostomy_needs_type_and_date_and_nothing_is_saved_without_them(
        open_window, db_path, db, patient, weighed_visits, qtbot):
    _window, tab = open_nutrition(open_window, db_path, patient)
    form = tab.assessment
    choose(form.fields["gastrostomy_status"], "Placed")
    assert form.fields["gastrostomy_type"].isVisibleTo(tab)
    assert form.fields["gastrostomy_placed_on"].isVisibleTo(tab)
    assert form.save() is False
    assert form.forms.error_text("gastrostomy_type") == "Choose the gastrostomy type (PEG, RIG or PIG)."
    assert form.forms.error_text("gastrostomy_placed_on") == "Enter the date the gastrostomy was placed."
    # The assessment is not saved without its gastrostomy: one transaction.
    assert count(db, NutritionAssessment) == 0
    assert gastrostomies(db) == []

    choose(form.fields["gastrostomy_type"], "RIG")
    form.fields["gastrostomy_placed_on"].not_recorded.setChecked(False)
    form.fields["gastrostomy_placed_on"].date_edit.set_value(date(2099, 1, 1))
    assert form.save() is False
    assert "Date placed cannot be in the future" in form.forms.error_text("gastrostomy_placed_on")
    assert count(db, NutritionAssessment) == 0
    assert gastrostomies(db) == []


def test_placed_gastrostomy_is_recorded_with_the_assessment_and_shown(
        open_window, db_path, db, patient, weighed_visits, qtbot):
    window, tab = open_nutrition(open_window, db_path, patient)
    form = tab.assessment
    choose(form.fields["gastrostomy_status"], "Placed")
    choose(form.fields["gastrostomy_type"], "RIG")
    form.fields["gastrostomy_placed_on"].not_recorded.setChecked(False)
    form.fields["gastrostomy_placed_on"].date_edit.set_value(date(2024, 3, 20))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [placed] = gastrostomies(db)
    assert (placed.detail, placed.started_on, placed.ended_on, placed.created_by) == (
        "RIG", date(2024, 3, 20), None, "gui.clinician")
    assert count(db, NutritionAssessment) == 1
    assert tab.in_place.text() == "RIG (radiologically inserted), placed 20 Mar 2024"
    window.close()

    # Saving the visit's assessment again does not record a second gastrostomy; a corrected
    # date corrects the one in place.
    _window, tab = open_nutrition(open_window, db_path, patient)
    form = tab.assessment
    assert form.fields["gastrostomy_type"].value() == "RIG"
    assert form.fields["gastrostomy_placed_on"].value() == date(2024, 3, 20)
    form.fields["gastrostomy_placed_on"].date_edit.set_value(date(2024, 3, 21))
    assert form.save() is True
    [placed] = gastrostomies(db)
    assert (placed.started_on, placed.version) == (date(2024, 3, 21), 2)
    assert tab.in_place.text().endswith("placed 21 Mar 2024")


def test_implausible_weight_is_refused_at_the_field(open_window, db_path, db, patient, weighed_visits, qtbot):
    _window, tab = open_nutrition(open_window, db_path, patient)
    qtbot.keyClicks(tab.weight.input.edit, "900")
    qtbot.mouseClick(tab.weight.record_button, Qt.MouseButton.LeftButton)
    assert "between 20 and 300 kg" in tab.weight.form.error_text("weight_kg")
    assert count(db, WeightMeasurement) == 2
    assert "22.3 kg/m²" in tab.bmi.text()  # still from the stored 63 kg


def test_stale_edit_is_refused_and_the_user_told(open_window, db_path, db, patient, weighed_visits, qtbot, answers):
    _first, second = weighed_visits
    with db.transaction() as session:
        stored = visits.record_on_visit(session, NutritionAssessment, second.id,
                                        {"gastrostomy_status": "discussed"}, "setup")
    _window, tab = open_nutrition(open_window, db_path, patient)
    form = tab.assessment
    with db.transaction() as session:
        visits.edit_record(session, NutritionAssessment, stored.id, stored.version,
                           {"gastrostomy_status": "declined"}, "colleague")
    choose(form.fields["gastrostomy_status"], "Planned")
    assert form.save() is False
    assert "was changed by colleague" in answers.texts()
    with db.reading() as session:
        assert session.get(NutritionAssessment, stored.id).gastrostomy_status == "declined"
    assert form.fields["gastrostomy_status"].currentText() == "Declined"


def test_a_placed_gastrostomy_is_announced_as_a_change_to_the_patient_not_a_full_reload(
        open_window, db_path, db, patient, weighed_visits, qtbot, monkeypatch):
    from als_desktop.views import tasks

    window, tab = open_nutrition(open_window, db_path, patient)
    reloads = []
    monkeypatch.setattr(window, "record_changed", lambda: reloads.append(True))
    announced = []
    tasks.hub().changed.connect(announced.append)
    try:
        form = tab.assessment
        choose(form.fields["gastrostomy_status"], "Placed")
        choose(form.fields["gastrostomy_type"], "PEG")
        form.fields["gastrostomy_placed_on"].not_recorded.setChecked(False)
        form.fields["gastrostomy_placed_on"].date_edit.set_value(date(2024, 3, 20))
        assert form.save() is True
    finally:
        tasks.hub().changed.disconnect(announced.append)
    [changes] = announced
    assert changes.patients == {patient.id}
    assert {"nutrition", "intervention"} <= changes.kinds
    assert reloads == []
    # The form now edits the stored assessment, and the header follows the record.
    assert "editing the nutrition assessment recorded by gui.clinician" in form.visit_label.text()
    assert not form.is_dirty()
    assert tab.in_place.text() == "PEG (percutaneous endoscopic), placed 20 Mar 2024"
