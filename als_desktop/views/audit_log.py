"""Admin ▸ Audit log: the trail of changes and events, newest first, for the administrator.

Filters (patient MRN, user, since a date, events only, break-glass only) are applied with Show;
each reading is itself an audit event (`services.audit.read_trail`), so the trail says who
looked at whose entries. Writes without the role (break-glass) are marked in amber: they are
the administrator's review list. "Verify chain" walks the whole trail (`services.trail.verify`)
and says it is intact, with the head hash to keep elsewhere, or names the first entry that
does not hold. "Export CSV…" writes what the filters select; the file dialog asks before
replacing a file, and nothing is replaced without that confirmation.

Reading, checking and exporting run on a worker (views/tasks.py), so the window stays live.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.db import DatabaseProblem
from als_desktop.files import why_not_written
from als_desktop.services import audit
from als_desktop.services.audit import AuditEntry, AuditFilter
from als_desktop.services.errors import RecordError

from . import messages, tasks
from .date_field import OptionalDateField
from .pdf_preview import documents_folder
from .table import Column, RecordTableModel, datetime_text, list_table

TITLE = "Audit log"
LIMIT = 5000  # entries shown at once; the filters narrow it, the CSV holds as many
BREAK_GLASS_BACKGROUND = "#fff3cd"
INTACT_STYLE = "QLabel { color: #1b5e20; background: #e6f4ea; border: 1px solid #a5d6a7; padding: 6px; }"
BROKEN_STYLE = "QLabel { color: #8b1a1a; background: #fdecea; border: 1px solid #e0a3a3; padding: 6px; }"

COLUMNS = [
    Column("When", lambda e: datetime_text(e.at)),
    Column("Who", lambda e: e.actor),
    Column("Workstation", lambda e: e.workstation),
    Column("MRN", lambda e: e.mrn or ""),
    Column("Patient", lambda e: e.patient or ""),
    Column("Action", lambda e: ("⚑ " if e.break_glass else "") + e.action),
    Column("Outcome", lambda e: e.outcome),
    Column("Detail", lambda e: e.detail),
]
DETAIL = len(COLUMNS) - 1


class TrailModel(RecordTableModel):
    """Audit entries; a break-glass entry stands out for review."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            entry = self.rows[index.row()]
            if getattr(entry, "break_glass", False):
                return QBrush(QColor(BREAK_GLASS_BACKGROUND))
        return super().data(index, role)


def problem_text(error: BaseException) -> str:
    if isinstance(error, DatabaseProblem):
        return f"{error.what} {error.advice}"
    if isinstance(error, OSError):
        return why_not_written(error)
    if isinstance(error, RecordError):
        return str(error)
    return f"Unexpected error: {type(error).__name__}. The details are in the log file (Help ▸ Open log folder)."


