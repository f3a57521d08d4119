"""Disease details on the Neurology tab: onset, diagnosis, genetics and cognition.

These are facts of the patient (not of one visit), saved with services.patients.update_patient,
which refuses the save when someone changed the patient record after it was shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from als_desktop.clinical.timing import months_between
from als_desktop.domain import vocab
from als_desktop.domain.limits import LIMITS
from als_desktop.services import patients
from als_desktop.services.errors import ValidationError

from ..assessment import SectionForms
from ..fields import CodeCombo, Form, NumberField, OptionalDateField, TextField
from ..saving import Outcome, attempt
from ..table import date_text
from .base import DisciplineTab, RecordSession
from .overview import months_text

FIELDS = ("onset_date", "onset_region", "diagnosis_date", "diagnostic_criteria", "c9orf72_status",
          "sod1_status", "other_genetics", "ecas_total", "ecas_date", "ftd")


class DiseaseDetails:
    def __init__(self, tab: DisciplineTab) -> None:
        self.tab = tab
        parent = tab.body
        layout = tab.section("Disease details: onset, diagnosis, genetics and cognition")
        row = QHBoxLayout()
        diagnosis = Form(parent)
        diagnosis.add("onset_date", "Symptom onset", OptionalDateField("Symptom onset date"))
        diagnosis.add("onset_region", "Onset region", CodeCombo("Onset region", vocab.ONSET_REGION))
        diagnosis.add("diagnosis_date", "Diagnosis date", OptionalDateField("Diagnosis date"))
        diagnosis.add("diagnostic_criteria", "Diagnostic criteria",
                      CodeCombo("Diagnostic criteria", vocab.DIAGNOSTIC_CRITERIA))
        self.delay = QLabel(parent)
        self.delay.setAccessibleName("Diagnostic delay (months, onset to diagnosis)")
        diagnosis.layout_.addRow("Diagnostic delay:", self.delay)
        genetics = Form(parent)
        genetics.add("c9orf72_status", "C9orf72", CodeCombo("C9orf72 result", vocab.GENETIC_RESULT))
        genetics.add("sod1_status", "SOD1", CodeCombo("SOD1 result", vocab.GENETIC_RESULT))
        other = genetics.add("other_genetics", "Other genetics", TextField("Other genetic results", max_length=2000))
        other.setPlaceholderText("e.g. FUS negative, TARDBP pending")
        genetics.add("ecas_total", "ECAS total",
                     NumberField("ECAS total", "/ 136", decimals=LIMITS["ecas_total"].decimals))
        genetics.add("ecas_date", "ECAS date", OptionalDateField("ECAS date"))
        genetics.add("ftd", "FTD", CodeCombo("Frontotemporal dementia (FTD)", vocab.YES_NO_UNKNOWN))
        row.addWidget(diagnosis, 1)
        row.addWidget(genetics, 1)
        layout.addLayout(row)
        self.form = SectionForms([diagnosis, genetics], diagnosis.general_error)
        buttons = QHBoxLayout()
        self.state = QLabel(parent)
        self.state.setObjectName("muted")
        self.save_button = QPushButton("Save disease details", parent)
        self.save_button.setAccessibleName("Save disease details")
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        fields = self.form.fields
        for name in ("onset_date", "diagnosis_date"):
            fields[name].date_edit.dateChanged.connect(lambda _date: self._show_delay())
            fields[name].not_recorded.toggled.connect(lambda _checked: self._show_delay())
        self.loaded: dict = {}
        self.shown_patient_id = None
        self.loaded_version = 0
        self.discard_input = False  # set by a save: the next load shows the record as stored

    def load(self) -> None:
        """Show the patient's details. Details typed but not saved for the same patient stay
        in the form when another section of the tab was saved (and the tab reloaded)."""
        patient = self.tab.patient
        keep = patient.id == self.shown_patient_id and not self.discard_input and self.dirty()
        self.discard_input = False
        if keep:
            return
        self.shown_patient_id = patient.id
        self.loaded_version = patient.version  # a save quotes the version the form was filled from
        self.loaded = {name: getattr(patient, name) for name in FIELDS}
        self.form.set_values(self.loaded)
        self.form.clear_errors()
        self._show_delay()
        self.state.setText("Onset and diagnosis dates are also on the patient record (Patient ▸ Edit patient).")

    def discard(self) -> None:
        """Back to the patient's details as stored: what was typed is thrown away."""
        self.form.set_values(self.loaded)
        self.form.clear_errors()
        self._show_delay()

    def summary(self) -> str:
        """One line for the folded section header: onset, diagnosis and the genetics recorded."""
        shown = self.loaded
        parts = [f"onset {date_text(shown.get('onset_date'))}", f"diagnosis {date_text(shown.get('diagnosis_date'))}"]
        for name, label in (("c9orf72_status", "C9orf72"), ("sod1_status", "SOD1")):
            if shown.get(name):
                parts.append(f"{label} {vocab.label(vocab.GENETIC_RESULT, shown[name]).lower()}")
        if shown.get("ecas_total") is not None:
            parts.append(f"ECAS {shown['ecas_total']}/136")
        return " · ".join(parts)

    def _show_delay(self) -> None:
        fields = self.form.fields
        onset, diagnosis = fields["onset_date"].value(), fields["diagnosis_date"].value()
        if onset is None or diagnosis is None:
            self.delay.setText("not recorded (needs onset and diagnosis dates)")
        else:
            self.delay.setText(months_text(months_between(onset, diagnosis)) + " from onset to diagnosis")

    def values(self) -> dict:
        values = self.form.values()
        ecas = values.get("ecas_total")
        if ecas is not None:
            if ecas != int(ecas):
                raise ValidationError({"ecas_total": f"ECAS total is a whole number of points out of 136 (entered {ecas:g})."})
            values["ecas_total"] = int(ecas)
        values["other_genetics"] = values.get("other_genetics") or None
        return values

    def dirty(self) -> bool:
        try:
            return self.values() != self.loaded
        except ValidationError:
            return True

    def save(self) -> Outcome | None:
        patient = self.tab.patient
        if patient is None:
            return None
        host = self.tab.host
        author, version = host.author, self.loaded_version  # the version the form was filled from

        def changed() -> dict:
            return {name: value for name, value in self.values().items() if value != self.loaded.get(name)}

        def work(session: RecordSession, values: dict) -> None:
            patients.update_patient(session, patient.id, version, values, author)

        # Set before saving: the reload that follows the announced save shows the record as stored.
        self.discard_input = True
        outcome = attempt(self.tab, self.form, "Disease details", host.database, work, collect=changed)
        if outcome is Outcome.STALE:
            host.record_changed()
        elif outcome is not Outcome.SAVED or not self.dirty():
            # Refused, or saved and shown as stored already (or nothing was changed): input
            # typed from now on is kept by the next reload.
            self.discard_input = False
        return outcome
