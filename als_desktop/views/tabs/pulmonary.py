"""Pulmonary: FVC % predicted (sitting) recorded on the visit, with the respiratory history."""

from __future__ import annotations

from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.models import RespiratoryAssessment
from als_desktop.services import queries

from ..table import Column, number_text
from .base import DisciplineTab, TabHost
from .measurement import MeasurementSection, MeasureSpec, record_fvc

FVC = MeasureSpec(
    field="fvc_percent_sitting", label="FVC sitting", unit="% predicted", noun="FVC",
    model=RespiratoryAssessment, record=record_fvc, load=queries.respiratory_of,
    extra_columns=(
        Column("FVC supine (% pred.)", lambda r: number_text(r.extra["fvc_percent_supine"], decimals=0), True),
        Column("SNIP (cmH₂O)", lambda r: number_text(r.extra["snip_cmh2o"], decimals=0), True),
        Column("Peak cough flow (L/min)", lambda r: number_text(r.extra["peak_cough_flow_l_min"], decimals=0), True),
        Column("NIV", lambda r: vocab.label(vocab.NIV_STATUS, r.extra["niv_status"], "—")),
    ),
)


class PulmonaryTab(DisciplineTab):
    title = "Pulmonary"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.fvc = MeasurementSection(self, FVC)
        self.note("Each row is one respiratory assessment; voiding a row voids the whole assessment.")
        self.content.addStretch(1)

    def load(self, session: Session) -> None:
        self.fvc.load(session)
