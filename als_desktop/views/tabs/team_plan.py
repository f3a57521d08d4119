"""Team plan tab: the care plan of the chosen visit as it will be printed, saved or printed.

The plan (about a second with its plots) is built by the task runner on a worker thread, with
a session of its own, and shown as the PDF's own pages, so the preview is exactly what is
saved and printed. The tab draws nothing clinical itself: `services.team_plan` fills the plan
and `reports.team_plan` lays it out; both are imported on the worker when a plan is asked for.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from als_desktop.db import Database, DatabaseProblem
from als_desktop.files import why_not_written, write_atomically
from als_desktop.services.errors import RecordError

from .. import messages
from ..pdf_preview import PdfPreview, documents_folder
from ..table import date_text
from ..tasks import Task, run_task
from .base import DisciplineTab, TabHost

log = logging.getLogger(__name__)

FAMILY_COPY = "Family copy (plain language, larger type)"
FAMILY_ESTIMATES = "Include estimates in the family copy"
FAMILY_ESTIMATES_SHORT = "Include estimates"  # beside "Family copy", on a bar that must fit 1366 px
BUILDING = "Writing the team plan…"
PAGE_WIDTH = "Page width"
WHOLE_PAGE = "Whole page"


def build_plan(database: Database, patient_id: uuid.UUID, visit_id: uuid.UUID, family: bool,
               today: date | None, family_estimates: bool = False) -> tuple[bytes, str]:
    """The plan's PDF and its usual file name (runs on the worker thread)."""
    from als_desktop.reports import team_plan as report
    from als_desktop.services.operations import read
    from als_desktop.services.team_plan import team_plan_for

    plan = read(database, team_plan_for, patient_id, visit_id=visit_id, today=today)
    pdf = report.render(plan, family=family, family_estimates=family_estimates)
    return pdf, report.file_name(plan, family=family)


