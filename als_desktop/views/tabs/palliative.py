"""Palliative care: reviews per visit and advance care planning decisions (read-only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from als_desktop.services import queries

from ..table import Column, RecordTableModel, date_text, record_table
from .base import DisciplineTab, TabHost


class PalliativeTab(DisciplineTab):
    title = "Palliative"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.planning = RecordTableModel([
            Column("Topic", lambda r: r.topic),
            Column("Decision", lambda r: r.decision or "—"),
            Column("Discussed", lambda r: date_text(r.discussed_on)),
            Column("Document", lambda r: r.document or "—"),
            Column("Proxy", lambda r: r.proxy_name or "—"),
        ], self)
        section = self.section("Advance care planning")
        self.planning_table = record_table(self.planning, "Advance care planning decisions", self)
        section.addWidget(self.planning_table)
        self.no_planning = self.note("No advance care planning decision recorded.", section)
        self.reviews = RecordTableModel([
            Column("Visit date", lambda r: date_text(r.visit_date)),
            Column("Referred", lambda r: date_text(r.referral_date)),
            Column("Pain", lambda r: r.symptoms["pain"]),
            Column("Spasticity", lambda r: r.symptoms["spasticity"]),
            Column("Mood", lambda r: r.symptoms["mood"]),
            Column("Sleep", lambda r: r.symptoms["sleep"]),
            Column("Secretions", lambda r: r.symptoms["secretions"]),
            Column("Caregiver support", lambda r: r.caregiver_support or "—"),
        ], self)
        section = self.section("Palliative care reviews (newest visit first)")
        self.reviews_table = record_table(self.reviews, "Palliative care reviews", self)
        section.addWidget(self.reviews_table)
        self.content.addStretch(1)

    def load(self, session: Session) -> None:
        planning = queries.care_planning_of(session, self.patient.id)
        self.planning.set_rows(planning)
        self.no_planning.setVisible(not planning)
        self.planning_table.setVisible(bool(planning))
        self.reviews.set_rows(queries.palliative_of(session, self.patient.id))
