"""A read-only table of dataclass rows, column by column, with voided rows marked.

Any record table can offer "History…" for its selected row (`history_button`, which also puts
"History…" in the table's context menu, or `offer_history` for the menu alone): the rows are
the services' dataclasses, and every one that carries the stored row's `id` has a history.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableView,
    QWidget,
)

from als_desktop.domain import numbers

Index = QModelIndex | QPersistentModelIndex


def date_text(value: date | None) -> str:
    return f"{value:%d %b %Y}" if value else "—"


def datetime_text(value: datetime | None) -> str:
    # Stored in UTC, shown in the workstation's local time.
    return f"{value.astimezone():%d %b %Y %H:%M}" if value else "—"


def number_text(value: float | None, unit: str = "", decimals: int = 1) -> str:
    """The value with its unit, as `domain.numbers` shows it everywhere (kg and % to one decimal)."""
    return numbers.number(value, unit, decimals)


def yes_no(value: bool | None) -> str:
    return "—" if value is None else ("Yes" if value else "No")


# A free-text column is not widened past this: its cells end in "…" and show the whole text
# as a tooltip, so the dates and numbers beside it stay on screen.
TEXT_COLUMN_WIDTH = 240
# Space a header needs beyond its text (the style's margins plus room for the frame).
HEADER_PADDING = 10
LONG_CELL = 24  # characters: a longer cell also shows its text as a tooltip


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[object], str]
    align_right: bool = False
    tip: str = ""  # the full name, where the title is shortened (a tooltip on the header)


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

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].tip or self.columns[section].title
        return None

    def explain(self, tips: dict[str, str]) -> None:
        """Give shortened column titles their full name as a tooltip ({title: full name})."""
        self.columns = [replace(column, tip=tips.get(column.title, column.tip)) for column in self.columns]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        voided = bool(getattr(row, "voided", False))
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and not column.align_right:
            text = column.text(row)
            return text if len(text) > LONG_CELL else None
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

    def setModel(self, model) -> None:
        super().setModel(model)
        model.modelReset.connect(self.fit_columns)
        model.modelReset.connect(self.updateGeometry)

    def set_max_rows(self, rows: int) -> None:
        """Show at most `rows` rows before the table scrolls inside itself."""
        self.max_rows = rows
        self.updateGeometry()

    def header_width(self, column: int) -> int:
        """The width the column's title needs to be read whole."""
        header = self.horizontalHeader()
        title = str(self.model().headerData(column, Qt.Orientation.Horizontal) or "")
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        return header.fontMetrics().horizontalAdvance(title) + 2 * margin + HEADER_PADDING

    def fit_columns(self) -> None:
        """Each column as wide as its title and its widest cell, free text no wider than
        TEXT_COLUMN_WIDTH: titles are never cut, and long notes do not push the numbers off."""
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        for column in range(model.columnCount()):
            right = isinstance(model, RecordTableModel) and model.columns[column].align_right
            content = self.sizeHintForColumn(column)
            if not right:
                content = min(content, TEXT_COLUMN_WIDTH)
            header.resizeSection(column, max(self.header_width(column), content))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        rows = self.model().rowCount() if self.model() else 0
        shown = max(self.min_rows, min(rows, self.max_rows))
        height = (self.horizontalHeader().sizeHint().height() + shown * self.verticalHeader().defaultSectionSize()
                  + 2 * self.frameWidth())
        if self.horizontalScrollBar().isVisible() or self.horizontalHeader().length() > self.viewport().width():
            height += self.horizontalScrollBar().sizeHint().height()
        # Width is left to the layout: a wide table scrolls sideways inside itself.
        return QSize(min(hint.width(), 400), height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def selected_row(self) -> object | None:
        """The row object under the current index, or None."""
        index = self.selectionModel().currentIndex()
        return self.model().row_at(index.row()) if index.isValid() else None

    def selected_editable(self) -> bool:
        """A row is selected and it is not voided: it may be corrected or voided."""
        row = self.selected_row()
        return row is not None and not row.voided


def list_table(model: QAbstractItemModel, name: str, parent: QWidget | None = None, *,
               wrap: bool = False, single: bool = True) -> QTableView:
    """A read-only list of rows (accounts, the audit trail, a history): whole rows selected, never
    edited in place, alternating colours, no row numbers."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(wrap)
    table.verticalHeader().hide()
    return table


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
    # Tab moves on to the buttons under the table instead of walking its cells (the arrow
    # keys move between rows).
    table.setTabKeyNavigation(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.fit_columns()
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
