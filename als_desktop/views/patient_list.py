"""The patient list: search as you type by name or MRN, sortable columns."""

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
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
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
    """Keeps rows whose name or MRN contains every word typed (any order, any case), and the
    deceased only when asked: the clinic works with the living."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.show_deceased = False
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search(self, text: str) -> None:
        self._change(lambda: setattr(self, "words", text.casefold().split()))

    def set_show_deceased(self, show: bool) -> None:
        self._change(lambda: setattr(self, "show_deceased", show))

    def _change(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def matches(self, row: PatientListRow) -> bool:
        """True when the row's name or MRN holds every word searched for."""
        if not self.words:
            return True
        haystack = f"{row.mrn} {row.given_name} {row.family_name}".casefold()
        return all(word in haystack for word in self.words)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        row = self.sourceModel().rows[source_row]
        return (self.show_deceased or not row.deceased) and self.matches(row)

    def deceased_hidden(self) -> int:
        """How many deceased patients match the search but are hidden (0 when shown)."""
        if self.show_deceased:
            return 0
        return sum(1 for row in self.sourceModel().rows if row.deceased and self.matches(row))


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
        self.count_label.setWordWrap(True)
        self.show_deceased = QCheckBox("Show deceased", self)
        self.show_deceased.setAccessibleName("Show deceased patients")
        self.show_deceased.setToolTip("List the patients who have died as well (marked †)")
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.show_deceased)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.show_deceased.toggled.connect(self._show_deceased_toggled)
        # The patient last chosen in the list; `quiet` while the list moves without a choice.
        self.chosen: uuid.UUID | None = None
        self.quiet = False
        self.offered: uuid.UUID | None = None  # the one match of the search, once chosen for it
        self.search.textChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.setTabOrder(self.search, self.show_deceased)
        self.setTabOrder(self.show_deceased, self.table)

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
        if not index.isValid() and self.model.rows[row].deceased:  # hidden as deceased: list them
            self.show_deceased.setChecked(True)
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
        # Narrowing the list is not choosing: the patient on screen stays (with any input typed
        # for them) while hidden by the search, and is selected again when the search shows them.
        self.quiet = True
        try:
            self.proxy.set_search(text)
            # Qt moves the current row to a neighbour when it is filtered out: not a choice.
            if self.current_id() != self.chosen:
                self._select_quietly(self.chosen)
        finally:
            self.quiet = False
        self.update_count()
        match = self.proxy.index(0, 0).data(ID_ROLE) if self.proxy.rowCount() == 1 else None
        if match is not None and match not in (self.current_id(), self.offered):
            # One match: show that patient straight away (the common "type the MRN" case), once:
            # turned down (unsaved input kept), the next letter typed does not offer them again.
            self.offered = match
            self.table.selectRow(0)
        elif match is None:
            self.offered = None

    def update_count(self) -> None:
        self.count_label.setText(self.count_text())

    def count_text(self) -> str:
        """How many patients are listed, and any deceased left out: a search for a patient who
        has died must not look like a patient who is not in the record."""
        shown = self.proxy.rowCount()
        deceased = sum(row.deceased for row in self.model.rows)
        listable = self.model.rowCount() - (0 if self.proxy.show_deceased else deceased)
        noun = "patient" if listable == 1 else "patients"
        if not self.proxy.words:
            hidden = f" ({deceased} deceased hidden)" if deceased and not self.proxy.show_deceased else ""
            return f"{listable} {noun}{hidden}"
        text = f"{shown} of {listable} {noun} shown"
        hidden = self.proxy.deceased_hidden()
        if hidden:
            matches = f"{hidden} deceased {'match' if hidden == 1 else 'matches'} hidden — tick Show deceased"
            text = matches if shown == 0 else f"{text}; {matches}"
        return text

    def _show_deceased_toggled(self, show: bool) -> None:
        # Showing or hiding the deceased is not choosing a patient: the one on screen stays,
        # selected again when listed (as while searching).
        self.quiet = True
        try:
            self.proxy.set_show_deceased(show)
            if self.current_id() != self.chosen:
                self._select_quietly(self.chosen)
        finally:
            self.quiet = False
        self.update_count()
        only = self.proxy.index(0, 0).data(ID_ROLE) if self.proxy.rowCount() == 1 else None
        if show and self.proxy.words and only is not None and self.current_id() != only:
            # The one match is a deceased patient searched for by MRN or name: show them.
            self.table.selectRow(0)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.quiet:
            return
        self.chosen = current.data(ID_ROLE) if current.isValid() else None
        self.patient_selected.emit(self.chosen)

    def current_id(self) -> uuid.UUID | None:
        current = self.table.selectionModel().currentIndex()
        return current.data(ID_ROLE) if current.isValid() else None

    def show_current(self, patient_id: uuid.UUID | None) -> None:
        """Select `patient_id` (the patient on screen) again without announcing a choice, and
        without clearing the search: when the search hides them, no row is selected."""
        self.chosen = patient_id
        self.quiet = True
        try:
            self._select_quietly(patient_id)
        finally:
            self.quiet = False

    def _select_quietly(self, patient_id: uuid.UUID | None) -> None:
        selection = self.table.selectionModel()
        row = self.model.row_of(patient_id) if patient_id is not None else None
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else QModelIndex()
        if index.isValid():
            selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows)
            self.table.scrollTo(index)
        else:
            selection.clear()
