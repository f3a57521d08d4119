"""The main window's menus, the secondary windows they open (clinic day, worklist, team plans
for a day, settings), the Admin menu (administrators only) and the Help menu (mixed into
`MainWindow`)."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence

from als_desktop import APP_NAME, __version__, config
from als_desktop.services import clinic_day
from als_desktop.services.operations import read

from . import messages
from .clinic_day import ClinicDayView


class WindowMenus:
    """Menus and what they open; `self` is the MainWindow."""

    def _action(self, menu, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
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
        self.quit_action = self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        if "Ctrl+Q" not in self.quit_action.shortcut().toString():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # platforms whose Quit has no key
        # From any of the program's windows (worklist, clinic day), as on every desktop; the
        # window asks first about input not yet saved.
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

        patient_menu = bar.addMenu("&Patient")
        self.new_visit_action = self._action(patient_menu, "New &visit…", self.new_visit, "Ctrl+Shift+V")
        self.edit_visit_action = self._action(patient_menu, "Edit visit…", self.edit_visit)
        self.void_visit_action = self._action(patient_menu, "Void visit…", self.void_visit)
        patient_menu.addSeparator()
        self.edit_patient_action = self._action(patient_menu, "&Edit patient…", self.edit_patient, "Ctrl+E")
        self.void_patient_action = self._action(patient_menu, "V&oid patient…", self.void_patient)
        self.who_opened_action = self._action(patient_menu, "W&ho opened this record…", self.show_who_opened)
        self.header.who_opened_asked.connect(self.show_who_opened)
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

        # Shown to administrators only (`update_admin_menu` follows the person signed in); the
        # use cases refuse anyone else as well.
        self.admin_menu = bar.addMenu("&Admin")
        self.accounts_action = self._action(self.admin_menu, "&Accounts…", self.open_accounts)
        self.audit_log_action = self._action(self.admin_menu, "Audit &log…", self.open_audit_log)
        self.update_admin_menu()

        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts,
                                             QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&About ALS Clinic Desktop", self.about)
        self._action(help_menu, "Open &log folder", self.open_log_folder)


    # ------------------------------------------------------------------ secondary windows

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

    def open_worklist(self):
        # Imported when asked for: the worklist reads the whole clinic, start-up does not need it.
        from als_desktop.views.worklist import open_worklist

        self.worklist_view = open_worklist(self)
        return self.worklist_view

    def open_clinic_day_reports(self):
        # Imported when asked for, like the worklist: reportlab and the plots load only then.
        from als_desktop.views.clinic_day_reports import open_clinic_day_reports

        return open_clinic_day_reports(self)

    def open_settings(self):
        from als_desktop.views.settings_dialog import open_settings

        return open_settings(self)

    def show_who_opened(self):
        from .who_opened import open_who_opened

        return open_who_opened(self)

    # ------------------------------------------------------------------ admin

    def update_admin_menu(self) -> None:
        """Show the Admin menu to an administrator only; call again when another person signs in."""
        administrator = self.user.is_administrator
        self.admin_menu.menuAction().setVisible(administrator)
        for action in (self.accounts_action, self.audit_log_action):
            action.setEnabled(administrator)

    def open_accounts(self):
        from .accounts_dialog import open_accounts

        return open_accounts(self)

    def open_audit_log(self):
        from .audit_log import open_audit_log

        return open_audit_log(self)

    # ------------------------------------------------------------------ help

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do), as the Help menu lists them; the actions' own keys, so the
        list cannot drift from what the window does."""
        actions = (self.new_patient_action, self.new_visit_action, self.save_action, self.edit_patient_action,
                   self.find_action, self.next_patient_action, self.previous_patient_action,
                   self.clinic_day_action, self.worklist_action, self.lock_action, self.shortcuts_action, self.quit_action)
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
            ("Ctrl+W (worklist, clinic day)", "Close that window"),
            ("Esc (dialogs)", "Close the dialog (asks first when something was typed)"),
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
