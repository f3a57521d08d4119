"""Palliative care: the review on the selected visit (referral, symptom burden, caregiver
support), the four advance care planning decisions, and hospice care."""

from __future__ import annotations

from als_desktop.domain import vocab
from als_desktop.services import assessments
from als_desktop.services.queries_assessment import VisitRecordRow
from als_desktop.services.queries_neurology import RecordSnapshot
from als_desktop.services.queries_pulmonary import intervention_records

from ..assessment import (
    Section,
    VisitAssessment,
    choice,
    note,
    optional_date,
    text,
    yes_no,
)
from ..care_planning import CarePlanningGrid
from ..fields import CodeCombo, DateField, OptionalDateField, TextField
from ..patient_records import (
    FieldSpec,
    PatientListSpec,
    PatientRecordSection,
    text_column,
)
from ..table import Column, date_text
from .base import DisciplineTab, RecordSession, TabHost
from .layout import explain_headings, short_histories

SECTIONS = (
    Section("Referral and symptom burden", (
        optional_date("referral_date", "Referred to palliative care", heading="Referred"),
        *(choice(symptom, symptom.capitalize(), vocab.SEVERITY) for symptom in assessments.SYMPTOM_BURDEN),
    )),
    Section("Caregiver support", (
        yes_no("caregiver_support_offered", "Caregiver support offered", heading="Support offered"),
        text("caregiver_support", "Support detail", heading="Support detail"),
        note("notes", "Notes"),
    )),
)

HOSPICE_KIND = {"hospice": vocab.INTERVENTION_KIND["hospice"]}


def _load_hospice(session: RecordSession, patient_id: object, include_voided: bool) -> list[RecordSnapshot]:
    return intervention_records(session, patient_id, ("hospice",), include_voided)


HOSPICE = PatientListSpec(
    kind="intervention",
    title="Hospice",
    noun="hospice care",
    fields=(
        FieldSpec("kind", "Intervention", lambda: CodeCombo("Intervention", HOSPICE_KIND, optional=False)),
        FieldSpec("detail", "Hospice service", lambda: TextField("Hospice service name", max_length=120)),
        FieldSpec("started_on", "Started", lambda: DateField("Hospice start date")),
        FieldSpec("ended_on", "Ended", lambda: OptionalDateField("Hospice end date")),
        FieldSpec("notes", "Notes", lambda: TextField("Hospice notes", max_length=2000)),
    ),
    columns=(
        text_column("Hospice service", "detail", "not named"),
        Column("Started", lambda r: date_text(r["started_on"])),
        Column("Ended", lambda r: date_text(r["ended_on"]) if r["ended_on"] else "in place"),
        text_column("Notes", "notes"),
    ),
    describe=lambda r: f"Hospice {r['detail'] or '(service not named)'}, started {date_text(r['started_on'])}",
    newest_by="started_on",
    defaults={"kind": "hospice", "started_on": None, "ended_on": None},
    load=_load_hospice,
)


class PalliativeTab(DisciplineTab):
    title = "Palliative"
    discipline = "palliative"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        # Advance care planning first: a topic not yet discussed is what the team must notice.
        planning = self.section("Advance care planning (patient record: the current decision per topic)")
        self.care_planning = CarePlanningGrid(host, self.body)
        planning.addWidget(self.care_planning)
        self.review = VisitAssessment(self, "palliative", SECTIONS, assessments.save_palliative_review,
                                      load_extra=self._carried_over)
        self.hospice = PatientRecordSection(self, HOSPICE)
        explain_headings(self.review.model_, self.review.specs.values())
        short_histories(self)
        self.content.addStretch(1)

    def load(self, session: RecordSession) -> None:
        self.review.load(session)
        self.care_planning.load(session, self.patient.id)
        self.hospice.load(session)

    def _carried_over(self, _session: RecordSession, row: VisitRecordRow | None) -> dict:
        """A new review starts from the referral date already recorded: it is asked once."""
        if row is not None:
            return {}
        earlier = next((r.values["referral_date"] for r in self.review.history_rows
                        if not r.voided and r.values.get("referral_date")), None)
        return {"referral_date": earlier}

    def save_current(self) -> bool:
        return self.review.save()
