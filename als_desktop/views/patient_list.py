"""The patient list: search as you type by name or MRN, sortable columns."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from als_desktop.services.queries import PatientListRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def _date_text(value: date | None) -> str:
    return f"{value:%d %b %Y}" if value else "—"


class PatientTableModel(QAbstractTableModel):
    """Rows as ready-made texts and sort keys: with thousands of patients, `data()` is called
    for every visible cell on every repaint and for every row when sorting, so it only indexes."""

    COLUMNS = ("MRN", "Name", "Date of birth", "Last visit")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PatientListRow] = []
        self.texts: list[tuple[str, str, str, str]] = []
        self.keys: list[tuple[str, str, str, str]] = []

    def set_rows(self, rows: list[PatientListRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.texts = [self._texts(row) for row in self.rows]
        self.keys = [self._keys(row) for row in self.rows]
        self.endResetModel()

    def update_row(self, row: PatientListRow) -> bool:
        """Show one patient's row as given (the others are left as they are); False when the
        patient is not in the list."""
        number = self.row_of(row.id)
        if number is None:
            return False
        self.rows[number] = row
        self.texts[number] = self._texts(row)
        self.keys[number] = self._keys(row)
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.COLUMNS) - 1))
        return True

    @staticmethod
    def _texts(row: PatientListRow) -> tuple[str, str, str, str]:
        return (row.mrn, row.display_name + ("  †" if row.deceased else ""),
                _date_text(row.date_of_birth), _date_text(row.last_visit))

    @staticmethod
    def _keys(row: PatientListRow) -> tuple[str, str, str, str]:
        return (row.mrn.casefold(), f"{row.family_name.casefold()}\t{row.given_name.casefold()}",
                row.date_of_birth.isoformat(), row.last_visit.isoformat() if row.last_visit else "")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts[index.row()][index.column()]
        if role == SORT_ROLE:
            return self.keys[index.row()][index.column()]
        if role == ID_ROLE:
            return self.rows[index.row()].id
        if role == Qt.ItemDataRole.ToolTipRole and self.rows[index.row()].deceased:
            return "Deceased"
        return None

    def row_of(self, patient_id: uuid.UUID) -> int | None:
        return next((n for n, row in enumerate(self.rows) if row.id == patient_id), None)


class PatientFilter(QSortFilterProxyModel):
    """Keeps rows whose name or MRN contains every word typed (any order, any case)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.words = text.casefold().split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.words = text.casefold().split()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.words:
            return True
        row = self.sourceModel().rows[source_row]
        haystack = f"{row.mrn} {row.given_name} {row.family_name}".casefold()
        return all(word in haystack for word in self.words)


class PatientListPanel(QWidget):
    """Search box over the table; emits the id of the patient chosen (None when none)."""

    patient_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search by name or MRN  (Ctrl+F)")
        self.search.setAccessibleName("Search patients by name or MRN")
        self.search.setClearButtonEnabled(True)
        self.model = PatientTableModel(self)
        self.proxy = PatientFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setAccessibleName("Patients")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the list (rows are chosen with the arrows), instead of walking its cells.
        self.table.setTabKeyNavigation(False)
        # Rows arrive sorted by name from the database, so the list starts unsorted by the proxy
        # (sorting thousands of rows through Python costs start-up time) and sorts on a click.
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.proxy.sort)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Widths from the font, not from the contents: measuring thousands of rows slows start-up.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        cells, titles = self.table.fontMetrics(), header.fontMetrics()
        for column, sample in ((0, "DEMO-00000"), (2, "30 Sep 2026"), (3, "30 Sep 2026")):
            title = PatientTableModel.COLUMNS[column]
            width = max(cells.horizontalAdvance(sample), titles.horizontalAdvance(title) + 20)
            header.resizeSection(column, width + 16)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.search.textChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.setTabOrder(self.search, self.table)

    def set_rows(self, rows: list[PatientListRow], keep: uuid.UUID | None = None) -> None:
        self.model.set_rows(rows)
        self.update_count()
        if keep is None or not self.select(keep):
            self.patient_selected.emit(None)

    def update_rows(self, rows: list[PatientListRow]) -> None:
        """Show these patients' rows as given, without reading the others again."""
        for row in rows:
            self.model.update_row(row)

    def select(self, patient_id: uuid.UUID) -> bool:
        row = self.model.row_of(patient_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the search: clear it so the patient shows
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        selection = self.table.selectionModel()
        already_current = selection.currentIndex().row() == index.row()
        selection.setCurrentIndex(
            index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        if already_current:  # no change signal from Qt, but the caller expects a refresh
            self.patient_selected.emit(patient_id)
        return True

    def step(self, offset: int) -> bool:
        """Select the patient `offset` rows below (above, when negative) the current one, as
        the list is sorted and filtered; False at either end of the list."""
        rows = self.proxy.rowCount()
        if rows == 0:
            return False
        current = self.table.selectionModel().currentIndex()
        if not current.isValid():
            target = 0 if offset > 0 else rows - 1
        else:
            target = current.row() + offset
            if not 0 <= target < rows:
                return False
        index = self.proxy.index(target, 0)
        selection = self.table.selectionModel()
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def visible_mrns(self) -> list[str]:
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def _filter(self, text: str) -> None:
        self.proxy.set_search(text)
        self.update_count()
        if self.proxy.rowCount() == 1:
            # One match: show that patient straight away (the common "type the MRN" case).
            self.table.selectRow(0)

    def update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "patient" if total == 1 else "patients"
        self.count_label.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun} shown")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.patient_selected.emit(current.data(ID_ROLE) if current.isValid() else None)
