"""What the worklist window shows: the prompts grouped by patient or discipline, and the open
team actions.

Both are models of their own rather than item models: a large clinic lists tens of thousands of
prompts, and building an item per cell (or a sort proxy asking data() for every comparison)
takes seconds. Sorting sorts the rows with one key each, then groups them again, so the groups
come in the order of their first row: sorted most urgent first, the patient with the most
urgent prompt leads.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTreeView,
    QWidget,
)

from als_desktop.services.team_actions import ClinicActionRow
from als_desktop.services.worklist import WorklistGroup, WorklistRow, groups, urgency

from .prompts_panel import SEVERITY_STYLE  # the same words and colours as the prompts
from .table import date_text
from .widgets import plain_tooltip

OVERDUE_COLOUR = "#b3261e"
GROUP_FILL = "#e8edf2"
NO_GROUPING = "none"

Index = QModelIndex | QPersistentModelIndex
TOP = 0  # the internal id of a top-level index; a prompt under group n has n + 1


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def overdue_text(due_on: date | None, today: date) -> str:
    days = (today - due_on).days if due_on else 0
    return f"Overdue by {days} day{'s' if days != 1 else ''} (due {date_text(due_on)})"


class WorklistModel(QAbstractItemModel):
    """The prompts, flat or under one row per group (a patient or an owner discipline)."""

    COLUMNS = ("Severity", "Due", "MRN", "Patient", "Owner", "Prompt", "Site")
    SEVERITY, DUE, MRN, PATIENT, OWNER, PROMPT, SITE = range(7)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.rows: list[WorklistRow] = []  # in the order sorted, groups aside
        self.group_by = NO_GROUPING
        self.groups: list[WorklistGroup] = []

    def set_rows(self, rows: list[WorklistRow], today: date, group_by: str = NO_GROUPING) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.today = today
        self.group_by = group_by
        self._regroup()
        self.endResetModel()

    def _regroup(self) -> None:
        self.groups = [] if self.group_by == NO_GROUPING else groups(self.rows, self.group_by)

    @property
    def grouped(self) -> bool:
        return self.group_by != NO_GROUPING

    # ------------------------------------------------------------------ the tree

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(self.COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, TOP) if row < self._top_count() else QModelIndex()
        if self.grouped and parent.internalId() == TOP and row < len(self.groups[parent.row()].rows):
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()):  # noqa: B008 (Qt signature)
        if not child.isValid() or child.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, TOP)

    def _top_count(self) -> int:
        return len(self.groups) if self.grouped else len(self.rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return self._top_count()
        if self.grouped and parent.internalId() == TOP and parent.column() == 0:
            return len(self.groups[parent.row()].rows)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def group_at(self, index: Index) -> WorklistGroup | None:
        if self.grouped and index.isValid() and index.internalId() == TOP:
            return self.groups[index.row()]
        return None

    def row_at(self, index: Index) -> WorklistRow | None:
        """The prompt at `index` (None for a group's row)."""
        if not index.isValid():
            return None
        if not self.grouped:
            return self.rows[index.row()] if index.row() < len(self.rows) else None
        if index.internalId() == TOP:
            return None
        return self.groups[index.internalId() - 1].rows[index.row()]

    def shown_rows(self) -> list[WorklistRow]:
        """The prompts in the order the view lists them."""
        return [row for group in self.groups for row in group.rows] if self.grouped else list(self.rows)

    # ------------------------------------------------------------------ what a cell shows

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        group = self.group_at(index)
        if group is not None:
            return self._group_data(group, index.column(), role)
        row = self.row_at(index)
        return None if row is None else self._row_data(row, index.column(), role)

    def _group_data(self, group: WorklistGroup, column: int, role: int):
        if column != 0:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{group.title} — {group.summary}"
        if role == Qt.ItemDataRole.FontRole:
            return _bold()
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(GROUP_FILL))
        if role == Qt.ItemDataRole.ForegroundRole and group.urgent_count:
            return QBrush(QColor(SEVERITY_STYLE[group.rows[0].severity][1]))
        return None

    def _row_data(self, row: WorklistRow, column: int, role: int):
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
            return _bold()
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.PROMPT:
                text = f"{row.message}\nSource: {row.source}"
                return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
            if column == self.DUE:
                if row.overdue:
                    return overdue_text(row.due_on, self.today)
                return "Due now" if row.due_on is None else f"Due {date_text(row.due_on)}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # One key per row; ties keep urgency order.
        key = {
            self.SEVERITY: urgency,
            self.DUE: lambda row: (row.due_on or date.max, urgency(row)),
            self.MRN: lambda row: (row.mrn, urgency(row)),
            self.PATIENT: lambda row: (row.family_name.casefold(), row.given_name.casefold(), row.mrn, urgency(row)),
            self.OWNER: lambda row: (row.discipline_label, urgency(row)),
            self.PROMPT: lambda row: (row.message.casefold(), urgency(row)),
            self.SITE: lambda row: (row.site or "", urgency(row)),
        }.get(column, urgency)
        self.beginResetModel()  # the groups change too: a reset, not a layout change
        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._regroup()
        self.endResetModel()


