"""The main window: patient list on the left; header, visit selector and tabs on the right.

Every save is announced with what it changed (`tasks.hub().changed`); the window then reads
again only that: the shown patient when it is theirs, the list rows of the patients changed,
and the whole clinic list only when a patient came or went or the change is clinic-wide.

Every way out of a form — another patient (click, keys, search), another visit, another
database, closing — first asks about input not yet saved (`may_leave`, views/unsaved.py).
The patient and visit dialogs are in record_actions.py, the menus in window_menus.py.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from als_desktop import APP_NAME
from als_desktop.db import Database
from als_desktop.services import queries
from als_desktop.services.accounts import SignedIn
from als_desktop.services.changes import Changes
from als_desktop.services.operations import read
from als_desktop.services.queries import PatientFacts, VisitRow

from . import tasks, unsaved
from .clinic_day import ClinicDayView
from .discipline_tabs import DisciplineTabs
from .history_dialog import patient_history_button
from .patient_header import PatientHeader
from .patient_list import PatientListPanel
from .record_actions import RecordActions, visit_values
from .resources import icon
from .saving import SAVED_SHOWN_MS
from .welcome import WelcomePanel
from .window_databases import WindowDatabases
from .window_keys import add_session_actions
from .window_menus import WindowMenus
from .window_session import LOCKED_TITLE, SIGNED_OUT_TITLE, WindowSession

log = logging.getLogger(__name__)

DEMO_TITLE = "DEMO clinic (synthetic patients)"
UNSAVED_TITLE = " — input not saved"


class MainWindow(WindowSession, WindowDatabases, RecordActions, WindowMenus, QMainWindow):
    """The clinic's window on one database; `set_database` switches to another."""

    dialog_opened = Signal(QDialog)

    def __init__(self, database: Database, *, user: SignedIn, today: date | None = None) -> None:
        super().__init__()
        self.database = database
        self.user = user  # the menus are built for them (set_user below completes it)
        self.today = today
        self.clinic_url = None if database.is_demo else database.url
        self.current_dialog: QDialog | None = None
        self.clinic_day_view: ClinicDayView | None = None
        self.worklist_view = None  # views.worklist.WorklistView once opened (imported lazily)
        self.patient: PatientFacts | None = None
        self.visit_rows: list[VisitRow] = []
        self.base_title = APP_NAME
        self.setWindowIcon(icon("als-desktop"))
        self.resize(1366, 768)
        self._build()
        self._build_menus()
        add_session_actions(self)
        # Every change is made by the signed-in person, with their roles (never the login name
        # of the operating system).
        self.set_user(user)
        self.set_database(database)
        tasks.hub().changed.connect(self.show_changes)
        self.told_of_saves = True

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.banner = QLabel(self)
        self.banner.setObjectName("demoBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)

        # Rows another program wrote that cannot be read: left out, and the team must know.
        self.unreadable_notice = QLabel(self)
        self.unreadable_notice.setObjectName("notice")
        self.unreadable_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.unreadable_notice.setWordWrap(True)
        self.unreadable_notice.setAccessibleName("Rows left out of this database")

        self.welcome = WelcomePanel(self)
        self.welcome.new_patient.connect(self.new_patient)
        self.welcome.open_demo.connect(self.open_demo)

        self.patient_list = PatientListPanel(self)
        self.patient_list.patient_selected.connect(self._patient_chosen)
        new_patient = QPushButton(icon("patient-add"), "New patient…", self)
        new_patient.setAccessibleName("New patient")
        new_patient.setToolTip("Register a patient (Ctrl+N)")
        new_patient.clicked.connect(self.new_patient)
        clinic_day_button = QPushButton(icon("clinic-day"), "Clinic day…", self)
        clinic_day_button.setAccessibleName("Clinic day")
        clinic_day_button.setToolTip("The visits of a date and which disciplines have recorded (Ctrl+Shift+D)")
        clinic_day_button.clicked.connect(self.open_clinic_day)
        buttons = QHBoxLayout()
        buttons.addWidget(new_patient, 1)
        buttons.addWidget(clinic_day_button, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.patient_list, 1)
        left_layout.addLayout(buttons)

        self.header = PatientHeader(self)
        self.header.title_row.addWidget(
            patient_history_button(self.header, self, lambda: self.patient.id if self.patient else None))
        self.visit_choice = QComboBox(self)
        self.visit_choice.setAccessibleName("Visit")
        self.visit_choice.setMinimumWidth(300)
        self.visit_choice.currentIndexChanged.connect(self._visit_chosen)
        visit_label = QLabel("&Visit:", self)
        visit_label.setBuddy(self.visit_choice)
        self.new_visit_button = QPushButton(icon("visit-add"), "New visit…", self)
        self.new_visit_button.setToolTip("Create a visit for this patient (Ctrl+Shift+V)")
        self.new_visit_button.setAccessibleName("New visit")
        self.edit_visit_button = QPushButton("Edit visit…", self)
        self.edit_visit_button.setAccessibleName("Edit visit")
        self.void_visit_button = QPushButton("Void visit…", self)
        self.void_visit_button.setAccessibleName("Void visit")
        self.new_visit_button.clicked.connect(self.new_visit)
        self.edit_visit_button.clicked.connect(self.edit_visit)
        self.void_visit_button.clicked.connect(self.void_visit)
        visit_bar = QHBoxLayout()
        visit_bar.setContentsMargins(12, 0, 12, 0)
        visit_bar.addWidget(visit_label)
        visit_bar.addWidget(self.visit_choice)
        visit_bar.addWidget(self.new_visit_button)
        visit_bar.addWidget(self.edit_visit_button)
        visit_bar.addWidget(self.void_visit_button)
        visit_bar.addStretch(1)

        self.tabs = DisciplineTabs(self, self)
        self.tabs.unsaved_changed.connect(self._show_title)
        patient_page = QWidget(self)
        patient_layout = QVBoxLayout(patient_page)
        patient_layout.setContentsMargins(4, 8, 8, 8)
        patient_layout.addWidget(self.header)
        patient_layout.addLayout(visit_bar)
        patient_layout.addWidget(self.tabs, 1)

        self.no_patient = QLabel("Choose a patient in the list, or register a new one (Ctrl+N).", self)
        self.no_patient.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_patient.setObjectName("muted")
        self.right = QStackedWidget(self)
        self.right.addWidget(self.no_patient)
        self.right.addWidget(patient_page)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([470, 896])
        self.splitter.setChildrenCollapsible(False)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.unreadable_notice)
        layout.addWidget(self.pages, 1)
        # The record, and the lock screen in front of it when locked (window_session.py).
        self._build_session(central)

        self.database_label = QLabel(self)
        self.database_label.setTextFormat(Qt.TextFormat.PlainText)
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # No stretch: the label keeps to the right, so "Saved …" messages have room on the left.
        self.statusBar().addPermanentWidget(self.database_label)

        self.setTabOrder(self.patient_list.search, self.patient_list.show_deceased)
        self.setTabOrder(self.patient_list.show_deceased, self.patient_list.table)
        self.setTabOrder(self.patient_list.table, new_patient)
        self.setTabOrder(new_patient, clinic_day_button)
        self.setTabOrder(clinic_day_button, self.visit_choice)
        self.setTabOrder(self.visit_choice, self.new_visit_button)
        self.setTabOrder(self.new_visit_button, self.edit_visit_button)
        self.setTabOrder(self.edit_visit_button, self.void_visit_button)
        self.setTabOrder(self.void_visit_button, self.tabs)


    # ------------------------------------------------------------------ database

    def set_database(self, database: Database) -> None:
        """Show `database` (closing the previous one)."""
        if database is not self.database:
            self.database.close()
        self.database = database
        if not database.is_demo:
            self.clinic_url = database.url
        demo = database.is_demo
        self.base_title = f"{APP_NAME} — {DEMO_TITLE}" if demo else f"{APP_NAME} — {database.description}"
        self._show_title()
        self.banner.setText(
            "DEMO clinic — synthetic patients, not real people. Nothing entered here goes into "
            "your clinic's record. File ▸ Open the clinic database to go back.\n"
            + "\n".join(self.demo_lines()) if demo else "")
        self.banner.setVisible(demo)
        self.unreadable_notice.setText(database.unreadable.notice() if database.unreadable else "")
        self.unreadable_notice.setVisible(bool(database.unreadable))
        self.database_label.setText(f"{'DEMO database' if demo else 'Database'}: {database.description}")
        self.welcome.set_database(database.description)
        self.demo_action.setEnabled(not demo)
        self.clinic_action.setVisible(demo and self.clinic_url is not None)
        self.patient = None
        self.reload_patients()
        if self.clinic_day_view is not None:
            self.clinic_day_view.refresh()
        self._refresh_worklist()
        self.read_auto_lock()
        log.info("showing database %s%s", database.description, " (demo)" if demo else "")

    def reload_patients(self, keep: uuid.UUID | None = None) -> None:
        rows = read(self.database, queries.patient_list)
        self.pages.setCurrentWidget(self.splitter if rows else self.welcome)
        self.patient_list.set_rows(rows, keep=keep)

    # ------------------------------------------------------------------ patient and visit

    def show_patient(self, patient_id: uuid.UUID | None, keep_visit: uuid.UUID | None = None) -> None:
        facts, visit_rows = None, []
        if patient_id is not None:
            with self.database.reading() as session:
                facts = queries.patient_facts(session, patient_id, today=self.today)
                if facts is not None:
                    visit_rows = queries.visits_of(session, patient_id)
        if facts is not None and (self.patient is None or self.patient.id != facts.id):
            # Shown anew (not again after a save): the audit's "who opened this record".
            self.record_opened(facts.id)
        self.patient = facts
        self.visit_rows = visit_rows
        self.patient_list.chosen = facts.id if facts else None
        self.header.set_patient(facts)
        self.right.setCurrentIndex(1 if facts else 0)
        self.visit_choice.blockSignals(True)
        self.visit_choice.clear()
        for visit in visit_rows:
            self.visit_choice.addItem(visit.label, visit.id)
        if not visit_rows:
            self.visit_choice.addItem("No visit yet — create one with “New visit…”", None)
        # Compared in Python: findData() compares the stored UUID objects by identity, so an
        # equal id from another query would not be found.
        chosen = next((number for number, visit in enumerate(visit_rows) if visit.id == keep_visit), 0)
        self.visit_choice.setCurrentIndex(chosen)
        self.visit_choice.blockSignals(False)
        self._update_actions()
        self.tabs.set_context(facts, self.current_visit())

    def current_visit(self) -> VisitRow | None:
        visit_id = self.visit_choice.currentData()
        return next((visit for visit in self.visit_rows if visit.id == visit_id), None)

    def _visit_chosen(self, _index: int) -> None:
        visit, shown = self.current_visit(), self.tabs.visit
        if (visit and visit.id) != (shown and shown.id) and not self.may_leave("showing another visit"):
            # Back to the visit the input was typed on, quietly: nothing else changes.
            back = next((n for n, row in enumerate(self.visit_rows) if shown and row.id == shown.id), -1)
            if back >= 0:
                self.visit_choice.blockSignals(True)
                self.visit_choice.setCurrentIndex(back)
                self.visit_choice.blockSignals(False)
            return
        self._update_actions()
        self.tabs.set_context(self.patient, visit)

    def _update_actions(self) -> None:
        if self.locked:
            return  # every action waits for the unlock, which calls this again
        has_patient = self.patient is not None
        has_visit = self.current_visit() is not None
        for widget in (self.new_visit_action, self.new_visit_button, self.edit_patient_action, self.void_patient_action):
            widget.setEnabled(has_patient)
        for widget in (self.edit_visit_action, self.void_visit_action, self.edit_visit_button, self.void_visit_button,
                       self.visit_choice):
            widget.setEnabled(has_visit)

    def record_changed(self) -> None:
        """Read the whole record again: after a save refused as stale, or whenever what
        changed is not known. Shows the same patient and visit as before."""
        patient_id = self.patient.id if self.patient else None
        visit = self.current_visit()
        rows = read(self.database, queries.patient_list)
        self.pages.setCurrentWidget(self.splitter if rows else self.welcome)
        # Reselect quietly, then show the same patient and visit once (not once per signal).
        self.patient_list.blockSignals(True)
        try:
            self.patient_list.set_rows(rows, keep=patient_id)
        finally:
            self.patient_list.blockSignals(False)
        self.show_patient(patient_id, keep_visit=visit.id if visit else None)
        self._refresh_clinic_views()

    def show_changes(self, changes: Changes) -> None:
        """A save went through: read again what it changed, and only that."""
        if changes.nothing:
            return
        if changes.clinic_wide:
            self.read_auto_lock()  # the settings may have changed it
        if changes.clinic_wide or not self._update_list_rows(changes.patients):
            # Settings change every patient's prompts; a patient registered or voided changes
            # the list itself.
            self.record_changed()
            return
        if self.patient is not None and changes.touches(self.patient.id):
            visit = self.current_visit()
            self.show_patient(self.patient.id, keep_visit=visit.id if visit else None)
        self._refresh_clinic_views()

    def _update_list_rows(self, changed: frozenset[uuid.UUID]) -> bool:
        """Show the changed patients' rows as stored now; False when a patient came or went
        (the whole list must then be read again)."""
        if not changed:
            return True
        rows = read(self.database, queries.patient_list, only=changed)
        listed = {patient_id for patient_id in changed if self.patient_list.model.row_of(patient_id) is not None}
        if {row.id for row in rows} != listed:
            return False
        # Quietly: a row moving in the sorted list is not another patient chosen.
        self.patient_list.blockSignals(True)
        try:
            self.patient_list.update_rows(rows)
        finally:
            self.patient_list.blockSignals(False)
        return True

    def _refresh_clinic_views(self) -> None:
        if self.clinic_day_view is not None and self.clinic_day_view.isVisible():
            self.clinic_day_view.refresh()
        self._refresh_worklist()

    def _refresh_worklist(self) -> None:
        # Read again (off the GUI thread) only while someone is looking at it.
        if self.worklist_view is not None and self.worklist_view.isVisible():
            self.worklist_view.refresh()

    def save_current_tab(self) -> bool:
        """Ctrl+S: the visible tab saves what was entered on it (True when something was saved)."""
        if self.patient is None or self.pages.currentWidget() is not self.splitter:
            return False
        tab = self.tabs.tab(self.tabs.current_title())
        if tab.has_unsaved_input():
            # Every form of the tab holding input (the weight box as well as the assessment).
            saved = unsaved.save_all([tab]) is None
        else:
            saved = tab.save_current()
        if saved and not self.statusBar().currentMessage():
            self.statusBar().showMessage(f"{tab.title or 'Tab'} saved.", SAVED_SHOWN_MS)
        return saved

    def step_patient(self, offset: int) -> bool:
        """Show the next (or previous) patient of the list as it is sorted and filtered."""
        if self.pages.currentWidget() is not self.splitter:
            return False
        return self.patient_list.step(offset)

    def open_visit(self, patient_id: uuid.UUID, visit_id: uuid.UUID | None) -> None:
        """Show the patient on that visit (from the clinic day), bringing the window forward."""
        shown, visit = (self.patient and self.patient.id), self.current_visit()
        if visit_id is None and patient_id == shown and self.visit_rows:
            visit_id = self.visit_rows[0].id  # the patient's latest visit, as shown for a patient anew
        elsewhere = patient_id != shown or (visit_id is not None and visit_id != (visit and visit.id))
        if elsewhere and not self.may_leave("opening another patient's visit"):
            self.raise_()
            self.activateWindow()
            return
        self.pages.setCurrentWidget(self.splitter)
        self.patient_list.blockSignals(True)
        try:
            self.patient_list.select(patient_id)
        finally:
            self.patient_list.blockSignals(False)
        self.show_patient(patient_id, keep_visit=visit_id)
        self.raise_()
        self.activateWindow()

    def show_patient_visit(self, patient_id: uuid.UUID, visit_id: uuid.UUID | None = None) -> None:
        """Show the patient (on that visit, else the latest), e.g. from the worklist."""
        self.open_visit(patient_id, visit_id)

    def focus_search(self) -> None:
        if self.pages.currentWidget() is self.splitter:
            self.patient_list.search.setFocus()
            self.patient_list.search.selectAll()


    # ------------------------------------------------------------------ unsaved input

    def patient_label(self) -> str:
        facts = self.patient
        return f"{facts.display_name} ({facts.mrn})" if facts is not None else "this patient"

    def may_leave(self, leaving_for: str) -> bool:
        """Ask Save / Discard / Cancel when a tab holds input not yet saved; True when the
        window may go on (saved or discarded), False to stay (cancelled, or the save refused:
        its tab is shown with the message at the field)."""
        pages = self.tabs.with_unsaved_input()
        if not pages:
            return True
        answer = unsaved.ask(self, pages, self.patient_label(), leaving_for)
        if answer == unsaved.DISCARD:
            unsaved.discard_all(pages)
            return True
        if answer != unsaved.SAVE:
            return False
        refused = unsaved.save_all(pages)
        if refused is not None:
            self.tabs.show_tab(refused.title)
            return False
        return True

    def _patient_chosen(self, patient_id: uuid.UUID | None) -> None:
        """The list chose a patient (click, arrows, Alt+Page Down, a search with one match)."""
        shown = self.patient.id if self.patient else None
        if patient_id != shown and not self.may_leave("showing another patient"):
            self._reselect_shown_patient()
            # A click finishes selecting after this returns: select the shown patient again then.
            QTimer.singleShot(0, self._reselect_shown_patient)
            return
        keep_visit = None
        if patient_id == shown and self.tabs.with_unsaved_input():
            visit = self.current_visit()  # the same patient again: stay on the visit typed on
            keep_visit = visit.id if visit else None
        self.show_patient(patient_id, keep_visit=keep_visit)

    def _reselect_shown_patient(self) -> None:
        self.patient_list.blockSignals(True)
        try:
            self.patient_list.show_current(self.patient.id if self.patient else None)
        finally:
            self.patient_list.blockSignals(False)

    def _show_title(self) -> None:
        if self.locked:
            # No patient and no database in the title of a locked window.
            self.setWindowTitle(SIGNED_OUT_TITLE if self.signed_out else LOCKED_TITLE)
            return
        unsaved_input = bool(self.tabs.with_unsaved_input())
        self.setWindowTitle(self.base_title + (UNSAVED_TITLE if unsaved_input else ""))

    def show_saved(self, what: str, whom: str | None = None) -> str:
        """"Saved weight 68.4 kg for DOE, Jane (MRN-1) at 10:42", in view for a few seconds:
        beside the patient's name and in the status bar."""
        if whom is None and self.patient is not None:
            whom = self.patient_label()
        text = f"Saved {what}" + (f" for {whom}" if whom else "") + f" at {datetime.now():%H:%M}"
        self.header.show_saved(text, SAVED_SHOWN_MS)
        self.statusBar().showMessage(text, SAVED_SHOWN_MS)
        return text

    def closeEvent(self, event: QCloseEvent) -> None:
        # Asked only while the window is on screen (or kept for a member): a window already
        # closed holds nothing to ask about.
        if not self.may_close():
            event.ignore()
            return
        self.session_closed(event)
        # No longer told of saves: the database it would read them from is closed.
        if self.told_of_saves:
            tasks.hub().changed.disconnect(self.show_changes)
            self.told_of_saves = False
        for view in (self.clinic_day_view, self.worklist_view):
            if view is not None:
                view.close()
        self.database.close()
        super().closeEvent(event)


__all__ = ["DEMO_TITLE", "MainWindow", "visit_values"]
