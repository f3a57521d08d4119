"""Date fields as a clinician uses them: typed in any common way, picked from a calendar that
opens on a sensible month, shown back one way, and refused at the field when not a date."""

from __future__ import annotations

from datetime import date

import pytest
from gui_helpers import fill_new_patient
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QTableView, QToolButton
from sqlalchemy import select

from als_desktop.models import Patient
from als_desktop.views.fields import DateField, OptionalDateField
from als_desktop.views.prompt_dialogs import no_date

MARCH_12 = date(1960, 3, 12)


def new_patient_dialog(open_window, db_path, qtbot):
    window = open_window(db_path)
    dialog = window.new_patient()
    fill_new_patient(qtbot, dialog, mrn="D-1", given="Dana", family="Typed", born=date(1970, 1, 1))
    dialog.form.fields["date_of_birth"].clear()
    active(qtbot, dialog)
    return window, dialog


def active(qtbot, dialog) -> None:
    # Focus moves (and a field is left) only in the active window, as on a real screen.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def type_and_leave(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def stored_patients(db) -> list[Patient]:
    with db.reading() as session:
        return list(session.scalars(select(Patient)))


def calendar_view(field: DateField) -> QTableView:
    return field.calendarWidget().findChild(QTableView)


@pytest.mark.parametrize("typed", [
    "12031960", "19600312", "1960-03-12", "12 Mar 1960", "12 March 1960", "12/03/1960", "12.3.60",
    "locale short format",
])
def test_a_typed_date_of_birth_is_understood_shown_one_way_and_saved(open_window, db_path, db, qtbot, typed):
    window, dialog = new_patient_dialog(open_window, db_path, qtbot)
    if typed == "locale short format":  # the workstation's own habit (the C locale's: 12 03 1960)
        typed = QLocale().toString(QDate(1960, 3, 12), QLocale.FormatType.ShortFormat)
    birth = dialog.form.fields["date_of_birth"]
    type_and_leave(qtbot, birth, typed)
    assert birth.text() == "12 Mar 1960"
    assert dialog.form.error_text("date_of_birth") == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.current_dialog is None, dialog.form.errors["date_of_birth"].text()
    [patient] = stored_patients(db)
    assert (patient.date_of_birth, patient.onset_date, patient.diagnosis_date) == (MARCH_12, None, None)


def test_text_that_is_not_a_date_is_named_at_the_field_and_nothing_is_saved(open_window, db_path, db, qtbot):
    window, dialog = new_patient_dialog(open_window, db_path, qtbot)
    birth = dialog.form.fields["date_of_birth"]
    message = "Date of birth: '31 Feb 1960' is not a date; type e.g. 12 Mar 1960"
    type_and_leave(qtbot, birth, "31 Feb 1960")
    assert dialog.form.error_text("date_of_birth") == message  # on leaving the field
    assert dialog.form.errors["date_of_birth"].isVisibleTo(dialog)
    assert birth.text() == "31 Feb 1960"  # what was typed stays, to be corrected

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.current_dialog is dialog
    assert dialog.form.error_text("date_of_birth") == message
    assert stored_patients(db) == []

    type_and_leave(qtbot, birth, "28 Feb 1960")
    assert dialog.form.error_text("date_of_birth") == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [p.date_of_birth for p in stored_patients(db)] == [date(1960, 2, 28)]


