"""Team plans for a clinic day: one PDF per visit of a date, written into a folder.

At about a second a plan, a full clinic takes a minute or more, so the task runner writes the
plans on a worker thread (`services.clinic_day_reports`, each plan in a session of its own)
while a progress bar follows; Cancel stops after the patient being written and keeps the files
already written. At the end the dialog says what was written and what was not.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.db import Database, DatabaseProblem
from als_desktop.services.clinic_day import clinic_day
from als_desktop.services.clinic_day_reports import (
    ClinicDayPlans,
    FolderNotWritable,
    write_clinic_day_plans,
)
from als_desktop.services.operations import read

from . import messages
from .date_field import DateField, day_or
from .pdf_preview import documents_folder
from .table import date_text
from .tasks import Job, Task, run_task
from .widgets import plain

log = logging.getLogger(__name__)

ALL_SITES = "All sites"
FAMILY_COPY = "Family copies (plain language, larger type)"


def default_folder(day: date, family: bool) -> Path:
    copies = "Family copies" if family else "Team plans"
    return documents_folder() / f"{copies} {day:%Y-%m-%d}"


def _write_plans(database: Database, day: date, folder: Path, family: bool, site: str | None,
                 today: date | None, job: Job) -> ClinicDayPlans:
    """Runs on the worker: every plan of the day, with progress and cancel from the dialog."""
    return write_clinic_day_plans(database, day, folder, family=family, site=site, today=today,
                                  progress=job.report, cancelled=job.cancelled)


class ClinicDayReportsDialog(QDialog):
    def __init__(self, database: Database, today: date, parent: QWidget | None = None, *,
                 plan_day: date | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.today = today
        self.batch: Task | None = None
        self.result = None  # ClinicDayPlans of the last run
        self.recorded: Task | None = None  # the audit event of the plans written
        self.folder_chosen = False  # once the user picks or types a folder, it no longer follows the date
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.setWindowTitle("Team plans for a clinic day")
        self.setMinimumWidth(640)

        day = plan_day or today
        # Typed like every date of the program (12 Mar 2026, 2026-03-12, 12032026).
        self.date_edit = DateField("Clinic date", self)
        self.date_edit.set_value(day)
        self.last_day = day
        self.site_choice = QComboBox(self)
        self.site_choice.setAccessibleName("Site")
        self.site_choice.setMinimumWidth(220)
        self.visits = plain(QLabel(self))
        self.visits.setObjectName("muted")
        self.visits.setAccessibleName("Visits on that day")
        self.family = QCheckBox(FAMILY_COPY, self)
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setAccessibleName("Folder for the PDF files")
        self.choose_button = QPushButton("C&hoose…", self)
        self.choose_button.setAccessibleName("Choose the folder")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("Clinic &date:", self.date_edit)
        form.addRow("&Site:", self.site_choice)
        form.addRow("", self.visits)
        form.addRow("", self.family)
        folder_label = QLabel("&Folder:", self)
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Team plans written")
        self.progress.setFormat("%v of %m")
        self.progress.hide()
        self.status = plain(QLabel(self))  # names the patient written
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What has been written")
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Team plans not written")
        self.problems.setMaximumHeight(120)
        self.problems.hide()

        self.start_button = QPushButton("&Start", self)
        self.start_button.setDefault(True)
        self.open_button = QPushButton("&Open folder", self)
        self.open_button.hide()
        self.cancel_button = QPushButton("Close", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)

        intro = QLabel("The team plan of every visit on the day, one PDF file each, written into the folder.", self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.date_edit.dateChanged.connect(lambda _day: self._day_changed())
        self.site_choice.activated.connect(lambda _index: self._count_visits())
        self.family.toggled.connect(lambda _checked: self._suggest_folder())
        self.folder_edit.textEdited.connect(lambda _text: setattr(self, "folder_chosen", True))
        self.choose_button.clicked.connect(self.choose_folder)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        self.open_button.clicked.connect(self.open_folder)
        self._day_changed()

    # ------------------------------------------------------------------ choices

    def chosen_day(self) -> date:
        """The date in the field; while it holds no whole date, the last one it held."""
        self.last_day = day_or(self.date_edit, self.last_day)
        return self.last_day

    def chosen_site(self) -> str | None:
        return self.site_choice.currentData()

    def chosen_folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    def set_folder(self, folder: Path) -> None:
        self.folder_edit.setText(str(folder))
        self.folder_chosen = True

    def _day_changed(self) -> None:
        sites = read(self.database, clinic_day, self.chosen_day()).sites
        chosen = self.chosen_site()
        self.site_choice.clear()
        self.site_choice.addItem(ALL_SITES, None)
        for site in sites:
            self.site_choice.addItem(site, site)
        self.site_choice.setCurrentIndex(max(self.site_choice.findData(chosen), 0) if chosen else 0)
        self._count_visits()
        self._suggest_folder()

    def _count_visits(self) -> None:
        count = len(read(self.database, clinic_day, self.chosen_day(), self.chosen_site()).rows)
        where = f" at {self.chosen_site()}" if self.chosen_site() else ""
        day = date_text(self.chosen_day())
        if count:
            noun = "visit" if count == 1 else "visits"
            self.visits.setText(f"{count} {noun} on {day}{where}: one PDF each.")
        else:
            self.visits.setText(f"No visits on {day}{where}: there is no team plan to write.")
        self.visit_count = count
        self.start_button.setEnabled(bool(count) and not self.running)

    def _suggest_folder(self) -> None:
        if not self.folder_chosen:
            self.folder_edit.setText(str(default_folder(self.chosen_day(), self.family.isChecked())))

    def choose_folder(self) -> None:
        start = self.chosen_folder()
        while not start.exists() and start != start.parent:  # the suggested folder may not exist yet
            start = start.parent
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the team plans", str(start))
        if chosen:
            self.set_folder(Path(chosen))

    # ------------------------------------------------------------------ running

    @property
    def running(self) -> bool:
        return self.batch is not None

    def start(self) -> bool:
        if self.running or not self.visit_count:
            return False
        if not self.folder_edit.text().strip():
            messages.warn(self, "No folder", "Choose the folder the team plans are written into.")
            return False
        arguments = (self.database, self.chosen_day(), self.chosen_folder(), self.family.isChecked(),
                     self.chosen_site(), self.today)
        self.batch = run_task(lambda job: _write_plans(*arguments, job), on_done=self._finished,
                              on_error=self._failed, on_progress=self._progress, owner=self, pool=self.pool)
        self.result = None
        self.progress.setRange(0, self.visit_count)
        self.progress.setValue(0)
        self.progress.show()
        self.problems.hide()
        self.open_button.hide()
        self.status.setText(f"Writing {self.visit_count} team plan{'s' if self.visit_count != 1 else ''} "
                            f"into {self.chosen_folder()}…")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setToolTip("Stop after the patient being written; the files written are kept")
        self._enable_choices(False)
        return True

    def cancel(self) -> None:
        """Stop after the current patient (the files already written stay)."""
        if self.batch is None:
            return
        self.batch.cancel()  # the plans written so far still come back, marked cancelled
        self.cancel_button.setEnabled(False)
        self.status.setText("Stopping after the patient being written…")

    def reject(self) -> None:
        # Escape, the window's close button and Cancel: while writing, stop (and stay to say
        # what was written); otherwise close.
        if self.running:
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.running:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def wait_for_batch(self, timeout_ms: int = -1) -> bool:
        return self.pool.waitForDone(timeout_ms)

    def _enable_choices(self, enabled: bool) -> None:
        for widget in (self.date_edit, self.site_choice, self.family, self.folder_edit, self.choose_button,
                       self.start_button):
            widget.setEnabled(enabled)

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if name and not (self.batch and self.batch.is_cancelled):
            self.status.setText(f"Written {done} of {total}: {name}")

    def _finished(self, result) -> None:
        self.batch = None
        self.result = result
        self._idle()
        written = len(result.written)
        if result.cancelled:
            plans = "team plan" if result.total == 1 else "team plans"
            text = f"Cancelled: {written} of {result.total} {plans} written to {result.folder}."
        else:
            plans = "team plan" if written == 1 else "team plans"
            text = f"{written} {plans} written to {result.folder}."
        if result.problems:
            count = len(result.problems)
            text += f" {count} could not be written:"
            self.problems.setPlainText("\n".join(str(problem) for problem in result.problems))
            self.problems.show()
        self.status.setText(text)
        self.open_button.setVisible(bool(written))
        if written:
            self._record(result)

    def _record(self, result) -> None:
        """The audit event of the plans written, by the main window's signed-in person."""
        from .audit_events import record_event

        window = self.parentWidget()
        if getattr(window, "author", None) is not None:
            self.recorded = record_event(self, self.database, window.author, "report", file_name=result.folder.name,
                                         detail=f"team plans of the clinic day {result.day:%Y-%m-%d}: "
                                                f"{len(result.written)} written")

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, FolderNotWritable):
            what = str(error)
        elif isinstance(error, DatabaseProblem):
            what = f"{error.what} {error.advice}"
        else:
            log.error("clinic day team plans stopped", exc_info=error)
            what = (f"Unexpected error: {type(error).__name__}: {error}. "
                    "The details are in the log file (Help ▸ Open log folder).")
        self.batch = None
        self._idle()
        self.progress.hide()
        self.status.setText(what)
        messages.warn(self, "Team plans not written", what)

    def _idle(self) -> None:
        self._enable_choices(True)
        self.start_button.setEnabled(bool(self.visit_count))
        self.cancel_button.setText("Close")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setToolTip("")

    def open_folder(self) -> None:
        folder = self.result.folder if self.result else self.chosen_folder()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            messages.inform(self, "Team plans", f"The team plans are in {folder}")


def open_clinic_day_reports(window) -> ClinicDayReportsDialog:
    """The Clinic menu's "Team plans for a clinic day…", on the main window's database and today."""
    dialog = ClinicDayReportsDialog(window.database, window.today or date.today(), window)
    window.open_dialog(dialog)
    return dialog


__all__ = ["ClinicDayReportsDialog", "default_folder", "open_clinic_day_reports"]
