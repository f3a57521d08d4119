"""Build the PatientSnapshot decision support reads, from the stored record.

Voided rows (and rows on voided visits, and voided medicines' doses) are left out; every
sequence is oldest first. A snapshot is the record as it stood on its day (`today`): rows dated
after it (visits and what was measured on them, interventions and medicines started, doses,
liver tests, decisions discussed) are left out, and an end, a stop, a diagnosis or a death
dated after it is not yet known. With `recorded_by`, rows without a clinical date (a medicine
without a start date, a decision without a date discussed) count only when entered by then. One patient and the whole clinic are read by the same code with a
fixed number of queries (one per kind of record), never one query per patient, so the clinic
worklist stays quick on a large clinic. Plain column tuples are read rather than ORM objects,
as nothing here is edited: it saves building and tracking thousands of objects.
"""

from __future__ import annotations

import gc
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.snapshot import (
    AlsfrsEntry,
    CarePlanningEntry,
    DeclinedPrompt,
    InterventionEntry,
    LiverTestEntry,
    MedicationEntry,
    NutritionEntry,
    PalliativeEntry,
    PatientSnapshot,
    RespiratoryEntry,
    SlpEntry,
    WeightEntry,
)
from als_desktop.db.unreadable import plain_rows
from als_desktop.models import (
    ALSFRS_ITEMS,
    RESPIRATORY_SYMPTOMS,
    AlsfrsAssessment,
    CarePlanningDecision,
    Intervention,
    LiverTest,
    Medication,
    MedicationDose,
    NutritionAssessment,
    PalliativeReview,
    Patient,
    PromptResponse,
    RespiratoryAssessment,
    SlpAssessment,
    Visit,
    WeightMeasurement,
)

from .errors import NotFoundError

PatientId = uuid.UUID
Grouped = dict[Any, list[Any]]  # keyed by _key(): the id as stored


def snapshot_for(
    session: Session, patient_id: PatientId, today: date, *, recorded_by: date | None = None
) -> PatientSnapshot:
    """One patient's record as decision support reads it, as it stood on `today`."""
    snapshots = _build(session, today, patient_id, recorded_by=recorded_by)
    if patient_id not in snapshots:
        raise NotFoundError("This patient record no longer exists.")
    return snapshots[patient_id]


def snapshots_for_all(session: Session, today: date, *, living_only: bool = False) -> dict[PatientId, PatientSnapshot]:
    """Every (not voided) patient's snapshot, keyed by patient id, in a fixed number of queries.
    With `living_only`, patients with a date of death are left out (no prompt concerns them,
    and in an established clinic they are a large part of the record)."""
    return _build(session, today, None, living_only)


# ---------------------------------------------------------------------------- reading


