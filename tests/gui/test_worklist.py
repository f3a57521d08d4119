"""The clinic worklist window on a real demo clinic: read off the GUI thread, grouped by patient
or discipline, filtered, sorted, cancellable, the selected prompt shown in full, printed and
exported as CSV, the open team actions beside the prompts, and a double-click (or Enter) opens
the patient in the main window."""

from __future__ import annotations

import csv
import io
import shutil
import threading
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog

from als_desktop.clinical.prompts import Severity
from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services import demo
from als_desktop.services.team_actions import create_action
from als_desktop.services.worklist import (
    BY_DISCIPLINE,
    BY_PATIENT,
    Cancelled,
    Worklist,
    groups,
    worklist,
)
from als_desktop.views.worklist import LOADING, WorklistView, open_worklist
from als_desktop.views.worklist_models import NO_GROUPING
from als_desktop.views.worklist_output import printed_pdf

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
    by_patient = [row for group in groups(want.rows, BY_PATIENT) for row in group.rows]
    assert [(r.patient_id, r.rule_id) for r in view.shown_rows()] == [(r.patient_id, r.rule_id) for r in by_patient]
    assert view.pages.currentWidget() is view.tabs and view.prompt_pages.currentWidget() is view.split
    assert view.count.text().startswith(f"{len(want.rows)} prompts for {want.patient_count} patients")
    assert f"{want.overdue_count} overdue" in view.count.text()
    first = view.model.index(0, 0, view.model.index(0, 0))  # the first prompt of the first patient
    assert first.data() in {"URGENT", "ACTION", "DUE", "INFO"}
    assert open_worklist(window) is view  # one worklist per main window
    window.worklist_action.trigger()  # the Clinic menu entry shows the same window, read again
    assert view.is_loading
    qtbot.waitUntil(lambda: not view.is_loading, timeout=20000)
    assert len(view.shown_rows()) == len(want.rows)


