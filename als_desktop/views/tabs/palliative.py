"""Palliative care: the review on the selected visit (referral, symptom burden, caregiver
support), the four advance care planning decisions, and hospice care."""

from __future__ import annotations

from sqlalchemy.orm import Session

from als_desktop.domain import vocab
from als_desktop.models import Intervention
from als_desktop.services import queries_palliative
from als_desktop.services.queries_neurology import RecordSnapshot

from ..care_planning import CarePlanningGrid
from ..fields import CodeCombo, DateField, OptionalDateField, TextField
from ..patient_records import FieldSpec, PatientListSpec, PatientRecordSection, text_column
from ..table import Column, date_text
from .base import DisciplineTab, TabHost

HOSPICE_KIND = {"hospice": vocab.INTERVENTION_KIND["hospice"]}


def _load_hospice(session: Session, patient_id: object, include_voided: bool) -> list[RecordSnapshot]:
    from als_desktop.services.queries_pulmonary import intervention_records

    return intervention_records(session, patient_id, ("hospice",), include_voided)


HOSPICE = PatientListSpec(
    model=Intervention,
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
    describe=lambda r: f"Hospice {r['detail'] or ''} started {date_text(r['started_on'])}".replace("  ", " "),
    newest_by="started_on",
    defaults={"kind": "hospice", "started_on": None, "ended_on": None},
    load=_load_hospice,
)


class PalliativeTab(DisciplineTab):
    title = "Palliative"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        planning = self.section("Advance care planning (patient record: the current decision per topic)")
        self.care_planning = CarePlanningGrid(host, self.body)
        planning.addWidget(self.care_planning)
        self.hospice = PatientRecordSection(self, HOSPICE)
        self.content.addStretch(1)

    def load(self, session: Session) -> None:
        self.care_planning.load(session, self.patient.id)
        self.hospice.load(session)
        self.reviews = queries_palliative.palliative_reviews(session, self.patient.id)
