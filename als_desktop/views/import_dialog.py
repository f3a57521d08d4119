"""File ▸ Import patient record…: bring a record file in, and decide its conflicts side by side.

The import runs as one use case on the task runner (`services.audit.import_record_file`: the
import and its audit event together), so the window stays live while it reads and writes.
Rows the clinic changed since the file was written are never overwritten by it: when the file
changed them too, nothing is imported and the dialog lists each differing field with the
clinic's and the file's value and who changed it here, for the user to keep the clinic's
values, take the file's, or cancel. The choice applies only to the conflicts shown: one that
arises meanwhile is shown again, not decided unseen.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from als_desktop.db import DatabaseProblem
from als_desktop.services.audit import import_record_file
from als_desktop.services.errors import RecordError, ValidationError
from als_desktop.services.exchange import (
    KEEP_CLINIC,
    TAKE_FILE,
    ImportConflict,
    ImportResult,
    RecordFileError,
    outcome_lines,
)
from als_desktop.services.exchange_outcome import shown

from . import tasks

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

TITLE = "Import patient record"
INTRO = ("Records are matched by their identity. New ones are added; one the clinic has not changed "
         "since the file was written takes the file's changes, recorded as a change by you; one changed "
         "here since is kept. An import never undoes a void.")
COLUMNS = ("Record", "Field", "In the clinic", "In the file", "Changed here by")
FILE_FILTER = "Patient record (*.json);;All files (*)"


class ImportDialog(QDialog):
    """Imports one file, shows the outcome, and asks about conflicts."""

    imported = Signal(object)  # ImportResult, once something was imported

    def __init__(self, parent: QWidget | None, database: Any, author: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.database = database
        self.author = author
        self.path: Path | None = None
        self.seen: frozenset[Any] = frozenset()
        self.task: tasks.Task | None = None
        self.result: ImportResult | None = None

        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        self.file_label = QLabel("No file chosen.", self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("Choose file…", self)
        self.choose_button.clicked.connect(self.choose_file)
        self.outcome = QLabel("", self)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)  # names the patient and quotes the file
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setAccessibleName("Outcome of the import")
        self.conflicts = QTableWidget(0, len(COLUMNS), self)
        self.conflicts.setHorizontalHeaderLabels(COLUMNS)
        self.conflicts.setAccessibleName("Records changed both in the file and in the clinic")
        self.conflicts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflicts.setWordWrap(True)
        self.conflicts.verticalHeader().hide()
        self.conflicts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.conflicts.horizontalHeader().setStretchLastSection(True)
        self.conflicts.hide()

        self.buttons = QDialogButtonBox(self)
        self.keep_button = self.buttons.addButton("Keep the clinic's values", QDialogButtonBox.ButtonRole.ActionRole)
        self.take_button = self.buttons.addButton("Take the file's values", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.clicked.connect(lambda: self.import_file(self.path, KEEP_CLINIC))
        self.take_button.clicked.connect(lambda: self.import_file(self.path, TAKE_FILE))
        self.close_button.clicked.connect(self.reject)
        self._offer_choice(False)

        chooser = QHBoxLayout()
        chooser.addWidget(self.file_label, 1)
        chooser.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(chooser)
        layout.addWidget(self.outcome)
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 360)

    # ------------------------------------------------------------------ actions

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, TITLE, str(self.path.parent) if self.path else "",
                                                      FILE_FILTER)
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path | str | None, resolution: str | None = None) -> None:
        """Import `path` on a worker; `resolution` decides the conflicts last shown."""
        if path is None or self.is_busy:
            return
        self.path = Path(path)
        self.file_label.setText(str(self.path))
        seen = self.seen if resolution else None
        self._offer_choice(False)
        self.choose_button.setEnabled(False)
        self.outcome.setText("Importing…")
        self.task = tasks.run_use_case(self.database, import_record_file, str(self.path), self.author,
                                       resolution, seen, on_done=self._imported, on_error=self._refused,
                                       owner=self)
        self.task.ended.connect(self._ended)

    def _ended(self) -> None:
        self.choose_button.setEnabled(True)

    @property
    def is_busy(self) -> bool:
        return self.task is not None and self.task.is_running

    # ------------------------------------------------------------------ outcomes

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        self.seen = frozenset()
        self.conflicts.hide()
        self.conflicts.setRowCount(0)
        self.outcome.setText("\n".join(outcome_lines(result)))
        self.imported.emit(result)

    def _refused(self, error: BaseException) -> None:
        self.conflicts.hide()
        if isinstance(error, ImportConflict):
            self._show_conflicts(error)
            return
        self.seen = frozenset()
        if isinstance(error, ValidationError):
            count = len(error.errors)
            text = (f"The file was not imported: {count} problem{'s' if count != 1 else ''} found. Nothing was "
                    "changed.\n" + "\n".join(f"{path}: {message}" for path, message in error.errors.items()))
        elif isinstance(error, RecordFileError):
            text = "\n".join(error.lines)
        elif isinstance(error, DatabaseProblem):
            text = f"The file was not imported: {error.what}\n{error.advice}"
        elif isinstance(error, RecordError):
            text = f"The file was not imported: {error}"
        else:
            log.error("import of a record file failed", exc_info=error)
            # The error's own words can carry SQL and the record's values: they go to the log only.
            text = ("The file was not imported: something unexpected went wrong. Nothing was changed. "
                    "The details are in the log file (Help ▸ Open log folder); send it to your IT support.")
        self.outcome.setText(text)

    def _show_conflicts(self, conflict: ImportConflict) -> None:
        self.seen = frozenset(row.key for row in conflict.conflicts)
        self.outcome.setText(str(conflict))
        rows = [(row.record, field.name, field.clinic, field.file, f"{row.changed_by}, {shown(row.changed_at)}")
                for row in conflict.conflicts for field in row.fields]
        self.conflicts.setRowCount(len(rows))
        for index, values in enumerate(rows):
            for column, text in enumerate(values):
                self.conflicts.setItem(index, column, QTableWidgetItem(text))
        self.conflicts.resizeRowsToContents()
        self.conflicts.show()
        self._offer_choice(True)

    def _offer_choice(self, offered: bool) -> None:
        self.keep_button.setVisible(offered)
        self.take_button.setVisible(offered)
        self.close_button.setText("Cancel" if offered else "Close")

    def conflict_rows(self) -> list[tuple[str, ...]]:
        """The conflicts as shown: one row per differing field."""
        return [tuple(self.conflicts.item(row, column).text() for column in range(len(COLUMNS)))
                for row in range(self.conflicts.rowCount())]


def open_import_dialog(window: MainWindow, path: Path | str | None = None) -> ImportDialog | None:
    """Ask for a file (unless given), then import it in a dialog that does not block the window."""
    if path is None:
        chosen, _filter = QFileDialog.getOpenFileName(window, TITLE, "", FILE_FILTER)
        if not chosen:
            return None
        path = chosen
    dialog = ImportDialog(window, window.database, window.author)
    dialog.imported.connect(lambda result: window.statusBar().showMessage(outcome_lines(result)[0], 8000))
    window.open_dialog(dialog)
    dialog.import_file(path)
    return dialog
