"""The selected patient's key facts, always in view above the tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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
    # "Who opened…" was pressed: the window shows who opened the record shown.
    who_opened_asked = Signal()

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
        # "Saved weight 68.4 kg for … at 10:42": on the name line, in view whatever the tab shows
        # and wherever it is scrolled, for a few seconds after each save.
        self.saved_note = plain(QLabel(self))
        self.saved_note.setObjectName("savedNote")
        self.saved_note.setAccessibleName("Saved")
        self.saved_note.setStyleSheet("QLabel#savedNote { color: #1b5e20; background: #e6f4ea;"
                                      " border: 1px solid #a5d6a7; border-radius: 3px; padding: 1px 6px; }")
        self.saved_note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.saved_note.hide()
        self.saved_timer = QTimer(self)
        self.saved_timer.setSingleShot(True)
        self.saved_timer.timeout.connect(self.saved_note.hide)
        self.shown_id = None
        # Any clinic member may ask who looked at this record (read-only, from the audit trail).
        self.who_opened_button = QPushButton("Who opened…", self)
        self.who_opened_button.setAccessibleName("Who opened this record")
        self.who_opened_button.setToolTip("Who opened this patient's record, when, and on which workstation")
        self.who_opened_button.clicked.connect(lambda _checked=False: self.who_opened_asked.emit())
        title_row = QHBoxLayout()
        title_row.addWidget(self.name)
        title_row.addWidget(self.deceased)
        title_row.addStretch(1)
        title_row.addWidget(self.saved_note)
        title_row.addWidget(self.who_opened_button)
        # The window adds the patient's History… here, at the end of the name line.
        self.title_row = title_row
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(title_row)
        layout.addWidget(self.facts)

    def show_saved(self, text: str, milliseconds: int) -> None:
        self.saved_note.setText(text)
        self.saved_note.show()
        self.saved_timer.start(milliseconds)

    def set_patient(self, facts: PatientFacts | None) -> None:
        if (facts.id if facts else None) != self.shown_id:
            # What was saved for the patient shown before is not said beside another's name.
            self.saved_timer.stop()
            self.saved_note.hide()
        self.shown_id = facts.id if facts else None
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
