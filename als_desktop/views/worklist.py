"""The clinic worklist window: what is due or overdue for every patient, most urgent first.

Reading a large clinic takes seconds, so the list is read by the task runner on a worker
thread, with a session of its own, while the window shows "Loading worklist…" and a Cancel
button; the rows come back on the GUI thread. The discipline and site filters then work on the
rows already read. A double-click (or Enter) opens the patient in the main window.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from als_desktop.domain.vocab import DISCIPLINE
from als_desktop.services.worklist import Cancelled, Worklist, WorklistRow, urgency

from .prompts_panel import SEVERITY_STYLE  # the same words and colours as the prompts
from .table import date_text
from .tasks import Task, run_task
from .widgets import plain_tooltip
from .window_keys import close_keys

log = logging.getLogger(__name__)

ALL_DISCIPLINES = "All disciplines"
ALL_SITES = "All sites"
LOADING = "Loading worklist…"
OVERDUE_COLOUR = "#b3261e"

Index = QModelIndex | QPersistentModelIndex
Load = Callable[[Callable[[], bool]], Worklist]  # given "is it cancelled?", reads the worklist


class WorklistModel(QAbstractTableModel):
    COLUMNS = ("Severity", "Due", "MRN", "Patient", "Owner", "Prompt", "Site")
    SEVERITY, DUE, MRN, PATIENT, OWNER, PROMPT, SITE = range(7)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.rows: list[WorklistRow] = []

    def set_rows(self, rows: list[WorklistRow], today: date) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.today = today
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if section == self.SITE:
                return "Site of the patient's latest visit"
            if section == self.OWNER:
                return "The discipline that owns the prompt"
        return None

    def due_text(self, row: WorklistRow) -> str:
        if row.due_on is None:
            return "now"
        if row.overdue:
            return f"{date_text(row.due_on)}, overdue"
        return date_text(row.due_on)

    def overdue_days(self, row: WorklistRow) -> int:
        return (self.today - row.due_on).days if row.overdue and row.due_on else 0

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                SEVERITY_STYLE[row.severity][0], self.due_text(row), row.mrn, row.display_name,
                row.discipline_label, row.message, row.site or "—",
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.SEVERITY:
                return QBrush(QColor(SEVERITY_STYLE[row.severity][1]))
            if column == self.DUE and row.overdue:
                return QBrush(QColor(OVERDUE_COLOUR))
        if role == Qt.ItemDataRole.FontRole and (column == self.SEVERITY or (column == self.DUE and row.overdue)):
            font = QFont()
            font.setBold(True)
            return font
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.PROMPT:
                text = f"{row.message}\nSource: {row.source}"  # a team action is typed text
                return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
            if column == self.DUE:
                if row.overdue:
                    days = self.overdue_days(row)
                    return f"Overdue by {days} day{'s' if days != 1 else ''} (due {date_text(row.due_on)})"
                return "Due now" if row.due_on is None else f"Due {date_text(row.due_on)}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Sorted here with one key per row: a sort proxy asks data() for every comparison,
        # seconds on a large clinic's tens of thousands of rows. Ties keep urgency order.
        key = {
            self.SEVERITY: urgency,
            self.DUE: lambda row: (row.due_on or date.max, urgency(row)),
            self.MRN: lambda row: (row.mrn, urgency(row)),
            self.PATIENT: lambda row: (row.family_name.casefold(), row.given_name.casefold(), row.mrn, urgency(row)),
            self.OWNER: lambda row: (row.discipline_label, urgency(row)),
            self.PROMPT: lambda row: (row.message.casefold(), urgency(row)),
            self.SITE: lambda row: (row.site or "", urgency(row)),
        }.get(column, urgency)
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def row_at(self, number: int) -> WorklistRow | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None


class WorklistView(QWidget):
    """A window of its own; `open_patient` asks the main window to show a patient."""

    open_patient = Signal(object)  # patient id

    def __init__(self, load: Load, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.load = load
        self.today = today
        self.worklist: Worklist | None = None
        self.reading: Task | None = None
        # One thread: a reading dropped for a newer one finishes before the newer one starts.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.setWindowTitle("Clinic worklist")
        self.resize(1200, 650)

        self.discipline_choice = QComboBox(self)
        self.discipline_choice.setAccessibleName("Owner discipline")
        self.discipline_choice.setMinimumWidth(220)
        discipline_label = QLabel("&Discipline:", self)
        discipline_label.setBuddy(self.discipline_choice)
        self.site_choice = QComboBox(self)
        self.site_choice.setAccessibleName("Site")
        self.site_choice.setMinimumWidth(200)
        site_label = QLabel("&Site:", self)
        site_label.setBuddy(self.site_choice)
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setAccessibleName("Read the worklist again")
        self.refresh_button.setToolTip("Read the worklist again from the record (F5)")
        controls = QHBoxLayout()
        for widget in (discipline_label, self.discipline_choice, site_label, self.site_choice):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.refresh_button)

        self.count = QLabel(self)
        self.count.setObjectName("patientName")
        self.count.setAccessibleName("What is on the worklist")

        self.model = WorklistModel(today, self)
        self.table = QTableView(self)
        self.table.setAccessibleName("Prompts due or overdue")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(WorklistModel.SEVERITY, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WorklistModel.PROMPT, QHeaderView.ResizeMode.Stretch)
        for column, sample in ((WorklistModel.SEVERITY, "URGENT  "), (WorklistModel.DUE, "31 Dec 2025, overdue"),
                               (WorklistModel.MRN, "MRN-000000"), (WorklistModel.PATIENT, "FAMILYNAME, Given name"),
                               (WorklistModel.OWNER, "Speech-language pathology"), (WorklistModel.SITE, "Northtown outreach")):
            header.resizeSection(column, self.table.fontMetrics().horizontalAdvance(sample) + 24)
        self.empty = QLabel(self)
        self.empty.setObjectName("muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

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
        for page in (self.loading, self.table, self.empty):
            self.pages.addWidget(page)
        hint = QLabel("Double-click a row (or press Enter) to open the patient in the main window. "
                      "Hover over a prompt for its source.", self)
        hint.setObjectName("muted")

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.count)
        layout.addWidget(self.pages, 1)
        layout.addWidget(hint)

        self.discipline_choice.activated.connect(lambda _index: self._show())
        self.site_choice.activated.connect(lambda _index: self._show())
        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button.clicked.connect(self.cancel)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        close_keys(self)  # Ctrl+W closes this window
        self.table.doubleClicked.connect(self._open)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table, lambda: self._open(self.table.currentIndex()))
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._set_choices(None)
        self.refresh()

    # ------------------------------------------------------------------ reading

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
        self.refresh_button.setEnabled(False)
        self.discipline_choice.setEnabled(False)
        self.site_choice.setEnabled(False)

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
        self.refresh_button.setEnabled(True)
        self.discipline_choice.setEnabled(True)
        self.site_choice.setEnabled(True)

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

    def _show(self) -> None:
        if self.worklist is None:
            return
        shown = self.worklist.filtered(self.chosen_discipline(), self.chosen_site())
        self.model.set_rows(shown.rows, shown.today)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count.setText(count_text(shown))
        self.setWindowTitle(f"Clinic worklist — {date_text(shown.today)}")
        if shown.rows:
            self.pages.setCurrentWidget(self.table)
        else:
            self.empty.setText("Nothing is due or overdue" + _where(shown) + ".")
            self.pages.setCurrentWidget(self.empty)

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_patient.emit(row.patient_id)

    def shown_rows(self) -> list[WorklistRow]:
        """The rows in the order the table shows them."""
        return list(self.model.rows)


def _where(worklist: Worklist) -> str:
    parts = []
    if worklist.discipline:
        parts.append(f"for {DISCIPLINE.get(worklist.discipline, worklist.discipline)}")
    if worklist.site:
        parts.append(f"at {worklist.site}")
    return (" " + " ".join(parts)) if parts else ""


def count_text(worklist: Worklist) -> str:
    prompts = len(worklist.rows)
    if not prompts:
        return f"Nothing due{_where(worklist)} on {date_text(worklist.today)}."
    noun = "prompt" if prompts == 1 else "prompts"
    patients = worklist.patient_count
    people = "patient" if patients == 1 else "patients"
    return (f"{prompts} {noun} for {patients} {people}{_where(worklist)}, "
            f"{worklist.overdue_count} overdue (on {date_text(worklist.today)}).")


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
