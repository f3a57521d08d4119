""""Who opened this record": every opening of the patient's record, newest first, read-only.

Any clinic member may look (the patient's care team may be asked who looked); looking is itself
an audit event (`services.audit.read_who_opened`). Opened from the patient header's
"Who opened…" and from Patient ▸ Who opened this record….
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from als_desktop.services import audit
from als_desktop.services.audit import AuditEntry

from . import tasks
from .audit_log import problem_text
from .table import Column, RecordTableModel, datetime_text, list_table

COLUMNS = [
    Column("When", lambda e: datetime_text(e.at)),
    Column("Who", lambda e: e.actor),
    Column("Workstation", lambda e: e.workstation),
]


class WhoOpenedDialog(QDialog):
    def __init__(self, parent: QWidget | None, database: Any, actor: Any, patient_id: uuid.UUID,
                 patient_label: str) -> None:
        super().__init__(parent)
        self.patient_id = patient_id
        self.entries: list[AuditEntry] = []
        self.setWindowTitle(f"Who opened the record — {patient_label}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        heading = QLabel(f"Who opened the record of {patient_label}, newest first", self)
        heading.setTextFormat(Qt.TextFormat.PlainText)  # names the patient
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.status = QLabel("Reading…", self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Who opened the record: status")
        self.model = RecordTableModel(COLUMNS, self)
        self.table = list_table(self.model, "Openings of the record, newest first", self, single=False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.task = tasks.run_use_case(database, audit.read_who_opened, actor, patient_id,
                                       on_done=self._shown, on_error=self._failed, owner=self)

    @property
    def is_busy(self) -> bool:
        return self.task.is_running

    def _shown(self, found: list[AuditEntry]) -> None:
        self.entries = found
        self.model.set_rows(found)
        count = len(found)
        self.status.setText("Nobody has opened this record since openings were recorded." if not count
                            else f"Opened {count} time{'s' if count != 1 else ''}. Every opening is kept in "
                                 "the audit trail with the user and workstation.")

    def _failed(self, error: BaseException) -> None:
        self.status.setText(f"Could not be read: {problem_text(error)}")


def open_who_opened(window: Any) -> WhoOpenedDialog | None:
    """For the patient the window shows (nothing without one)."""
    facts = window.patient
    if facts is None:
        return None
    dialog = WhoOpenedDialog(window, window.database, window.author, facts.id, f"{facts.display_name} ({facts.mrn})")
    window.open_dialog(dialog)
    return dialog
