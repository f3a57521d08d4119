"""Nutrition use cases on a real database: the assessment with its gastrostomy placement in one
transaction, and the weight recorded, corrected and voided."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from als_desktop.db import Database
from als_desktop.models import (
    Intervention,
    NutritionAssessment,
    Patient,
    Visit,
    WeightMeasurement,
)
from als_desktop.services import nutrition, patient_records, visits
from als_desktop.services.errors import StaleRecordError, ValidationError
from als_desktop.services.operations import perform
from als_desktop.services.queries_nutrition import gastrostomy_in_place

AUTHOR, OTHER = "dietitian", "other.workstation"
VISIT_DAY = date(2024, 3, 12)
PLACED_ON = date(2024, 3, 1)


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": VISIT_DAY}, AUTHOR)


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def gastrostomies(db: Database) -> list[Intervention]:
    with db.reading() as session:
        return list(session.scalars(select(Intervention).where(Intervention.kind == "gastrostomy")))


def placed(**changes: object) -> dict:
    return {"gastrostomy_status": "placed", "gastrostomy_type": "PEG", "gastrostomy_placed_on": PLACED_ON,
            **changes}


def test_placing_a_gastrostomy_records_the_intervention_in_the_same_transaction(
        db: Database, patient: Patient, visit: Visit) -> None:
    performed = perform(db, nutrition.save_nutrition, visit.id, placed(meal_advice="Small meals"), AUTHOR)

    with db.reading() as session:
        row = session.get(NutritionAssessment, performed.result.id)
        assert (row.gastrostomy_status, row.meal_advice, row.created_by) == ("placed", "Small meals", AUTHOR)
    [tube] = gastrostomies(db)
    assert (tube.patient_id, tube.detail, tube.started_on, tube.ended_on, tube.created_by) == (
        patient.id, "PEG", PLACED_ON, None, AUTHOR)


@pytest.mark.parametrize(("values", "field", "message"), [
    (placed(gastrostomy_type=None), "gastrostomy_type", "Choose the gastrostomy type (PEG, RIG or PIG)."),
    (placed(gastrostomy_placed_on=None), "gastrostomy_placed_on", "Enter the date the gastrostomy was placed."),
    (placed(gastrostomy_placed_on=date.today() + timedelta(days=2)), "gastrostomy_placed_on",
     "Date placed cannot be in the future"),
    (placed(gastrostomy_type="tube"), "gastrostomy_type", "is not one of the recorded choices"),
])
def test_a_refused_placement_leaves_neither_the_assessment_nor_the_intervention(
        db: Database, visit: Visit, values: dict, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        perform(db, nutrition.save_nutrition, visit.id, values, AUTHOR)
    assert message in refused.value.errors[field]
    assert count(db, NutritionAssessment) == 0
    assert gastrostomies(db) == []


def test_a_refused_assessment_leaves_no_intervention(db: Database, visit: Visit) -> None:
    with pytest.raises(ValidationError) as refused:
        perform(db, nutrition.save_nutrition, visit.id, placed(gastrostomy_status="inserted"), AUTHOR)
    assert "gastrostomy_status" in refused.value.errors
    assert gastrostomies(db) == []


def test_other_statuses_record_no_gastrostomy(db: Database, visit: Visit) -> None:
    perform(db, nutrition.save_nutrition, visit.id, placed(gastrostomy_status="planned"), AUTHOR)
    assert count(db, NutritionAssessment) == 1
    assert gastrostomies(db) == []


def test_saving_again_corrects_the_gastrostomy_in_place_instead_of_recording_another(
        db: Database, visit: Visit, patient: Patient) -> None:
    first = perform(db, nutrition.save_nutrition, visit.id, placed(), AUTHOR).result
    with db.reading() as session:
        seen = gastrostomy_in_place(session, patient.id)

    perform(db, nutrition.save_nutrition, visit.id, placed(gastrostomy_placed_on=PLACED_ON + timedelta(days=1)),
            AUTHOR, row_id=first.id, version=first.version, gastrostomy_seen=seen)

    [tube] = gastrostomies(db)
    assert (tube.started_on, tube.version) == (PLACED_ON + timedelta(days=1), 2)
    with db.reading() as session:
        assert session.get(NutritionAssessment, first.id).version == 1  # nothing of it changed


def test_a_gastrostomy_recorded_meanwhile_is_not_recorded_twice(db: Database, visit: Visit, patient: Patient) -> None:
    with db.transaction() as session:
        patient_records.record_for_patient(session, Intervention, patient.id,
                                           {"kind": "gastrostomy", "detail": "RIG", "started_on": PLACED_ON}, OTHER)
    with pytest.raises(StaleRecordError, match=f"A gastrostomy was recorded by {OTHER}"):
        perform(db, nutrition.save_nutrition, visit.id, placed(), AUTHOR, gastrostomy_seen=None)
    assert [tube.detail for tube in gastrostomies(db)] == ["RIG"]
    assert count(db, NutritionAssessment) == 0


def test_a_gastrostomy_changed_meanwhile_is_not_overwritten(db: Database, visit: Visit, patient: Patient) -> None:
    perform(db, nutrition.save_nutrition, visit.id, placed(), AUTHOR)
    with db.reading() as session:
        seen = gastrostomy_in_place(session, patient.id)
    with db.transaction() as session:
        patient_records.edit_patient_record(session, Intervention, seen.id, seen.version, {"detail": "PIG"}, OTHER)
    other_visit = perform(db, visits.create_visit, patient.id, {"visit_date": VISIT_DAY + timedelta(days=1)},
                          AUTHOR).result

    with pytest.raises(StaleRecordError, match=f"changed by {OTHER}"):
        perform(db, nutrition.save_nutrition, other_visit.id, placed(gastrostomy_type="RIG"), AUTHOR,
                gastrostomy_seen=seen)
    assert [tube.detail for tube in gastrostomies(db)] == ["PIG"]
    assert count(db, NutritionAssessment) == 1


# ---------------------------------------------------------------- weight


def test_weight_recorded_corrected_and_voided(db: Database, visit: Visit) -> None:
    row = perform(db, nutrition.record_weight, visit.id, 68.5, AUTHOR).result
    corrected = perform(db, nutrition.correct_weight, row.id, row.version, 67.5, OTHER).result
    assert (corrected.weight_kg, corrected.version, corrected.updated_by) == (67.5, 2, OTHER)

    with pytest.raises(StaleRecordError):
        perform(db, nutrition.void_weight, row.id, row.version, "wrong patient", AUTHOR)
    perform(db, nutrition.void_weight, row.id, corrected.version, "wrong patient", AUTHOR)
    with db.reading() as session:
        stored = session.get(WeightMeasurement, row.id)
        assert (stored.weight_kg, stored.void_reason, stored.voided_by) == (67.5, "wrong patient", AUTHOR)


def test_weight_without_a_value_or_out_of_range_is_refused(db: Database, visit: Visit) -> None:
    with pytest.raises(ValidationError) as missing:
        perform(db, nutrition.record_weight, visit.id, None, AUTHOR)
    assert missing.value.errors == {"weight_kg": "Enter the weight in kg."}
    with pytest.raises(ValidationError) as implausible:
        perform(db, nutrition.record_weight, visit.id, 900.0, AUTHOR)
    assert "between 20 and 300 kg" in implausible.value.errors["weight_kg"]
    row = perform(db, nutrition.record_weight, visit.id, 70.0, AUTHOR).result
    with pytest.raises(ValidationError):
        perform(db, nutrition.correct_weight, row.id, row.version, None, AUTHOR)
    with pytest.raises(ValidationError, match="Give a reason"):
        perform(db, nutrition.void_weight, row.id, row.version, "  ", AUTHOR)
    assert count(db, WeightMeasurement) == 1
