"""Overview: the patient's key facts and latest measures at a glance."""

from __future__ import annotations

from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.services import queries

from ..table import Column, RecordTableModel, date_text, number_text, record_table
from ..widgets import FactGrid
from .base import DisciplineTab, TabHost

FACTS = (
    "Onset region", "Symptom onset", "Diagnosis", "Diagnostic delay", "Diagnostic criteria",
    "Height", "Premorbid weight", "Visits",
)
LATEST = ("Latest weight", "Latest FVC sitting", "Latest ALSFRS-R total")


def months_text(months: float | None) -> str:
    return "—" if months is None else f"{months:.1f} months"


class OverviewTab(DisciplineTab):
    title = "Overview"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.latest = FactGrid(LATEST, columns=1, parent=self.body)
        self.section("Latest measures").addWidget(self.latest)
        self.facts = FactGrid(FACTS, columns=2, parent=self.body)
        self.section("Disease").addWidget(self.facts)
        self.interventions = RecordTableModel([
            Column("Intervention", lambda r: r.kind),
            Column("Detail", lambda r: r.detail or "—"),
            Column("Since", lambda r: date_text(r.started_on)),
            Column("NIV use", lambda r: number_text(r.niv_hours_per_day, "h/day")),
        ], self)
        section = self.section("Interventions in place")
        self.interventions_table = record_table(self.interventions, "Interventions in place", self)
        section.addWidget(self.interventions_table)
        self.no_interventions = self.note("None recorded.", section)
        self.content.addStretch(1)

    def load(self, session: Session) -> None:
        patient = self.patient
        overview = queries.overview_of(session, patient.id)
        weight, fvc, alsfrs = overview.latest_weight, overview.latest_fvc, overview.latest_alsfrs
        self.latest.set("Latest weight", f"{number_text(weight.value, 'kg')}  (visit of {date_text(weight.visit_date)})" if weight else "none recorded")
        self.latest.set("Latest FVC sitting", f"{number_text(fvc.value, '% predicted', 0)}  (visit of {date_text(fvc.visit_date)})" if fvc else "none recorded")
        self.latest.set(
            "Latest ALSFRS-R total",
            f"{alsfrs.total} / 48  (visit of {date_text(alsfrs.visit_date)})" if alsfrs else "none recorded",
        )
        self.facts.set("Onset region", vocab.label(vocab.ONSET_REGION, patient.onset_region))
        self.facts.set("Symptom onset", date_text(patient.onset_date))
        self.facts.set("Diagnosis", date_text(patient.diagnosis_date))
        self.facts.set("Diagnostic delay", months_text(patient.diagnostic_delay_months))
        self.facts.set("Diagnostic criteria", vocab.label(vocab.DIAGNOSTIC_CRITERIA, patient.diagnostic_criteria))
        self.facts.set("Height", number_text(patient.height_cm, "cm"))
        self.facts.set("Premorbid weight", number_text(patient.premorbid_weight_kg, "kg"))
        self.facts.set("Visits", str(overview.visit_count))
        self.interventions.set_rows(overview.interventions_in_place)
        self.interventions_table.setVisible(bool(overview.interventions_in_place))
        self.no_interventions.setVisible(not overview.interventions_in_place)
