"""The clinic worklist window on a real demo clinic: read off the GUI thread, filtered, sorted,
cancellable, and a double-click (or Enter) opens the patient in the main window."""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services import demo
from als_desktop.services.worklist import Cancelled, Worklist, worklist
from als_desktop.views.worklist import LOADING, WorklistView, open_worklist

DAY = date(2025, 6, 2)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("worklist") / "demo.sqlite"
    database = open_database(sqlite_url(path))
    demo.populate(database, 25, seed=7, today=DAY)
    database.close()
    return path


@pytest.fixture
def clinic_path(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "clinic.sqlite"
    shutil.copyfile(demo_file, path)
    return path


def expected(path: Path, **filters) -> Worklist:
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.reading() as session:
            return worklist(session, DAY, **filters)
    finally:
        database.close()


def loaded(qtbot, window) -> WorklistView:
    view = open_worklist(window)
    qtbot.waitUntil(lambda: not view.is_loading, timeout=20000)
    return view


def test_the_worklist_is_read_off_the_gui_thread_and_lists_every_prompt(qtbot, open_window, clinic_path) -> None:
    window = open_window(clinic_path, today=DAY)
    view = open_worklist(window)
    assert view.isVisible() and not view.isModal()
    assert view.is_loading and view.count.text() == LOADING  # shown at once, rows still coming
    qtbot.waitUntil(lambda: not view.is_loading, timeout=20000)
    want = expected(clinic_path)
    assert len(want.rows) > 10
    assert [(r.patient_id, r.rule_id) for r in view.shown_rows()] == [(r.patient_id, r.rule_id) for r in want.rows]
    assert view.pages.currentWidget() is view.table
    assert view.count.text().startswith(f"{len(want.rows)} prompts for {want.patient_count} patients")
    assert f"{want.overdue_count} overdue" in view.count.text()
    first = view.model.index(0, 0)
    assert first.data() in {"URGENT", "ACTION", "DUE", "INFO"}
    assert open_worklist(window) is view  # one worklist per main window
    window.worklist_action.trigger()  # the Clinic menu entry shows the same window, read again
    assert view.is_loading
    qtbot.waitUntil(lambda: not view.is_loading, timeout=20000)
    assert len(view.shown_rows()) == len(want.rows)


def test_overdue_rows_say_so(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    rows = view.shown_rows()
    overdue = next(number for number, row in enumerate(rows) if row.overdue)
    text = view.model.index(overdue, view.model.DUE).data()
    assert "overdue" in text and f"{rows[overdue].due_on:%d %b %Y}" in text
    not_overdue = next(number for number, row in enumerate(rows) if not row.overdue)
    assert "overdue" not in view.model.index(not_overdue, view.model.DUE).data()


def test_filters_by_discipline_and_site(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    everything = expected(clinic_path)
    discipline = everything.disciplines[-1]
    number = view.discipline_choice.findData(discipline)
    assert number > 0
    view.discipline_choice.setCurrentIndex(number)
    view.discipline_choice.activated.emit(number)
    shown = view.shown_rows()
    assert shown and {row.discipline for row in shown} == {discipline}
    assert len(shown) == len(everything.filtered(discipline).rows)
    site = everything.sites[0]
    view.site_choice.setCurrentIndex(view.site_choice.findData(site))
    view.site_choice.activated.emit(view.site_choice.currentIndex())
    assert [r.rule_id for r in view.shown_rows()] == [r.rule_id for r in everything.filtered(discipline, site).rows]
    view.choose(None, None)
    assert len(view.shown_rows()) == len(everything.rows)


def test_nothing_due_for_a_filter_says_so(qtbot, clinic_path) -> None:
    whole = expected(clinic_path)
    view = WorklistView(lambda cancelled: whole, DAY)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.is_loading, timeout=20000)
    view.discipline_choice.addItem("Psychology / mental health", "psychology")
    view.choose("psychology")
    assert view.pages.currentWidget() is view.empty
    assert "Nothing is due or overdue for Psychology" in view.empty.text()


def test_sorting_by_due_date_by_clicking_the_header(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    header = view.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(view.model.DUE) + 5, 5))
    dues = [row.due_on or date.max for row in view.shown_rows()]
    assert dues == sorted(dues) or dues == sorted(dues, reverse=True)
    assert dues != [row.due_on or date.max for row in expected(clinic_path).rows]


def test_double_click_and_enter_open_the_patient_in_the_main_window(qtbot, open_window, clinic_path) -> None:
    window = open_window(clinic_path, today=DAY)
    view = loaded(qtbot, window)
    rows = view.shown_rows()
    row = rows[3]
    rect = view.table.visualRect(view.model.index(3, view.model.PATIENT))
    # A double-click as the platform delivers it: press and release, then the second press.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.patient is None  # a single click only selects
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.patient is not None and window.patient.id == row.patient_id
    assert window.header.isVisible()
    other = next(r for r in rows if r.patient_id != row.patient_id)
    number = rows.index(other)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    view.table.selectRow(number)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.patient.id == other.patient_id


def test_cancel_stops_reading_and_keeps_the_window_usable(qtbot, clinic_path) -> None:
    release = threading.Event()
    whole = expected(clinic_path)
    calls = []

    def slow(cancelled) -> Worklist:
        calls.append(1)
        if len(calls) == 1:
            release.wait(10)
            if cancelled():
                raise Cancelled
        return whole

    view = WorklistView(slow, DAY)
    qtbot.addWidget(view)
    view.show()
    assert view.is_loading and view.pages.currentWidget() is view.loading
    assert not view.refresh_button.isEnabled()
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    assert view.wait_for_reading(10000)
    qtbot.wait(50)  # let any queued answer arrive: it must be ignored
    assert not view.is_loading and view.worklist is None
    assert "cancelled" in view.loading_label.text() and view.count.text() == "Worklist not read."
    assert view.refresh_button.isEnabled()
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10000)
    assert len(view.shown_rows()) == len(whole.rows)


def test_a_failure_is_shown_not_raised(qtbot) -> None:
    def broken(cancelled) -> Worklist:
        raise RuntimeError("database is locked")

    view = WorklistView(broken, DAY)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10000)
    assert "could not be read: database is locked" in view.loading_label.text()
    assert view.refresh_button.isEnabled()
