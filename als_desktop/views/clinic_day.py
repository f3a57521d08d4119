"""The clinic day: the visits on one date and, per patient, which disciplines have recorded.

The coordinator keeps this window beside the main one while the clinic runs: it refreshes
when anything is saved, sorts by any column, and a double-click (or Enter) opens the patient
on that visit in the main window.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
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
    QTableView,
    QVBoxLayout,
    QWidget,
)

from als_desktop.services.clinic_day import DISCIPLINES, ClinicDay, ClinicDayRow

from .date_field import DateField, day_or
from .table import date_text
from .window_keys import close_keys

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ALL_SITES = "All sites"
TICK = "✓"
NOT_YET = "—"
RECORDED_COLOUR = "#1b7a3a"
NOT_YET_COLOUR = "#8a8a8a"

Index = QModelIndex | QPersistentModelIndex


class ClinicDayModel(QAbstractTableModel):
    COLUMNS = ("MRN", "Patient", "Site", *(d.label for d in DISCIPLINES), "Outstanding")
    FIRST_DISCIPLINE = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ClinicDayRow] = []

    def set_rows(self, rows: list[ClinicDayRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            offset = section - self.FIRST_DISCIPLINE
            if 0 <= offset < len(DISCIPLINES):
                return f"{DISCIPLINES[offset].label}: ticked when a {DISCIPLINES[offset].what} is on the visit"
        return None

    def _discipline(self, column: int):  # noqa: ANN202
        offset = column - self.FIRST_DISCIPLINE
        return DISCIPLINES[offset] if 0 <= offset < len(DISCIPLINES) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        discipline = self._discipline(column)
        outstanding_column = column == len(self.COLUMNS) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.mrn
            if column == 1:
                return row.display_name
            if column == 2:
                return row.site
            if discipline is not None:
                return TICK if discipline.code in row.recorded else NOT_YET
            return str(len(row.outstanding)) if row.outstanding else "none"
        if role == SORT_ROLE:
            if column == 1:
                return f"{row.family_name.casefold()}\t{row.given_name.casefold()}"
            if discipline is not None:
                return int(discipline.code in row.recorded)
            if outstanding_column:
                return len(row.outstanding)
            return self.data(index).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and discipline is not None:
            return QBrush(QColor(RECORDED_COLOUR if discipline.code in row.recorded else NOT_YET_COLOUR))
        if role == Qt.ItemDataRole.FontRole and discipline is not None and discipline.code in row.recorded:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and (discipline is not None or outstanding_column):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if discipline is not None:
                done = discipline.code in row.recorded
                return f"{discipline.label}: {'recorded' if done else 'not yet recorded'}"
            if outstanding_column:
                labels = [d.label for d in DISCIPLINES if d.code in row.outstanding]
                return f"Not yet recorded: {', '.join(labels)}" if labels else "Every discipline has recorded"
        return None

    def row_at(self, number: int) -> ClinicDayRow | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None


class ClinicDayView(QWidget):
    """A window of its own; `open_visit` asks the main window to show a patient's visit."""

    open_visit = Signal(object, object)  # patient id, visit id

    def __init__(self, load: Callable[[date, str | None], ClinicDay], today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.load = load
        self.today = today
        self.day: ClinicDay | None = None
        self.setWindowTitle("Clinic day")
        self.resize(1000, 600)

        # Typed like every date of the program (12 Mar 2026, 2026-03-12, 12032026).
        self.date_edit = DateField("Clinic date", self)
        self.date_edit.set_value(today)
        self.last_day = today
        date_label = QLabel("&Date:", self)
        date_label.setBuddy(self.date_edit)
        self.today_button = QPushButton("&Today", self)
        self.today_button.setAccessibleName("Show today's clinic")
        self.site_choice = QComboBox(self)
        self.site_choice.setAccessibleName("Site")
        self.site_choice.setMinimumWidth(220)
        self.site_choice.addItem(ALL_SITES, None)
        site_label = QLabel("&Site:", self)
        site_label.setBuddy(self.site_choice)
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setAccessibleName("Refresh the clinic day")
        self.refresh_button.setToolTip("Show what has been recorded since (F5)")
        controls = QHBoxLayout()
        for widget in (date_label, self.date_edit, self.today_button, site_label, self.site_choice):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.refresh_button)

        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the site is typed text
        self.title.setObjectName("patientName")
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What is outstanding")

        self.model = ClinicDayModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setAccessibleName("Visits of the clinic day")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setObjectName("muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel("Double-click a patient (or press Enter) to open that visit in the main window.", self)
        hint.setObjectName("muted")

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(hint)

        self.date_edit.dateChanged.connect(lambda _day: self.refresh())
        self.site_choice.activated.connect(lambda _index: self.refresh())
        self.today_button.clicked.connect(lambda: self.set_day(self.today))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        close_keys(self)  # Ctrl+W closes this window
        self.table.doubleClicked.connect(self._open)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table, lambda: self._open(self.table.currentIndex()))
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.setTabOrder(self.date_edit, self.today_button)
        self.setTabOrder(self.today_button, self.site_choice)
        self.setTabOrder(self.site_choice, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.table)
        self.refresh()

    def chosen_day(self) -> date:
        """The date in the field; while it holds no whole date, the last one it held."""
        self.last_day = day_or(self.date_edit, self.last_day)
        return self.last_day

    def chosen_site(self) -> str | None:
        return self.site_choice.currentData()

    def set_day(self, day: date, site: str | None = None) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.set_value(day)
        self.last_day = day
        self.date_edit.blockSignals(False)
        if site is not None:
            self._set_sites([site], site)
        self.refresh()

    def refresh(self) -> None:
        """Load the chosen date and site again (after anything is saved, or on F5)."""
        site = self.chosen_site()
        day = self.load(self.chosen_day(), site)
        if site is not None and site not in day.sites:  # nobody at that site this day
            day = self.load(day.day, None)
        self.day = day
        self._set_sites(day.sites, day.site)
        self.model.set_rows(day.rows)
        self.proxy.sort(self.table.horizontalHeader().sortIndicatorSection(),
                        self.table.horizontalHeader().sortIndicatorOrder())
        when = "Today" if day.day == self.today else f"{day.day:%A}"
        self.title.setText(f"{when}, {date_text(day.day)}" + (f" — {day.site}" if day.site else ""))
        self.setWindowTitle(f"Clinic day — {date_text(day.day)}")
        self.table.setVisible(bool(day.rows))
        self.empty.setVisible(not day.rows)
        self.empty.setText(f"No visits on {date_text(day.day)}{f' at {day.site}' if day.site else ''}.")
        self.summary.setText(summary_text(day))

    def _set_sites(self, sites: list[str], chosen: str | None) -> None:
        self.site_choice.blockSignals(True)
        self.site_choice.clear()
        self.site_choice.addItem(ALL_SITES, None)
        for site in sites:
            self.site_choice.addItem(site, site)
        self.site_choice.setCurrentIndex(max(self.site_choice.findData(chosen), 0) if chosen else 0)
        self.site_choice.blockSignals(False)

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        if row is not None:
            self.open_visit.emit(row.patient_id, row.visit_id)

    def select_visit(self, visit_id: uuid.UUID) -> bool:
        for number, row in enumerate(self.model.rows):
            if row.visit_id == visit_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(number, 0)).row())
                return True
        return False


def summary_text(day: ClinicDay) -> str:
    visits = len(day.rows)
    if not visits:
        return ""
    noun = "visit" if visits == 1 else "visits"
    if day.outstanding_total == 0:
        return f"{visits} {noun}: every discipline has recorded on every visit."
    waiting = ", ".join(
        f"{d.label} {count}" for d in DISCIPLINES if (count := day.outstanding_by_discipline()[d.code])
    )
    complete = sum(not row.outstanding for row in day.rows)
    records = "discipline record" if day.outstanding_total == 1 else "discipline records"
    return f"{visits} {noun}, {complete} complete. Outstanding: {day.outstanding_total} {records} ({waiting})."


__all__ = ["ClinicDayModel", "ClinicDayView", "summary_text"]
