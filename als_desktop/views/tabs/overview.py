"""Overview: the day's numbers first, then the prompts, then the patient's story at a glance
and who has recorded on the selected visit.

Every value carries the visit or date it comes from, and the change since the visit before,
so an old figure is never read as today's. Nothing is computed here: the figures and their
changes come from `services.queries_overview`, the wording of numbers from `domain.numbers`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from als_desktop.clinical import sources
from als_desktop.clinical.alsfrs import DOMAIN_LABELS, MAX_TOTAL
from als_desktop.clinical.measures import PatientMeasures
from als_desktop.clinical.snapshot import PatientSnapshot
from als_desktop.domain import numbers, vocab
from als_desktop.services import decision_support, queries, queries_overview
from als_desktop.services.clinic_day import DISCIPLINES
from als_desktop.services.queries_overview import (
    Change,
    PatientOverview,
    PlanningSummary,
    Status,
)
from als_desktop.services.team_plan_estimates import ENCALS_TITLE, encals_estimate

from ..prompts_panel import PromptsPanel, today_of
from ..table import Column, RecordTableModel, date_text, number_text, record_table
from ..team_actions_panel import TeamActionsPanel
from ..widgets import FactGrid
from .base import DisciplineTab, RecordSession, TabHost

DISEASE = ("Age", "Disease duration", "Onset region", "Symptom onset", "Diagnosis", "Diagnostic delay",
           "Diagnostic criteria", "Visits")
LATEST = ("Latest ALSFRS-R", "Subscores", "Latest weight", "Weight loss", "BMI", "Latest FVC sitting")
SUPPORT = ("NIV", "Gastrostomy", "AAC")
STAGING = ("King's stage", "MiToS stage", "ΔFRS")
NO_COMPLETE_FORM = "not recorded (no complete ALSFRS-R)"
# Short names for the four advance care planning decisions, so the decisions get the width.
PLANNING = {
    "resuscitation": "Resuscitation",
    "ventilatory_support": "Ventilatory support",
    "nutrition_hydration": "Nutrition and hydration",
    "place_of_death": "Place of death",
}
RECORDED = "✓"
MISSING = "—"


def months_text(months: float | None) -> str:
    return "not recorded" if months is None else f"{months:.1f} months"


def since(text: str, day, verb: str = "") -> str:
    return f"{text}  ({verb}{date_text(day)})" if day else text


def change_text(change: Change | None, unit: str = "", decimals: int = 0, what: str = "visit") -> str:
    """"−3 since 12 Mar 2026", or that there is no earlier value to compare with."""
    if change is None:
        return f"no earlier {what}"
    return f"{numbers.change(change.delta, unit, decimals)} since {date_text(change.since)}"


class OverviewTab(DisciplineTab):
    title = "Overview"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        grid_widget = QWidget(self.body)
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        # The day's numbers open the tab, above the prompts they usually explain.
        self.latest = FactGrid(LATEST, columns=1, parent=self.body)
        self.latest.setObjectName("latestMeasures")
        self.latest.setStyleSheet("QLabel#factValue { font-weight: 600; }")
        self.latest_box = self._box("Latest measures, with the change since the visit before", self.latest)
        self.content.addWidget(self.latest_box)
        self.staging = FactGrid(STAGING, columns=1, parent=self.body)
        self.content.addWidget(self._box("Stage and progression", self.staging))
        # Every prompt in force, whichever discipline owns it (foldable: the count stays).
        self.prompts_panel = PromptsPanel(host, None, self.body)
        self.content.addWidget(self.prompts_panel)
        # What the team took on, open until someone marks it done or cancels it.
        self.team_actions_panel = TeamActionsPanel(host, self.body)
        self.content.addWidget(self.team_actions_panel)

        self.disease = FactGrid(DISEASE, columns=1, parent=grid_widget)
        grid.addWidget(self._box("Disease course", self.disease), 0, 0)
        self.support = FactGrid(SUPPORT, columns=1, parent=grid_widget)
        self.planning = FactGrid(tuple(PLANNING.values()), columns=1, parent=grid_widget)
        for topic, name in PLANNING.items():
            self.planning.values[name].setToolTip(vocab.ACP_TOPIC[topic])
        grid.addWidget(self._box("Advance care planning", self.planning), 0, 1)
        grid.addWidget(self._box("Support", self.support), 1, 0)
        self.on_visit = FactGrid(tuple(d.label for d in DISCIPLINES), columns=1, parent=grid_widget)
        self.on_visit_box = self._box("Recorded on this visit", self.on_visit)
        grid.addWidget(self.on_visit_box, 1, 1)

        self.interventions = RecordTableModel([
            Column("Intervention", lambda r: r.kind),
            Column("Detail", lambda r: r.detail or "—"),
            Column("Since", lambda r: date_text(r.started_on)),
            Column("NIV use", lambda r: number_text(r.niv_hours_per_day, "h/day")),
        ], self)
        box = QGroupBox("Interventions in place", grid_widget)
        layout = QVBoxLayout(box)
        self.interventions_table = record_table(self.interventions, "Interventions in place", box, max_rows=6)
        layout.addWidget(self.interventions_table)
        self.no_interventions = QLabel("None recorded.", box)
        self.no_interventions.setObjectName("muted")
        layout.addWidget(self.no_interventions)
        layout.addStretch(1)
        grid.addWidget(box, 2, 0, 1, 2)
        grid.addWidget(self._research_box(grid_widget), 3, 0, 1, 2)
        self.content.addWidget(grid_widget)
        self.content.addStretch(1)

    def _box(self, title: str, grid: FactGrid) -> QGroupBox:
        box = QGroupBox(title, self.body)
        layout = QVBoxLayout(box)
        layout.addWidget(grid)
        layout.addStretch(1)
        return box

    def load(self, session: RecordSession) -> None:
        patient = self.patient
        summary = queries_overview.overview(session, patient.id, self.visit.id if self.visit else None)
        if summary is None:  # voided meanwhile: the window's refresh will drop the patient
            return
        self._show_disease(summary)
        self._show_latest(summary)
        self._show_support(summary)
        self._show_planning(summary)
        self._show_visit(summary)
        decision = decision_support.summary_for(session, patient.id, today_of(self.host))
        self._show_staging(decision.measures)
        self.prompts_panel.show_prompts(patient.id, decision.prompts, decision.answered)
        self._show_research(decision.snapshot)
        self.team_actions_panel.load(session, patient.id, today_of(self.host), patient_name=patient.display_name,
                                     visit_id=self.visit.id if self.visit else None)
        in_place = queries.interventions_of(session, patient.id, in_place_only=True)
        self.interventions.set_rows(in_place)
        self.interventions_table.setVisible(bool(in_place))
        self.no_interventions.setVisible(not in_place)

    def _research_box(self, parent: QWidget) -> QGroupBox:
        """The ENCALS estimate, below the record: research, with its source, never a certainty."""
        box = QGroupBox(ENCALS_TITLE, parent)
        layout = QVBoxLayout(box)
        self.research = QLabel(box)
        self.research.setObjectName("researchEstimate")
        self.research.setTextFormat(Qt.TextFormat.PlainText)
        self.research.setWordWrap(True)
        self.research.setAccessibleName(ENCALS_TITLE)
        layout.addWidget(self.research)
        self.research_source = QLabel(box)
        self.research_source.setObjectName("muted")
        self.research_source.setWordWrap(True)
        layout.addWidget(self.research_source)
        return box

    def _show_research(self, snapshot: PatientSnapshot) -> None:
        estimate = encals_estimate(snapshot)
        self.research.setText("\n".join(f"{line.label}: {line.value}" for line in estimate.lines))
        self.research_source.setText(f"Source: {estimate.source}. Never printed on the family copy.")

    def _show_disease(self, summary: PatientOverview) -> None:
        patient = self.patient
        self.disease.set("Age", f"{patient.age_years} years" + (" at death" if patient.deceased else ""))
        if patient.disease_duration_months is None:
            self.disease.set("Disease duration", "onset not recorded")
        else:
            until = "at death" if patient.deceased else "since onset"
            self.disease.set("Disease duration", f"{patient.disease_duration_months:.1f} months {until}")
        self.disease.set("Onset region", vocab.label(vocab.ONSET_REGION, patient.onset_region))
        self.disease.set("Symptom onset", date_text(patient.onset_date))
        self.disease.set("Diagnosis", date_text(patient.diagnosis_date))
        self.disease.set("Diagnostic delay", months_text(patient.diagnostic_delay_months))
        self.disease.set("Diagnostic criteria", vocab.label(vocab.DIAGNOSTIC_CRITERIA, patient.diagnostic_criteria))
        self.disease.set("Visits", str(summary.visit_count))

    def _show_latest(self, summary: PatientOverview) -> None:
        form = summary.latest_alsfrs
        change = summary.alsfrs_change
        if form is None:
            self.latest.set("Latest ALSFRS-R", "none recorded")
            self.latest.set("Subscores", "—")
        else:
            if form.total is not None:
                total = f"{form.total} / {MAX_TOTAL}  ({change_text(change, what='complete assessment')})"
            else:
                total = f"not recorded ({form.items_scored} of 12 items scored)"
                earlier = summary.last_complete_alsfrs
                if earlier is not None:
                    total += f"; last complete {earlier.total} / {MAX_TOTAL} on {date_text(earlier.visit_date)}"
            where = f"visit of {date_text(form.visit_date)}, item {form.cutting_form}"
            self.latest.set("Latest ALSFRS-R", f"{total}  — {where}")
            self.latest.set("Subscores", "  ·  ".join(
                f"{DOMAIN_LABELS[domain]} {self._subscore_text(score, change, domain, form.total is not None)}"
                for domain, score in form.subscores.items()
            ))
        weight = summary.weight
        if weight is None:
            self.latest.set("Latest weight", "none recorded")
            self.latest.set("Weight loss", "—")
            self.latest.set("BMI", "—")
        else:
            moved = change_text(summary.weight_change, "kg", what="weight")
            self.latest.set("Latest weight",
                            f"{numbers.kg(weight.weight_kg)}  ({moved})  — visit of {date_text(weight.visit_date)}")
            if weight.loss_percent is None:
                self.latest.set("Weight loss", "no reference weight")
            else:
                change_ = (f"{numbers.percent(weight.loss_percent)} lost" if weight.loss_percent >= 0
                           else f"none ({numbers.percent(-weight.loss_percent)} above the reference)")
                self.latest.set("Weight loss", f"{change_} — reference: {weight.reference.description}")
            self.latest.set("BMI", number_text(weight.bmi, "kg/m²") if weight.bmi else "height not recorded")
        fvc = summary.fvc
        if fvc is None:
            self.latest.set("Latest FVC sitting", "none recorded")
        else:
            moved = change_text(summary.fvc_change, "% predicted", what="FVC")
            self.latest.set("Latest FVC sitting", f"{numbers.percent(fvc.percent_sitting, '% predicted')}  "
                                                  f"({moved})  — visit of {date_text(fvc.visit_date)}")

    @staticmethod
    def _subscore_text(score: int | None, change, domain: str, complete: bool) -> str:
        if score is None:
            return "not recorded"
        moved = change.subscores.get(domain) if change is not None and complete else None
        return f"{score}/12" + (f" ({numbers.change(moved)})" if moved is not None else "")

    def _show_staging(self, measures: PatientMeasures) -> None:
        form = measures.alsfrs
        of_form = f"ALSFRS-R of {date_text(form.visit_date)}" if form else ""
        kings, mitos = measures.kings, measures.mitos
        if kings is None:
            self.staging.set("King's stage", NO_COMPLETE_FORM)
        else:
            regions = ", ".join(kings.regions) or "no region involved"
            flags = (f"4A nutritional failure: {'yes' if kings.nutritional_failure else 'no'}; "
                     f"4B respiratory failure: {'yes' if kings.respiratory_failure else 'no'}")
            self.staging.set("King's stage", f"{kings.stage} — {regions}; {flags}  ({of_form}; {kings.source})")
        if mitos is None:
            self.staging.set("MiToS stage", NO_COMPLETE_FORM)
        else:
            lost = f"lost: {', '.join(mitos.domains_lost)}" if mitos.domains_lost else "no domain lost"
            self.staging.set("MiToS stage", f"{mitos.stage} — {lost}  ({of_form}; {mitos.source})")
        if measures.delta_frs is None:
            if form is None:
                reason = NO_COMPLETE_FORM
            elif self.patient.onset_date is None:
                reason = "not recorded (symptom onset not recorded)"
            else:
                reason = "not recorded (the assessment is not after symptom onset)"
            self.staging.set("ΔFRS", reason)
        else:
            self.staging.set("ΔFRS", f"{measures.delta_frs:.2f} points/month — {measures.progression_band} "
                                     f"progression  (symptom onset to {of_form}; {sources.DELTA_FRS})")

    def _show_support(self, summary: PatientOverview) -> None:
        for name, status in (("NIV", summary.niv), ("Gastrostomy", summary.gastrostomy), ("AAC", summary.aac)):
            self.support.set(name, self._status_text(status))

    @staticmethod
    def _status_text(status: Status | None) -> str:
        if status is None:
            return "not recorded"
        return since(status.text, status.on, "since " if status.started else "visit of ")

    def _show_planning(self, summary: PatientOverview) -> None:
        for topic, name in PLANNING.items():
            self.planning.set(name, self._planning_text(summary.care_planning.get(topic)))

    @staticmethod
    def _planning_text(entry: PlanningSummary | None) -> str:
        if entry is None:
            return f"{MISSING} not recorded"
        if not entry.recorded:
            return since(f"{MISSING} discussed, no decision recorded", entry.discussed_on, "on ")
        return since(f"{RECORDED} {entry.decision.strip().rstrip('.')}", entry.discussed_on, "discussed ")

    def _show_visit(self, summary: PatientOverview) -> None:
        visit = self.visit
        self.on_visit_box.setTitle(f"Recorded on the visit of {date_text(visit.visit_date)}" if visit
                                   else "Recorded on this visit")
        for discipline in DISCIPLINES:
            if visit is None:
                text = "no visit yet"
            elif discipline.code in summary.recorded_on_visit:
                text = f"{RECORDED} {discipline.what}"
            else:
                text = f"{MISSING} not yet"
            self.on_visit.set(discipline.label, text)