def _build(
    session: Session, today: date, patient_id: PatientId | None, living_only: bool = False,
    recorded_by: date | None = None,
) -> dict[PatientId, PatientSnapshot]:
    # Building a large clinic makes hundreds of thousands of small objects, none of them in a
    # reference cycle: the cyclic collector, run again and again meanwhile, took a third of
    # the time. It is paused for the build only (reference counting still frees memory).
    with collector_paused():
        return _build_snapshots(session, _Reader(session, patient_id, living_only, today, recorded_by))


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_snapshots(session: Session, reader: _Reader) -> dict[PatientId, PatientSnapshot]:
    today = reader.today
    visits = reader.visit_dates()
    alsfrs = reader.on_visits(AlsfrsAssessment, *(getattr(AlsfrsAssessment, item) for item in ALSFRS_ITEMS),  # first
                              AlsfrsAssessment.cutting_form)
    weights = reader.on_visits(WeightMeasurement, WeightMeasurement.weight_kg)
    respiratory = reader.on_visits(
        RespiratoryAssessment,
        *(getattr(RespiratoryAssessment, symptom) for symptom in RESPIRATORY_SYMPTOMS),  # first: see _respiratory
        RespiratoryAssessment.fvc_percent_sitting, RespiratoryAssessment.fvc_percent_supine,
        RespiratoryAssessment.snip_cmh2o, RespiratoryAssessment.mip_cmh2o,
        RespiratoryAssessment.spo2_percent, RespiratoryAssessment.co2_mmhg, RespiratoryAssessment.co2_source,
        RespiratoryAssessment.oximetry_minutes_le88, RespiratoryAssessment.oximetry_recording_hours,
        RespiratoryAssessment.peak_cough_flow_l_min,
        RespiratoryAssessment.niv_status, RespiratoryAssessment.tracheostomy_discussed,
    )
    slp = reader.on_visits(
        SlpAssessment, SlpAssessment.speaking_rate_wpm, SlpAssessment.intelligibility_percent,
        SlpAssessment.aac_status, SlpAssessment.voice_banking, SlpAssessment.eat10_score,
        SlpAssessment.iddsi_drink_level, SlpAssessment.iddsi_food_level,
    )
    nutrition = reader.on_visits(NutritionAssessment, NutritionAssessment.gastrostomy_status,
                                 NutritionAssessment.oral_supplements)
    palliative = reader.on_visits(PalliativeReview, PalliativeReview.referral_date,
                                  PalliativeReview.caregiver_support_offered)
    interventions = reader.patient_level(
        Intervention, (Intervention.started_on, Intervention.created_at), Intervention.started_on <= today,
        Intervention.kind, Intervention.started_on, Intervention.ended_on, Intervention.detail,
        Intervention.niv_hours_per_day,
    )
    medications = reader.patient_level(
        Medication, (Medication.started_on.is_not(None), Medication.started_on, Medication.created_at),
        reader.dated(Medication.started_on, Medication.created_at),
        _key(Medication.id, "medication_key"), Medication.drug_name, Medication.category, Medication.started_on,
        Medication.stopped_on, Medication.route,
    )
    doses = reader.doses()
    liver_tests = reader.patient_level(
        LiverTest, (LiverTest.taken_on, LiverTest.created_at), LiverTest.taken_on <= today,
        LiverTest.taken_on, LiverTest.alt_u_l, LiverTest.alt_uln_u_l,
    )
    care_planning = reader.patient_level(
        CarePlanningDecision,
        (CarePlanningDecision.discussed_on.is_not(None), CarePlanningDecision.discussed_on,
         CarePlanningDecision.created_at),
        reader.dated(CarePlanningDecision.discussed_on, CarePlanningDecision.created_at),
        CarePlanningDecision.topic, CarePlanningDecision.decision, CarePlanningDecision.discussed_on,
    )
    declined = reader.declined_prompts()

    snapshots = {}
    for patient in reader.patients():
        pid = patient.key
        snapshots[patient.id] = PatientSnapshot(
            today=today,
            date_of_birth=patient.date_of_birth,
            sex=patient.sex,
            height_cm=patient.height_cm,
            premorbid_weight_kg=patient.premorbid_weight_kg,
            onset_date=_known(patient.onset_date, today),
            onset_region=patient.onset_region,
            diagnosis_date=_known(patient.diagnosis_date, today),
            diagnostic_criteria=patient.diagnostic_criteria,
            sod1_status=patient.sod1_status,
            c9orf72_status=patient.c9orf72_status,
            ftd=patient.ftd,
            date_of_death=_known(patient.date_of_death, today),
            visit_dates=tuple(visits.get(pid, ())),
            alsfrs=tuple(_alsfrs(row) for row in alsfrs.get(pid, ())),
            weights=tuple(WeightEntry(row.visit_date, row.weight_kg) for row in weights.get(pid, ())),
            respiratory=tuple(_respiratory(row) for row in respiratory.get(pid, ())),
            slp=tuple(_slp(row) for row in slp.get(pid, ())),
            nutrition=tuple(NutritionEntry(row.visit_date, row.gastrostomy_status, row.oral_supplements)
                            for row in nutrition.get(pid, ())),
            palliative=tuple(PalliativeEntry(row.visit_date, row.referral_date, row.caregiver_support_offered)
                             for row in palliative.get(pid, ())),
            interventions=tuple(
                InterventionEntry(row.kind, row.started_on, _known(row.ended_on, today), row.detail,
                                  row.niv_hours_per_day)
                for row in interventions.get(pid, ())
            ),
            medications=tuple(
                MedicationEntry(row.drug_name, row.category, row.started_on, _known(row.stopped_on, today), row.route,
                                tuple(doses.get(row.medication_key, ())))
                for row in medications.get(pid, ())
            ),
            liver_tests=tuple(LiverTestEntry(row.taken_on, row.alt_u_l, row.alt_uln_u_l)
                              for row in liver_tests.get(pid, ())),
            care_planning=tuple(CarePlanningEntry(row.topic, row.decision, row.discussed_on)
                                for row in care_planning.get(pid, ())),
            declined=tuple(declined.get(pid, ())),
        )
    return snapshots


