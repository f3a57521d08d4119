"""A patient's team actions on the Overview: the open ones (overdue marked) and those closed
lately, each with its owner, due date and status; mark one done, cancel or reopen it with a
note, make a new one, or read its history.

Which actions, in which order, and what is overdue come from `services.team_actions`; every
change is one save through the dialogs (`views.saving.attempt`), after which the window reads
the patient's record again.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.services import team_actions
from als_desktop.services.team_actions import ActionRow, PatientActions

from .dialogs import FormDialog
from .table import Column, RecordTableModel, date_text, history_button, record_table
from .tabs.base import RecordSession
from .team_action_dialogs import (
    ActionDoneDialog,
    CancelActionDialog,
    NewActionDialog,
    ReopenActionDialog,
)

# Word and colour together, so an overdue action does not rest on colour alone.
OVERDUE = "OVERDUE"
OVERDUE_COLOUR = "#b3261e"


def due_text(row: ActionRow) -> str:
    if row.due_on is None:
        return "no due date"
    return f"{date_text(row.due_on)}  {OVERDUE}" if row.overdue else date_text(row.due_on)


def status_text(row: ActionRow) -> str:
    """The status with who closed (or reopened) it, when, and the note given."""
    change = row.last_change
    if row.is_open:
        if change is None:
            return "Open"
        text = f"Reopened {date_text(change.at.astimezone().date())} ({change.by})"
    else:
        when = f" {date_text(row.closed_on)}" if row.closed_on else ""
        text = f"{row.status_label}{when}" + (f" ({change.by})" if change is not None else "")
    return f"{text}: {row.note}" if row.note else text


def origin_text(row: ActionRow) -> str:
    if row.rule_id:
        return f"From a prompt; source: {row.source or row.rule_id}"
    return f"Made by {row.created_by}" + (f"; source: {row.source}" if row.source else "")


class ActionsModel(RecordTableModel):
    """The action table: an overdue due date in red and bold, the action's origin as its tooltip."""

    DUE, ACTION = 2, 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if isinstance(row, ActionRow):
            if index.column() == self.DUE and row.overdue:
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(QColor(OVERDUE_COLOUR))
                if role == Qt.ItemDataRole.FontRole:
                    font = QFont()
                    font.setBold(True)
                    return font
            if index.column() == self.ACTION and role == Qt.ItemDataRole.ToolTipRole:
                return f"{row.description}\n\n{origin_text(row)}"
            if not row.is_open and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#5f6368"))  # closed: read as history, not as work to do
        return super().data(index, role)


