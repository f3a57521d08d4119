"""Neurology: diagnosis, genetics and cognition, ALSFRS-R per visit, medicines (read-only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.services import queries

from ..table import Column, RecordTableModel, date_text, record_table
from ..widgets import FactGrid
from .base import DisciplineTab, TabHost
from .overview import months_text

FACTS = ("Symptom onset", "Onset region", "Diagnosis", "Diagnostic delay", "Criteria",
         "C9orf72", "SOD1", "Other genetics", "FTD", "ECAS total")


def score(value: int | None, out_of: int) -> str:
    # The column title carries the maximum ("Total (/48)"), so the cell shows the score alone.
    return "incomplete" if value is None else str(value)


class NeurologyTab(DisciplineTab):
    title = "Neurology"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.facts = FactGrid(FACTS, columns=2, parent=self.body)
        self.section("Diagnosis, genetics and cognition").addWidget(self.facts)
        self.alsfrs = RecordTableModel([
            Column("Visit date", lambda r: date_text(r.visit_date)),
            Column("Total (/48)", lambda r: score(r.total, 48), True),
            Column("Bulbar (/12)", lambda r: score(r.subscores["bulbar"], 12), True),
            Column("Fine motor (/12)", lambda r: score(r.subscores["fine_motor"], 12), True),
            Column("Gross motor (/12)", lambda r: score(r.subscores["gross_motor"], 12), True),
            Column("Respiratory (/12)", lambda r: score(r.subscores["respiratory"], 12), True),
            Column("Item 5", lambda r: r.cutting_form),
            Column("Recorded by", lambda r: r.recorded_by),
        ], self)
        section = self.section("ALSFRS-R (newest visit first)")
        self.alsfrs_table = record_table(self.alsfrs, "ALSFRS-R history", self)
        section.addWidget(self.alsfrs_table)
        self.medications = RecordTableModel([
            Column("Medicine", lambda r: r.drug_name),
            Column("Category", lambda r: r.category),
            Column("For", lambda r: r.indication),
            Column("Dose", lambda r: r.dose or "—"),
            Column("Route", lambda r: r.route),
            Column("Started", lambda r: date_text(r.started_on)),
            Column("Stopped", lambda r: date_text(r.stopped_on) + (f" ({r.stop_reason})" if r.stop_reason else "")),
        ], self)
        section = self.section("Medicines")
        self.medications_table = record_table(self.medications, "Medicines", self)
        section.addWidget(self.medications_table)
        self.content.addStretch(1)

    def load(self, session: Session) -> None:
        p = self.patient
        self.facts.set("Symptom onset", date_text(p.onset_date))
        self.facts.set("Onset region", vocab.label(vocab.ONSET_REGION, p.onset_region))
        self.facts.set("Diagnosis", date_text(p.diagnosis_date))
        self.facts.set("Diagnostic delay", months_text(p.diagnostic_delay_months))
        self.facts.set("Criteria", vocab.label(vocab.DIAGNOSTIC_CRITERIA, p.diagnostic_criteria))
        self.facts.set("C9orf72", vocab.label(vocab.GENETIC_RESULT, p.c9orf72_status))
        self.facts.set("SOD1", vocab.label(vocab.GENETIC_RESULT, p.sod1_status))
        self.facts.set("Other genetics", p.other_genetics or "—")
        self.facts.set("FTD", vocab.label(vocab.YES_NO_UNKNOWN, p.ftd))
        self.facts.set("ECAS total", f"{p.ecas_total} / 136 ({date_text(p.ecas_date)})" if p.ecas_total is not None else "not recorded")
        self.alsfrs.set_rows(queries.alsfrs_of(session, p.id))
        self.medications.set_rows(queries.medications_of(session, p.id))
