"""Corrections, voids and stale edits through the window; a locked database at save time."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from als_desktop.db import database as database_module
from als_desktop.models import Patient, Visit, WeightMeasurement
from als_desktop.services import patients, visits
from gui_helpers import make_visit, record_value


@pytest.fixture
def weighed(db, patient):  # noqa: ANN001, ANN201
    """The patient with one visit and a weight of 70 kg on it."""
    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 1)}, "setup")
        weight = visits.record_weight(session, visit.id, 70.0, "setup")
    return weight


def weight_rows(db):  # noqa: ANN001, ANN201
    with db.reading() as session:
        return session.scalars(select(WeightMeasurement)).all()


def test_correct_a_weight(open_window, db_path, db, patient, weighed, qtbot):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    section = window.tabs.show_tab("Nutrition").weight
    section.table.selectRow(0)
    dialog = section.correct_selected()
    field = dialog.form.fields["weight_kg"]
    assert field.text() == "70"
    field.edit.clear()
    qtbot.keyClicks(field.edit, "69.4")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert section.model.index(0, 1).data() == "69.4"
    assert section.model.index(0, 4).data().startswith("Corrected by gui.clinician")
    [row] = weight_rows(db)
    assert (row.weight_kg, row.version, row.updated_by) == (69.4, 2, "gui.clinician")


def test_stale_correction_is_refused_and_the_user_told(open_window, db_path, db, patient, weighed, qtbot, answers):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    section = window.tabs.show_tab("Nutrition").weight
    section.table.selectRow(0)
    dialog = section.correct_selected()

    # Meanwhile a colleague on another workstation corrects the same weight.
    with db.transaction() as session:
        visits.edit_record(session, WeightMeasurement, weighed.id, weighed.version, {"weight_kg": 72.0}, "colleague")

    field = dialog.form.fields["weight_kg"]
    field.edit.clear()
    qtbot.keyClicks(field.edit, "65")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "was changed by colleague" in answers.texts()
    assert not dialog.isVisible()
    # The view reloaded: it shows the colleague's value, which was not overwritten.
    assert section.model.index(0, 1).data() == "72.0"
    [row] = weight_rows(db)
    assert (row.weight_kg, row.updated_by) == (72.0, "colleague")


def test_void_needs_a_reason_then_hides_the_weight(open_window, db_path, db, patient, weighed, qtbot):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    section = window.tabs.show_tab("Nutrition").weight
    section.table.selectRow(0)
    dialog = section.void_selected()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Give a reason" in dialog.form.error_text("void_reason")
    assert weight_rows(db)[0].voided_at is None

    qtbot.keyClicks(dialog.form.fields["void_reason"], "entered on the wrong patient")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert section.model.rowCount() == 0
    overview = window.tabs.show_tab("Overview")
    assert overview.latest.text("Latest weight") == "none recorded"

    section = window.tabs.show_tab("Nutrition").weight
    section.show_voided.setChecked(True)
    assert section.model.rowCount() == 1
    assert section.model.index(0, 4).data() == "Voided by gui.clinician: entered on the wrong patient"
    section.table.selectRow(0)
    assert not section.edit_button.isEnabled()
    [row] = weight_rows(db)
    assert (row.void_reason, row.voided_by) == ("entered on the wrong patient", "gui.clinician")


def test_edit_patient_and_stale_patient_edit(open_window, db_path, db, patient, qtbot, answers):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    dialog = window.edit_patient()
    assert dialog.form.fields["mrn"].text() == patient.mrn
    assert dialog.form.fields["onset_region"].currentText() == "Bulbar"
    dialog.form.fields["given_name"].clear()
    qtbot.keyClicks(dialog.form.fields["given_name"], "Alexa")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.header.name.text() == "EXAMPLE, Alexa"

    dialog = window.edit_patient()
    with db.transaction() as session:
        current = session.get(Patient, patient.id)
        patients.update_patient(session, patient.id, current.version, {"family_name": "Sample"}, "colleague")
    dialog.form.fields["given_name"].clear()
    qtbot.keyClicks(dialog.form.fields["given_name"], "Alexandra")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "was changed by colleague" in answers.texts()
    assert window.header.name.text() == "SAMPLE, Alexa"


def test_void_patient_removes_them_from_the_list(open_window, db_path, db, patient, qtbot):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    dialog = window.void_patient()
    qtbot.keyClicks(dialog.form.fields["void_reason"], "duplicate registration")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.patient_list.visible_mrns() == []
    assert window.pages.currentWidget() is window.welcome
    with db.reading() as session:
        assert session.get(Patient, patient.id).void_reason == "duplicate registration"


def test_edit_and_void_visit(open_window, db_path, db, patient, qtbot):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    make_visit(qtbot, window, date(2024, 5, 2))
    dialog = window.edit_visit()
    assert dialog.form.fields["clinicians"].text() == "Dr Lee"
    dialog.form.fields["visit_date"].set_value(date(2024, 5, 3))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.visit_choice.currentText() == "03 May 2024 — Main clinic"

    dialog = window.void_visit()
    qtbot.keyClicks(dialog.form.fields["void_reason"], "visit did not take place")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.current_visit() is None
    assert not window.tabs.show_tab("Nutrition").weight.record_button.isEnabled()
    with db.reading() as session:
        assert session.scalars(select(Visit)).one().void_reason == "visit did not take place"


def test_locked_database_at_save_keeps_the_input(open_window, db_path, db, patient, qtbot, answers, monkeypatch):
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_SECONDS", 0)
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    make_visit(qtbot, window, date(2024, 5, 2))
    section = window.tabs.show_tab("Nutrition").weight

    # Another program holds the write lock.
    blocker = sqlite3.connect(db_path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        record_value(qtbot, section, "66.2")
        assert "locked" in answers.texts()
        assert "still in the form" in answers.texts()
        assert section.input.text() == "66.2"
        assert section.model.rowCount() == 0
    finally:
        blocker.rollback()
        blocker.close()

    qtbot.mouseClick(section.record_button, Qt.MouseButton.LeftButton)
    assert section.model.rowCount() == 1
    assert section.input.text() == ""
    assert [w.weight_kg for w in weight_rows(db)] == [66.2]


def test_locked_database_keeps_the_new_patient_dialog_open(open_window, db_path, qtbot, answers, monkeypatch):
    from gui_helpers import fill_new_patient

    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_SECONDS", 0)
    window = open_window(db_path)
    dialog = window.new_patient()
    fill_new_patient(qtbot, dialog, mrn="L-1", given="Lock", family="Tester", born=date(1970, 1, 1))
    blocker = sqlite3.connect(db_path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    finally:
        blocker.rollback()
        blocker.close()
    assert "locked" in answers.texts()
    assert dialog.isVisible()
    assert dialog.form.fields["mrn"].text() == "L-1"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.patient_list.visible_mrns() == ["L-1"]
