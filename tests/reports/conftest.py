"""A patient recorded through the services as a clinic would over a year, for the team plan tests.

`plan_record` builds, in a real database file, a patient with four earlier quarterly visits and
one full visit (PLAN_VISIT_DAY) on which every discipline recorded, plus a voided weight, a
voided later visit, medicines with liver tests, an advance care planning decision, team actions
and prompts in force on PLAN_DAY. `team_plan` is the plan of that visit as of PLAN_DAY.
The values are spelled out in PlanRecord so tests can look for them in the content or the PDF.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from als_desktop.db import Database
from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    Intervention,
    LiverTest,
    Medication,
    NutritionAssessment,
    PalliativeReview,
    RespiratoryAssessment,
    SlpAssessment,
    TeamAction,
    Visit,
    WeightMeasurement,
)
from als_desktop.reports.content import TeamPlan
from als_desktop.services import patient_records, patients, records, visits

AUTHOR = "plan.clinician"
PLAN_DAY = date(2026, 3, 20)  # the day the plan is made (measures and prompts as of then)
PLAN_VISIT_DAY = date(2026, 3, 12)  # the full visit
EARLIER_VISIT_DAYS = (date(2025, 3, 13), date(2025, 6, 12), date(2025, 9, 11), date(2025, 12, 11))
VOIDED_VISIT_DAY = date(2026, 3, 16)
GENERATED_AT = datetime(2026, 3, 20, 16, 45, tzinfo=UTC)

# Falling FVC and weight: with the full visit, five values each over a year, so both estimates show.
EARLIER_FVC = (88.0, 81.0, 75.0, 70.0)
EARLIER_WEIGHT = (79.0, 78.0, 77.0, 76.0)
PLAN_FVC = 64.0
PLAN_WEIGHT = 75.0
VOIDED_WEIGHT = 57.0  # entered on the full visit by mistake, then voided

# Full visit: total 36; bulbar 9, fine motor 9, gross motor 7, respiratory 11.
PLAN_ALSFRS = dict(zip(
    ("speech", "salivation", "swallowing", "handwriting", "cutting_food", "dressing_hygiene",
     "turning_in_bed", "walking", "climbing_stairs", "dyspnea", "orthopnea", "respiratory_insufficiency"),
    (3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 4, 4), strict=True,
))
EARLIER_ALSFRS = {**PLAN_ALSFRS, "speech": 4, "salivation": 4, "swallowing": 4, "walking": 3, "climbing_stairs": 3}

CLINICIANS = "Dr Ada Neuro (neurology); Ben Speech (SLP), Cara Diet (dietitian)\nDee Lung (respiratory)"
TEAM_PRESENT = ("Dr Ada Neuro (neurology)", "Ben Speech (SLP)", "Cara Diet (dietitian)", "Dee Lung (respiratory)")


@dataclass(frozen=True)
class PlanRecord:
    """The recorded patient, with the values a test looks for (tests import nothing from here)."""

    patient_id: uuid.UUID
    mrn: str
    name: str  # as the plan shows it
    today: date  # the plan's day
    generated_at: datetime
    visit_id: uuid.UUID  # the full visit, the patient's latest live visit
    visit_date: date
    site: str
    team_present: tuple[str, ...]
    earlier_visit_ids: tuple[uuid.UUID, ...]  # oldest first
    earlier_visit_dates: tuple[date, ...]
    voided_visit_id: uuid.UUID
    voided_visit_date: date
    weight_kg: float  # on the full visit
    voided_weight_kg: float  # entered on the full visit, then voided
    fvc_percent: float  # sitting, on the full visit
    weight_action: str  # open team action made from the early weight-loss prompt
    physio_action: str  # open team action of a discipline without a visit section
    done_action: str  # completed: never on the plan
    ventilation_decision: str  # advance care planning, ventilatory support


def _record(db: Database, model: type, visit_id: uuid.UUID, values: dict) -> uuid.UUID:
    with db.transaction() as session:
        return visits.record_on_visit(session, model, visit_id, values, AUTHOR, today=PLAN_DAY).id


def _for_patient(db: Database, model: type, patient_id: uuid.UUID, values: dict) -> uuid.UUID:
    with db.transaction() as session:
        return patient_records.record_for_patient(session, model, patient_id, values, AUTHOR, today=PLAN_DAY).id


def _void(db: Database, model: type, row_id: uuid.UUID, reason: str) -> None:
    with db.transaction() as session:
        row = session.get(model, row_id)
        records.void_row(session, model, row_id, row.version, reason, AUTHOR)


def _visit(db: Database, patient_id: uuid.UUID, day: date, **values: object) -> uuid.UUID:
    with db.transaction() as session:
        return visits.create_visit(session, patient_id, {"visit_date": day, **values}, AUTHOR, today=PLAN_DAY).id


def build_plan_record(db: Database) -> PlanRecord:
    """The patient described above, recorded through the services."""
    with db.transaction() as session:
        patient_id = patients.create_patient(session, {
            "mrn": "PLAN-0001", "given_name": "Morgan", "family_name": "Testcase",
            "date_of_birth": date(1958, 7, 3), "sex": "male", "height_cm": 175.0, "premorbid_weight_kg": 80.0,
            "onset_date": date(2024, 5, 10), "onset_region": "lower_limb", "diagnosis_date": date(2025, 1, 14),
            "diagnostic_criteria": "gold_coast",
        }, AUTHOR, today=PLAN_DAY).id

    earlier = []
    for day, fvc, weight in zip(EARLIER_VISIT_DAYS, EARLIER_FVC, EARLIER_WEIGHT, strict=True):
        visit_id = _visit(db, patient_id, day, clinicians="Dr Old Visit")
        _record(db, WeightMeasurement, visit_id, {"weight_kg": weight})
        _record(db, RespiratoryAssessment, visit_id, {"fvc_percent_sitting": fvc, "snip_cmh2o": 70.0})
        _record(db, AlsfrsAssessment, visit_id, {**EARLIER_ALSFRS, "cutting_form": "5a"})
        earlier.append(visit_id)
    # What the earlier visits said, which the full visit's plan must not show as its own.
    _record(db, SlpAssessment, earlier[-1], {"intelligibility_percent": 90.0, "speaking_rate_wpm": 140.0})
    _record(db, NutritionAssessment, earlier[-1], {"gastrostomy_status": "not_discussed"})
    _record(db, PalliativeReview, earlier[-1], {"pain": "severe", "caregiver_support_offered": False})

    visit_id = _visit(db, patient_id, PLAN_VISIT_DAY, site="Northside outreach", clinicians=CLINICIANS,
                      notes="Joint review with family present.")
    _record(db, AlsfrsAssessment, visit_id, {**PLAN_ALSFRS, "cutting_form": "5a"})
    wrong = _record(db, WeightMeasurement, visit_id, {"weight_kg": VOIDED_WEIGHT})
    _void(db, WeightMeasurement, wrong, "entered on the wrong patient")
    _record(db, WeightMeasurement, visit_id, {"weight_kg": PLAN_WEIGHT})
    _record(db, NutritionAssessment, visit_id, {
        "gastrostomy_status": "discussed", "oral_supplements": True,
        "oral_supplements_detail": "Two bottles a day", "texture_advice": "Soft, moist foods",
    })
    _record(db, RespiratoryAssessment, visit_id, {
        "fvc_percent_sitting": PLAN_FVC, "fvc_percent_supine": 55.0, "snip_cmh2o": 52.0, "mip_cmh2o": 62.0,
        "peak_cough_flow_l_min": 240.0, "spo2_percent": 95.0, "oximetry_minutes_le88": 3.0,
        "oximetry_recording_hours": 7.0, "co2_mmhg": 44.0, "co2_source": "arterial",
        "dyspnoea_on_exertion": True, "orthopnoea": False, "morning_headache": False,
        "daytime_sleepiness": False, "disturbed_sleep": False, "weak_cough": True,
        "niv_status": "not_indicated", "tracheostomy_discussed": False,
    })
    _record(db, SlpAssessment, visit_id, {
        "intelligibility_percent": 70.0, "speaking_rate_wpm": 105.0, "aac_status": "planned",
        "voice_banking": True, "eat10_score": 12, "iddsi_drink_level": 1, "iddsi_food_level": 6,
        "chin_tuck": True, "strategies": "Small sips; double swallow",
    })
    _record(db, PalliativeReview, visit_id, {
        "referral_date": PLAN_VISIT_DAY, "pain": "mild", "spasticity": "moderate", "mood": "mild",
        "sleep": "none", "secretions": "mild", "caregiver_support_offered": True,
        "caregiver_support": "Carers' group details given",
    })
    _for_patient(db, Intervention, patient_id, {"kind": "cough_assist", "started_on": PLAN_VISIT_DAY,
                                                "detail": "Home loan device"})

    voided_visit = _visit(db, patient_id, VOIDED_VISIT_DAY, clinicians="Dr Wrong Patient")
    _record(db, WeightMeasurement, voided_visit, {"weight_kg": 50.0})
    _void(db, Visit, voided_visit, "visit entered on the wrong patient")

    # Riluzole from 1 Apr 2025 with its liver tests up to the 9-month one: the 12-month test is due.
    _for_patient(db, Medication, patient_id, {
        "drug_name": "riluzole", "category": "disease_modifying", "indication": "als", "dose_amount": 50.0,
        "dose_unit": "mg", "route": "oral", "frequency": "twice daily", "started_on": date(2025, 4, 1),
    })
    for taken, alt in ((date(2025, 4, 1), 22.0), (date(2025, 5, 1), 30.0), (date(2025, 6, 2), 28.0),
                       (date(2025, 7, 1), 35.0), (date(2025, 10, 1), 34.0), (date(2026, 1, 2), 40.0)):
        _for_patient(db, LiverTest, patient_id, {"taken_on": taken, "alt_u_l": alt, "alt_uln_u_l": 40.0})
    _for_patient(db, Medication, patient_id, {
        "drug_name": "baclofen", "category": "symptomatic", "indication": "spasticity", "dose_amount": 10.0,
        "dose_unit": "mg", "route": "oral", "frequency": "three times daily", "started_on": date(2025, 9, 11),
    })
    _for_patient(db, Medication, patient_id, {
        "drug_name": "amitriptyline", "category": "symptomatic", "indication": "sialorrhoea",
        "dose_amount": 10.0, "dose_unit": "mg", "route": "oral", "frequency": "at night",
        "started_on": date(2025, 6, 12), "stopped_on": date(2025, 12, 11), "stop_reason": "drowsiness",
    })

    decision = "Would accept NIV; declines tracheostomy"
    old = _for_patient(db, CarePlanningDecision, patient_id, {
        "topic": "ventilatory_support", "decision": "Entered in error", "discussed_on": date(2026, 3, 1)})
    _void(db, CarePlanningDecision, old, "wrong topic")
    _for_patient(db, CarePlanningDecision, patient_id, {
        "topic": "ventilatory_support", "decision": decision, "discussed_on": PLAN_VISIT_DAY,
        "document": "Advance directive", "proxy_name": "Sam Testcase",
    })

    weight_action = "Dietitian review: enrich and fractionate meals"
    _for_patient(db, TeamAction, patient_id, {
        "owner_discipline": "nutrition", "description": weight_action, "due_on": date(2026, 4, 15),
        "source": "ALS management guide (clinic seed): start nutritional interventions before significant loss",
        "rule_id": "NUT-WEIGHT-EARLY",
    })
    physio_action = "Review walking aids and the home exercise programme"
    _for_patient(db, TeamAction, patient_id, {
        "owner_discipline": "physiotherapy", "description": physio_action, "due_on": date(2026, 4, 1),
    })
    done_action = "Order a shower chair"
    _for_patient(db, TeamAction, patient_id, {
        "owner_discipline": "occupational_therapy", "description": done_action, "status": "done",
        "completed_on": date(2026, 3, 12),
    })
    return PlanRecord(
        patient_id=patient_id, mrn="PLAN-0001", name="TESTCASE, Morgan", today=PLAN_DAY, generated_at=GENERATED_AT,
        visit_id=visit_id, visit_date=PLAN_VISIT_DAY, site="Northside outreach", team_present=TEAM_PRESENT,
        earlier_visit_ids=tuple(earlier), earlier_visit_dates=EARLIER_VISIT_DAYS,
        voided_visit_id=voided_visit, voided_visit_date=VOIDED_VISIT_DAY,
        weight_kg=PLAN_WEIGHT, voided_weight_kg=VOIDED_WEIGHT, fvc_percent=PLAN_FVC,
        weight_action=weight_action, physio_action=physio_action, done_action=done_action,
        ventilation_decision=decision,
    )


@pytest.fixture
def plan_record(db: Database) -> PlanRecord:
    return build_plan_record(db)


@pytest.fixture
def team_plan(db: Database, plan_record: PlanRecord) -> Iterator[TeamPlan]:
    """The team care plan of the full visit, as of PLAN_DAY."""
    from als_desktop.services.team_plan import team_plan_for

    with db.transaction() as session:
        plan = team_plan_for(session, plan_record.patient_id, today=PLAN_DAY, generated_at=GENERATED_AT)
    yield plan
