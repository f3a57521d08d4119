"""The main window: patient list on the left; header, visit selector and tabs on the right.

Every save is announced with what it changed (`tasks.hub().changed`); the window then reads
again only that: the shown patient when it is theirs, the list rows of the patients changed,
and the whole clinic list only when a patient came or went or the change is clinic-wide.
"""

from __future__ import annotations

import html
import logging
import uuid
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from als_desktop import APP_NAME, __version__, config
from als_desktop.db import Database, DatabaseProblem, open_database
from als_desktop.services import clinic_day, patients, queries, visits
from als_desktop.services.changes import Changes
from als_desktop.services.operations import read
from als_desktop.services.queries import PatientFacts, VisitRow

from . import messages, tasks
from .clinic_day import ClinicDayView
from .dialogs import PatientDialog, VisitDialog, VoidDialog
from .history_dialog import patient_history_button
from .patient_header import PatientHeader
from .patient_list import PatientListPanel
from .resources import icon
from .saving import Outcome
from .tabs import TAB_ORDER, DisciplineTab, build_tab
from .tabs.base import RecordSession
from .welcome import WelcomePanel

log = logging.getLogger(__name__)

# Synthetic patients put in the demo clinic the first time it is opened.
DEMO_PATIENTS = 120
DEMO_TITLE = "DEMO clinic (synthetic patients)"


class DisciplineTabs(QTabWidget):
    """The tabs; each is built the first time it is shown and reloaded only when visible."""

    def __init__(self, host: MainWindow) -> None:
        super().__init__(host)
        self.host = host
        self.patient: PatientFacts | None = None
        self.visit: VisitRow | None = None
        self.built: dict[str, DisciplineTab] = {}
        self.stale: set[str] = set()
        self.pages: dict[str, QWidget] = {}
        self.specs = {title: (module, name) for title, module, name in TAB_ORDER}
        for title, _module, _name in TAB_ORDER:
            page = QWidget(self)
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self.pages[title] = page
            self.addTab(page, title)
        self.currentChanged.connect(lambda _index: self._show_current())

    def tab(self, title: str) -> DisciplineTab:
        """The tab called `title`, built now if it was not yet."""
        if title not in self.built:
            module, name = self.specs[title]
            tab = build_tab(module, name, self.host)
            self.pages[title].layout().addWidget(tab)
            tab.show()  # visible at once, not only after the next round of events
            self.built[title] = tab
            self.stale.add(title)
        return self.built[title]

    def show_tab(self, title: str) -> DisciplineTab:
        self.setCurrentIndex(list(self.specs).index(title))
        self._show_current()
        return self.built[title]

    def set_context(self, patient: PatientFacts | None, visit: VisitRow | None) -> None:
        self.patient, self.visit = patient, visit
        self.stale = set(self.built)
        self._show_current()

    def _show_current(self) -> None:
        title = self.tabText(self.currentIndex())
        if not title:
            return
        tab = self.tab(title)
        if title in self.stale:
            tab.set_patient(self.patient)
            tab.set_visit(self.visit)
            tab.refresh()
            self.stale.discard(title)


