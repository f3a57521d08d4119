"""Every version of one entry, or every change to a patient's record, newest first.

Each line says when (local time), who, on which workstation, what was done, which fields went
from what to what, and the reason (or where the change came from). A voided entry can be
restored with a reason: the restore goes through `services.history.restore_record` as one save
(`views.saving`), and is itself a line of the history. From a patient's history, any voided
entry can be restored this way, including a voided visit the window no longer lists.

Usage: `open_history(host, row_id=...)` or `open_history(host, patient_id=...)`, where `host`
is the window or a tab's host (it has `database`, `author`, `open_dialog` and
`record_changed`); `table.history_button(...)` and `patient_history_button(...)` wire it to a
record table and to the patient header.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.db import DatabaseProblem
from als_desktop.services import history
from als_desktop.services.errors import RecordError
from als_desktop.services.history import HistoryEntry, PatientHistory, RowHistory
from als_desktop.services.operations import read

from .restore_dialog import Restorable, RestoreDialog
from .saving import Outcome
from .table import Column, RecordTableModel, list_table


class HistoryHost(Protocol):
    """What the dialog needs from the window (a tab's host is one)."""

    database: Any
    author: str

    def open_dialog(self, dialog: QDialog) -> None: ...

    def record_changed(self) -> None: ...


def versions_text(entry: HistoryEntry) -> str:
    if entry.version_before is None:
        return str(entry.version_after)
    return f"{entry.version_before} → {entry.version_after}"


def reason_text(entry: HistoryEntry) -> str:
    lines = [entry.reason] if entry.reason else []
    if entry.source:
        lines.append(f"From: {entry.source}")
    return "\n".join(lines)


def changes_text(entry: HistoryEntry) -> str:
    return "\n".join(change.text for change in entry.changes)


def columns(whole_patient: bool) -> list[Column]:
    what = (lambda e: e.summary) if whole_patient else (lambda e: e.what.capitalize())
    return [
        Column("When", lambda e: e.when),
        Column("Who", lambda e: e.actor),
        Column("Workstation", lambda e: e.workstation),
        Column("What", what),
        Column("Version", versions_text),
        Column("Changes", changes_text),
        Column("Reason", reason_text),
    ]


WHAT, CHANGES, REASON = 3, 5, 6


class HistoryTableModel(RecordTableModel):
    """Lines of several rows of text read from the top, like a form."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return super().data(index, role)


class HistoryDialog(QDialog):
    """The history of one entry (`row_id`) or of a patient's whole record (`patient_id`)."""

    def __init__(self, parent: QWidget | None, database: Any, author: str, *, row_id: uuid.UUID | None = None,
                 patient_id: uuid.UUID | None = None, changed: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        if (row_id is None) == (patient_id is None):
            raise ValueError("the history of one entry or of one patient")
        self.database = database
        self.author = author
        self.row_id = row_id
        self.patient_id = patient_id
        self.changed = changed  # reads the whole record again, after a stale refusal
        self.history: RowHistory | PatientHistory | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.setWindowTitle("History")
        self.setWindowModality(Qt.WindowModality.WindowModal)

        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # names the patient
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.heading)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # quotes a void reason
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.model = HistoryTableModel(columns(whole_patient=patient_id is not None), self)
        self.table = list_table(self.model, "Change history, newest first", self, wrap=True)
        # Each line as tall as its text, also after a column is widened.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Long texts wrap in columns of a set width; the changes take the room left.
        for column, width in ((WHAT, 240 if patient_id is not None else 90), (REASON, 180)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(CHANGES, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.empty = QLabel("Nothing recorded in the history.", self)
        self.empty.setObjectName("muted")
        layout.addWidget(self.empty)
        # Entries another program wrote that cannot be read: named, so they are not missed.
        self.left_out = QLabel(self)
        self.left_out.setTextFormat(Qt.TextFormat.PlainText)
        self.left_out.setWordWrap(True)
        self.left_out.setObjectName("notice")
        self.left_out.hide()
        layout.addWidget(self.left_out)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("Restore…", self)
        self.restore_button.setAccessibleName("Restore the voided entry")
        self.restore_button.setToolTip("Make this voided entry count again; you are asked for a reason.")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.restore_button.clicked.connect(self.ask_restore)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_restore())
        self.resize(1120, 560)
        self.reload()

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        try:
            if self.row_id is not None:
                self.history = read(self.database, history.row_history, self.row_id)
            else:
                self.history = read(self.database, history.patient_history, self.patient_id)
        except (RecordError, DatabaseProblem) as problem:
            self.history = None
            self.heading.setText(str(problem) if isinstance(problem, RecordError) else problem.what)
            self.model.set_rows([])
        else:
            self._show(self.history)
        self._update_restore()

    def _show(self, found: RowHistory | PatientHistory) -> None:
        if isinstance(found, RowHistory):
            title = found.description[:1].upper() + found.description[1:]
            self.heading.setText(f"History of the {found.description}")
            self.status.setText(f"Voided by {found.voided_by}: {found.void_reason}" if found.voided
                                else "In the record (not voided).")
        else:
            title = f"{found.name} ({found.mrn})"
            self.heading.setText(f"Every change to the record of {title}, newest first")
            self.status.setText("Select a voided entry to restore it.")
        self.setWindowTitle(f"History — {title}")
        self.model.set_rows(list(found.entries))
        self.table.setVisible(bool(found.entries))
        self.empty.setVisible(not found.entries)
        self.left_out.setText(found.left_out.notice() if found.left_out else "")
        self.left_out.setVisible(bool(found.left_out))

    @property
    def entries(self) -> list[HistoryEntry]:
        return list(self.history.entries) if self.history is not None else []

    def selected_entry(self) -> HistoryEntry | None:
        index = self.table.selectionModel().currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row  # type: ignore[return-value]

    # ------------------------------------------------------------------ restoring

    def restorable(self) -> Restorable | None:
        """The voided entry "Restore…" acts on: the row shown, or the patient history's selection."""
        found = self.history
        if isinstance(found, RowHistory):
            if not found.voided or found.version is None:
                return None
            return Restorable(found.kind, found.row_id, found.version, found.description,
                              found.voided_by, found.void_reason)
        entry = self.selected_entry()
        if entry is None or not entry.voided_now or entry.current_version is None:
            return None
        void = next((e for e in self.entries if e.row_id == entry.row_id and e.operation == "void"), None)
        return Restorable(entry.kind, entry.row_id, entry.current_version, entry.description,
                          void.actor if void else None, void.reason if void else None)

    def _update_restore(self) -> None:
        target = self.restorable()
        self.restore_button.setVisible(isinstance(self.history, PatientHistory) or target is not None)
        self.restore_button.setEnabled(target is not None)

    def ask_restore(self) -> RestoreDialog | None:
        target = self.restorable()
        if target is None:
            return None
        author = self.author

        def save(session: Any, values: dict) -> None:
            history.restore_record(session, target.kind, target.row_id, target.version,
                                   values["restore_reason"] or "", author)

        dialog = RestoreDialog(self, save, target, self.database)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._restore_closed(dialog))
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def _restore_closed(self, dialog: RestoreDialog) -> None:
        if self.restore_dialog is dialog:
            self.restore_dialog = None
        if dialog.outcome is Outcome.STALE and self.changed is not None:
            # Changed by someone else: show the record as it now is. (A restore that went through
            # is announced, and the window reads again what it changed.)
            self.changed()
        if dialog.outcome in (Outcome.SAVED, Outcome.STALE):
            self.reload()


# ---------------------------------------------------------------------- opening


def open_history(host: HistoryHost, *, row_id: uuid.UUID | None = None, patient_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> HistoryDialog:
    """Show the history of one entry or of one patient, without blocking the window."""
    owner = parent if parent is not None else (host if isinstance(host, QWidget) else None)
    dialog = HistoryDialog(owner, host.database, host.author, row_id=row_id, patient_id=patient_id,
                           changed=getattr(host, "record_changed", None))
    host.open_dialog(dialog)
    return dialog


def patient_history_button(parent: QWidget, host: HistoryHost,
                           patient_id: Callable[[], uuid.UUID | None]) -> QPushButton:
    """"History…" for the patient shown (`patient_id()` says which; nothing happens without one)."""
    button = QPushButton("History…", parent)
    button.setAccessibleName("History of the patient's record")
    button.setToolTip("Every change to this patient's record: who, when, what, and why.")

    def show() -> None:
        chosen = patient_id()
        if chosen is not None:
            open_history(host, patient_id=chosen, parent=parent)

    button.clicked.connect(show)
    return button
