"""The selected patient's key facts, always in view above the tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from als_desktop.domain import vocab
from als_desktop.services.queries import PatientFacts

from .table import date_text
from .widgets import FactGrid, plain

FACTS = ("MRN", "Age", "Sex", "Onset region", "Born", "Symptom onset", "Diagnosis", "Disease duration")


def duration_text(facts: PatientFacts) -> str:
    if facts.disease_duration_months is None:
        return "onset not recorded"
    until = "at death" if facts.deceased else "since onset"
    return f"{facts.disease_duration_months:.1f} months {until}"


class PatientHeader(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientHeader")
        self.name = plain(QLabel(self))
        self.name.setObjectName("patientName")
        self.name.setAccessibleName("Patient name")
        self.deceased = plain(QLabel(self))
        self.deceased.setObjectName("deceased")
        self.deceased.setAccessibleName("Deceased")
        self.facts = FactGrid(FACTS, columns=4, parent=self, wrap=False)
        title_row = QHBoxLayout()
        title_row.addWidget(self.name)
        title_row.addWidget(self.deceased)
        title_row.addStretch(1)
        # The window adds the patient's History… here, at the end of the name line.
        self.title_row = title_row
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(title_row)
        layout.addWidget(self.facts)

    def set_patient(self, facts: PatientFacts | None) -> None:
        if facts is None:
            self.name.setText("")
            self.deceased.hide()
            return
        self.name.setText(facts.display_name)
        self.deceased.setText(f"† Deceased {date_text(facts.date_of_death)}" if facts.deceased else "")
        self.deceased.setVisible(facts.deceased)
        self.facts.set("MRN", facts.mrn)
        self.facts.set("Age", f"{facts.age_years} years" + (" at death" if facts.deceased else ""))
        self.facts.set("Born", date_text(facts.date_of_birth))
        self.facts.set("Sex", vocab.label(vocab.SEX, facts.sex))
        self.facts.set("Onset region", vocab.label(vocab.ONSET_REGION, facts.onset_region))
        self.facts.set("Symptom onset", date_text(facts.onset_date))
        self.facts.set("Diagnosis", date_text(facts.diagnosis_date))
        self.facts.set("Disease duration", duration_text(facts))