def _known(day: date | None, today: date) -> date | None:
    """A date as known on `today`: one still to come is not yet part of the record."""
    return day if day is not None and day <= today else None


def _entered_by(day: date) -> datetime:
    """The first instant after `day` on this workstation's clock, as stored (UTC)."""
    return datetime.combine(day + timedelta(days=1), time.min).astimezone(UTC)


class _Reader:
    """The queries, restricted to one patient or to every patient not voided, and to rows dated
    on or before `today`."""

    def __init__(
        self, session: Session, patient_id: PatientId | None, living_only: bool = False,
        today: date | None = None, recorded_by: date | None = None,
    ) -> None:
        self.session = session
        self.patient_id = patient_id
        self.living_only = living_only
        self.today = today or date.today()
        self.recorded_by = recorded_by

    def dated(self, day: Any, created_at: Any) -> ColumnElement[bool]:
        """Dated on or before today; undated rows count when entered by `recorded_by` (if given)."""
        undated = true() if self.recorded_by is None else created_at < _entered_by(self.recorded_by)
        return or_(day <= self.today, and_(day.is_(None), undated))

    def _for(self, column: Any) -> ColumnElement[bool]:
        chosen = true() if self.patient_id is None else column == self.patient_id
        living = or_(Patient.date_of_death.is_(None), Patient.date_of_death > self.today)
        return chosen & living if self.living_only else chosen

    def _live_patients(self, query: Select, patient_column: Any) -> Select:
        # Rows of a voided patient are not part of any worklist.
        return query.join(Patient, Patient.id == patient_column).where(
            Patient.voided_at.is_(None), self._for(Patient.id)
        )

    def _rows(self, query: Select) -> Iterable[Any]:
        # Core execution: plain rows without the ORM's per-row bookkeeping, fetched all at
        # once (row by row, fetching took a quarter of the time on a large clinic).
        return plain_rows(self.session, query)

    def patients(self) -> Iterable[Any]:
        columns = [c for c in Patient.__table__.columns if c.name not in {"notes", "other_genetics"}]
        query = (select(_key(Patient.id), *columns)
                 .where(Patient.voided_at.is_(None), self._for(Patient.id)).order_by(Patient.mrn))
        return self._rows(query)

    def visit_dates(self) -> dict[PatientId, list[date]]:
        query = self._live_patients(
            select(_key(Visit.patient_id), Visit.visit_date)
            .where(Visit.voided_at.is_(None), Visit.visit_date <= self.today), Visit.patient_id
        ).order_by(Visit.visit_date, Visit.created_at)
        grouped: dict[Any, list[date]] = defaultdict(list)
        for patient_id, visit_date in self._rows(query):
            grouped[patient_id].append(visit_date)
        return grouped

    def on_visits(self, model: type, *columns: Any) -> Grouped:
        """A visit-level record's rows with their visit date, per patient, oldest visit first."""
        query = (
            select(_key(Visit.patient_id), Visit.visit_date, *columns)
            .select_from(model)
            .join(Visit, Visit.id == model.visit_id)
            .where(model.voided_at.is_(None), Visit.voided_at.is_(None), Visit.visit_date <= self.today)
        )
        query = self._live_patients(query, Visit.patient_id).order_by(Visit.visit_date, model.created_at)
        return _grouped(self._rows(query))

    def patient_level(self, model: type, order: tuple[Any, ...], dated: Any, *columns: Any) -> Grouped:
        query = select(_key(model.patient_id), *columns).where(model.voided_at.is_(None), dated)
        # The id last: rows entered together (same day, same instant) come in one fixed order,
        # whichever plan the database picks for one patient or for the clinic.
        query = self._live_patients(query, model.patient_id).order_by(*order, model.id)
        return _grouped(self._rows(query))

    def doses(self) -> dict[uuid.UUID, list[date]]:
        """Dates of doses given, per medication, oldest first."""
        query = (
            select(_key(MedicationDose.medication_id), MedicationDose.given_on)
            .select_from(MedicationDose)
            .join(Medication, Medication.id == MedicationDose.medication_id)
            .where(MedicationDose.voided_at.is_(None), Medication.voided_at.is_(None),
                   MedicationDose.given_on <= self.today)
        )
        query = self._live_patients(query, Medication.patient_id).order_by(MedicationDose.given_on)
        grouped: dict[Any, list[date]] = defaultdict(list)
        for medication_id, given_on in self._rows(query):
            grouped[medication_id].append(given_on)
        return grouped


    def declined_prompts(self) -> dict[Any, list[DeclinedPrompt]]:
        """Per patient, the prompts whose latest answer (not voided) is "declined": the answer in
        force, as decision_support.responses_in_force reads it (an answer to a merged card counts
        for its successor), with the day it was recorded."""
        from als_desktop.clinical.rules import current_rule_id

        query = select(_key(PromptResponse.patient_id), PromptResponse.rule_id, PromptResponse.response,
                       PromptResponse.reason, PromptResponse.created_at).where(PromptResponse.voided_at.is_(None))
        if self.recorded_by is not None:
            query = query.where(PromptResponse.created_at < _entered_by(self.recorded_by))
        query = self._live_patients(query, PromptResponse.patient_id).order_by(
            PromptResponse.created_at, PromptResponse.id)
        latest: dict[tuple[Any, str], Any] = {}
        for row in self._rows(query):
            rule_id = current_rule_id(row.rule_id)
            if rule_id is not None:
                latest[(row.key, rule_id)] = row
        grouped: dict[Any, list[DeclinedPrompt]] = defaultdict(list)
        for (patient_key, rule_id), row in latest.items():
            if row.response == "declined":
                day = min(_local_day(row.created_at), self.today)
                grouped[patient_key].append(DeclinedPrompt(rule_id, day, row.reason))
        return grouped


