"""Nutrition: weight recorded on the visit, its history, and the dietitian's assessments."""

from __future__ import annotations

from sqlalchemy.orm import Session

from als_desktop.models import WeightMeasurement
from als_desktop.services import queries

from ..table import Column, RecordTableModel, date_text, number_text, record_table, yes_no
from .base import DisciplineTab, TabHost
from .measurement import MeasurementSection, MeasureSpec, record_weight

WEIGHT = MeasureSpec(
    field="weight_kg", label="Weight", unit="kg", noun="weight", model=WeightMeasurement,
    record=record_weight, load=queries.weights_of,
)


class NutritionTab(DisciplineTab):
    title = "Nutrition"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.weight = MeasurementSection(self, WEIGHT)
        section = self.section("Nutrition assessments (read-only)")
        self.assessments = RecordTableModel([
            Column("Visit date", lambda r: date_text(r.visit_date)),
            Column("Gastrostomy", lambda r: r.gastrostomy_status),
            Column("Oral supplements", lambda r: yes_no(r.oral_supplements)),
            Column("Texture advice", lambda r: r.texture_advice or "—"),
        ], self)
        self.assessments_table = record_table(self.assessments, "Nutrition assessments", self)
        section.addWidget(self.assessments_table)
        self.reference = self.note("")
        self.content.addStretch(1)

    def load(self, session: Session) -> None:
        self.weight.load(session)
        self.assessments.set_rows(queries.nutrition_of(session, self.patient.id))
        premorbid = self.patient.premorbid_weight_kg
        self.reference.setText(
            f"Premorbid (usual) weight: {number_text(premorbid, 'kg')}; height: "
            f"{number_text(self.patient.height_cm, 'cm')}."
        )
