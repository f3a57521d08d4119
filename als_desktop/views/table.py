"""A read-only table of dataclass rows, column by column, with voided rows marked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex


def date_text(value: date | None) -> str:
    return f"{value:%d %b %Y}" if value else "—"


def datetime_text(value: datetime | None) -> str:
    # Stored in UTC, shown in the workstation's local time.
    return f"{value.astimezone():%d %b %Y %H:%M}" if value else "—"


def number_text(value: float | None, unit: str = "", decimals: int = 1) -> str:
    if value is None:
        return "—"
    shown = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return f"{shown} {unit}".strip()


def yes_no(value: bool | None) -> str:
    return "—" if value is None else ("Yes" if value else "No")


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[object], str]
    align_right: bool = False


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[object] = []

    def set_rows(self, rows: Sequence[object]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        voided = bool(getattr(row, "voided", False))
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if voided and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#8a8a8a"))
        if voided and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(index.column() != len(self.columns) - 1)
            return font
        return None

    def row_at(self, number: int) -> object | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None


class RecordTable(QTableView):
    """A table as tall as its rows (between `min_rows` and `max_rows`), so short histories
    do not leave a blank box and long ones scroll inside the table."""

    def __init__(self, parent: QWidget | None = None, min_rows: int = 2, max_rows: int = 12) -> None:
        super().__init__(parent)
        self.min_rows = min_rows
        self.max_rows = max_rows
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def setModel(self, model) -> None:  # noqa: ANN001, N802 (Qt name)
        super().setModel(model)
        model.modelReset.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        rows = self.model().rowCount() if self.model() else 0
        shown = max(self.min_rows, min(rows, self.max_rows))
        height = (self.horizontalHeader().sizeHint().height() + shown * self.verticalHeader().defaultSectionSize()
                  + 2 * self.frameWidth())
        if self.horizontalScrollBar().isVisible() or self.horizontalHeader().length() > self.viewport().width():
            height += self.horizontalScrollBar().sizeHint().height()
        # Width is left to the layout: a wide table scrolls sideways inside itself.
        return QSize(min(hint.width(), 400), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def selected_row(self) -> object | None:
        """The row object under the current index, or None."""
        index = self.selectionModel().currentIndex()
        return self.model().row_at(index.row()) if index.isValid() else None

    def selected_editable(self) -> bool:
        """A row is selected and it is not voided: it may be corrected or voided."""
        row = self.selected_row()
        return row is not None and not row.voided


def record_table(model: RecordTableModel, name: str, parent: QWidget | None = None,
                 min_rows: int = 2, max_rows: int = 12) -> RecordTable:
    table = RecordTable(parent, min_rows, max_rows)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table
