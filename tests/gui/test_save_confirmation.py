"""After every save the window says what was saved for whom, where nothing covers it, for a few
seconds; the weight just recorded stays in view beside its (emptied) box."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import add_patient, add_visit
from PySide6.QtCore import Qt

from als_desktop.views.saving import SAVED_SHOWN_MS

CTRL = Qt.KeyboardModifier.ControlModifier
WHOM = "ADAMS, Ada (MRN-1)"


@pytest.fixture
def clinic(db):
    ada = add_patient(db, "MRN-1", "Ada", "Adams", height_cm=165)
    add_visit(db, ada, date(2024, 4, 9))
    ben = add_patient(db, "MRN-2", "Ben", "Brown")
    return ada, ben


@pytest.fixture
def window(open_window, db_path, clinic):
    window = open_window(db_path, today=date(2024, 4, 9))
    window.patient_list.select(clinic[0])
    return window


def said(window) -> str:
    note = window.header.saved_note
    assert note.isVisible(), "the confirmation is on screen"
    assert window.statusBar().currentMessage() == note.text()
    return note.text()


def test_a_recorded_weight_is_confirmed_and_stays_in_view(window, qtbot):
    tab = window.tabs.show_tab("Nutrition")
    qtbot.keyClicks(tab.weight.input.edit, "64.5")
    qtbot.keyClick(tab.weight.input.edit, Qt.Key.Key_Return)
    text = said(window)
    assert text.startswith(f"Saved weight 64.5 kg for {WHOM} at ")
    assert tab.weight.input.text() == ""  # ready for the next entry…
    assert tab.weight.on_visit.isVisible()
    assert tab.weight.on_visit.text().startswith("Recorded on this visit: 64.5 kg")  # …and the value in view
    timer = window.header.saved_timer
    assert timer.isActive() and timer.interval() == SAVED_SHOWN_MS
    timer.timeout.emit()  # the few seconds are up
    assert not window.header.saved_note.isVisible()


def test_the_status_bar_message_is_not_covered_by_the_database_name(window, qtbot):
    tab = window.tabs.show_tab("SLP")
    qtbot.keyClicks(tab.assessment.fields["speaking_rate_wpm"].edit, "110")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    text = said(window)
    assert text.startswith(f"Saved speech and swallowing assessment of the visit of 09 Apr 2024 — Main clinic for {WHOM} at ")
    bar, label = window.statusBar(), window.database_label
    # The database name keeps to the right; the message has the rest of the bar.
    assert label.geometry().left() > bar.width() // 2


def test_dialog_saves_are_named_by_the_dialog_and_a_new_patient_by_name(window, qtbot, clinic):
    dialog = window.new_visit()
    dialog.form.fields["visit_date"].set_value(date(2024, 4, 2))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert said(window).startswith(f"Saved “New visit” for {WHOM} at ")

    dialog = window.new_patient()
    fields = dialog.form.fields
    qtbot.keyClicks(fields["mrn"], "MRN-3")
    qtbot.keyClicks(fields["given_name"], "Cy")
    qtbot.keyClicks(fields["family_name"], "Clark")
    fields["date_of_birth"].set_value(date(1955, 3, 12))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.patient.mrn == "MRN-3"
    assert said(window).startswith("Saved new patient for CLARK, Cy (MRN-3) at ")


def test_the_confirmation_is_not_shown_beside_another_patient(window, qtbot, clinic):
    tab = window.tabs.show_tab("Nutrition")
    qtbot.keyClicks(tab.weight.input.edit, "64.5")
    qtbot.keyClick(tab.weight.input.edit, Qt.Key.Key_Return)
    assert window.header.saved_note.isVisible()
    window.patient_list.select(clinic[1])
    assert not window.header.saved_note.isVisible()