class AuditLogDialog(QDialog):
    def __init__(self, parent: QWidget | None, database: Any, actor: Any) -> None:
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.entries: list[AuditEntry] = []
        self.task: tasks.Task | None = None
        self.verdict: Any = None
        self.folder: Path | None = None
        self.setWindowTitle(f"{TITLE} — Admin")
        self.setWindowModality(Qt.WindowModality.WindowModal)

        self.mrn = QLineEdit(self)
        self.mrn.setPlaceholderText("any patient")
        self.mrn.setAccessibleName("Patient MRN")
        self.user = QLineEdit(self)
        self.user.setPlaceholderText("anyone")
        self.user.setAccessibleName("User name")
        self.since = OptionalDateField("Since", self)
        self.since.setPlaceholderText("any date")
        self.events_only = QCheckBox("E&vents only", self)
        self.events_only.setToolTip("Sign-ins, openings, exports, prints… without the changes to the record")
        self.break_glass_only = QCheckBox("&Break-glass only", self)
        self.break_glass_only.setToolTip("Writes without the role, with their stated reason: the review list")
        self.show_button = QPushButton("&Show", self)
        self.show_button.setToolTip("Read the trail with these filters (the reading is recorded)")
        self.show_button.setDefault(True)
        for edit in (self.mrn, self.user):
            edit.returnPressed.connect(self.reload)
        self.show_button.clicked.connect(self.reload)
        filters = QHBoxLayout()
        for text, widget in (("Patient &MRN:", self.mrn), ("&User:", self.user), ("Si&nce:", self.since)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget, 1 if widget is not self.since else 0)
        filters.addWidget(self.events_only)
        filters.addWidget(self.break_glass_only)
        filters.addWidget(self.show_button)

        self.model = TrailModel(COLUMNS, self)
        self.table = list_table(self.model, "Audit trail, newest first", self, single=False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 110, 110, 80, 150, 290, 70)):
            header.resizeSection(column, width)

        self.count = QLabel(self)
        self.count.setObjectName("muted")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setAccessibleName("Entries shown")
        self.problem = QLabel(self)
        self.problem.setObjectName("fieldError")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.verdict_label = QLabel(self)
        self.verdict_label.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict_label.setAccessibleName("Chain verification")
        self.verdict_label.setFrameShape(QFrame.Shape.NoFrame)
        self.verdict_label.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.verify_button = QPushButton("&Verify chain", self)
        self.verify_button.setToolTip("Check that no entry of the trail was changed, removed or inserted")
        self.copy_button = QPushButton("&Copy head hash", self)
        self.copy_button.setToolTip("Copy the newest entry's hash, to keep outside this program")
        self.copy_button.hide()
        self.export_button = QPushButton("&Export CSV…", self)
        self.export_button.setToolTip("Save the entries the filters select as a CSV file")
        for button in (self.verify_button, self.copy_button, self.export_button):
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.verify_button.clicked.connect(self.verify)
        self.copy_button.clicked.connect(self.copy_head)
        self.export_button.clicked.connect(self.export_csv)

        # A head copied earlier and kept elsewhere: finds a trail cut back since (which the
        # walk alone cannot, as what is left still links up).
        self.kept_head = QLineEdit(self)
        self.kept_head.setPlaceholderText("a head hash kept earlier (64 hexadecimal digits)")
        self.kept_head.setAccessibleName("Kept head hash")
        self.kept_head.setMaxLength(80)
        kept_label = QLabel("&Kept head:", self)
        kept_label.setBuddy(self.kept_head)
        self.check_head_button = QPushButton("Check kept head", self)
        self.check_head_button.setAutoDefault(False)
        self.check_head_button.clicked.connect(self.check_kept_head)
        self.kept_head.returnPressed.connect(self.check_kept_head)
        kept_row = QHBoxLayout()
        kept_row.addWidget(kept_label)
        kept_row.addWidget(self.kept_head, 1)
        kept_row.addWidget(self.check_head_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.verdict_label)
        layout.addLayout(kept_row)
        layout.addWidget(buttons)
        self.resize(1180, 600)
        self.reload()

    # ------------------------------------------------------------------ state

    def wanted(self) -> AuditFilter:
        return AuditFilter(mrn=self.mrn.text().strip() or None, user=self.user.text().strip() or None,
                           since=self.since.value(), events_only=self.events_only.isChecked(),
                           break_glass_only=self.break_glass_only.isChecked(), limit=LIMIT)

    @property
    def is_busy(self) -> bool:
        return self.task is not None and self.task.is_running

    def _run(self, use_case: Any, *args: Any, on_done: Any, doing: str) -> bool:
        if self.is_busy:
            return False
        self.problem.hide()
        self.count.setText(doing)
        for button in (self.show_button, self.verify_button, self.export_button, self.check_head_button):
            button.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.task = tasks.run_use_case(self.database, use_case, *args, on_done=on_done, on_error=self._failed,
                                       owner=self)
        self.task.ended.connect(self._idle)
        return True

    def _idle(self) -> None:
        for button in (self.show_button, self.verify_button, self.export_button, self.check_head_button):
            button.setEnabled(True)
        self.unsetCursor()

    def _failed(self, error: BaseException) -> None:
        self.problem.setText(problem_text(error))
        self.problem.show()
        self._show_count()

    # ------------------------------------------------------------------ reading

    def reload(self) -> bool:
        return self._run(audit.read_trail, self.actor, self.wanted(), on_done=self._shown, doing="Reading the trail…")

    def _shown(self, found: list[AuditEntry]) -> None:
        self.entries = found
        self.model.set_rows(found)
        self._show_count()

    def _show_count(self) -> None:
        count = len(self.entries)
        text = f"{count} entr{'y' if count == 1 else 'ies'}, newest first"
        if count >= LIMIT:
            text += f" (the newest {LIMIT}: narrow the filters, or export them all to CSV)"
        flagged = sum(entry.break_glass for entry in self.entries)
        if flagged:
            text += f". ⚑ {flagged} break-glass entr{'y' if flagged == 1 else 'ies'} to review"
        self.count.setText(text + ".")

    # ------------------------------------------------------------------ checking the chain

    def verify(self) -> bool:
        return self._run(audit.check_trail, self.actor, on_done=self._verified, doing="Checking every entry…")

    def _verified(self, verdict: Any) -> None:
        self.verdict = verdict
        if verdict.intact:
            text = (f"The trail is intact: {verdict.entries} entries, none changed, removed or inserted.\n"
                    f"Head: entry {verdict.head_seq}, hash {verdict.head_hash}\n"
                    "Keep this hash outside this program (on paper, in another system): a trail later cut "
                    "back to an earlier point is found by comparing it.")
            self.verdict_label.setStyleSheet(INTACT_STYLE)
        else:
            broken = verdict.first_break
            text = (f"The trail does not hold at entry {broken.seq}: {broken.problem}.\n"
                    f"{verdict.entries} entries were checked up to there. Keep this database as it is and tell "
                    "the clinic's privacy officer.")
            self.verdict_label.setStyleSheet(BROKEN_STYLE)
        self.verdict_label.setText(text)
        self.verdict_label.show()
        self.copy_button.setVisible(verdict.intact)
        self._show_count()

    def check_kept_head(self) -> bool:
        return self._run(audit.check_kept_head, self.actor, self.kept_head.text(), on_done=self._kept_checked,
                         doing="Looking for the kept head…")

    def _kept_checked(self, kept: Any) -> None:
        if not kept.found:
            text = ("The kept head is not in the trail: entries were removed or the trail was rewritten after it "
                    "was kept. Keep this database as it is and tell the clinic's privacy officer.")
            self.verdict_label.setStyleSheet(BROKEN_STYLE)
        elif kept.entries_after == 0:
            text = f"The kept head is still the newest entry ({kept.seq}): nothing was added or cut back since."
            self.verdict_label.setStyleSheet(INTACT_STYLE)
        else:
            added = "1 entry was" if kept.entries_after == 1 else f"{kept.entries_after} entries were"
            text = (f"The kept head is entry {kept.seq}; {added} added after it, as expected. Verify the chain to "
                    "check those too.")
            self.verdict_label.setStyleSheet(INTACT_STYLE)
        self.verdict_label.setText(text)
        self.verdict_label.show()
        self._show_count()

    def copy_head(self) -> None:
        if self.verdict is not None and self.verdict.intact:
            QGuiApplication.clipboard().setText(self.verdict.head_hash)
            self.count.setText("Head hash copied.")

    # ------------------------------------------------------------------ export

    def export_csv(self) -> bool:
        """Ask for a file (the dialog itself asks before replacing one), then write the CSV."""
        folder = self.folder or documents_folder()
        chosen, _filter = QFileDialog.getSaveFileName(self, "Export the audit trail as CSV",
                                                      str(folder / "Audit trail.csv"), "CSV file (*.csv)")
        if not chosen:
            return False
        path = Path(chosen)
        replace = True  # the file dialog asked about this very name
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
            # A name the dialog did not see: ask here before replacing a file of that name.
            if path.exists():
                replace = messages.confirm(self, "Replace the file?", f"A file named {path.name} is already in "
                                           f"{path.parent}. Replace it with the audit trail?", "Replace")
                if not replace:
                    return False
        return self.save_csv(path, replace=replace)

    def save_csv(self, path: Path, *, replace: bool = False) -> bool:
        """Write what the filters select to `path` (a file there is replaced only with `replace`)."""
        return self._run(audit.export_trail_csv, self.actor, self.wanted(), str(path), replace,
                         on_done=lambda count: self._exported(path, count), doing="Writing the CSV file…")

    def _exported(self, path: Path, count: int) -> None:
        self.folder = path.parent
        self._show_count()
        self.count.setText(f"{self.count.text()} {count} entr{'y' if count == 1 else 'ies'} saved as {path}.")


def open_audit_log(window: Any) -> AuditLogDialog | None:
    """Admin ▸ Audit log… (administrators only; the use cases refuse anyone else as well)."""
    if not window.user.is_administrator:
        messages.warn(window, TITLE, "Only an administrator reads the audit trail.")
        return None
    dialog = AuditLogDialog(window, window.database, window.author)
    window.open_dialog(dialog)
    return dialog
