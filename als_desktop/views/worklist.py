"""The clinic worklist window: what is due or overdue for every patient, most urgent first, and
the clinic's open team actions, for a coordinator to work through in one sitting.

Reading a large clinic takes seconds, so the list is read by the task runner on a worker
thread, with a session of its own, while the window shows "Loading worklist…" and a Cancel
button; the rows come back on the GUI thread. The grouping and the filters (discipline, site,
overdue only, urgent only) then work on the rows already read. The selected prompt is shown in
full beneath the list. A double-click (or Enter) on a prompt or a team action opens the patient
in the main window. Print… and Export CSV… take what is shown.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from als_desktop.domain.vocab import DISCIPLINE
from als_desktop.services.worklist import (
    BY_DISCIPLINE,
    BY_PATIENT,
    Cancelled,
    Worklist,
    WorklistRow,
)

from . import worklist_output
from .table import date_text
from .tasks import Task, run_task
from .window_keys import close_keys
from .worklist_models import (
    NO_GROUPING,
    TeamActionsModel,
    WorklistModel,
    actions_table,
    prompt_tree,
)
from .worklist_text import count_text, counts_text, group_text, prompt_text, where

log = logging.getLogger(__name__)

ALL_DISCIPLINES = "All disciplines"
ALL_SITES = "All sites"
LOADING = "Loading worklist…"
GROUPING_CHOICES = (("Patient", BY_PATIENT), ("Discipline", BY_DISCIPLINE), ("No grouping", NO_GROUPING))

Load = Callable[[Callable[[], bool]], Worklist]  # given "is it cancelled?", reads the worklist


class WorklistView(QWidget):
    """A window of its own; `open_patient` asks the main window to show a patient."""

    open_patient = Signal(object)  # patient id

    def __init__(self, load: Load, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.load = load
        self.today = today
        self.worklist: Worklist | None = None
        self.shown: Worklist | None = None  # what the filters leave
        self.reading: Task | None = None
        self.folder: Path | None = None  # where the last CSV went
        self.recorded: Task | None = None  # the audit event of the last export or print
        # One thread: a reading dropped for a newer one finishes before the newer one starts.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.setWindowTitle("Clinic worklist")
        self.resize(1200, 700)

        self.group_choice = QComboBox(self)
        self.group_choice.setAccessibleName("Group the prompts by")
        for text, key in GROUPING_CHOICES:
            self.group_choice.addItem(text, key)
        group_label = QLabel("&Group by:", self)
        group_label.setBuddy(self.group_choice)
        self.discipline_choice = QComboBox(self)
        self.discipline_choice.setAccessibleName("Owner discipline")
        self.discipline_choice.setMinimumWidth(200)
        discipline_label = QLabel("&Discipline:", self)
        discipline_label.setBuddy(self.discipline_choice)
        self.site_choice = QComboBox(self)
        self.site_choice.setAccessibleName("Site")
        self.site_choice.setMinimumWidth(170)
        site_label = QLabel("&Site:", self)
        site_label.setBuddy(self.site_choice)
        self.overdue_only = QCheckBox("&Overdue only", self)
        self.overdue_only.setToolTip("Only prompts and team actions whose due date has passed")
        self.urgent_only = QCheckBox("&Urgent only", self)
        self.urgent_only.setToolTip("Only urgent prompts (team actions have no severity and stay listed)")
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setAccessibleName("Read the worklist again")
        self.refresh_button.setToolTip("Read the worklist again from the record (F5)")
        self.print_button = QPushButton("&Print…", self)
        self.print_button.setAccessibleName("Print the worklist as shown")
        self.print_button.setToolTip("Print the prompts and team actions shown, grouped as shown (Ctrl+P)")
        self.export_button = QPushButton("E&xport CSV…", self)
        self.export_button.setAccessibleName("Export the worklist as shown to a CSV file")
        controls = QHBoxLayout()
        for widget in (group_label, self.group_choice, discipline_label, self.discipline_choice, site_label,
                       self.site_choice, self.overdue_only, self.urgent_only):
            controls.addWidget(widget)
        controls.addStretch(1)
        for widget in (self.refresh_button, self.print_button, self.export_button):
            controls.addWidget(widget)

        self.count = QLabel(self)
        self.count.setObjectName("patientName")
        self.count.setAccessibleName("What is on the worklist")
        self.counts = QLabel(self)
        self.counts.setObjectName("muted")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setWordWrap(True)
        self.counts.setAccessibleName("Counts per discipline and per site")

        self.model = WorklistModel(today, self)
        self.tree = prompt_tree(self.model, self)
        metrics = self.tree.fontMetrics()

        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setTabChangesFocus(True)
        self.detail.setAccessibleName("The selected prompt in full")
        self.detail.setPlaceholderText("Select a prompt to read it in full, with its values and source.")
        self.detail.setMinimumHeight(metrics.height() * 6)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.tree)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([400, metrics.height() * 11])  # room for a prompt, its values and source
        self.split.setChildrenCollapsible(False)
        self.empty = QLabel(self)
        self.empty.setObjectName("muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.prompt_pages = QStackedWidget(self)
        self.prompt_pages.addWidget(self.split)
        self.prompt_pages.addWidget(self.empty)

        self.actions_model = TeamActionsModel(today, self)
        self.actions_table = actions_table(self.actions_model, self)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.prompt_pages, "Pro&mpts")
        self.tabs.addTab(self.actions_table, "&Team actions")

        self.loading = QWidget(self)
        self.loading_label = QLabel(LOADING, self.loading)
        self.loading_label.setTextFormat(Qt.TextFormat.PlainText)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel_button = QPushButton("Cancel", self.loading)
        self.cancel_button.setAccessibleName("Stop reading the worklist")
        loading_layout = QVBoxLayout(self.loading)
        loading_layout.addStretch(1)
        loading_layout.addWidget(self.loading_label)
        loading_layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        loading_layout.addStretch(1)

        self.pages = QStackedWidget(self)
        for page in (self.loading, self.tabs):
            self.pages.addWidget(page)
        hint = QLabel("Double-click a prompt or a team action (or press Enter) to open the patient in the main "
                      "window. The selected prompt is shown in full below the list.", self)
        hint.setObjectName("muted")

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.count)
        layout.addWidget(self.counts)
        layout.addWidget(self.pages, 1)
        layout.addWidget(hint)

        for box in (self.group_choice, self.discipline_choice, self.site_choice):
            box.activated.connect(lambda _index: self._show())
        for box in (self.overdue_only, self.urgent_only):
            box.toggled.connect(lambda _checked: self._show())
        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self.print_worklist)
        self.export_button.clicked.connect(self.export_csv)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_worklist)
        close_keys(self)  # Ctrl+W closes this window
        self.tree.doubleClicked.connect(self._open)
        self.actions_table.doubleClicked.connect(self._open_action)
        self.tree.selectionModel().currentChanged.connect(lambda current, _previous: self._show_detail(current))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.tree, lambda: self._open(self.tree.currentIndex()))
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter = QShortcut(QKeySequence(key), self.actions_table,
                              lambda: self._open_action(self.actions_table.currentIndex()))
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._set_choices(None)
        self.refresh()

    # ------------------------------------------------------------------ reading

    @property
    def table(self) -> QTreeView:
        """The prompts' list (the name callers knew it by when it was a flat table)."""
        return self.tree

    @property
    def is_loading(self) -> bool:
        return self.reading is not None

    def refresh(self) -> None:
        """Read the worklist again on the worker thread (a reading under way is dropped)."""
        if self.reading is not None:
            self.reading.discard()
        load = self.load  # the worker is given the loader, never the window
        self.reading = run_task(lambda job: load(job.cancelled), on_done=self._read, on_error=self._failed,
                                owner=self, pool=self.pool)
        self.loading_label.setText(LOADING)
        self.cancel_button.show()
        self.pages.setCurrentWidget(self.loading)
        self.count.setText(LOADING)
        self._enable(False)

    def cancel(self) -> None:
        if self.reading is None:
            return
        self.reading.discard()
        self.reading = None
        self._idle()
        if self.worklist is not None:  # keep showing the list read before
            self._show()
            return
        self.count.setText("Worklist not read.")
        self.loading_label.setText("Reading the worklist was cancelled. Press Refresh (F5) to read it.")
        self.cancel_button.hide()

    def _read(self, worklist: Worklist) -> None:
        # Only the reading under way answers: one dropped meanwhile was discarded.
        self.reading = None
        self.worklist = worklist
        self.today = worklist.today
        self._idle()
        self._set_choices(worklist)
        self._show()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):  # stopped by something other than Cancel: treat alike
            self.cancel()
            return
        log.warning("worklist not read", exc_info=error)
        self.reading = None
        self._idle()
        self.count.setText("Worklist not read.")
        what = str(error) or error.__class__.__name__
        self.loading_label.setText(f"The worklist could not be read: {what}\nPress Refresh (F5) to try again.")
        self.cancel_button.hide()
        self.pages.setCurrentWidget(self.loading)

    def _idle(self) -> None:
        self._enable(True)

    def _enable(self, idle: bool) -> None:
        for widget in (self.refresh_button, self.group_choice, self.discipline_choice, self.site_choice,
                       self.overdue_only, self.urgent_only):
            widget.setEnabled(idle)
        for widget in (self.print_button, self.export_button):
            widget.setEnabled(idle and self.worklist is not None)

    def wait_for_reading(self, timeout_ms: int = -1) -> bool:
        """Wait for the worker (closing the window, tests)."""
        return self.pool.waitForDone(timeout_ms)

    def closeEvent(self, event) -> None:
        if self.reading is not None:
            self.reading.discard()
            self.reading = None
            self._idle()
        super().closeEvent(event)

    # ------------------------------------------------------------------ showing

    def chosen_discipline(self) -> str | None:
        return self.discipline_choice.currentData()

    def chosen_site(self) -> str | None:
        return self.site_choice.currentData()

    def choose(self, discipline: str | None = None, site: str | None = None) -> None:
        """Set both filters (None: all) and show the rows they leave."""
        self.discipline_choice.setCurrentIndex(max(self.discipline_choice.findData(discipline), 0))
        self.site_choice.setCurrentIndex(max(self.site_choice.findData(site), 0))
        self._show()

    def _set_choices(self, worklist: Worklist | None) -> None:
        discipline, site = self.chosen_discipline(), self.chosen_site()
        for box in (self.discipline_choice, self.site_choice):
            box.blockSignals(True)
            box.clear()
        self.discipline_choice.addItem(ALL_DISCIPLINES, None)
        self.site_choice.addItem(ALL_SITES, None)
        if worklist is not None:
            for code in worklist.disciplines:
                self.discipline_choice.addItem(DISCIPLINE.get(code, code), code)
            for name in worklist.sites:
                self.site_choice.addItem(name, name)
        self.discipline_choice.setCurrentIndex(max(self.discipline_choice.findData(discipline), 0))
        self.site_choice.setCurrentIndex(max(self.site_choice.findData(site), 0))
        for box in (self.discipline_choice, self.site_choice):
            box.blockSignals(False)

    def chosen_grouping(self) -> str:
        return self.group_choice.currentData()

    def group_by(self, grouping: str) -> None:
        """Group the prompts by patient, by discipline, or not at all (NO_GROUPING)."""
        self.group_choice.setCurrentIndex(max(self.group_choice.findData(grouping), 0))
        self._show()

    def _show(self) -> None:
        if self.worklist is None:
            return
        shown = self.worklist.filtered(self.chosen_discipline(), self.chosen_site(),
                                       overdue_only=self.overdue_only.isChecked(),
                                       urgent_only=self.urgent_only.isChecked())
        self.model.set_rows(shown.rows, shown.today, self.chosen_grouping())
        header = self.tree.header()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.shown = shown
        self._lay_out_groups()
        self.actions_model.set_actions(shown.actions, shown.today)
        self.actions_table.resizeRowsToContents()
        self.count.setText(count_text(shown))
        self.counts.setText(counts_text(shown))
        actions = f"{len(shown.actions)}, {shown.actions_overdue_count} overdue" if shown.actions else "0"
        self.tabs.setTabText(0, f"Pro&mpts ({len(shown.rows)})")
        self.tabs.setTabText(1, f"&Team actions ({actions})")
        self.setWindowTitle(f"Clinic worklist — {date_text(shown.today)}")
        self.pages.setCurrentWidget(self.tabs)
        if shown.rows:
            self.prompt_pages.setCurrentWidget(self.split)
        else:
            self.empty.setText("Nothing is due or overdue" + where(shown) + ".")
            self.prompt_pages.setCurrentWidget(self.empty)
        self._show_detail(self.tree.currentIndex())

    def _lay_out_groups(self) -> None:
        # A group's title spans the row; the columns naming what the group names are hidden.
        grouping = self.model.group_by
        root = QModelIndex()
        for number in range(len(self.model.groups)):
            self.tree.setFirstColumnSpanned(number, root, True)
        self.tree.setRootIsDecorated(self.model.grouped)
        for column in (WorklistModel.MRN, WorklistModel.PATIENT, WorklistModel.SITE):
            self.tree.setColumnHidden(column, grouping == BY_PATIENT)
        self.tree.setColumnHidden(WorklistModel.OWNER, grouping == BY_DISCIPLINE)
        self.tree.expandAll()

    def _show_detail(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        group = self.model.group_at(index)
        if row is not None:
            self.detail.setPlainText(prompt_text(row, self.model.today))
        elif group is not None:
            self.detail.setPlainText(group_text(group))
        else:
            self.detail.clear()

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self.open_patient.emit(row.patient_id)

    def _open_action(self, index: QModelIndex) -> None:
        action = self.actions_model.action_at(index)
        if action is not None:
            self.open_patient.emit(action.patient_id)

    def shown_rows(self) -> list[WorklistRow]:
        """The prompts in the order the list shows them."""
        return self.model.shown_rows()

    def shown_worklist(self) -> Worklist | None:
        """What is shown, in the order shown: what Print and Export CSV take."""
        if self.shown is None:
            return None
        return replace(self.shown, rows=self.shown_rows())

    # ------------------------------------------------------------------ print and export

    def print_worklist(self) -> None:
        shown = self.shown_worklist()
        if shown is None or self.is_loading:
            return
        if worklist_output.print_worklist(self, shown, self._printed_grouping()):
            self._record("print", shown, "printed", None)

    def print_to(self, printer) -> int:
        """Print what is shown on `printer`, without asking which (a PDF file in the tests)."""
        shown = self.shown_worklist()
        pages = 0 if shown is None else worklist_output.print_to(self, shown, self._printed_grouping(), printer)
        if pages:
            self._record("print", shown, "printed", None)
        return pages

    def _record(self, event: str, shown: Worklist, done: str, file_name: str | None) -> None:
        """The audit event of the list leaving the program, by the main window's signed-in person."""
        from .audit_events import record_event

        window = self.parentWidget()
        if getattr(window, "author", None) is not None:
            self.recorded = record_event(self, window.database, window.author, event, file_name=file_name,
                                         detail=f"worklist {done}: {len(shown.rows)} prompts for "
                                                f"{shown.patient_count} patients")

    def _printed_grouping(self) -> str:
        # On paper a list is always grouped: without a choice, by patient.
        grouping = self.chosen_grouping()
        return BY_PATIENT if grouping == NO_GROUPING else grouping

    def export_csv(self) -> None:
        """Export CSV…: ask for the file's name, then write what is shown."""
        shown = self.shown_worklist()
        if shown is None or self.is_loading:
            return
        from .pdf_preview import documents_folder

        path = worklist_output.ask_csv_path(self, self.folder or documents_folder(), shown)
        if path is not None:
            self.save_csv(path)

    def save_csv(self, path: Path) -> bool:
        """Write what is shown to `path` as CSV (asking before replacing a file)."""
        shown = self.shown_worklist()
        if shown is None:
            return False
        saved = worklist_output.save_csv(self, shown, path)
        if saved:
            self.folder = path.parent
            self.count.setText(f"{count_text(shown)} Saved as {path}.")
            self._record("export", shown, "exported as CSV", path.name)
        return saved


def open_worklist(window) -> WorklistView:
    """Show the clinic worklist beside the main window (one per main window), reading it anew.

    The worker reads the main window's database at the time, with a session of its own."""
    view = window.findChild(WorklistView)
    if view is None:
        def load(cancelled: Callable[[], bool]) -> Worklist:
            from als_desktop.services.operations import read
            from als_desktop.services.worklist import worklist

            return read(window.database, worklist, window.today or date.today(), cancelled=cancelled)

        view = WorklistView(load, window.today or date.today(), window)
        view.open_patient.connect(lambda patient_id: _open_patient(window, patient_id))
    else:
        view.refresh()
    view.show()
    view.raise_()
    view.activateWindow()
    return view


def _open_patient(window, patient_id: uuid.UUID) -> None:
    # The main window shows the patient on the latest visit and comes forward.
    window.show_patient_visit(patient_id)


__all__ = ["WorklistModel", "WorklistView", "count_text", "open_worklist"]
