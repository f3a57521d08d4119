"""Dialogs for patients, visits, single values and voiding.

Each dialog only collects input: the window hands it a `save(session, values)` function that
calls the use cases inside the one transaction services open for it (it never touches a
widget: the form's values are read before). The dialog stays open (with the input) until that
save succeeds. Dialogs are opened with `open()`, never `exec()`, so the window (and its tests)
keep running.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from als_desktop.domain import vocab
from als_desktop.domain.limits import LIMITS

from .fields import (
    CodeCombo,
    DateField,
    Form,
    NumberField,
    OptionalDateField,
    TextField,
)
from .saving import Outcome, attempt

# save(session, values): the use cases of the save, run inside its transaction.
SaveFunction = Callable[[Any, dict], object]


def database_of(widget: QWidget | None) -> Any:
    """The database of the window `widget` is in: its own, its tab host's, or a parent's."""
    while widget is not None:
        for owner in (widget, getattr(widget, "host", None)):
            database = getattr(owner, "database", None)
            if database is not None:
                return database
        widget = widget.parentWidget()
    raise LookupError("a dialog that saves must be opened from a window showing a database")


class FormDialog(QDialog):
    """A form with Save and Cancel; Save runs the window's save function on the form's values."""

    def __init__(self, parent: QWidget | None, title: str, save: SaveFunction, what: str,
                 intro: str = "", save_label: str = "Save", database: Any = None) -> None:
        super().__init__(parent)
        # Found through the parent when not given (the window, or a tab's host).
        self.database = database
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.save_function = save
        self.what = what
        self.outcome: Outcome | None = None
        self.form = Form(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_label)
        self.save_button.setAccessibleName(save_label)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro, self)
            intro_label.setTextFormat(Qt.TextFormat.PlainText)  # may name the patient
            intro_label.setWordWrap(True)
            layout.addWidget(intro_label)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def save(self) -> Outcome:
        """Try to save; close only when it worked (or the record changed underneath)."""
        database = self.database if self.database is not None else database_of(self.parentWidget())
        self.outcome = attempt(self, self.form, self.what, database, self.save_function, collect=self.form.values)
        if self.outcome is Outcome.INVALID:
            self.adjustSize()  # grow to show every message in full
        elif self.outcome is Outcome.SAVED:
            self.accept()
        elif self.outcome is Outcome.STALE:
            self.reject()
        return self.outcome


class PatientDialog(FormDialog):
    def __init__(self, parent: QWidget | None, save: SaveFunction, values: dict | None = None) -> None:
        editing = values is not None
        super().__init__(
            parent, "Edit patient" if editing else "New patient", save, "Patient",
            intro="" if editing else "Register a patient. Dates that are not known yet can be "
                                     "left as “Not recorded” and added later.",
            save_label="Save changes" if editing else "Register patient",
        )
        form = self.form
        form.add("mrn", "MRN", TextField("MRN", max_length=40))
        form.add("given_name", "Given name", TextField("Given name"))
        form.add("family_name", "Family name", TextField("Family name"))
        form.add("date_of_birth", "Date of birth", DateField("Date of birth", blank=True, calendar_years_back=60))
        sex = form.add("sex", "Sex", CodeCombo("Sex", vocab.SEX, optional=False))
        sex.set_value("unknown")
        form.add("height_cm", "Height", NumberField("Height", "cm", decimals=LIMITS["height_cm"].decimals))
        form.add("premorbid_weight_kg", "Premorbid weight",
                 NumberField("Premorbid weight", "kg", decimals=LIMITS["premorbid_weight_kg"].decimals))
        form.add("onset_date", "Symptom onset", OptionalDateField("Symptom onset date"))
        form.add("onset_region", "Onset region", CodeCombo("Onset region", vocab.ONSET_REGION))
        form.add("diagnosis_date", "Diagnosis date", OptionalDateField("Diagnosis date"))
        form.add("diagnostic_criteria", "Diagnostic criteria",
                 CodeCombo("Diagnostic criteria", vocab.DIAGNOSTIC_CRITERIA))
        if values:
            form.set_values(values)
        self.setMinimumWidth(520)


class SiteField(QComboBox):
    """Main clinic or an outreach site: pick one used before or type a new one."""

    def __init__(self, known_sites: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("Site (main clinic or outreach site)")
        self.addItem(vocab.SITE_MAIN)
        self.addItems(known_sites)
        self.lineEdit().setPlaceholderText("Main clinic, or type the outreach site")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def value(self) -> str:
        return self.currentText().strip()

    def set_value(self, value: str | None) -> None:
        self.setCurrentText(value or vocab.SITE_MAIN)


class VisitDialog(FormDialog):
    def __init__(self, parent: QWidget | None, save: SaveFunction, patient_name: str,
                 known_sites: list[str], values: dict | None = None) -> None:
        editing = values is not None
        super().__init__(
            parent, f"{'Edit' if editing else 'New'} visit — {patient_name}", save, "Visit",
            intro="Site: keep “Main clinic”, or type the name of the outreach site (sites used "
                  "before are in the list).",
            save_label="Save changes" if editing else "Create visit",
        )
        self.form.add("visit_date", "Visit date", DateField("Visit date"))
        self.form.add("site", "Site", SiteField(known_sites))
        clinicians = self.form.add("clinicians", "Clinicians", TextField("Clinicians", max_length=500))
        clinicians.setPlaceholderText("e.g. Dr Lee (neurology), J. Park (SLP)")
        self.form.add("notes", "Notes", TextField("Visit notes", max_length=2000))
        if values:
            self.form.set_values(values)
        self.setMinimumWidth(480)


class ValueDialog(FormDialog):
    """Correct one stored number (weight, FVC)."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, field: str, label: str,
                 unit: str, value: float | None, context: str) -> None:
        super().__init__(parent, f"Correct {label.lower()}", save, label, intro=context,
                         save_label="Save correction")
        widget = self.form.add(field, label, NumberField(label, unit, decimals=LIMITS[field].decimals))
        widget.set_value(value)
        self.setMinimumWidth(420)


class VoidDialog(FormDialog):
    """Void a record: it stays in the record, marked with who, when and why."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, what: str, description: str) -> None:
        super().__init__(
            parent, f"Void {what}", save, what.capitalize(),
            intro=f"{description}\n\nVoiding keeps the entry in the record, marked as voided with "
                  "your name, the time and the reason. A reason is required.",
            save_label="Void",
        )
        reason = self.form.add("void_reason", "Reason", TextField("Reason for voiding", max_length=500))
        reason.setPlaceholderText("e.g. entered on the wrong patient")
        self.setMinimumWidth(460)
