"""The window's record actions: register, edit and void patients and visits, each in a
window-modal dialog that saves through the use cases (mixed into `MainWindow`)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from als_desktop.services import patients, queries, visits
from als_desktop.services.operations import read

from .dialogs import PatientDialog, VisitDialog, VoidDialog
from .saving import Outcome
from .tabs.base import RecordSession
from .unsaved import guard_dialog


class RecordActions:
    """Patient and visit dialogs; `self` is the MainWindow."""

    def open_dialog(self, dialog: QDialog) -> None:
        """Show `dialog` window-modal without blocking; `current_dialog` holds it while open."""
        self.current_dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if callable(getattr(dialog, "save", None)):
            guard_dialog(dialog)  # Esc or the close button ask before dropping what was typed
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
        # Said once the new patient is shown, naming them (not the patient shown before).
        dialog.setProperty("announcesSaved", False)
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
        self.show_saved("new patient")

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


def visit_values(values: dict) -> dict:
    """The visit form's values as the record keeps them: an empty text is "not recorded"."""
    return {**values, "clinicians": values["clinicians"] or None, "notes": values["notes"] or None}

