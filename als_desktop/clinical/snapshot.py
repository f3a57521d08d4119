"""What decision support reads: a patient's record as plain, immutable values.

The service layer builds a PatientSnapshot from the database; the rules and derived measures
in this package read only the snapshot, so they stay pure and are tested without a database.
Every sequence is ordered oldest first and holds no voided rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .respiratory import Measures


@dataclass(frozen=True)
class AlsfrsEntry:
    visit_date: date
    scores: Mapping[str, int | None]  # item name (alsfrs.ITEMS) -> 0-4, or None if not assessed
    cutting_form: str  # "5a" or "5b"


@dataclass(frozen=True)
class WeightEntry:
    visit_date: date
    weight_kg: float


@dataclass(frozen=True)
class RespiratoryEntry:
    visit_date: date
    measures: Measures
    fvc_percent_supine: float | None = None
    symptoms: Mapping[str, bool | None] = field(default_factory=dict)  # models.RESPIRATORY_SYMPTOMS
    niv_status: str | None = None
    tracheostomy_discussed: bool | None = None


@dataclass(frozen=True)
class SlpEntry:
    visit_date: date
    speaking_rate_wpm: float | None = None
    intelligibility_percent: float | None = None
    aac_status: str | None = None
    voice_banking: bool | None = None
    eat10_score: int | None = None
    iddsi_drink_level: int | None = None
    iddsi_food_level: int | None = None


@dataclass(frozen=True)
class NutritionEntry:
    visit_date: date
    gastrostomy_status: str | None = None
    oral_supplements: bool | None = None


@dataclass(frozen=True)
class PalliativeEntry:
    visit_date: date
    referral_date: date | None = None
    caregiver_support_offered: bool | None = None


@dataclass(frozen=True)
class InterventionEntry:
    kind: str  # vocab.INTERVENTION_KIND
    started_on: date
    ended_on: date | None = None
    detail: str | None = None
    niv_hours_per_day: float | None = None

    def in_place(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on > on)


@dataclass(frozen=True)
class MedicationEntry:
    drug_name: str
    category: str
    started_on: date | None = None
    stopped_on: date | None = None
    route: str | None = None
    doses_given: tuple[date, ...] = ()

    def active(self, on: date) -> bool:
        started = self.started_on is None or self.started_on <= on
        return started and (self.stopped_on is None or self.stopped_on > on)


@dataclass(frozen=True)
class LiverTestEntry:
    taken_on: date
    alt_u_l: float
    alt_uln_u_l: float


@dataclass(frozen=True)
class CarePlanningEntry:
    topic: str  # vocab.ACP_TOPIC
    decision: str | None = None
    discussed_on: date | None = None


@dataclass(frozen=True)
class DeclinedPrompt:
    """A prompt answered "declined" by the patient, the latest answer in force for its rule."""

    rule_id: str
    declined_on: date  # the day the answer was recorded (never after the snapshot's day)
    note: str | None = None


@dataclass(frozen=True)
class PatientSnapshot:
    today: date
    date_of_birth: date
    sex: str = "unknown"
    height_cm: float | None = None
    premorbid_weight_kg: float | None = None
    onset_date: date | None = None
    onset_region: str | None = None
    diagnosis_date: date | None = None
    diagnostic_criteria: str | None = None
    sod1_status: str | None = None
    c9orf72_status: str | None = None
    ftd: str | None = None
    date_of_death: date | None = None
    visit_dates: tuple[date, ...] = ()
    alsfrs: tuple[AlsfrsEntry, ...] = ()
    weights: tuple[WeightEntry, ...] = ()
    respiratory: tuple[RespiratoryEntry, ...] = ()
    slp: tuple[SlpEntry, ...] = ()
    nutrition: tuple[NutritionEntry, ...] = ()
    palliative: tuple[PalliativeEntry, ...] = ()
    interventions: tuple[InterventionEntry, ...] = ()
    medications: tuple[MedicationEntry, ...] = ()
    liver_tests: tuple[LiverTestEntry, ...] = ()
    care_planning: tuple[CarePlanningEntry, ...] = ()
    declined: tuple[DeclinedPrompt, ...] = ()  # answers to prompts, read by care_state only

    @property
    def deceased(self) -> bool:
        return self.date_of_death is not None
