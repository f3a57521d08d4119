"""Nutrition: weight on the visit with BMI and weight loss, and the dietitian's assessment.

A gastrostomy marked "placed" asks its type and date; `services.nutrition.save_nutrition`
records it as a gastrostomy intervention in the same transaction as the assessment.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout

from als_desktop.domain import vocab
from als_desktop.services import nutrition, queries, queries_nutrition
from als_desktop.services.nutrition import (
    GASTROSTOMY_PLACED_ON,
    GASTROSTOMY_TYPE,
    PLACED,
)
from als_desktop.services.queries_assessment import VisitRecordRow

from ..assessment import (
    Section,
    VisitAssessment,
    choice,
    note,
    optional_date,
    text,
    yes_no,
)
from ..table import date_text, number_text
from .base import DisciplineTab, RecordSession, TabHost
from .layout import explain_headings, short_histories, side_by_side
from .measurement import MeasurementSection, MeasureSpec

WEIGHT = MeasureSpec(
    field="weight_kg", label="Weight", unit="kg", noun="weight", what="weight",
    record=nutrition.record_weight, correct=nutrition.correct_weight, void=nutrition.void_weight,
    load=queries.weights_of,
)

SECTIONS = (
    # The gastrostomy first: it is what the team most often looks for in the history.
    Section("Gastrostomy", (
        choice("gastrostomy_status", "Gastrostomy status", vocab.GASTROSTOMY_STATUS, heading="Gastrostomy"),
        choice(GASTROSTOMY_TYPE, "Gastrostomy type", vocab.GASTROSTOMY_TYPE, stored=False),
        optional_date(GASTROSTOMY_PLACED_ON, "Date placed", stored=False),
    )),
    Section("Diet and supplements", (
        yes_no("oral_supplements", "Oral supplements (ONS)", heading="Supplements"),
        text("oral_supplements_detail", "Supplement detail", heading="Supplement detail"),
        note("texture_advice", "Texture advice", in_history=True),
        note("meal_advice", "Meal advice", in_history=True),
    )),
    Section("Notes", (
        note("notes", "Notes"),
    )),
)


class NutritionTab(DisciplineTab):
    title = "Nutrition"
    discipline = "nutrition"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.weight = MeasurementSection(self, WEIGHT)
        self.gastrostomy: queries_nutrition.Gastrostomy | None = None
        lines = self.weight.entry_layout
        self.height = self._line("Height", lines)
        self.bmi = self._line("BMI", lines)
        self.weight_loss = self._line("Weight loss", lines)
        edit = getattr(host, "edit_patient", None)
        if edit is not None:
            self.edit_patient_button = QPushButton("Edit height or premorbid weight…", self.body)
            self.edit_patient_button.setAccessibleName("Edit height or premorbid weight (patient record)")
            self.edit_patient_button.clicked.connect(lambda: edit())
            lines.addWidget(self.edit_patient_button, 0, Qt.AlignmentFlag.AlignLeft)

        # The gastrostomy as shown goes with the save: one recorded meanwhile is not recorded twice.
        self.assessment = VisitAssessment(self, "nutrition", SECTIONS, nutrition.save_nutrition,
                                          seen=lambda: {"gastrostomy_seen": self.gastrostomy},
                                          load_extra=self._gastrostomy_values)
        self.in_place = self.assessment.add_line("Gastrostomy in place")
        status = self.assessment.fields["gastrostomy_status"]
        status.currentIndexChanged.connect(lambda _index: self._show_placement_questions())
        self._show_placement_questions()
        # The weight entry beside its history: the last few weights are read as one is typed.
        entry_box = self.weight.entry_layout.parentWidget()
        self.weight_row = side_by_side(self, entry_box, self.weight.history_box, stretches=(1, 1))
        self.weight.entry_layout.addStretch(1)
        self.weight.history_box.layout().addStretch(1)
        explain_headings(self.assessment.model_, self.assessment.specs.values())
        short_histories(self)
        self.content.addStretch(1)

    def _line(self, title: str, layout: QVBoxLayout) -> QLabel:
        label = QLabel(self.body)
        label.setAccessibleName(title)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(label)
        return label

    def _show_placement_questions(self) -> None:
        placed = self.assessment.fields["gastrostomy_status"].value() == PLACED
        for name in (GASTROSTOMY_TYPE, GASTROSTOMY_PLACED_ON):
            self.assessment.forms.set_field_visible(name, placed)

    def load(self, session: RecordSession) -> None:
        self.weight.load(session)
        visit_id = self.visit.id if self.visit else None
        facts = queries_nutrition.nutrition_facts(session, self.patient.id, visit_id)
        self.gastrostomy = facts.gastrostomy
        self._show_facts(facts)
        self.assessment.load(session)
        self._show_placement_questions()

    def _show_facts(self, facts: queries_nutrition.NutritionFacts) -> None:
        self.height.setText(f"<b>Height:</b> {number_text(facts.height_cm, 'cm') if facts.height_cm else 'not recorded'}"
                            " <span style='color:#666'>(from the patient record)</span>")
        if facts.visit_weight_kg is None:
            self.bmi.setText("<b>BMI:</b> not recorded (no weight on this visit)")
            self.weight_loss.setText("<b>Weight loss:</b> not recorded (no weight on this visit)")
        else:
            weight = number_text(facts.visit_weight_kg, "kg")
            if facts.bmi is None:
                self.bmi.setText(f"<b>BMI:</b> not recorded (no height in the patient record; weight {weight})")
            else:
                self.bmi.setText(f"<b>BMI:</b> {number_text(facts.bmi, 'kg/m²')} (weight {weight} on this visit, "
                                 f"height {number_text(facts.height_cm, 'cm')})")
            if facts.weight_loss_percent is None:
                self.weight_loss.setText("<b>Weight loss:</b> not recorded (no reference weight)")
            else:
                change = facts.weight_loss_percent
                amount = f"{number_text(change, '%')} lost" if change >= 0 else f"{number_text(-change, '%')} gained"
                self.weight_loss.setText(f"<b>Weight loss:</b> {amount} — against {facts.reference.description}")
        g = facts.gastrostomy
        self.in_place.setText(
            "none recorded" if g is None
            else f"{vocab.label(vocab.GASTROSTOMY_TYPE, g.type, 'type not recorded')}, placed {date_text(g.placed_on)}")

    def save_current(self) -> bool:
        return self.assessment.save()

    def _gastrostomy_values(self, _session: RecordSession, _row: VisitRecordRow | None) -> dict:
        g = self.gastrostomy
        return {GASTROSTOMY_TYPE: g.type if g else None, GASTROSTOMY_PLACED_ON: g.placed_on if g else None}