class TeamActionsModel(QAbstractTableModel):
    """The clinic's open team actions, overdue first."""

    COLUMNS = ("Due", "Owner", "MRN", "Patient", "Action", "Site")
    DUE, OWNER, MRN, PATIENT, ACTION, SITE = range(6)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.actions: list[ClinicActionRow] = []

    def set_actions(self, actions: list[ClinicActionRow], today: date) -> None:
        self.beginResetModel()
        self.actions = list(actions)
        self.today = today
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.actions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def action_at(self, index: Index) -> ClinicActionRow | None:
        return self.actions[index.row()] if index.isValid() and index.row() < len(self.actions) else None

    def due_text(self, action: ClinicActionRow) -> str:
        if action.due_on is None:
            return "no due date"
        return f"{date_text(action.due_on)}, overdue" if action.overdue else date_text(action.due_on)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        action = self.action_at(index)
        if action is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.due_text(action), action.discipline_label, action.mrn, action.display_name,
                    action.description, action.site or "—")[column]
        if column == self.DUE and action.overdue:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(OVERDUE_COLOUR))
            if role == Qt.ItemDataRole.FontRole:
                return _bold()
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return overdue_text(action.due_on, self.today)
        if column == self.ACTION and role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            # The description is typed text: shown as typed, never read as markup.
            text = action.description + (f"\nFrom: {action.source}" if action.source else "")
            text += f"\nRecorded by {action.created_by}"
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        return None


# ---------------------------------------------------------------------------- their views


def _list_view(view: QAbstractItemView, name: str) -> None:
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the list for the next control
    view.setAlternatingRowColors(True)


def _widths(view: QAbstractItemView, header: QHeaderView, samples: dict[int, str], first_extra: int = 0) -> None:
    metrics = view.fontMetrics()
    for column, sample in samples.items():
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 24 + (first_extra if column == 0 else 0))


def prompt_tree(model: WorklistModel, parent: QWidget) -> QTreeView:
    """The prompts' list: sorted by clicking a heading, most urgent first to begin with."""
    tree = QTreeView(parent)
    tree.setModel(model)
    _list_view(tree, "Prompts due or overdue")
    tree.setSortingEnabled(True)
    tree.sortByColumn(WorklistModel.SEVERITY, Qt.SortOrder.AscendingOrder)
    tree.setUniformRowHeights(True)  # quick on tens of thousands of rows
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(WorklistModel.PROMPT, QHeaderView.ResizeMode.Stretch)
    # The first column also holds the tree's indentation.
    _widths(tree, header, {WorklistModel.SEVERITY: "URGENT  ", WorklistModel.DUE: "31 Dec 2025, overdue",
                           WorklistModel.MRN: "MRN-000000", WorklistModel.PATIENT: "FAMILYNAME, Given",
                           WorklistModel.OWNER: "Pulmonary / respiratory", WorklistModel.SITE: "Northtown outreach"},
            first_extra=tree.indentation())
    return tree


def actions_table(model: TeamActionsModel, parent: QWidget) -> QTableView:
    """The open team actions' list; a description wraps, to be read in full."""
    table = QTableView(parent)
    table.setModel(model)
    _list_view(table, "Open team actions")
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(TeamActionsModel.ACTION, QHeaderView.ResizeMode.Stretch)
    _widths(table, header, {TeamActionsModel.DUE: "31 Dec 2025, overdue", TeamActionsModel.OWNER:
                            "Pulmonary / respiratory", TeamActionsModel.MRN: "MRN-000000",
                            TeamActionsModel.PATIENT: "FAMILYNAME, Given", TeamActionsModel.SITE: "Northtown outreach"})
    # Wrapped descriptions need their rows' heights again whenever the columns change width.
    header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
    return table


__all__ = ["NO_GROUPING", "OVERDUE_COLOUR", "TeamActionsModel", "WorklistModel", "actions_table", "overdue_text", "prompt_tree"]