def _local_day(stamp: datetime) -> date:
    """The calendar day on this workstation of a stored instant (UTC, naive or aware)."""
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone().date()


def _key(column: Any, name: str = "key") -> Any:
    """An id as the database hands it over, to group rows by: turning several hundred thousand
    ids into UUID objects took a third of the time of reading a large clinic."""
    return type_coerce(column, String).label(name)


def _grouped(rows: Iterable[Any]) -> Grouped:
    grouped: Grouped = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)  # the key is always the first column
    return grouped


# Rows of on_visits() are (key, visit date, *columns): the ALSFRS-R items and the respiratory
# symptoms are asked for first, so they are read by position (by name, 30 % slower).
_FIRST_COLUMNS = 2
_ALSFRS_ITEMS_AT = slice(_FIRST_COLUMNS, _FIRST_COLUMNS + len(ALSFRS_ITEMS))
_SYMPTOMS_AT = slice(_FIRST_COLUMNS, _FIRST_COLUMNS + len(RESPIRATORY_SYMPTOMS))


def _alsfrs(row: Any) -> AlsfrsEntry:
    return AlsfrsEntry(row.visit_date, dict(zip(ALSFRS_ITEMS, row[_ALSFRS_ITEMS_AT], strict=True)), row.cutting_form)


def _respiratory(row: Any) -> RespiratoryEntry:
    measures = Measures(
        fvc_percent=row.fvc_percent_sitting,
        snip_cmh2o=row.snip_cmh2o,
        mip_cmh2o=row.mip_cmh2o,
        spo2_percent=row.spo2_percent,
        co2_mmhg=row.co2_mmhg,
        # Only an arterial sample counts as PaCO2 for the NIV criteria.
        co2_arterial=row.co2_source == "arterial",
        overnight_minutes_le88=row.oximetry_minutes_le88,
        oximetry_recording_hours=row.oximetry_recording_hours,
        peak_cough_flow_l_min=row.peak_cough_flow_l_min,
    )
    return RespiratoryEntry(
        row.visit_date,
        measures,
        fvc_percent_supine=row.fvc_percent_supine,
        symptoms=dict(zip(RESPIRATORY_SYMPTOMS, row[_SYMPTOMS_AT], strict=True)),
        niv_status=row.niv_status,
        tracheostomy_discussed=row.tracheostomy_discussed,
    )


def _slp(row: Any) -> SlpEntry:
    return SlpEntry(
        row.visit_date,
        speaking_rate_wpm=row.speaking_rate_wpm,
        intelligibility_percent=row.intelligibility_percent,
        aac_status=row.aac_status,
        voice_banking=row.voice_banking,
        eat10_score=row.eat10_score,
        iddsi_drink_level=row.iddsi_drink_level,
        iddsi_food_level=row.iddsi_food_level,
    )
