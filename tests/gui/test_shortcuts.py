"""The window's keyboard: save the visible tab, next and previous patient, clinic day, the
shortcut list, tab order and accessible names."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import add_patient, add_visit
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QTableView

CTRL, ALT, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def three_patients(db):
    ids = [add_patient(db, f"MRN-{n}", given, family) for n, (given, family) in
           enumerate((("Ada", "Adams"), ("Ben", "Brown"), ("Cy", "Clark")), start=1)]
    add_visit(db, ids[1], date(2024, 4, 9))
    return ids


@pytest.fixture
def window(open_window, db_path, three_patients, qtbot):
    window = open_window(db_path, today=date(2024, 4, 9))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_next_and_previous_patient_follow_the_list(window, qtbot, three_patients):
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ALT)  # nothing selected yet: the first
    assert window.patient.mrn == "MRN-1"
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ALT)
    assert window.patient.mrn == "MRN-2"
    # Works from inside a form field too (here the visit list, which has the focus).
    window.visit_choice.setFocus()
    qtbot.keyClick(window.visit_choice, Qt.Key.Key_PageDown, ALT)
    assert window.patient.mrn == "MRN-3"
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ALT)  # the end of the list: stays
    assert window.patient.mrn == "MRN-3"
    qtbot.keyClick(window, Qt.Key.Key_PageUp, ALT)
    assert window.patient.mrn == "MRN-2"
    # Sorted the other way, "next" goes the other way; a search narrows the list.
    window.patient_list.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ALT)
    assert window.patient.mrn == "MRN-1"
    qtbot.keyClicks(window.patient_list.search, "a")  # Cy Clark and Ada Adams
    assert window.patient_list.visible_mrns() == ["MRN-3", "MRN-1"]
    qtbot.keyClick(window, Qt.Key.Key_PageUp, ALT)
    assert window.patient.mrn == "MRN-3"
    qtbot.keyClick(window, Qt.Key.Key_PageUp, ALT)  # the top of the list: stays
    assert window.patient.mrn == "MRN-3"


def test_qt_tab_switching_keys_still_switch_tabs(window, qtbot, three_patients):
    window.patient_list.select(three_patients[1])
    window.tabs.setFocus()
    qtbot.keyClick(window.tabs, Qt.Key.Key_Tab, CTRL)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Neurology"
    qtbot.keyClick(window.tabs, Qt.Key.Key_Tab, CTRL)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "SLP"
    qtbot.keyClick(window.tabs, Qt.Key.Key_Backtab, CTRL | SHIFT)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Neurology"
    assert window.patient.mrn == "MRN-2"  # the patient did not change


def test_ctrl_s_saves_the_visible_tab(window, qtbot, three_patients):
    window.patient_list.select(three_patients[1])
    # The Overview has nothing to save: nothing happens, nothing is announced.
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert window.statusBar().currentMessage() == ""

    calls = []
    tab = window.tabs.show_tab("Pulmonary")
    tab.save_current = lambda: calls.append("pulmonary") or True
    other = window.tabs.tab("SLP")
    other.save_current = lambda: calls.append("slp") or True
    window.visit_choice.setFocus()
    qtbot.keyClick(window.visit_choice, Qt.Key.Key_S, CTRL)
    assert calls == ["pulmonary"]  # only the tab on screen
    assert window.statusBar().currentMessage() == "Pulmonary saved."


def test_ctrl_s_does_nothing_without_a_patient(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert window.patient is None
    assert window.save_current_tab() is False


def test_clinic_day_shortcut_and_button(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL | SHIFT)
    view = window.clinic_day_view
    assert view.isVisible()
    assert view.chosen_day() == date(2024, 4, 9)
    view.close()
    button = next(b for b in window.findChildren(QAbstractButton) if b.accessibleName() == "Clinic day")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.clinic_day_view is view and view.isVisible()  # the same window, shown again


def test_help_lists_every_shortcut_with_its_keys(window, qtbot, answers):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    message = answers.seen[-1]
    assert message.title == "Keyboard shortcuts"
    for keys, what in (("Ctrl+S", "Save this tab"), ("Ctrl+Shift+V", "New visit"), ("Alt+PgDown", "Next patient"),
                       ("Alt+PgUp", "Previous patient"), ("Ctrl+Shift+D", "Clinic day"), ("Ctrl+N", "New patient"),
                       ("Ctrl+F", "Find patient")):
        assert keys in message.detail and what in message.detail, (keys, what)
    listed = [keys for keys, _what in window.shortcuts()]
    assert len(listed) == len(set(listed))


def test_no_two_actions_share_a_key(window):
    from PySide6.QtGui import QAction

    keys = [a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys)), keys
    assert not {"Ctrl+PgDown", "Ctrl+PgUp", "Ctrl+Tab", "Alt+Down", "Alt+Up"} & set(keys)


def test_tab_order_runs_down_the_window(window, qtbot, three_patients):
    window.patient_list.select(three_patients[1])
    window.patient_list.search.setFocus()
    seen = []
    for _ in range(10):
        widget = QApplication.focusWidget()
        seen.append(widget.accessibleName() or type(widget).__name__)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen == ["Search patients by name or MRN", "Show deceased patients", "Patients", "New patient",
                    "Clinic day", "Visit", "New visit", "Edit visit", "Void visit", "QTabBar"]


def test_every_input_has_an_accessible_name(window, qtbot, three_patients):
    window.patient_list.select(three_patients[1])
    view = window.open_clinic_day()
    checked = 0
    for root in (window, view):
        for kind in (QLineEdit, QComboBox, QTableView, QAbstractButton, QAbstractSpinBox):
            for widget in root.findChildren(kind):
                if isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)) or widget.objectName().startswith("qt_"):
                    continue  # Qt's own parts
                if not widget.isVisibleTo(root):
                    continue
                assert widget.accessibleName(), f"{type(widget).__name__} {widget.text() if hasattr(widget, 'text') else ''}"
                checked += 1
    assert checked >= 15