class TeamPlanTab(DisciplineTab):
    title = "Team plan"

    def __init__(self, host: TabHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.pdf: bytes | None = None
        self.pdf_name = ""
        self.shown_for: tuple | None = None  # (patient, visit, family, family estimates) of the PDF held
        self.building: Task | None = None
        self.then: str | None = None  # "save" or "print" once the plan being built is ready
        self.folder: Path | None = None  # where the last plan was saved, offered next time
        self.recorded: Task | None = None  # the audit event of the last save or print
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

        self.family = QCheckBox(FAMILY_COPY, self.body)
        self.family.setToolTip("The copy for the patient and family: no clinical codes, in larger type")
        # Off by default: a projected date is for a clinician to explain, not to find on paper.
        self.family_estimates = QCheckBox(FAMILY_ESTIMATES_SHORT, self.body)
        self.family_estimates.setAccessibleName(FAMILY_ESTIMATES)
        self.family_estimates.setToolTip(f"{FAMILY_ESTIMATES}: when FVC or weight would cross a line at the "
                                         "recent rate. The research survival estimate is never on it.")
        self.preview_button = QPushButton("Previe&w", self.body)
        self.preview_button.setToolTip("Write the team plan of this visit and show it")
        self.save_button = QPushButton("Save P&DF…", self.body)
        self.save_button.setToolTip("Save the team plan as a PDF file")
        self.print_button = QPushButton("P&rint…", self.body)
        self.print_button.setToolTip("Print the team plan")
        self.zoom = QComboBox(self.body)
        self.zoom.addItems([PAGE_WIDTH, WHOLE_PAGE])
        self.zoom.setAccessibleName("Preview size")
        self.zoom.setToolTip("Show the pages as wide as the tab, or each page whole")
        bar = QHBoxLayout()
        bar.addWidget(self.family)
        bar.addWidget(self.family_estimates)
        bar.addStretch(1)
        bar.addWidget(self.zoom)
        for button in (self.preview_button, self.save_button, self.print_button):
            bar.addWidget(button)
        self.content.addLayout(bar)
        self.status = QLabel(self.body)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # names the patient
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Team plan status")
        self.content.addWidget(self.status)
        self.preview = PdfPreview(self.body)
        self.preview.setMinimumHeight(300)
        self.content.addWidget(self.preview, 1)

        self.preview_button.clicked.connect(lambda: self.build())
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_plan)
        self.family.toggled.connect(self._family_changed)
        self.family_estimates.toggled.connect(self._family_changed)
        self.zoom.currentTextChanged.connect(lambda text: self.preview.set_whole_pages(text == WHOLE_PAGE))
        self._show_context()

    # ------------------------------------------------------------------ context

    def _key(self) -> tuple | None:
        if self.patient is None or self.visit is None:
            return None
        family = self.family.isChecked()
        return (self.patient.id, self.visit.id, family, family and self.family_estimates.isChecked())

    @property
    def is_building(self) -> bool:
        return self.building is not None

    @property
    def ready(self) -> bool:
        """A PDF of the current patient, visit and copy is held."""
        return self.pdf is not None and self.shown_for == self._key()

    def refresh(self) -> None:
        # Another patient, visit, or a change to the record: a plan shown before is out of date.
        self._drop()
        self._show_context()

    def _drop(self) -> None:
        if self.building is not None:  # a build under way is let finish and ignored
            self.building.discard()
        self.building = None
        self.then = None
        self.pdf, self.pdf_name, self.shown_for = None, "", None
        self.unsetCursor()

    def _show_context(self) -> None:
        has_visit = self.visit is not None
        for widget in (self.preview_button, self.save_button, self.print_button, self.family):
            widget.setEnabled(has_visit and not self.is_building)
        self.family_estimates.setEnabled(has_visit and not self.is_building and self.family.isChecked())
        if self.patient is None:
            self.status.setText("")
            self.preview.show_message("Choose a patient.")
        elif not has_visit:
            self.status.setText("")
            self.preview.show_message(
                f"{self.patient.display_name} has no visit yet. A team plan is written for a visit: "
                "create one with “New visit…”."
            )
        elif not self.ready and not self.is_building:
            self.status.setText(f"Team plan of the visit of {self._visit_text()}.")
            self.preview.show_message("Press Preview to see the team plan of this visit,\n"
                                      "or save or print it straight away.")

    def _visit_text(self) -> str:
        return f"{date_text(self.visit.visit_date)} — {self.visit.site}" if self.visit else ""

    def _family_changed(self, _checked: bool) -> None:
        if self.pdf is not None or self.is_building:  # the preview follows the choice
            self.build(self.then)
        else:
            self._show_context()

    # ------------------------------------------------------------------ building

    def build(self, then: str | None = None) -> bool:
        """Write the plan on the worker thread; `then` ("save", "print") follows when it is ready.
        Returns False (after saying why) when there is no visit to write it for."""
        if self.patient is None or self.visit is None:
            messages.inform(self, "No team plan", "Choose a patient and one of their visits first: "
                                                  "a team plan is written for a visit.")
            return False
        key = self._key()
        patient_id, visit_id, family, family_estimates = key
        today = getattr(self.host, "today", None)
        database = self.host.database
        if self.building is not None:  # the copy or visit changed meanwhile: that one is not wanted
            self.building.discard()
        self.building = run_task(lambda _job: build_plan(database, patient_id, visit_id, family, today,
                                                         family_estimates),
                                 on_done=lambda built: self._built(key, *built), on_error=self._failed,
                                 owner=self, pool=self.pool)
        self.then = then
        self.pdf, self.shown_for = None, None
        self.status.setText(f"{BUILDING} ({'family copy, ' if family else ''}visit of {self._visit_text()})")
        self.preview.show_message(BUILDING)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._show_context()
        return True

    def wait_for_building(self, timeout_ms: int = -1) -> bool:
        """Wait for the worker (tests, closing)."""
        return self.pool.waitForDone(timeout_ms)

    def _built(self, key: tuple, pdf: bytes, name: str) -> None:
        # Only the build under way answers: one for another patient, visit or copy was discarded.
        self.building = None
        self.unsetCursor()
        self.pdf, self.pdf_name, self.shown_for = pdf, name, key
        try:
            pages = self.preview.show_pdf(pdf)
        except Exception as error:
            log.exception("team plan preview not drawn")
            self.preview.show_message(f"The preview could not be drawn ({error}); the PDF can still be saved.")
            pages = 0
        copy = "Family copy of the team plan" if key[2] else "Team plan"
        if key[2]:
            copy += ", with estimates" if key[3] else ", without estimates"
        count = f", {pages} page{'s' if pages != 1 else ''}" if pages else ""
        self.status.setText(f"{copy}, visit of {self._visit_text()}{count}: {name}")
        self._show_context()
        then, self.then = self.then, None
        if then == "save":
            self.save()
        elif then == "print":
            self.print_plan()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, RecordError):
            what, detail = str(error), ""
        elif isinstance(error, DatabaseProblem):
            what, detail = error.what, error.advice
        else:
            log.error("team plan not built", exc_info=error)
            what = f"Unexpected error: {type(error).__name__}: {error}"
            detail = "The details are in the log file (Help ▸ Open log folder)."
        self.building = None
        self.then = None
        self.unsetCursor()
        self._show_context()
        self.status.setText("The team plan could not be written.")
        self.preview.show_message(f"The team plan could not be written:\n{what}")
        messages.warn(self, "Team plan not written", f"The team plan could not be written: {what}", detail=detail)

    # ------------------------------------------------------------------ saving and printing

    def save(self) -> None:
        """Save PDF…: ask where (in Documents, under the plan's usual name) and write it."""
        if not self.ready:
            self.build(then="save")
            return
        folder = self.folder or documents_folder()
        chosen, _filter = QFileDialog.getSaveFileName(self, "Save the team plan", str(folder / self.pdf_name),
                                                      "PDF document (*.pdf)")
        if chosen:
            path = Path(chosen)
            self.save_pdf(path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf"))

    def save_pdf(self, path: Path) -> bool:
        """Write the plan shown to `path`; a refusal (permission, full disk) is said, never raised."""
        if not self.ready:
            return False
        try:
            write_atomically(path, self.pdf)
        except OSError as error:
            log.warning("team plan not saved in %s: %s", path.parent, error.strerror)
            messages.warn(self, "Team plan not saved", f"The team plan could not be saved as {path}: "
                                                       f"{why_not_written(error)}.",
                          detail="Nothing was saved. Choose another folder, or free some space, and save again.")
            return False
        self.folder = path.parent
        self.status.setText(f"Saved as {path}")
        self._record("report", "saved as PDF", path.name)
        return True

    def print_plan(self) -> None:
        """Print…: the system's print dialog, then the plan's pages on the printer chosen."""
        if not self.ready:
            self.build(then="print")
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the team plan")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer) -> bool:
        from ..pdf_preview import print_pdf

        if not self.ready:
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = print_pdf(self.pdf, printer)
        except OSError as error:
            messages.warn(self, "Team plan not printed", f"The team plan could not be printed: {error}.",
                          detail="Check the printer, then print again.")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        where = printer.printerName() or "the printer"
        self.status.setText(f"Sent {pages} page{'s' if pages != 1 else ''} to {where}.")
        self._record("print", f"printed, {pages} page{'s' if pages != 1 else ''} on {where}", self.pdf_name)
        return True

    def _record(self, event: str, done: str, file_name: str) -> None:
        """The audit event of a plan saved or printed, naming the patient, the copy and the file."""
        from ..audit_events import record_event

        family = bool(self.shown_for and self.shown_for[2])
        copy = "family copy of the team plan" if family else "team plan"
        self.recorded = record_event(self, self.host.database, self.host.author, event,
                                     patient_id=self.shown_for[0] if self.shown_for else None,
                                     detail=f"{copy} {done}", file_name=file_name)
