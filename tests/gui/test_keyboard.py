"""A whole visit by keyboard: Tab reaches every field of every tab and leaves every table, the
first Tab lands on a field, every input has a name, and Ctrl+Q, Ctrl+W and Esc close as on
the desktop (asking first about unsaved input)."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import add_patient, add_visit, record_disciplines
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QWidget,
)

from als_desktop.views import unsaved

CTRL = Qt.KeyboardModifier.ControlModifier
FORM_TABS = ("Neurology", "SLP", "Nutrition", "Pulmonary", "Palliative")
MOST_PRESSES = 400


@pytest.fixture
def window(open_window, db_path, db, qtbot):
    patient = add_patient(db, "MRN-1", "Ada", "Adams", height_cm=165, premorbid_weight_kg=70)
    add_visit(db, patient, date(2024, 1, 10))
    visit = add_visit(db, patient, date(2024, 4, 9))
    record_disciplines(db, visit, "neurology", "slp", "nutrition", "pulmonary", "palliative")
    window = open_window(db_path, today=date(2024, 4, 9))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.patient_list.select(patient)
    return window


def internal(widget: QWidget) -> bool:
    """Qt's own parts of a widget (the line inside a spin box, a table's cells and scroll bars)."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QCalendarWidget | QAbstractItemView | QTabBar):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QScrollBar)


def tab_stops(root: QWidget) -> list[QWidget]:
    """The widgets under `root` that Tab must reach: visible, enabled, taking focus by Tab."""
    stops = []
    for widget in root.findChildren(QWidget):
        if internal(widget) or not widget.isVisible() or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusProxy() is not None:
            continue
        if isinstance(widget, QRadioButton) and widget.autoExclusive() and not widget.isChecked():
            continue  # a group of options is one stop (its checked option); the arrows choose
        if isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QAbstractItemView | QPlainTextEdit):
            continue
        stops.append(widget)
    return stops


def press_tab_through(qtbot, tab: QWidget) -> list[QWidget]:
    """Tab from the tab bar until the focus leaves the tab; the widgets that had it, in order."""
    window = tab.window()
    window.tabs.tabBar().setFocus()
    reached: list[QWidget] = []
    for _ in range(MOST_PRESSES):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is None or not tab.isAncestorOf(focus):
            return reached
        if reached and isinstance(focus, QAbstractItemView):
            assert focus is not reached[-1], f"Tab stays inside the table {focus.accessibleName()}"
        reached.append(focus)
    pytest.fail(f"Tab never left the {tab.title} tab in {MOST_PRESSES} presses")


@pytest.mark.parametrize("title", FORM_TABS)
def test_tab_reaches_every_field_and_leaves_every_table(window, qtbot, title):
    tab = window.tabs.show_tab(title)
    reached = press_tab_through(qtbot, tab)
    missed = [w for w in tab_stops(tab) if not any(w is f or w.isAncestorOf(f) for f in reached)]
    assert missed == [], [f"{type(w).__name__} {w.accessibleName()!r}" for w in missed]
    tables = [w for w in reached if isinstance(w, QAbstractItemView)]
    assert tables, "each of these tabs has a history table"


@pytest.mark.parametrize("title", FORM_TABS)
def test_the_first_tab_lands_on_a_field_of_the_tab(window, qtbot, title):
    tab = window.tabs.show_tab(title)
    window.tabs.tabBar().setFocus()
    qtbot.keyClick(window.tabs.tabBar(), Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert tab.isAncestorOf(focus) and focus.isVisible()
    assert not isinstance(focus, QAbstractScrollArea) or isinstance(focus, QAbstractItemView | QPlainTextEdit)
    assert focus.accessibleName()


def test_folded_neurology_sections_open_and_fill_by_keyboard(window, qtbot):
    tab = window.tabs.show_tab("Neurology")
    reached = press_tab_through(qtbot, tab)
    names = [w.accessibleName() for w in reached]
    for section in ("Disease details", "Medicines", "Liver tests"):
        assert any(name.startswith(section) for name in names), (section, names)
    # Open the disease details from the keyboard and type into them.
    header = next(w for w in reached if w.accessibleName().startswith("Disease details"))
    header.setFocus()
    qtbot.keyClick(header, Qt.Key.Key_Space)
    field = tab.details.form.fields["other_genetics"]
    assert field.isVisible()
    reached = press_tab_through(qtbot, tab)
    assert field in reached


def test_every_input_of_every_tab_has_an_accessible_name(window):
    checked = 0
    for title in window.tabs.titles:
        tab = window.tabs.show_tab(title)
        for kind in (QLineEdit, QComboBox, QAbstractButton, QAbstractSpinBox, QPlainTextEdit, QAbstractItemView):
            for widget in tab.findChildren(kind):
                if internal(widget):
                    continue
                assert widget.accessibleName(), f"{title}: {type(widget).__name__} {getattr(widget, 'text', str)()!r}"
                checked += 1
    assert checked > 150


def test_ctrl_q_quits_from_the_worklist_and_asks_first(window, qtbot, answers):
    worklist = window.open_worklist()
    qtbot.waitUntil(lambda: not worklist.is_loading)
    tab = window.tabs.show_tab("Pulmonary")
    qtbot.keyClicks(tab.assessment.fields["spo2_percent"].edit, "96")
    worklist.activateWindow()
    qtbot.waitUntil(worklist.isActiveWindow)
    answers.replies = [unsaved.CANCEL]
    qtbot.keyClick(worklist.table, Qt.Key.Key_Q, CTRL)
    assert answers.seen[-1].title == unsaved.TITLE
    assert window.isVisible() and worklist.isVisible()
    answers.replies = [unsaved.DISCARD]
    qtbot.keyClick(worklist.table, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible() and not worklist.isVisible()


def test_ctrl_q_quits_from_the_clinic_day(window, qtbot):
    view = window.open_clinic_day()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.keyClick(view.table, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible() and not view.isVisible()


def test_ctrl_w_closes_the_secondary_window_only(window, qtbot):
    for view in (window.open_clinic_day(), window.open_worklist()):
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow)
        qtbot.keyClick(view.table, Qt.Key.Key_W, CTRL)
        assert not view.isVisible()
        assert window.isVisible()


def test_esc_closes_a_dialog_with_nothing_typed(window, qtbot, answers):
    dialog = window.new_visit()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.form.fields["clinicians"], Qt.Key.Key_Escape)
    assert window.current_dialog is None
    assert [m for m in answers.seen if m.title == unsaved.TITLE] == []