class TeamActionsPanel(QGroupBox):
    """The patient's open and recently closed team actions, with what can be done to them."""

    def __init__(self, host, parent: QWidget | None = None) -> None:
        super().__init__("Team actions", parent)
        self.host = host
        self.patient_id: uuid.UUID | None = None
        self.patient_name = ""
        self.visit_id: uuid.UUID | None = None
        self.today = date.today()
        self.actions: PatientActions | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = ActionsModel([
            Column("Owner", lambda r: r.owner_label),
            Column("Action", lambda r: r.description),
            Column("Due", due_text),
            Column("Status and note", status_text),
        ], self)
        self.table = record_table(self.model, "Team actions", self, max_rows=8)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.new_button = self._button("New…", "Make a team action by hand: owner, action and due date.", buttons)
        self.done_button = self._button("Done…", "Mark the selected open action done, with a note.", buttons)
        self.cancel_button = self._button("Cancel action…", "Cancel the selected open action, saying why.", buttons)
        self.reopen_button = self._button("Reopen…", "Reopen the selected done or cancelled action, saying why.",
                                          buttons)
        self.history_button = history_button(self.table, host, self, noun="team action")
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(lambda _checked=False: self.new_action())
        self.done_button.clicked.connect(lambda _checked=False: self.mark_done())
        self.cancel_button.clicked.connect(lambda _checked=False: self.cancel_action())
        self.reopen_button.clicked.connect(lambda _checked=False: self.reopen_action())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.model.modelReset.connect(self._enable)
        self._enable()

    def _button(self, text: str, tip: str, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(f"{text.rstrip('…')} (team action)")
        layout.addWidget(button)
        return button

    # ------------------------------------------------------------------ showing

    def load(self, session: RecordSession, patient_id: uuid.UUID, today: date, *,
             patient_name: str = "", visit_id: uuid.UUID | None = None) -> None:
        self.patient_id, self.patient_name, self.visit_id, self.today = patient_id, patient_name, visit_id, today
        self.show_actions(team_actions.patient_actions(session, patient_id, today))

    def show_actions(self, actions: PatientActions) -> None:
        self.actions = actions
        self.model.set_rows(actions.rows)
        count = len(actions.open)
        overdue = f", {actions.overdue_count} overdue" if actions.overdue_count else ""
        self.setTitle(f"Team actions ({count} open{overdue})" if count else "Team actions")
        closed = len(actions.recently_closed)
        parts = [] if count else ["None open"]
        if closed:
            parts.append(f"{closed} done or cancelled in the last {actions.closed_within_days} days")
        self.summary.setText("; ".join(parts) + "." if parts else "")
        self.summary.setVisible(bool(parts))
        self.table.setVisible(bool(actions.rows))

    def selected(self) -> ActionRow | None:
        row = self.table.selected_row()
        return row if isinstance(row, ActionRow) else None

    def select(self, action_id: uuid.UUID) -> None:
        """Select the action's row (what a click on it does)."""
        for number, row in enumerate(self.model.rows):
            if getattr(row, "id", None) == action_id:
                self.table.selectRow(number)
                return
        raise LookupError(f"no team action {action_id} is listed")

    def _enable(self) -> None:
        row = self.selected()
        self.new_button.setEnabled(self.patient_id is not None)
        self.done_button.setEnabled(row is not None and row.is_open)
        self.cancel_button.setEnabled(row is not None and row.is_open)
        self.reopen_button.setEnabled(row is not None and not row.is_open)

    # ------------------------------------------------------------------ changing

    def new_action(self) -> NewActionDialog | None:
        if self.patient_id is None:
            return None
        patient_id, visit_id, author, today = self.patient_id, self.visit_id, self.host.author, self.today

        def save(session: RecordSession, values: dict) -> None:
            team_actions.create_action(session, patient_id, values["owner_discipline"], values["description"] or "",
                                       values["due_on"], author, visit_id=visit_id, today=today)

        return self._open(NewActionDialog(self.window(), save, self.patient_name or "patient"))

    def mark_done(self) -> ActionDoneDialog | None:
        row = self.selected()
        if row is None or not row.is_open:
            return None
        author, today = self.host.author, self.today

        def save(session: RecordSession, values: dict) -> None:
            team_actions.mark_done(session, row.id, row.version, author, note=values["note"],
                                   done_on=values["completed_on"], today=today)

        return self._open(ActionDoneDialog(self.window(), save, row, today))

    def cancel_action(self) -> CancelActionDialog | None:
        row = self.selected()
        if row is None or not row.is_open:
            return None
        author, today = self.host.author, self.today

        def save(session: RecordSession, values: dict) -> None:
            team_actions.cancel(session, row.id, row.version, values["note"], author, today=today)

        return self._open(CancelActionDialog(self.window(), save, row))

    def reopen_action(self) -> ReopenActionDialog | None:
        row = self.selected()
        if row is None or row.is_open:
            return None
        author, today = self.host.author, self.today

        def save(session: RecordSession, values: dict) -> None:
            team_actions.reopen(session, row.id, row.version, values["note"], author, today=today)

        return self._open(ReopenActionDialog(self.window(), save, row))

    def _open(self, dialog: FormDialog) -> FormDialog:
        # The window reads the record again once the change is saved (or refused as stale).
        self.host.open_dialog(dialog)
        return dialog
