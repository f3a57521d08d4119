"""Nothing typed is lost unasked: every way out of a form asks Save / Discard / Cancel.

Ways out: another patient (a click in the list, Alt+Page Down, a search with one match, the
clinic day), another visit, closing the window, another database, the demo clinic. Save runs the
form's own checks (a refusal keeps the user on the form), Discard throws the input away, Cancel
changes nothing. A tab with unsaved input is marked; another tab's save keeps it."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import add_patient, add_visit, record
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from als_desktop.config import sqlite_url
from als_desktop.models import (
    AlsfrsAssessment,
    RespiratoryAssessment,
    Visit,
    WeightMeasurement,
)
from als_desktop.views import unsaved
from als_desktop.views.discipline_tabs import UNSAVED_MARK

ALT = Qt.KeyboardModifier.AltModifier
EARLIER, LATER = date(2024, 1, 10), date(2024, 4, 9)


@pytest.fixture
def clinic(db, db_path):
    ada = add_patient(db, "MRN-1", "Ada", "Adams")
    ada_earlier = add_visit(db, ada, EARLIER)
    add_visit(db, ada, LATER)
    ben = add_patient(db, "MRN-2", "Ben", "Brown")
    ben_visit = add_visit(db, ben, LATER)
    return {"ada": ada, "ada_earlier": ada_earlier, "ben": ben, "ben_visit": ben_visit, "other_database": db_path.parent / "other.sqlite"}


@pytest.fixture
def window(open_window, db_path, clinic, qtbot):
    window = open_window(db_path, today=LATER)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.patient_list.select(clinic["ada"])
    assert window.patient.mrn == "MRN-1"
    return window


def spo2_field(window):
    return window.tabs.tab("Pulmonary").assessment.fields["spo2_percent"]


def type_spo2(window, qtbot, text: str = "95") -> None:
    window.tabs.show_tab("Pulmonary")
    qtbot.keyClicks(spo2_field(window).edit, text)


def stored(db, model):
    with db.reading() as session:
        return session.query(model).all()


def questions(answers) -> list:
    return [message for message in answers.seen if message.title == unsaved.TITLE]


# ---------------------------------------------------------------------- the ways out

def click_other_patient(window, qtbot, clinic) -> None:
    table = window.patient_list.table
    row = next(r for r in range(table.model().rowCount()) if table.model().index(r, 0).data() == "MRN-2")
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def next_patient_key(window, qtbot, clinic) -> None:
    qtbot.keyClick(window.tabs.tab("Pulmonary").assessment.fields["spo2_percent"].edit, Qt.Key.Key_PageDown, ALT)


def search_other_patient(window, qtbot, clinic) -> None:
    qtbot.keyClicks(window.patient_list.search, "Brown")


def clinic_day_other_patient(window, qtbot, clinic) -> None:
    window.open_visit(clinic["ben"], clinic["ben_visit"])


def other_visit(window, qtbot, clinic) -> None:
    window.visit_choice.setCurrentIndex(window.visit_choice.findText("10 Jan 2024", Qt.MatchFlag.MatchStartsWith))


def close_window(window, qtbot, clinic) -> None:
    window.close()


def other_database(window, qtbot, clinic) -> None:
    window.open_url(sqlite_url(clinic["other_database"]), create=True)


def went(way, window) -> bool:
    """Whether the window went where `way` led."""
    if way is other_visit:
        return window.current_visit().visit_date == EARLIER
    if way is close_window:
        return not window.isVisible()
    if way is other_database:
        return window.database.description.endswith("other.sqlite")
    return window.patient is not None and window.patient.mrn == "MRN-2"


WAYS = [click_other_patient, next_patient_key, search_other_patient, clinic_day_other_patient, other_visit,
        close_window, other_database]


@pytest.mark.parametrize("way", WAYS, ids=lambda way: way.__name__)
def test_save_stores_the_input_then_goes(window, qtbot, db, clinic, answers, way):
    type_spo2(window, qtbot)
    answers.replies = [unsaved.SAVE]
    way(window, qtbot, clinic)
    asked = questions(answers)
    assert len(asked) == 1 and asked[0].buttons == (unsaved.SAVE, unsaved.DISCARD, unsaved.CANCEL)
    assert "Ada" in asked[0].text and "Pulmonary (respiratory assessment)" in asked[0].text
    assert went(way, window)
    rows = stored(db, RespiratoryAssessment)
    assert [row.spo2_percent for row in rows] == [95]
    with db.reading() as session:
        assert session.get(Visit, rows[0].visit_id).visit_date == LATER  # on the visit it was typed for


@pytest.mark.parametrize("way", WAYS, ids=lambda way: way.__name__)
def test_discard_throws_the_input_away_then_goes(window, qtbot, db, clinic, answers, way):
    type_spo2(window, qtbot)
    answers.replies = [unsaved.DISCARD]
    way(window, qtbot, clinic)
    assert len(questions(answers)) == 1
    assert went(way, window)
    assert stored(db, RespiratoryAssessment) == []
    if way in (click_other_patient, next_patient_key, search_other_patient, clinic_day_other_patient):
        window.open_visit(clinic["ada"], None)  # back to Ada: the input is gone, nothing asked
        assert spo2_field(window).text() == ""
        assert len(questions(answers)) == 1
    if window.isVisible():
        assert UNSAVED_MARK not in window.tabs.tabText(window.tabs.titles.index("Pulmonary"))


@pytest.mark.parametrize("way", WAYS, ids=lambda way: way.__name__)
def test_cancel_keeps_everything_as_it_was(window, qtbot, db, clinic, answers, way):
    database = window.database
    visit = window.current_visit()
    type_spo2(window, qtbot)
    answers.replies = [unsaved.CANCEL]
    way(window, qtbot, clinic)
    assert len(questions(answers)) == 1
    assert window.isVisible() and window.database is database
    assert window.patient.mrn == "MRN-1" and window.current_visit() == visit
    assert spo2_field(window).text() == "95"
    assert window.tabs.tabText(window.tabs.titles.index("Pulmonary")) == "Pulmonary" + UNSAVED_MARK
    if way is not search_other_patient:  # the search still hides Ada: no row is selected then
        qtbot.waitUntil(lambda: window.patient_list.current_id() == clinic["ada"])
        QApplication.processEvents()
        selected = window.patient_list.table.selectionModel().selectedRows()
        assert [index.data() for index in selected] == ["MRN-1"]
    assert stored(db, RespiratoryAssessment) == []


def test_the_demo_clinic_asks_first(window, qtbot, answers):
    type_spo2(window, qtbot)
    answers.replies = [unsaved.CANCEL]
    assert window.open_demo() is None
    assert len(questions(answers)) == 1 and "opening the demo clinic" in questions(answers)[0].text
    assert not window.database.is_demo and spo2_field(window).text() == "95"


def test_a_refused_save_stays_on_the_form_with_the_message_at_the_field(window, qtbot, db, answers):
    type_spo2(window, qtbot, "ninety")
    window.tabs.show_tab("Overview")
    answers.replies = [unsaved.SAVE]
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ALT)
    assert window.patient.mrn == "MRN-1"
    assert window.tabs.current_title() == "Pulmonary"  # shown, with the message at the field
    assert "must be a number" in window.tabs.tab("Pulmonary").assessment.forms.error_text("spo2_percent")
    assert spo2_field(window).text() == "ninety"
    qtbot.waitUntil(lambda: window.patient_list.current_id() == window.patient.id)
    assert stored(db, RespiratoryAssessment) == []


def test_no_question_without_input(window, qtbot, answers):
    window.tabs.show_tab("Pulmonary")
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ALT)
    assert window.patient.mrn == "MRN-2"
    assert questions(answers) == []


def test_the_tab_and_the_window_title_show_unsaved_input(window, qtbot):
    pulmonary = window.tabs.titles.index("Pulmonary")
    assert not window.windowTitle().endswith("not saved")
    type_spo2(window, qtbot)
    assert window.tabs.tabText(pulmonary) == "Pulmonary" + UNSAVED_MARK
    assert window.windowTitle().endswith("input not saved")
    qtbot.keyClick(spo2_field(window).edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(spo2_field(window).edit, Qt.Key.Key_Backspace)  # typed and rubbed out: nothing to save
    assert window.tabs.tabText(pulmonary) == "Pulmonary"
    type_spo2(window, qtbot)
    qtbot.mouseClick(window.tabs.tab("Pulmonary").assessment.undo_button, Qt.MouseButton.LeftButton)
    assert window.tabs.tabText(pulmonary) == "Pulmonary"
    assert not window.windowTitle().endswith("not saved")


def test_another_tabs_save_keeps_the_input_and_its_mark(window, qtbot, db, answers):
    type_spo2(window, qtbot)
    nutrition = window.tabs.show_tab("Nutrition")
    qtbot.keyClicks(nutrition.weight.input.edit, "64.5")
    assert window.tabs.tabText(window.tabs.titles.index("Nutrition")) == "Nutrition" + UNSAVED_MARK
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [row.weight_kg for row in stored(db, WeightMeasurement)] == [64.5]
    assert window.tabs.tabText(window.tabs.titles.index("Nutrition")) == "Nutrition"
    window.tabs.show_tab("Pulmonary")
    assert spo2_field(window).text() == "95"
    assert window.tabs.tabText(window.tabs.titles.index("Pulmonary")) == "Pulmonary" + UNSAVED_MARK
    answers.replies = [unsaved.CANCEL]
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ALT)
    assert len(questions(answers)) == 1 and window.patient.mrn == "MRN-1"


def test_alsfrs_and_weight_are_saved_or_discarded_like_any_form(window, qtbot, db, answers, clinic):
    neurology = window.tabs.show_tab("Neurology")
    item = neurology.alsfrs_form.items["speech"]
    item.setFocus()
    qtbot.keyClick(item, Qt.Key.Key_3)
    nutrition = window.tabs.show_tab("Nutrition")
    qtbot.keyClicks(nutrition.weight.input.edit, "61")
    assert {tab.title for tab in window.tabs.with_unsaved_input()} == {"Neurology", "Nutrition"}
    answers.replies = [unsaved.SAVE]
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ALT)
    asked = questions(answers)[-1].text
    assert "Neurology (ALSFRS-R)" in asked and "Nutrition (weight)" in asked
    assert window.patient.mrn == "MRN-2"
    assert [row.speech for row in stored(db, AlsfrsAssessment)] == [3]
    assert [row.weight_kg for row in stored(db, WeightMeasurement)] == [61]

    neurology = window.tabs.show_tab("Neurology")
    item = neurology.alsfrs_form.items["walking"]
    item.setFocus()
    qtbot.keyClick(item, Qt.Key.Key_2)
    answers.replies = [unsaved.DISCARD]
    window.open_visit(clinic["ada"], None)
    window.open_visit(clinic["ben"], None)  # back to Ben: the scores typed for him are gone
    assert neurology.alsfrs_form.items["walking"].value() is None
    assert len(stored(db, AlsfrsAssessment)) == 1


def test_esc_in_a_dialog_asks_before_dropping_what_was_typed(window, qtbot, answers):
    dialog = window.new_patient()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.form.fields["mrn"], Qt.Key.Key_Escape)  # nothing typed: just closes
    assert questions(answers) == [] and window.current_dialog is None

    dialog = window.new_patient()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.form.fields["mrn"], "MRN-9")
    answers.replies = [unsaved.CANCEL]
    qtbot.keyClick(dialog.form.fields["mrn"], Qt.Key.Key_Escape)
    assert len(questions(answers)) == 1 and dialog.isVisible()
    assert dialog.form.fields["mrn"].text() == "MRN-9"
    answers.replies = [unsaved.SAVE]  # Save runs the dialog's own checks: refused, it stays open
    qtbot.keyClick(dialog.form.fields["mrn"], Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.form.error_text("given_name")
    answers.replies = [unsaved.DISCARD]
    qtbot.keyClick(dialog.form.fields["mrn"], Qt.Key.Key_Escape)
    assert window.current_dialog is None


def test_showing_an_earlier_entry_asks_before_replacing_the_input(window, qtbot, db, clinic, answers):
    record(db, clinic["ada_earlier"], RespiratoryAssessment, {"fvc_percent_sitting": 80.0})
    window.record_changed()
    type_spo2(window, qtbot)
    assessment = window.tabs.tab("Pulmonary").assessment
    assessment.table.selectRow(0)
    answers.replies = [unsaved.CANCEL]
    assessment.edit_selected()
    assert spo2_field(window).text() == "95" and assessment.fields["fvc_percent_sitting"].text() == ""
    answers.replies = [unsaved.DISCARD]
    assessment.edit_selected()
    assert assessment.fields["fvc_percent_sitting"].text() == "80" and spo2_field(window).text() == ""
    assert len(questions(answers)) == 2
