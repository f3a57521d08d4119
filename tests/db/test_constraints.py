"""The database itself refuses bad values, even from code that bypasses the services.

Each test writes through a plain ORM session or a Core statement (no validation), expects
IntegrityError, and then checks from a fresh session that nothing was stored.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from als_desktop.db import Database
from als_desktop.domain import vocab
from als_desktop.domain.limits import ALSFRS_ITEM, LIMITS
from als_desktop.models import (
    AlsfrsAssessment,
    Intervention,
    LiverTest,
    Medication,
    Patient,
    RespiratoryAssessment,
    SlpAssessment,
    TeamAction,
    Visit,
    WeightMeasurement,
    utc_now,
)
from als_desktop.models.base import is_one_per_visit

AUTHOR = "raw.writer"


def stamps() -> dict:
    now = utc_now()
    return {"created_by": AUTHOR, "updated_by": AUTHOR, "created_at": now, "updated_at": now}


def patient_values(**changes) -> dict:
    values = {
        "mrn": f"RAW-{uuid.uuid4().hex[:8]}",
        "given_name": "Robin",
        "family_name": "Sample",
        "date_of_birth": date(1958, 6, 1),
        "sex": "male",
        **stamps(),
    }
    values.update(changes)
    return values


def insert_refused(db: Database, row: object) -> None:
    model = type(row)
    with db.sessions() as session:
        before = session.scalar(select(func.count()).select_from(model))
    with db.sessions() as session:
        session.add(row)
        with pytest.raises(IntegrityError):
            session.commit()
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(model)) == before


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.sessions() as session:
        row = Visit(patient_id=patient.id, visit_date=date(2024, 2, 1), site="Main clinic", **stamps())
        session.add(row)
        session.commit()
        return row


def test_weight_of_900_kg_is_refused(db: Database, visit: Visit) -> None:
    insert_refused(db, WeightMeasurement(visit_id=visit.id, weight_kg=900, **stamps()))


def test_alsfrs_item_scored_5_is_refused(db: Database, visit: Visit) -> None:
    insert_refused(db, AlsfrsAssessment(visit_id=visit.id, speech=5, **stamps()))


def test_alsfrs_cutting_form_other_than_5a_or_5b_is_refused(db: Database, visit: Visit) -> None:
    insert_refused(db, AlsfrsAssessment(visit_id=visit.id, cutting_food=2, cutting_form="5c", **stamps()))


def test_fvc_of_minus_3_percent_is_refused(db: Database, visit: Visit) -> None:
    insert_refused(db, RespiratoryAssessment(visit_id=visit.id, fvc_percent_sitting=-3, **stamps()))


@pytest.mark.parametrize(
    "field, code",
    [("sex", "x"), ("onset_region", "elbow"), ("c9orf72_status", "maybe"), ("ftd", "perhaps")],
)
def test_unknown_patient_codes_are_refused(db: Database, field: str, code: str) -> None:
    insert_refused(db, Patient(**patient_values(**{field: code})))


def test_unknown_intervention_kind_is_refused(db: Database, patient: Patient) -> None:
    insert_refused(db, Intervention(patient_id=patient.id, kind="teleport", started_on=date(2024, 1, 1), **stamps()))


def test_blank_mrn_is_refused(db: Database) -> None:
    insert_refused(db, Patient(**patient_values(mrn="   ")))


def test_blank_team_action_is_refused(db: Database, patient: Patient) -> None:
    insert_refused(db, TeamAction(patient_id=patient.id, owner_discipline="nursing", description=" ", **stamps()))


def test_diagnosis_before_onset_is_refused(db: Database) -> None:
    insert_refused(
        db, Patient(**patient_values(onset_date=date(2023, 5, 1), diagnosis_date=date(2023, 4, 30)))
    )


def test_onset_before_birth_is_refused(db: Database) -> None:
    insert_refused(db, Patient(**patient_values(date_of_birth=date(1960, 1, 1), onset_date=date(1959, 12, 31))))


def test_duplicate_mrn_is_refused(db: Database, patient: Patient) -> None:
    insert_refused(db, Patient(**patient_values(mrn=patient.mrn)))


def test_intervention_ending_before_it_started_is_refused(db: Database, patient: Patient) -> None:
    insert_refused(
        db,
        Intervention(patient_id=patient.id, kind="niv", started_on=date(2024, 3, 1),
                     ended_on=date(2024, 2, 1), **stamps()),
    )


def test_row_of_a_missing_visit_is_refused(db: Database) -> None:
    """Foreign keys are enforced (SQLite needs them switched on per connection)."""
    insert_refused(db, WeightMeasurement(visit_id=uuid.uuid4(), weight_kg=70, **stamps()))


def test_void_without_reason_is_refused_and_row_unchanged(db: Database, patient: Patient) -> None:
    with db.sessions() as session:
        with pytest.raises(IntegrityError):
            session.execute(
                update(Patient).where(Patient.id == patient.id)
                .values(voided_at=utc_now(), voided_by=AUTHOR, void_reason="  ")
            )
            session.commit()
    with db.sessions() as session:
        stored = session.get(Patient, patient.id)
        assert stored.voided_at is None and stored.void_reason is None


def test_void_without_author_is_refused(db: Database, patient: Patient) -> None:
    with db.sessions() as session:
        with pytest.raises(IntegrityError):
            session.execute(
                update(Patient).where(Patient.id == patient.id)
                .values(voided_at=utc_now(), void_reason="duplicate registration")
            )
            session.commit()
    with db.sessions() as session:
        assert session.get(Patient, patient.id).voided_at is None


def test_raw_update_to_impossible_weight_is_refused(db: Database, visit: Visit) -> None:
    with db.sessions() as session:
        weight = WeightMeasurement(visit_id=visit.id, weight_kg=71.5, **stamps())
        session.add(weight)
        session.commit()
        weight_id = weight.id
    with db.sessions() as session:
        with pytest.raises(IntegrityError):
            session.execute(update(WeightMeasurement).where(WeightMeasurement.id == weight_id).values(weight_kg=900))
            session.commit()
    with db.sessions() as session:
        assert session.get(WeightMeasurement, weight_id).weight_kg == 71.5


# The CHECK constraints mirror domain.limits: the database accepts exactly what the range says.
RANGED = [
    (Patient, "height_cm"), (Patient, "premorbid_weight_kg"), (Patient, "ecas_total"),
    (WeightMeasurement, "weight_kg"),
    *((RespiratoryAssessment, field) for field in (
        "fvc_percent_sitting", "fvc_percent_supine", "snip_cmh2o", "mip_cmh2o",
        "peak_cough_flow_l_min", "spo2_percent", "oximetry_minutes_le88",
        "oximetry_recording_hours", "co2_mmhg")),
    (SlpAssessment, "intelligibility_percent"), (SlpAssessment, "speaking_rate_wpm"),
    (SlpAssessment, "eat10_score"),
    (Medication, "dose_amount"), (LiverTest, "alt_u_l"), (LiverTest, "alt_uln_u_l"),
    (Intervention, "niv_hours_per_day"),
    *((AlsfrsAssessment, item) for item in ("speech", "walking", "respiratory_insufficiency")),
]


def make_row(model: type, field: str, value: float, patient: Patient, visit: Visit) -> object:
    if model is Patient:
        return Patient(**patient_values(**{field: value}))
    owner = {"visit_id": visit.id} if "visit_id" in model.__table__.columns else {"patient_id": patient.id}
    if is_one_per_visit(model):
        # A visit holds one live assessment of a kind: each row gets a visit of its own, so the
        # CHECK under test (not the one-per-visit index) is what refuses a value.
        owner = {"visit": Visit(patient_id=patient.id, visit_date=visit.visit_date, site=visit.site, **stamps())}
    required = {
        WeightMeasurement: {"weight_kg": 70.0},
        Medication: {"drug_name": "riluzole", "category": "disease_modifying"},
        LiverTest: {"taken_on": date(2024, 1, 5), "alt_u_l": 30.0, "alt_uln_u_l": 40.0},
        Intervention: {"kind": "niv", "started_on": date(2024, 1, 5)},
    }.get(model, {})
    return model(**owner, **{**required, field: value}, **stamps())


@pytest.mark.parametrize("model, field", RANGED, ids=[f"{m.__tablename__}.{f}" for m, f in RANGED])
def test_check_constraint_matches_the_plausible_range(
    db: Database, patient: Patient, visit: Visit, model: type, field: str
) -> None:
    limit = ALSFRS_ITEM if model is AlsfrsAssessment else LIMITS[field]
    step = 1 if limit.decimals == 0 and limit.low == int(limit.low) else 0.0005
    for value in (limit.low, limit.high):
        with db.sessions() as session:
            session.add(make_row(model, field, value, patient, visit))
            session.commit()
    for value in (limit.low - step, limit.high + step):
        assert limit.message(value) is not None
        insert_refused(db, make_row(model, field, value, patient, visit))


CODED = [
    (Patient, "sex", vocab.SEX), (Patient, "onset_region", vocab.ONSET_REGION),
    (Patient, "diagnostic_criteria", vocab.DIAGNOSTIC_CRITERIA),
    (SlpAssessment, "aac_status", vocab.AAC_STATUS), (SlpAssessment, "iddsi_drink_level", vocab.IDDSI_DRINK),
    (SlpAssessment, "iddsi_food_level", vocab.IDDSI_FOOD),
    (RespiratoryAssessment, "niv_status", vocab.NIV_STATUS),
    (RespiratoryAssessment, "co2_source", vocab.CO2_SOURCE),
    (Intervention, "kind", vocab.INTERVENTION_KIND),
    (Medication, "route", vocab.ROUTE), (Medication, "category", vocab.MEDICATION_CATEGORY),
]


@pytest.mark.parametrize("model, field, codes", CODED, ids=[f"{m.__tablename__}.{f}" for m, f, _ in CODED])
def test_database_accepts_every_vocabulary_code_and_nothing_else(
    db: Database, patient: Patient, visit: Visit, model: type, field: str, codes: dict
) -> None:
    for code in codes:
        with db.sessions() as session:
            session.add(make_row(model, field, code, patient, visit))
            session.commit()
    stranger = 99 if isinstance(next(iter(codes)), int) else "not_a_code"
    insert_refused(db, make_row(model, field, stranger, patient, visit))
