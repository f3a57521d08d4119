"""A read-only table of dataclass rows, column by column, with voided rows marked.

Any record table can offer "History…" for its selected row (`history_button`, which also puts
"History…" in the table's context menu, or `offer_history` for the menu alone): the rows are
the services' dataclasses, and every one that carries the stored row's `id` has a history.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QSizePolicy, QTableView, QWidget

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


# ---------------------------------------------------------------------- history of a row


def row_id_of(row: object | None) -> uuid.UUID | None:
    """The stored row's id a table row carries, if it carries one."""
    row_id = getattr(row, "id", None)
    return row_id if isinstance(row_id, uuid.UUID) else None


def selected_row_id(table: QTableView) -> uuid.UUID | None:
    model = table.model()
    index = table.selectionModel().currentIndex() if table.selectionModel() is not None else QModelIndex()
    if not index.isValid() or not isinstance(model, RecordTableModel):
        return None
    return row_id_of(model.row_at(index.row()))


def open_selected_history(table: QTableView, host: Any) -> QWidget | None:
    """Open the history of the table's selected row (None when no row with an id is selected)."""
    row_id = selected_row_id(table)
    if row_id is None:
        return None
    # Imported when first asked for: the dialog pulls in the history queries.
    from .history_dialog import open_history

    return open_history(host, row_id=row_id, parent=table.window())


def _follow_selection(table: QTableView, enable: Callable[[bool], None]) -> None:
    def update() -> None:
        enable(selected_row_id(table) is not None)

    table.selectionModel().selectionChanged.connect(lambda *_: update())
    table.model().modelReset.connect(update)
    update()


def offer_history(table: QTableView, host: Any) -> QAction:
    """"History…" in the table's context menu, for the selected row (a right-click selects it).

    `host` is the window or a tab's host: it has `database`, `author`, `open_dialog` and
    `record_changed`."""
    action = QAction("History…", table)
    action.setToolTip("Every version of this entry: who changed what, when and why.")
    action.triggered.connect(lambda _checked=False: open_selected_history(table, host))
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    table.addAction(action)
    _follow_selection(table, action.setEnabled)
    return action


def history_button(table: QTableView, host: Any, parent: QWidget | None = None, noun: str = "entry") -> QPushButton:
    """A "History…" button for the table's selected row, enabled while one is selected; the table's
    context menu gets "History…" too. Put the button beside the table's other buttons."""
    button = QPushButton("History…", parent if parent is not None else table.parentWidget())
    button.setAccessibleName(f"History of the selected {noun}")
    button.setToolTip(f"Every version of the selected {noun}: who changed what, when and why.")
    button.clicked.connect(lambda _checked=False: open_selected_history(table, host))
    offer_history(table, host)
    _follow_selection(table, button.setEnabled)
    return button