class MainWindow(QMainWindow):
    """The clinic's window on one database; `set_database` switches to another."""

    dialog_opened = Signal(QDialog)

    def __init__(self, database: Database, *, author: str | None = None, today: date | None = None) -> None:
        super().__init__()
        self.database = database
        self.author = author or config.current_user()
        self.today = today
        self.clinic_url = None if database.is_demo else database.url
        self.current_dialog: QDialog | None = None
        self.clinic_day_view: ClinicDayView | None = None
        self.worklist_view = None  # views.worklist.WorklistView once opened (imported lazily)
        self.patient: PatientFacts | None = None
        self.visit_rows: list[VisitRow] = []
        self.setWindowIcon(icon("als-desktop"))
        self.resize(1366, 768)
        self._build()
        self._build_menus()
        self.set_database(database)
        tasks.hub().changed.connect(self.show_changes)
        self.told_of_saves = True

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.banner = QLabel(self)
        self.banner.setObjectName("demoBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.setText(
            "DEMO clinic — synthetic patients, not real people. Nothing entered here goes into "
            "your clinic's record. File ▸ Open the clinic database to go back."
        )

        self.welcome = WelcomePanel(self)
        self.welcome.new_patient.connect(self.new_patient)
        self.welcome.open_demo.connect(self.open_demo)

        self.patient_list = PatientListPanel(self)
        self.patient_list.patient_selected.connect(self.show_patient)
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

        self.tabs = DisciplineTabs(self)
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
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel(self)
        self.database_label.setTextFormat(Qt.TextFormat.PlainText)
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.database_label, 1)

        self.setTabOrder(self.patient_list.search, self.patient_list.table)
        self.setTabOrder(self.patient_list.table, new_patient)
        self.setTabOrder(new_patient, clinic_day_button)
        self.setTabOrder(clinic_day_button, self.visit_choice)
        self.setTabOrder(self.visit_choice, self.new_visit_button)
        self.setTabOrder(self.new_visit_button, self.edit_visit_button)
        self.setTabOrder(self.edit_visit_button, self.void_visit_button)
        self.setTabOrder(self.void_visit_button, self.tabs)

    def _action(self, menu, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_patient_action = self._action(file_menu, "&New patient…", self.new_patient, QKeySequence.StandardKey.New)
        file_menu.addSeparator()
        self._action(file_menu, "&Open database…", self.choose_database, QKeySequence.StandardKey.Open)
        self.demo_action = self._action(file_menu, "Open the &demo clinic", self.open_demo)
        self.clinic_action = self._action(file_menu, "Open the &clinic database", self.open_clinic)
        file_menu.addSeparator()
        self.clinic_day_action = self._action(file_menu, "Clinic &day…", self.open_clinic_day, "Ctrl+Shift+D")
        from .import_dialog import open_import_dialog

        self.import_action = self._action(file_menu, "&Import patient record…", lambda: open_import_dialog(self))
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        patient_menu = bar.addMenu("&Patient")
        self.new_visit_action = self._action(patient_menu, "New &visit…", self.new_visit, "Ctrl+Shift+V")
        self.edit_visit_action = self._action(patient_menu, "Edit visit…", self.edit_visit)
        self.void_visit_action = self._action(patient_menu, "Void visit…", self.void_visit)
        patient_menu.addSeparator()
        self.edit_patient_action = self._action(patient_menu, "&Edit patient…", self.edit_patient, "Ctrl+E")
        self.void_patient_action = self._action(patient_menu, "V&oid patient…", self.void_patient)
        self.save_action = self._action(patient_menu, "&Save this tab", self.save_current_tab, QKeySequence.StandardKey.Save)
        patient_menu.addSeparator()
        self.find_action = self._action(patient_menu, "Find patient", self.focus_search, QKeySequence.StandardKey.Find)
        # Alt+Page Down/Up: Ctrl+Page Down/Up and Ctrl+Tab switch tabs, Alt+Down opens a list.
        self.next_patient_action = self._action(patient_menu, "Ne&xt patient in the list",
                                                lambda: self.step_patient(1), "Alt+PgDown")
        self.previous_patient_action = self._action(patient_menu, "P&revious patient in the list",
                                                    lambda: self.step_patient(-1), "Alt+PgUp")

        clinic_menu = bar.addMenu("&Clinic")
        self.worklist_action = self._action(clinic_menu, "&Worklist…", self.open_worklist, "Ctrl+Shift+W")
        self.team_plans_action = self._action(clinic_menu, "&Team plans for a clinic day…", self.open_clinic_day_reports)
        self.settings_action = self._action(clinic_menu, "&Settings…", self.open_settings)

        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts,
                                             QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&About ALS Clinic Desktop", self.about)
        self._action(help_menu, "Open &log folder", self.open_log_folder)

    # ------------------------------------------------------------------ database

    def set_database(self, database: Database) -> None:
        """Show `database` (closing the previous one)."""
        if database is not self.database:
            self.database.close()
        self.database = database
        if not database.is_demo:
            self.clinic_url = database.url
        demo = database.is_demo
        self.setWindowTitle(f"{APP_NAME} — {DEMO_TITLE}" if demo else f"{APP_NAME} — {database.description}")
        self.banner.setVisible(demo)
        self.database_label.setText(f"{'DEMO database' if demo else 'Database'}: {database.description}")
        self.welcome.set_database(database.description)
        self.demo_action.setEnabled(not demo)
        self.clinic_action.setVisible(demo and self.clinic_url is not None)
        self.patient = None
        self.reload_patients()
        if self.clinic_day_view is not None:
            self.clinic_day_view.refresh()
        self._refresh_worklist()
        log.info("showing database %s%s", database.description, " (demo)" if demo else "")

    def reload_patients(self, keep: uuid.UUID | None = None) -> None:
        rows = read(self.database, queries.patient_list)
        self.pages.setCurrentWidget(self.splitter if rows else self.welcome)
        self.patient_list.set_rows(rows, keep=keep)

    def choose_database(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open database", str(config.paths().data), "ALS Clinic Desktop database (*.sqlite *.db);;All files (*)"
        )
        if path:
            self.open_url(config.sqlite_url(Path(path)), create=False)

    def open_url(self, url: str, *, create: bool = False, is_demo: bool = False) -> Database | None:
        try:
            database = open_database(url, create=create, backups=config.paths().backups, is_demo=is_demo)
        except DatabaseProblem as problem:
            messages.show(self, messages.WARNING, "Database not opened", problem.what,
                          detail=f"{problem.advice}\n\nThe database you had open is still open.")
            return None
        self.set_database(database)
        return database

    def open_clinic(self) -> None:
        if self.clinic_url:
            self.open_url(self.clinic_url, create=True)

    def open_demo(self) -> Database | None:
        """Open the separate demo database, filling it with synthetic patients the first time."""
        path = config.paths().demo_database
        try:
            database = open_database(config.sqlite_url(path), backups=config.paths().backups, is_demo=True)
        except DatabaseProblem as problem:
            messages.show(self, messages.WARNING, "Demo clinic not opened", problem.what, detail=problem.advice)
            return None
        try:
            with database.reading() as session:
                empty = queries.patient_count(session) == 0
            if empty:
                self._populate_demo(database)
        except ImportError:
            database.close()
            messages.warn(self, "Demo clinic not available",
                          "This installation does not include the demo data generator.")
            return None
        except DatabaseProblem as problem:
            database.close()
            messages.show(self, messages.WARNING, "Demo clinic not filled", problem.what, detail=problem.advice)
            return None
        self.set_database(database)
        return database

    def _populate_demo(self, database: Database) -> None:
        from als_desktop.services import demo

        self.statusBar().showMessage("Creating the demo clinic's synthetic patients…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo.populate(database, patients=DEMO_PATIENTS, seed=1)
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()

    # ------------------------------------------------------------------ patient and visit

    def show_patient(self, patient_id: uuid.UUID | None, keep_visit: uuid.UUID | None = None) -> None:
        facts, visit_rows = None, []
        if patient_id is not None:
            with self.database.reading() as session:
                facts = queries.patient_facts(session, patient_id, today=self.today)
                if facts is not None:
                    visit_rows = queries.visits_of(session, patient_id)
        self.patient = facts
        self.visit_rows = visit_rows
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
        self._update_actions()
        self.tabs.set_context(self.patient, self.current_visit())

    def _update_actions(self) -> None:
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
        tab = self.tabs.tab(self.tabs.tabText(self.tabs.currentIndex()))
        saved = tab.save_current()
        if saved:
            self.statusBar().showMessage(f"{tab.title or 'Tab'} saved.", 5000)
        return saved

    def step_patient(self, offset: int) -> bool:
        """Show the next (or previous) patient of the list as it is sorted and filtered."""
        if self.pages.currentWidget() is not self.splitter:
            return False
        return self.patient_list.step(offset)

    def open_clinic_day(self) -> ClinicDayView:
        """Show the clinic-day window (one per main window), on today's date the first time."""
        if self.clinic_day_view is None:
            self.clinic_day_view = ClinicDayView(self._load_clinic_day, self.today or date.today(), self)
            self.clinic_day_view.open_visit.connect(self.open_visit)
        else:
            self.clinic_day_view.refresh()
        self.clinic_day_view.show()
        self.clinic_day_view.raise_()
        self.clinic_day_view.activateWindow()
        return self.clinic_day_view

    def _load_clinic_day(self, day: date, site: str | None) -> clinic_day.ClinicDay:
        return read(self.database, clinic_day.clinic_day, day, site)

    def open_visit(self, patient_id: uuid.UUID, visit_id: uuid.UUID | None) -> None:
        """Show the patient on that visit (from the clinic day), bringing the window forward."""
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

    def open_worklist(self):  # noqa: ANN201
        # Imported when asked for: the worklist reads the whole clinic, start-up does not need it.
        from als_desktop.views.worklist import open_worklist

        self.worklist_view = open_worklist(self)
        return self.worklist_view

    def open_clinic_day_reports(self):  # noqa: ANN201
        # Imported when asked for, like the worklist: reportlab and the plots load only then.
        from als_desktop.views.clinic_day_reports import open_clinic_day_reports

        return open_clinic_day_reports(self)

    def open_settings(self):  # noqa: ANN201
        from als_desktop.views.settings_dialog import open_settings

        return open_settings(self)

    def focus_search(self) -> None:
        if self.pages.currentWidget() is self.splitter:
            self.patient_list.search.setFocus()
            self.patient_list.search.selectAll()

    # ------------------------------------------------------------------ dialogs

    def open_dialog(self, dialog: QDialog) -> None:
        """Show `dialog` window-modal without blocking; `current_dialog` holds it while open."""
        self.current_dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.current_dialog is dialog:
            self.current_dialog = None
        # A save that went through was announced and shown; one refused because the record
        # changed meanwhile was not: show the record as it now is.
        if getattr(dialog, "outcome", None) is Outcome.STALE:
            self.record_changed()

    def new_patient(self) -> PatientDialog:
        created: list[uuid.UUID] = []
        author, today = self.author, self.today

        def save(session: RecordSession, values: dict) -> None:
            created.append(patients.create_patient(session, values, author, today=today).id)

        dialog = PatientDialog(self, save)
        dialog.accepted.connect(lambda: self._patient_saved(created[-1]))
        self.open_dialog(dialog)
        return dialog

    def _patient_saved(self, patient_id: uuid.UUID) -> None:
        self.patient_list.search.clear()
        if self.patient_list.model.row_of(patient_id) is None:
            self.patient = None
            self.reload_patients(keep=patient_id)
        else:  # listed already, when the list was read again on the save's announcement
            self.open_visit(patient_id, None)
        self.statusBar().showMessage("Patient saved.", 5000)

    def edit_patient(self) -> PatientDialog | None:
        facts = self.patient
        if facts is None:
            return None
        author, today = self.author, self.today

        def save(session: RecordSession, values: dict) -> None:
            patients.update_patient(session, facts.id, facts.version, values, author, today=today)

        dialog = PatientDialog(self, save, values=facts.form_values())
        self.open_dialog(dialog)
        return dialog

    def void_patient(self) -> VoidDialog | None:
        facts = self.patient
        if facts is None:
            return None
        author = self.author

        def save(session: RecordSession, values: dict) -> None:
            patients.void_patient(session, facts.id, facts.version, values["void_reason"], author)

        dialog = VoidDialog(self, save, "patient record",
                            f"{facts.display_name}, MRN {facts.mrn}: the patient will no longer be listed.")
        self.open_dialog(dialog)
        return dialog

    def new_visit(self) -> VisitDialog | None:
        facts = self.patient
        if facts is None:
            return None
        created: list[uuid.UUID] = []
        author, today = self.author, self.today

        def save(session: RecordSession, values: dict) -> None:
            created.append(visits.create_visit(session, facts.id, visit_values(values), author, today=today).id)

        sites = read(self.database, queries.visit_sites)
        dialog = VisitDialog(self, save, facts.display_name, sites)
        dialog.accepted.connect(lambda: self._visit_saved(facts.id, created[-1]))
        self.open_dialog(dialog)
        return dialog

    def _visit_saved(self, patient_id: uuid.UUID, visit_id: uuid.UUID) -> None:
        # The new visit is the one to record on (the announcement kept the visit chosen before).
        if self.patient is not None and self.patient.id == patient_id:
            self.show_patient(patient_id, keep_visit=visit_id)

    def edit_visit(self) -> VisitDialog | None:
        visit = self.current_visit()
        if self.patient is None or visit is None:
            return None
        author, today = self.author, self.today

        def save(session: RecordSession, values: dict) -> None:
            visits.update_visit(session, visit.id, visit.version, visit_values(values), author, today=today)

        sites = read(self.database, queries.visit_sites)
        dialog = VisitDialog(self, save, self.patient.display_name, sites, values={
            "visit_date": visit.visit_date, "site": visit.site,
            "clinicians": visit.clinicians, "notes": visit.notes,
        })
        self.open_dialog(dialog)
        return dialog

    def void_visit(self) -> VoidDialog | None:
        visit = self.current_visit()
        if self.patient is None or visit is None:
            return None
        author = self.author

        def save(session: RecordSession, values: dict) -> None:
            visits.void_visit(session, visit.id, visit.version, values["void_reason"], author)

        dialog = VoidDialog(self, save, "visit",
                            f"Visit of {visit.label} for {self.patient.display_name}: the visit and what "
                            "was recorded on it will no longer be shown.")
        self.open_dialog(dialog)
        return dialog

    # ------------------------------------------------------------------ help

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do), as the Help menu lists them; the actions' own keys, so the
        list cannot drift from what the window does."""
        actions = (self.new_patient_action, self.new_visit_action, self.save_action, self.edit_patient_action,
                   self.find_action, self.next_patient_action, self.previous_patient_action,
                   self.clinic_day_action, self.worklist_action, self.shortcuts_action)
        listed = [
            (action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
             action.text().replace("&", "").rstrip("…"))
            for action in actions
        ]
        return [
            *listed,
            ("Ctrl+Tab / Ctrl+Shift+Tab", "Next / previous tab"),
            ("Up / Down (patient list)", "Choose a patient"),
            ("0 to 4 (ALSFRS-R form)", "Score the item and move to the next"),
            ("Alt + underlined letter", "Go to that field or button"),
            ("Enter (clinic day)", "Open the selected patient on that visit"),
            ("F5 (clinic day)", "Refresh the clinic day"),
        ]

    def show_shortcuts(self) -> None:
        # A table so the keys line up (the message box shows rich text as such).
        rows = "".join(f"<tr><td><b>{html.escape(keys)}</b>&nbsp;&nbsp;</td><td>{html.escape(what)}</td></tr>"
                       for keys, what in self.shortcuts())
        messages.inform(self, "Keyboard shortcuts", "Keyboard shortcuts of ALS Clinic Desktop",
                        detail=f"<table>{rows}</table>")

    def about(self) -> None:
        messages.inform(
            self, f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nOne shared record for a multidisciplinary ALS clinic.",
            detail=f"Database: {self.database.description}"
                   f"{' (demo clinic, synthetic patients)' if self.database.is_demo else ''}\n"
                   f"Log file: {config.paths().log_file}",
        )

    def open_log_folder(self) -> None:
        folder = config.paths().logs
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            messages.inform(self, "Log folder", f"The log files are in {folder}")

    def closeEvent(self, event: QCloseEvent) -> None:
        # No longer told of saves: the database it would read them from is closed.
        if self.told_of_saves:
            tasks.hub().changed.disconnect(self.show_changes)
            self.told_of_saves = False
        if self.clinic_day_view is not None:
            self.clinic_day_view.close()
        self.database.close()
        super().closeEvent(event)


def visit_values(values: dict) -> dict:
    """The visit form's values as the record keeps them: an empty text is "not recorded"."""
    return {**values, "clinicians": values["clinicians"] or None, "notes": values["notes"] or None}


__all__ = ["DEMO_TITLE", "MainWindow"]