def test_empty_optional_dates_show_not_recorded_and_save_nothing(open_window, db_path, db, qtbot):
    window, dialog = new_patient_dialog(open_window, db_path, qtbot)
    onset = dialog.form.fields["onset_date"]
    assert (onset.text(), onset.placeholderText(), onset.value()) == ("", "Not recorded", None)
    type_and_leave(qtbot, onset, "3 Jan 2024")
    assert onset.value() == date(2024, 1, 3)
    onset.clear()  # emptied again: means no date, never a stand-in one
    assert onset.value() is None and onset.not_recorded.isChecked()
    type_and_leave(qtbot, dialog.form.fields["date_of_birth"], "1960-03-12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.current_dialog is None
    [patient] = stored_patients(db)
    assert (patient.date_of_birth, patient.onset_date) == (MARCH_12, None)


def test_the_date_of_birth_calendar_opens_decades_back_and_picks_by_keyboard(open_window, db_path, qtbot):
    _window, dialog = new_patient_dialog(open_window, db_path, qtbot)
    birth = dialog.form.fields["date_of_birth"]
    edits: list[str] = []
    birth.textEdited.connect(edits.append)
    birth.setFocus()
    qtbot.keyClick(birth, Qt.Key.Key_F4)
    calendar = birth.calendarWidget()
    assert birth.popup.isVisible()
    sixty_years_ago = date.today().year - 60
    assert (calendar.yearShown(), calendar.monthShown()) == (sixty_years_ago, date.today().month)
    qtbot.keyClick(calendar_view(birth), Qt.Key.Key_Right)  # the next day
    qtbot.keyClick(calendar_view(birth), Qt.Key.Key_Return)
    picked = calendar.selectedDate().toPython()
    assert not birth.popup.isVisible()
    assert picked.year == sixty_years_ago
    assert birth.value() == picked and birth.text() == f"{picked:%d %b %Y}"
    assert edits == [birth.text()]  # a pick is an edit, as typing is

    # A date already in the field opens the calendar on its own month.
    type_and_leave(qtbot, birth, "12 Mar 1960")
    qtbot.keyClick(birth, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert birth.popup.isVisible()
    assert (calendar.yearShown(), calendar.monthShown(), calendar.selectedDate().toPython()) == (1960, 3, MARCH_12)
    qtbot.keyClick(calendar_view(birth), Qt.Key.Key_Escape)
    assert not birth.popup.isVisible() and birth.value() == MARCH_12


def test_the_visit_date_starts_today_and_its_calendar_opens_on_this_month(open_window, db_path, patient, qtbot):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    dialog = window.new_visit()
    visit_date = dialog.form.fields["visit_date"]
    assert visit_date.text() == f"{date.today():%d %b %Y}"
    visit_date.setFocus()
    qtbot.keyClick(visit_date, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = visit_date.calendarWidget()
    assert (calendar.yearShown(), calendar.monthShown()) == (date.today().year, date.today().month)
    qtbot.keyClick(calendar_view(visit_date), Qt.Key.Key_Escape)
    # A visit date cannot be left out: emptied, it says so at the field.
    visit_date.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("visit_date") == "Visit date is required; type e.g. 12 Mar 1960"


def test_date_fields_are_reached_by_tab_named_and_typed_without_the_calendar(open_window, db_path, qtbot):
    _window, dialog = new_patient_dialog(open_window, db_path, qtbot)
    fields = dialog.form.fields
    fields["family_name"].setFocus()
    qtbot.keyClick(fields["family_name"], Qt.Key.Key_Tab)
    birth = fields["date_of_birth"]
    assert dialog.focusWidget() is birth
    qtbot.keyClicks(birth, "12 Mar 1960")
    assert birth.popup is None  # typing never needed the calendar
    assert birth.accessibleName() == "Date of birth"
    assert fields["onset_date"].accessibleName() == "Symptom onset date"
    [button] = birth.findChildren(QToolButton)
    assert button.accessibleName() == "Date of birth: calendar"
    assert "Alt+Down or F4" in birth.calendar_action.toolTip()
    assert "12/03/1960 (day first)" in birth.toolTip()  # the C locale the tests run with is day first


def test_typed_onset_and_diagnosis_update_the_delay_and_are_saved(open_window, db_path, db, patient, qtbot):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    tab = window.tabs.show_tab("Neurology")
    qtbot.waitUntil(tab.isVisible)  # a tab is built on its first show
    active(qtbot, window)
    fields = tab.details.form.fields
    assert fields["onset_date"].text() == "15 Jan 2023"
    type_and_leave(qtbot, fields["diagnosis_date"], "15/7/2023")  # every keystroke read on the way
    assert fields["diagnosis_date"].text() == "15 Jul 2023"
    assert "5.9 months" in tab.details.delay.text()
    qtbot.mouseClick(tab.details.save_button, Qt.MouseButton.LeftButton)
    assert [p.diagnosis_date for p in stored_patients(db)] == [date(2023, 7, 15)]


def test_the_not_recorded_switch_of_an_optional_date_follows_the_field(qtbot):
    field = no_date(OptionalDateField("Defer until"))
    qtbot.addWidget(field)
    switched: list[bool] = []
    field.not_recorded.toggled.connect(switched.append)
    assert field.placeholderText() == "No date" and field.not_recorded.isChecked()
    field.date_edit.set_value(date(2024, 8, 1))
    assert (field.value(), field.not_recorded.isChecked(), field.date().toPython()) == (date(2024, 8, 1), False, date(2024, 8, 1))
    field.not_recorded.setChecked(True)
    assert (field.text(), field.value(), switched) == ("", None, [False, True])
    field.setDate(QDate(2025, 1, 2))
    assert field.text() == "02 Jan 2025"
