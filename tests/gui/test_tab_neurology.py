"""The Neurology tab through its widgets: ALSFRS-R, disease details, medicines and liver tests."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.models import (
    AlsfrsAssessment,
    Intervention,
    LiverTest,
    Medication,
    MedicationDose,
    Patient,
)
from als_desktop.services import patient_records, patients, visits

VISIT_DAY = date(2024, 3, 1)


@pytest.fixture
def visit(db, patient):  # noqa: ANN001, ANN201
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": VISIT_DAY}, "setup")


def count(db, model) -> int:  # noqa: ANN001
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def rows(db, model) -> list:  # noqa: ANN001
    with db.reading() as session:
        return list(session.scalars(select(model)))


def neurology(window, patient):  # noqa: ANN001, ANN201
    window.patient_list.select(patient.id)
    tab = window.tabs.show_tab("Neurology")
    qtbot_wait_shown(tab)
    return tab


def qtbot_wait_shown(tab) -> None:  # noqa: ANN001
    # A tab built on first show is put on screen by a queued event.
    for _ in range(20):
        if tab.isVisible():
            return
        QApplication.processEvents()
    assert tab.isVisible()


def type_digits(qtbot, tab, digits: str) -> None:  # noqa: ANN001
    """Type scores from item 1 on, each to whichever widget has the focus (it moves by itself)."""
    tab.window().activateWindow()
    first = tab.alsfrs_form.items["speech"]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=2000)
    for digit in digits:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClicks(focused, digit)


def click(qtbot, button) -> None:  # noqa: ANN001
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# ---------------------------------------------------------------- ALSFRS-R


def test_alsfrs_scored_by_keyboard_is_saved_and_seen_after_a_restart(open_window, db_path, db, patient, visit, qtbot):
    window = open_window(db_path)
    tab = neurology(window, patient)
    assert tab.alsfrs_form.cutting_form() == "5a"  # no gastrostomy recorded
    type_digits(qtbot, tab, "432444321043")
    assert tab.alsfrs_form.total_text() == "34 / 48"
    click(qtbot, tab.save_alsfrs_button)

    [row] = rows(db, AlsfrsAssessment)
    assert [getattr(row, item) for item in ITEMS] == [4, 3, 2, 4, 4, 4, 3, 2, 1, 0, 4, 3]
    assert (row.cutting_form, row.visit_id, row.created_by) == ("5a", visit.id, "gui.clinician")
    window.close()

    tab = neurology(open_window(db_path), patient)
    history = tab.history
    assert [history.index(0, c).data() for c in range(7)] == ["01 Mar 2024", "34", "9", "12", "6", "7", "5a"]
    # The visit's assessment is loaded into the form, ready to be changed.
    assert tab.alsfrs_form.scores()["walking"] == 2
    assert "changes this visit's assessment" in tab.alsfrs_state.text()


def test_editing_the_visits_assessment_changes_it_instead_of_adding_another(open_window, db_path, db, patient, visit, qtbot):
    with db.transaction() as session:
        visits.record_on_visit(session, AlsfrsAssessment, visit.id, {item: 4 for item in ITEMS}, "setup")
    tab = neurology(open_window(db_path), patient)
    walking = tab.alsfrs_form.items["walking"]
    walking.setFocus()
    qtbot.keyClicks(walking, "1")
    assert tab.save_current() is True
    [row] = rows(db, AlsfrsAssessment)
    assert (row.walking, row.version, row.updated_by) == (1, 2, "gui.clinician")
    assert tab.history.index(0, 1).data() == "45"
    assert tab.save_current() is False  # nothing changed since


def test_half_filled_form_is_saved_without_a_total(open_window, db_path, db, patient, visit, qtbot):
    tab = neurology(open_window(db_path), patient)
    type_digits(qtbot, tab, "4321")
    assert tab.alsfrs_form.total_text() == "not recorded"
    click(qtbot, tab.save_alsfrs_button)
    [row] = rows(db, AlsfrsAssessment)
    assert (row.speech, row.handwriting, row.cutting_food, row.respiratory_insufficiency) == (4, 1, None, None)
    assert tab.history.index(0, 1).data() == "—"
    assert tab.history.index(0, 8).data() == "Incomplete: 4 of 12 items scored"


def test_empty_form_is_refused_with_a_message_and_nothing_saved(open_window, db_path, db, patient, visit, qtbot):
    tab = neurology(open_window(db_path), patient)
    click(qtbot, tab.save_alsfrs_button)
    assert "Score at least one item" in tab.alsfrs_form.general_error.text()
    assert tab.alsfrs_form.general_error.isVisible()
    assert count(db, AlsfrsAssessment) == 0


def test_item_5_defaults_to_5b_when_a_gastrostomy_is_in_place(open_window, db_path, db, patient, visit, qtbot):
    with db.transaction() as session:
        patient_records.record_for_patient(session, Intervention, patient.id,
                                           {"kind": "gastrostomy", "detail": "RIG", "started_on": date(2024, 1, 20)},
                                           "setup")
    tab = neurology(open_window(db_path), patient)
    form = tab.alsfrs_form
    assert form.cutting_form() == "5b"
    assert "RIG in place since 20 Jan 2024" in form.form_reason.text()
    assert form.items["cutting_food"].wording[1].text() == "Provides minimal assistance to caregiver"
    # The clinician may still choose 5a.
    form.form_5a.setChecked(True)
    type_digits(qtbot, tab, "44443")
    click(qtbot, tab.save_alsfrs_button)
    [row] = rows(db, AlsfrsAssessment)
    assert (row.cutting_form, row.cutting_food) == ("5a", 3)


def test_stale_alsfrs_edit_is_refused_and_the_user_told(open_window, db_path, db, patient, visit, qtbot, answers):
    with db.transaction() as session:
        stored = visits.record_on_visit(session, AlsfrsAssessment, visit.id, {item: 4 for item in ITEMS}, "setup")
    tab = neurology(open_window(db_path), patient)
    # A colleague on another workstation changes the same assessment.
    with db.transaction() as session:
        visits.edit_record(session, AlsfrsAssessment, stored.id, stored.version, {"speech": 2}, "colleague")
    walking = tab.alsfrs_form.items["walking"]
    walking.setFocus()
    qtbot.keyClicks(walking, "1")
    click(qtbot, tab.save_alsfrs_button)
    assert "was changed by colleague" in answers.texts()
    [row] = rows(db, AlsfrsAssessment)
    assert (row.speech, row.walking) == (2, 4)  # the colleague's change kept, ours not written
    assert tab.alsfrs_form.scores()["speech"] == 2  # the form shows the stored assessment again


def test_assessment_recorded_meanwhile_elsewhere_is_not_duplicated(open_window, db_path, db, patient, visit, qtbot, answers):
    tab = neurology(open_window(db_path), patient)
    type_digits(qtbot, tab, "3")
    with db.transaction() as session:
        visits.record_on_visit(session, AlsfrsAssessment, visit.id, {"speech": 2}, "colleague")
    click(qtbot, tab.save_alsfrs_button)
    assert "recorded on this visit by colleague" in answers.texts()
    assert count(db, AlsfrsAssessment) == 1


def test_correct_and_void_from_the_history(open_window, db_path, db, patient, visit, qtbot):
    with db.transaction() as session:
        visits.record_on_visit(session, AlsfrsAssessment, visit.id, {item: 3 for item in ITEMS}, "setup")
    window = open_window(db_path)
    tab = neurology(window, patient)
    tab.history_table.selectRow(0)
    dialog = tab.correct_selected()
    assert dialog.form.total_text() == "36 / 48"
    item = dialog.form.items["dyspnea"]
    item.setFocus()
    qtbot.keyClicks(item, "9")  # refused: stays 3
    qtbot.keyClicks(item, "1")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    [row] = rows(db, AlsfrsAssessment)
    assert (row.dyspnea, row.version) == (1, 2)
    assert tab.history.index(0, 1).data() == "34"

    tab.history_table.selectRow(0)
    dialog = tab.void_selected()
    click(qtbot, dialog.save_button)
    assert "Give a reason" in dialog.form.error_text("void_reason")
    qtbot.keyClicks(dialog.form.fields["void_reason"], "scored on the wrong visit")
    click(qtbot, dialog.save_button)
    assert tab.history.rowCount() == 0
    assert tab.alsfrs_form.scored_count() == 0  # the visit has no assessment any more
    [row] = rows(db, AlsfrsAssessment)
    assert (row.void_reason, row.voided_by) == ("scored on the wrong visit", "gui.clinician")
    tab.show_voided.setChecked(True)
    assert tab.history.index(0, 8).data().startswith("Voided by gui.clinician")


# ---------------------------------------------------------------- disease details


def test_disease_details_are_edited_and_seen_after_a_restart(open_window, db_path, db, patient, qtbot):
    window = open_window(db_path)
    tab = neurology(window, patient)
    fields = tab.details.form.fields
    assert "9.6 months" in tab.details.delay.text()  # 291 days from 15 Jan to 2 Nov 2023
    fields["c9orf72_status"].setCurrentIndex(fields["c9orf72_status"].findText("Positive"))
    fields["diagnostic_criteria"].setCurrentIndex(fields["diagnostic_criteria"].findText("Gold Coast criteria met"))
    qtbot.keyClicks(fields["other_genetics"], "FUS negative")
    qtbot.keyClicks(fields["ecas_total"].edit, "105")
    fields["ecas_date"].set_value(date(2024, 2, 1))
    fields["ftd"].setCurrentIndex(fields["ftd"].findText("No"))
    fields["diagnosis_date"].set_value(date(2023, 7, 15))
    assert "5.9 months" in tab.details.delay.text()  # 181 days
    click(qtbot, tab.details.save_button)
    window.close()

    tab = neurology(open_window(db_path), patient)
    values = tab.details.form.values()
    assert values["c9orf72_status"] == "positive"
    assert values["ecas_total"] == 105
    assert values["other_genetics"] == "FUS negative"
    [stored] = rows(db, Patient)
    assert (stored.ecas_total, stored.ecas_date, stored.ftd, stored.diagnostic_criteria, stored.diagnosis_date) == (
        105, date(2024, 2, 1), "no", "gold_coast", date(2023, 7, 15))


def test_invalid_disease_details_show_messages_at_the_fields_and_save_nothing(open_window, db_path, db, patient, qtbot):
    tab = neurology(open_window(db_path), patient)
    fields = tab.details.form.fields
    qtbot.keyClicks(fields["ecas_total"].edit, "150")
    fields["diagnosis_date"].set_value(date(2022, 12, 1))  # before onset
    click(qtbot, tab.details.save_button)
    assert "between 0 and 136" in tab.details.form.error_text("ecas_total")
    assert "cannot be before symptom onset" in tab.details.form.error_text("diagnosis_date")
    [stored] = rows(db, Patient)
    assert (stored.version, stored.ecas_total, stored.diagnosis_date) == (1, None, date(2023, 11, 2))

    fields["ecas_total"].edit.clear()
    qtbot.keyClicks(fields["ecas_total"].edit, "101.5")
    click(qtbot, tab.details.save_button)
    assert "whole number" in tab.details.form.error_text("ecas_total")
    assert rows(db, Patient)[0].version == 1


def test_stale_disease_details_are_refused(open_window, db_path, db, patient, qtbot, answers):
    tab = neurology(open_window(db_path), patient)
    with db.transaction() as session:
        patients.update_patient(session, patient.id, 1, {"sod1_status": "pending"}, "colleague")
    fields = tab.details.form.fields
    qtbot.keyClicks(fields["ecas_total"].edit, "110")
    click(qtbot, tab.details.save_button)
    assert "was changed by colleague" in answers.texts()
    [stored] = rows(db, Patient)
    assert (stored.sod1_status, stored.ecas_total) == ("pending", None)
    assert fields["sod1_status"].value() == "pending"  # reloaded


# ---------------------------------------------------------------- medicines and liver tests


def test_medicine_added_with_doses_and_seen_after_a_restart(open_window, db_path, db, patient, qtbot):
    window = open_window(db_path)
    tab = neurology(window, patient)
    section = tab.medicines
    assert tab.medicines_section.summary.text() == "no medicine recorded"  # folded, it says so
    tab.medicines_section.set_expanded(True)
    assert section.empty_label.isVisible()
    dialog = section.add()
    fields = dialog.form.fields
    fields["drug_name"].setCurrentText("Edaravone")
    assert fields["category"].value() == "disease_modifying"  # filled from the medicine
    assert fields["indication"].value() == "als"
    qtbot.keyClicks(fields["dose_amount"].edit, "105")
    fields["dose_unit"].setCurrentText("mg")
    fields["frequency"].setCurrentText("in 28-day cycles")
    fields["route"].setCurrentIndex(fields["route"].findText("Oral"))
    fields["started_on"].set_value(date(2024, 1, 8))
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    [medicine] = rows(db, Medication)
    assert (medicine.drug_name, medicine.route, medicine.dose_amount, medicine.dose_unit, medicine.stopped_on) == (
        "Edaravone", "oral", 105.0, "mg", None)

    section.table.selectRow(0)
    for day in (8, 9):
        dialog = section.record_dose()
        dialog.form.fields["given_on"].set_value(date(2024, 1, day))
        click(qtbot, dialog.save_button)
        assert not dialog.isVisible()
    window.close()

    section = neurology(open_window(db_path), patient).medicines
    assert section.model.index(0, 0).data() == "Edaravone"
    assert section.model.index(0, 2).data() == "105 mg in 28-day cycles"
    assert section.model.index(0, 3).data() == "2, last 09 Jan 2024"
    # The doses are listed under the medicine without a click.
    assert section.dose_table.isVisible()
    assert [section.doses.index(r, 0).data() for r in range(2)] == ["09 Jan 2024", "08 Jan 2024"]
    assert count(db, MedicationDose) == 2


def test_medicine_stopped_before_it_started_is_refused_at_the_field(open_window, db_path, db, patient, qtbot):
    tab = neurology(open_window(db_path), patient)
    dialog = tab.medicines.add()
    fields = dialog.form.fields
    fields["drug_name"].setCurrentText("Baclofen")
    fields["indication"].setCurrentIndex(fields["indication"].findText("Spasticity"))
    qtbot.keyClicks(fields["dose_amount"].edit, "10")
    fields["started_on"].set_value(date(2024, 2, 1))
    fields["stopped_on"].set_value(date(2024, 1, 1))
    qtbot.keyClicks(fields["stop_reason"], "drowsiness")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "cannot be before the start date" in dialog.form.error_text("stopped_on")
    assert count(db, Medication) == 0

    fields["stopped_on"].set_value(date(2024, 3, 1))
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    [medicine] = rows(db, Medication)
    assert (medicine.category, medicine.indication, medicine.stop_reason) == ("symptomatic", "spasticity", "drowsiness")
    assert tab.medicines.model.index(0, 6).data() == "01 Mar 2024 (drowsiness)"


def test_stale_medicine_edit_is_refused(open_window, db_path, db, patient, qtbot, answers):
    with db.transaction() as session:
        stored = patient_records.record_for_patient(
            session, Medication, patient.id,
            {"drug_name": "Riluzole", "category": "disease_modifying", "dose_amount": 50, "dose_unit": "mg"}, "setup")
    tab = neurology(open_window(db_path), patient)
    tab.medicines.table.selectRow(0)
    dialog = tab.medicines.edit_selected()
    with db.transaction() as session:
        patient_records.edit_patient_record(session, Medication, stored.id, 1, {"frequency": "twice daily"}, "colleague")
    qtbot.keyClicks(dialog.form.fields["notes"], "taken with food")
    click(qtbot, dialog.save_button)
    assert "was changed by colleague" in answers.texts()
    [medicine] = rows(db, Medication)
    assert (medicine.frequency, medicine.notes) == ("twice daily", None)


def test_liver_test_shows_alt_as_a_multiple_of_the_upper_limit(open_window, db_path, db, patient, qtbot):
    window = open_window(db_path)
    section = neurology(window, patient).liver_tests
    dialog = section.add()
    fields = dialog.form.fields
    fields["taken_on"].set_value(date(2024, 2, 10))
    qtbot.keyClicks(fields["alt_u_l"].edit, "70")
    qtbot.keyClicks(fields["alt_uln_u_l"].edit, "0")  # an impossible limit
    click(qtbot, dialog.save_button)
    assert "between 1 and 500 U/L" in dialog.form.error_text("alt_uln_u_l")
    assert count(db, LiverTest) == 0
    fields["alt_uln_u_l"].edit.clear()
    qtbot.keyClicks(fields["alt_uln_u_l"].edit, "35")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    window.close()

    section = neurology(open_window(db_path), patient).liver_tests
    assert [section.model.index(0, c).data() for c in range(4)] == ["10 Feb 2024", "70", "35", "2.0 × ULN"]
    section.table.selectRow(0)
    dialog = section.void_selected()
    qtbot.keyClicks(dialog.form.fields["void_reason"], "sample haemolysed")
    click(qtbot, dialog.save_button)
    assert section.model.rowCount() == 0
    assert rows(db, LiverTest)[0].void_reason == "sample haemolysed"


def test_scores_typed_but_not_saved_survive_a_save_elsewhere_on_the_tab(open_window, db_path, db, patient, visit, qtbot):
    tab = neurology(open_window(db_path), patient)
    type_digits(qtbot, tab, "3214")
    qtbot.keyClicks(tab.details.form.fields["ecas_total"].edit, "120")
    dialog = tab.liver_tests.add()
    dialog.form.fields["taken_on"].set_value(date(2024, 2, 10))
    qtbot.keyClicks(dialog.form.fields["alt_u_l"].edit, "20")
    qtbot.keyClicks(dialog.form.fields["alt_uln_u_l"].edit, "40")
    click(qtbot, dialog.save_button)
    assert tab.liver_tests.model.rowCount() == 1  # the tab reloaded
    assert [tab.alsfrs_form.scores()[item] for item in ITEMS[:5]] == [3, 2, 1, 4, None]
    assert tab.details.form.fields["ecas_total"].text() == "120"
    assert tab.save_current() is True  # Ctrl+S saves both
    [row] = rows(db, AlsfrsAssessment)
    assert (row.speech, row.handwriting) == (3, 4)
    assert rows(db, Patient)[0].ecas_total == 120
    assert tab.save_current() is False


def test_item_5_defaults_to_5b_when_the_latest_nutrition_assessment_says_placed(open_window, db_path, db, patient, visit):
    from als_desktop.models import NutritionAssessment

    with db.transaction() as session:
        visits.record_on_visit(session, NutritionAssessment, visit.id, {"gastrostomy_status": "placed"}, "setup")
    form = neurology(open_window(db_path), patient).alsfrs_form
    assert form.cutting_form() == "5b"
    assert "nutrition assessment of 01 Mar 2024" in form.form_reason.text()


def test_a_dose_given_can_be_voided_with_a_reason(open_window, db_path, db, patient, qtbot):
    with db.transaction() as session:
        medicine = patient_records.record_for_patient(
            session, Medication, patient.id,
            {"drug_name": "Tofersen", "category": "disease_modifying", "route": "intrathecal",
             "started_on": date(2024, 1, 2)}, "setup")
        for day in (2, 16):
            patient_records.record_dose(session, medicine.id, {"given_on": date(2024, 1, day)}, "setup")
    section = neurology(open_window(db_path), patient).medicines
    assert section.doses.rowCount() == 2
    section.dose_table.selectRow(0)
    dialog = section.void_dose()
    qtbot.keyClicks(dialog.form.fields["void_reason"], "recorded twice")
    click(qtbot, dialog.save_button)
    assert [section.doses.index(r, 0).data() for r in range(section.doses.rowCount())] == ["02 Jan 2024"]
    assert section.model.index(0, 3).data() == "1, last 02 Jan 2024"
    voided = [dose for dose in rows(db, MedicationDose) if dose.voided_at is not None]
    assert [(dose.given_on, dose.void_reason) for dose in voided] == [(date(2024, 1, 16), "recorded twice")]


def test_scores_not_saved_stay_when_another_visit_is_declined_and_can_be_undone(open_window, db_path, db, patient,
                                                                               visit, qtbot, answers):
    with db.transaction() as session:
        visits.create_visit(session, patient.id, {"visit_date": date(2024, 6, 1)}, "setup")
    window = open_window(db_path)
    tab = neurology(window, patient)
    assert tab.visit.visit_date == date(2024, 6, 1)
    type_digits(qtbot, tab, "21")
    answers.replies = ["Cancel"]  # asked before the scores would be left behind: stay
    window.visit_choice.setCurrentIndex(1)  # the 1 March visit
    assert answers.seen[-1].title == "Unsaved input"
    assert tab.visit.visit_date == date(2024, 6, 1) and window.visit_choice.currentIndex() == 0
    assert [tab.alsfrs_form.scores()[item] for item in ITEMS[:3]] == [2, 1, None]
    click(qtbot, tab.clear_button)
    assert tab.alsfrs_form.scored_count() == 0
    assert count(db, AlsfrsAssessment) == 0