def test_overdue_rows_say_so(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    view.group_by(NO_GROUPING)
    rows = view.shown_rows()
    overdue = next(number for number, row in enumerate(rows) if row.overdue)
    text = view.model.index(overdue, view.model.DUE).data()
    assert "overdue" in text and f"{rows[overdue].due_on:%d %b %Y}" in text
    not_overdue = next(number for number, row in enumerate(rows) if not row.overdue)
    assert "overdue" not in view.model.index(not_overdue, view.model.DUE).data()


def test_filters_by_discipline_and_site(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    everything = expected(clinic_path)
    discipline = [code for code in everything.disciplines if code in {row.discipline for row in everything.rows}][-1]
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
    assert view.prompt_pages.currentWidget() is view.empty
    assert "Nothing is due or overdue for Psychology" in view.empty.text()


def test_sorting_by_due_date_by_clicking_the_header(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    view.group_by(NO_GROUPING)
    header = view.tree.header()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(view.model.DUE) + 5, 5))
    dues = [row.due_on or date.max for row in view.shown_rows()]
    assert dues == sorted(dues) or dues == sorted(dues, reverse=True)
    assert dues != [row.due_on or date.max for row in expected(clinic_path).rows]


def test_double_click_and_enter_open_the_patient_in_the_main_window(qtbot, open_window, clinic_path) -> None:
    window = open_window(clinic_path, today=DAY)
    view = loaded(qtbot, window)
    view.group_by(NO_GROUPING)
    rows = view.shown_rows()
    row = rows[3]
    rect = view.tree.visualRect(view.model.index(3, view.model.PATIENT))
    # A double-click as the platform delivers it: press and release, then the second press.
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.patient is None  # a single click only selects
    qtbot.mouseDClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.patient is not None and window.patient.id == row.patient_id
    assert window.header.isVisible()
    other = next(r for r in rows if r.patient_id != row.patient_id)
    number = rows.index(other)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.tree.setFocus()
    view.tree.setCurrentIndex(view.model.index(number, 0))
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
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


# ---------------------------------------------------------------------------- worked through by a coordinator


def group_titles(view: WorklistView) -> list[str]:
    root = view.model.index(0, 0).parent()
    return [view.model.index(number, 0, root).data() for number in range(view.model.rowCount(root))]


def test_grouped_by_patient_then_by_discipline_with_counts(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    want = expected(clinic_path)
    assert view.group_choice.currentData() == BY_PATIENT  # the coordinator works patient by patient
    titles = group_titles(view)
    assert len(titles) == want.patient_count
    for number, group in enumerate(groups(want.rows, BY_PATIENT)):
        assert titles[number] == f"{group.title} — {group.summary}"
        parent = view.model.index(number, 0)
        assert view.tree.isExpanded(parent) and view.tree.isFirstColumnSpanned(number, parent.parent())
        assert view.model.rowCount(parent) == len(group.rows)
        assert [view.model.index(n, view.model.PROMPT, parent).data() for n in range(len(group.rows))] == \
            [row.message for row in group.rows]
    assert view.tree.isColumnHidden(view.model.PATIENT) and not view.tree.isColumnHidden(view.model.OWNER)

    view.group_choice.setCurrentIndex(view.group_choice.findData(BY_DISCIPLINE))
    view.group_choice.activated.emit(view.group_choice.currentIndex())
    by_discipline = groups(want.rows, BY_DISCIPLINE)
    assert group_titles(view) == [f"{group.title} — {group.summary}" for group in by_discipline]
    assert any("overdue" in title for title in group_titles(view))
    assert view.tree.isColumnHidden(view.model.OWNER) and not view.tree.isColumnHidden(view.model.PATIENT)
    # The counts per discipline and per site, above the list.
    for count in want.counts_by_discipline():
        assert count.name in view.counts.text()
    for site in want.sites:
        assert f"{site} " in view.counts.text()
    view.group_by(NO_GROUPING)
    assert view.model.rowCount() == len(want.rows) and not view.tree.rootIsDecorated()


def test_the_selected_prompt_is_shown_in_full(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    rows = view.shown_rows()
    longest = max(rows, key=lambda row: len(row.message))
    group = next(n for n in range(view.model.rowCount()) if view.model.group_at(view.model.index(n, 0)).rows[0]
                 .patient_id == longest.patient_id)
    parent = view.model.index(group, 0)
    number = view.model.group_at(parent).rows.index(longest)
    rect = view.tree.visualRect(view.model.index(number, view.model.PROMPT, parent))
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    shown = view.detail.toPlainText()
    assert longest.message in shown and f"Source: {longest.source}" in shown
    for label, value in longest.values:
        assert f"{label}: {value}" in shown
    assert longest.mrn in shown and view.detail.isVisible() and view.detail.isReadOnly()
    # The list's cell is cut to its width; the pane below holds the whole message.
    assert view.tree.fontMetrics().horizontalAdvance(longest.message) > rect.width() or len(longest.message) < 80


def test_overdue_only_and_urgent_only(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    want = expected(clinic_path)
    qtbot.mouseClick(view.overdue_only, Qt.MouseButton.LeftButton)
    assert view.overdue_only.isChecked()
    shown = view.shown_rows()
    assert shown and all(row.overdue for row in shown)
    assert len(shown) == sum(row.overdue for row in want.rows)
    assert all(action.overdue for action in view.actions_model.actions)
    assert view.count.text().startswith(f"{len(shown)} prompt")
    qtbot.mouseClick(view.overdue_only, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.urgent_only, Qt.MouseButton.LeftButton)
    shown = view.shown_rows()
    assert shown and {row.severity for row in shown} == {Severity.URGENT}
    assert len(shown) == want.urgent_count
    qtbot.mouseClick(view.urgent_only, Qt.MouseButton.LeftButton)
    assert len(view.shown_rows()) == len(want.rows)


def test_csv_export_asks_before_replacing_and_holds_what_is_shown(qtbot, open_window, clinic_path, answers,
                                                                   tmp_path, monkeypatch) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    view.group_by(BY_DISCIPLINE)
    asked = []

    def named(parent, caption, suggested, filters, options=None):
        asked.append((caption, Path(suggested).name, options))
        return str(tmp_path / "monday"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(named))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "monday.csv"  # ".csv" added to the name typed
    assert asked[0][1] == "worklist-2025-06-02.csv" and target.exists() and not answers.seen
    lines = list(csv.DictReader(target.open(encoding="utf-8-sig", newline="")))
    prompts = [line for line in lines if line["Kind"] == "Prompt"]
    assert [(line["MRN"], line["What"]) for line in prompts] == [(r.mrn, r.message) for r in view.shown_rows()]
    assert [line["What"] for line in lines if line["Kind"] == "Team action"] == \
        [action.description for action in view.actions_model.actions]
    assert "Saved as" in view.count.text()

    qtbot.mouseClick(view.urgent_only, Qt.MouseButton.LeftButton)
    answers.replies = ["Cancel"]
    before = target.read_bytes()
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert answers.seen[-1].title == "Replace the file?" and target.read_bytes() == before  # kept
    answers.replies = ["Replace"]
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    lines = list(csv.DictReader(target.open(encoding="utf-8-sig", newline="")))
    assert {line["Severity"] for line in lines if line["Kind"] == "Prompt"} == {"URGENT"}


def test_printing_sends_the_worklist_as_shown(qtbot, open_window, clinic_path, tmp_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    qtbot.mouseClick(view.overdue_only, Qt.MouseButton.LeftButton)
    shown = view.shown_worklist()
    pdf = printed_pdf(shown, BY_PATIENT)
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())
    assert "overdue only" in text and "grouped by patient" in text
    for row in shown.rows:
        assert row.mrn in text and f"{row.due_on:%d %b %Y}, overdue" in text
    for action in shown.actions:
        assert action.mrn in text
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = view.print_to(printer)
    assert pages == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert len(pypdf.PdfReader(tmp_path / "printed.pdf").pages) == pages


def test_open_team_actions_are_listed_with_their_overdue_mark(qtbot, open_window, clinic_path) -> None:
    database = open_database(sqlite_url(clinic_path), migrate=False)
    with database.reading() as session:
        patient_id = worklist(session, DAY).rows[-1].patient_id
    with database.transaction() as session:
        create_action(session, patient_id, "social_work", "Arrange a home visit", DAY + timedelta(days=14),
                      "test.clinician", today=DAY)
        create_action(session, patient_id, "social_work", "Benefits review", DAY - timedelta(days=3),
                      "test.clinician", today=DAY)
    database.close()
    window = open_window(clinic_path, today=DAY)
    view = loaded(qtbot, window)
    qtbot.mouseClick(view.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=view.tabs.tabBar().tabRect(1).center())
    assert view.tabs.currentWidget() is view.actions_table and view.actions_table.isVisible()
    model = view.actions_model
    descriptions = [model.index(n, model.ACTION).data() for n in range(model.rowCount())]
    late, later = descriptions.index("Benefits review"), descriptions.index("Arrange a home visit")
    assert model.index(late, model.DUE).data() == f"{DAY - timedelta(days=3):%d %b %Y}, overdue"
    assert model.index(late, model.DUE).data(Qt.ItemDataRole.ToolTipRole).startswith("Overdue by 3 days")
    assert "overdue" not in model.index(later, model.DUE).data()
    assert model.index(late, model.OWNER).data() == "Social work"
    assert "(" in view.tabs.tabText(1) and "overdue" in view.tabs.tabText(1)
    rect = view.actions_table.visualRect(model.index(late, model.PATIENT))
    qtbot.mouseClick(view.actions_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.actions_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.patient is not None and window.patient.id == patient_id


def test_tab_leaves_the_lists_and_every_control_is_reachable(qtbot, open_window, clinic_path) -> None:
    view = loaded(qtbot, open_window(clinic_path, today=DAY))
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    reached = set()
    view.group_choice.setFocus()
    for _ in range(30):
        reached.add(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    for widget in (view.group_choice, view.discipline_choice, view.site_choice, view.overdue_only, view.urgent_only,
                   view.refresh_button, view.print_button, view.export_button, view.tree, view.detail):
        assert widget in reached, widget.accessibleName() or widget.text()
