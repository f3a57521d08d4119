"""Speech-language pathology: speech, communication and swallowing per visit (read-only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from als_desktop.services import queries

from ..table import Column, RecordTableModel, date_text, number_text, record_table, yes_no
from .base import DisciplineTab, TabHost


class SlpTab(DisciplineTab):
    title = "SLP"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.rows = RecordTableModel([
            Column("Visit date", lambda r: date_text(r.visit_date)),
            Column("Intelligibility (%)", lambda r: number_text(r.intelligibility_percent, decimals=0), True),
            Column("Speaking rate (words/min)", lambda r: number_text(r.speaking_rate_wpm, decimals=0), True),
            Column("AAC", lambda r: r.aac_status),
            Column("Voice banking", lambda r: yes_no(r.voice_banking)),
            Column("EAT-10 (/40)", lambda r: "—" if r.eat10_score is None else str(r.eat10_score), True),
            Column("IDDSI drinks", lambda r: r.iddsi_drink),
            Column("IDDSI foods", lambda r: r.iddsi_food),
            Column("Chin tuck", lambda r: yes_no(r.chin_tuck)),
            Column("Strategies", lambda r: r.strategies or "—"),
        ], self)
        section = self.section("Speech, communication and swallowing (newest visit first)")
        self.table = record_table(self.rows, "Speech and swallowing history", self)
        section.addWidget(self.table)
        self.empty = self.note("No speech or swallowing assessment recorded.", section)
        self.content.addStretch(1)

    def load(self, session: Session) -> None:
        rows = queries.slp_of(session, self.patient.id)
        self.rows.set_rows(rows)
        self.empty.setVisible(not rows)
