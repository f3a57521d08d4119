"""The shared visit-assessment form, driven through the SLP tab that uses it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateEdit, QLineEdit, QPlainTextEdit
from sqlalchemy import select

from als_desktop.models import SlpAssessment
from als_desktop.services import visits
from als_desktop.views.fields import NumberField, WholeNumberField, YesNoField

EARLIER, LATER = date(2024, 1, 10), date(2024, 4, 10)


@pytest.fixture
def two_visits(db, patient):  # noqa: ANN001, ANN201
    """An earlier visit with an SLP assessment, and a later visit without one."""
    with db.transaction() as session:
        earlier = visits.create_visit(session, patient.id, {"visit_date": EARLIER}, "setup")
        later = visits.create_visit(session, patient.id, {"visit_date": LATER}, "setup")
        row = visits.record_on_visit(session, SlpAssessment, earlier.id,
                                     {"eat10_score": 2, "aac_status": "not_needed"}, "setup")
    return earlier, later, row


def rows(db):  # noqa: ANN001, ANN201
    with db.reading() as session:
        return session.scalars(select(SlpAssessment).order_by(SlpAssessment.created_at)).all()


def open_form(open_window, db_path, patient):  # noqa: ANN001, ANN201
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    return window, window.tabs.show_tab("SLP").assessment


def test_a_visit_without_a_row_gets_an_empty_form_and_the_history_shows_earlier_ones(
        open_window, db_path, patient, two_visits):
    window, form = open_form(open_window, db_path, patient)
    assert window.current_visit().visit_date == LATER
    assert "new speech and swallowing assessment" in form.visit_label.text()
    assert form.fields["eat10_score"].text() == ""
    assert form.fields["aac_status"].currentText() == "Not recorded"
    assert form.model_.rowCount() == 1
    assert form.model_.index(0, 0).data() == "10 Jan 2024"
    assert "Not needed yet" in [form.model_.index(0, c).data() for c in range(form.model_.columnCount())]


def test_an_empty_form_is_not_saved(open_window, db_path, db, patient, two_visits):
    _window, form = open_form(open_window, db_path, patient)
    assert form.save() is False
    assert "Enter at least one value" in form.forms.general_error.text()
    assert len(rows(db)) == 1


def test_a_new_row_goes_on_the_selected_visit_and_the_earlier_one_is_untouched(
        open_window, db_path, db, patient, two_visits, qtbot):
    earlier, later, _row = two_visits
    _window, form = open_form(open_window, db_path, patient)
    form.fields["chin_tuck"].setCurrentIndex(form.fields["chin_tuck"].findText("No"))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    first, second = rows(db)
    assert (first.visit_id, first.eat10_score, first.version) == (earlier.id, 2, 1)
    # "No" is stored as a recorded no; the untouched yes/no stays "not recorded".
    assert (second.visit_id, second.chin_tuck, second.voice_banking) == (later.id, False, None)
    assert form.model_.rowCount() == 2


def test_edit_an_earlier_visit_from_the_history(open_window, db_path, db, patient, two_visits, qtbot):
    _window, form = open_form(open_window, db_path, patient)
    form.table.selectRow(0)
    qtbot.mouseClick(form.edit_button, Qt.MouseButton.LeftButton)
    assert "Correcting an earlier visit: 10 Jan 2024" in form.visit_label.text()
    assert form.back_button.isVisibleTo(form.tab)
    assert form.fields["eat10_score"].text() == "2"
    form.fields["eat10_score"].edit.clear()
    qtbot.keyClicks(form.fields["eat10_score"].edit, "6")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [row] = rows(db)
    assert (row.eat10_score, row.version, row.updated_by) == (6, 2, "gui.clinician")
    # Back on the selected (later) visit, and the history says who changed the row.
    assert "Visit: 10 Apr 2024" in form.visit_label.text()
    assert not form.back_button.isVisibleTo(form.tab)
    assert form.model_.index(0, form.model_.columnCount() - 1).data().startswith("Changed by gui.clinician")


def test_void_with_a_reason(open_window, db_path, db, patient, two_visits, qtbot):
    _window, form = open_form(open_window, db_path, patient)
    form.table.selectRow(0)
    dialog = form.void_selected()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Give a reason" in dialog.form.error_text("void_reason")
    assert rows(db)[0].voided_at is None
    qtbot.keyClicks(dialog.form.fields["void_reason"], "entered on the wrong visit")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert rows(db)[0].void_reason == "entered on the wrong visit"
    assert form.model_.rowCount() == 0
    form.show_voided.setChecked(True)
    assert form.model_.rowCount() == 1
    assert form.model_.index(0, form.model_.columnCount() - 1).data() == (
        "Voided by gui.clinician: entered on the wrong visit")
    form.table.selectRow(0)
    assert not form.edit_button.isEnabled() and not form.void_button.isEnabled()


def test_typed_input_survives_a_refresh_and_undo_brings_back_the_stored_values(
        open_window, db_path, patient, two_visits, qtbot):
    window, form = open_form(open_window, db_path, patient)
    window.visit_choice.setCurrentIndex(window.visit_choice.findText("10 Jan 2024", Qt.MatchFlag.MatchStartsWith))
    assert form.fields["eat10_score"].text() == "2"
    form.fields["eat10_score"].edit.clear()
    qtbot.keyClicks(form.fields["eat10_score"].edit, "7")
    form.tab.refresh()  # as when another part of the window saved something
    assert form.fields["eat10_score"].text() == "7"
    qtbot.mouseClick(form.undo_button, Qt.MouseButton.LeftButton)
    assert form.fields["eat10_score"].text() == "2"


def test_every_input_has_an_accessible_name_and_units_are_shown(open_window, db_path, patient, two_visits):
    window, form = open_form(open_window, db_path, patient)
    tab = window.tabs.tab("SLP")
    # Qt's own parts (the line inside a date box, a table's corner) are named by their owner.
    inputs = [w for kind in (QLineEdit, QComboBox, QPlainTextEdit, QAbstractButton, QDateEdit)
              for w in tab.findChildren(kind) if w.isVisibleTo(tab) and not w.objectName().startswith("qt_")]
    assert len(inputs) >= 15
    assert [w for w in inputs if not w.accessibleName()] == []
    assert form.fields["speaking_rate_wpm"].unit == "words/min"
    assert form.fields["intelligibility_percent"].edit.accessibleName() == "Speech intelligibility (%)"
    assert form.model_.headerData(2, Qt.Orientation.Horizontal) == "Rate (words/min)"


def test_number_fields_show_stored_values_in_full(qtbot):
    whole = WholeNumberField("EAT-10 score", "/40")
    qtbot.addWidget(whole)
    for value, shown in ((10, "10"), (0, "0"), (40, "40")):
        whole.set_value(value)
        assert whole.text() == shown
    decimal = NumberField("Weight", "kg", decimals=1)
    qtbot.addWidget(decimal)
    for value, shown in ((70.0, "70"), (69.45, "69.5"), (100, "100")):
        decimal.set_value(value)
        assert decimal.text() == shown
    answer = YesNoField("Chin tuck")
    qtbot.addWidget(answer)
    for value in (True, False, None):
        answer.set_value(value)
        assert answer.value() is value



def test_input_typed_before_choosing_another_visit_is_kept_for_its_own_visit(
        open_window, db_path, db, patient, two_visits, qtbot):
    earlier, later, _row = two_visits
    window, form = open_form(open_window, db_path, patient)
    qtbot.keyClicks(form.fields["speaking_rate_wpm"].edit, "104")  # on the later visit
    # Asked first (Save / Discard / Cancel); Save stores it on the visit it was typed for.
    window.visit_choice.setCurrentIndex(window.visit_choice.findText("10 Jan 2024", Qt.MatchFlag.MatchStartsWith))
    assert form.fields["speaking_rate_wpm"].text() == ""  # the earlier visit's form
    assert "10 Jan 2024" in form.visit_label.text()
    saved = [row for row in rows(db) if row.speaking_rate_wpm == 104]
    assert [row.visit_id for row in saved] == [later.id]
    assert rows(db)[0].speaking_rate_wpm is None  # the earlier visit's row is untouched


def test_input_is_not_carried_to_another_patient(open_window, db_path, db, patient, two_visits, qtbot):
    from als_desktop.services import patients

    with db.transaction() as session:
        other = patients.create_patient(session, {"mrn": "MRN-0002", "given_name": "Sam", "family_name": "Other",
                                                  "date_of_birth": date(1950, 1, 1)}, "setup")
        visits.create_visit(session, other.id, {"visit_date": LATER}, "setup")
    window, form = open_form(open_window, db_path, patient)
    qtbot.keyClicks(form.fields["speaking_rate_wpm"].edit, "104")
    window.patient_list.select(other.id)
    assert form.fields["speaking_rate_wpm"].text() == ""
    assert "Unsaved" not in form.visit_label.text()
