"""A visit holds one live assessment of each kind (ALSFRS-R, nutrition, respiratory, speech and
swallowing, palliative review): the service refuses a second, naming who recorded the first;
the database index refuses one written past the service or by two workstations at once; a record
file that would leave two is refused whole. Several weights on one visit stay allowed."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.models import (
    AlsfrsAssessment,
    NutritionAssessment,
    PalliativeReview,
    Patient,
    RespiratoryAssessment,
    SlpAssessment,
    Visit,
    WeightMeasurement,
    utc_now,
)
from als_desktop.services import records, visits
from als_desktop.services.errors import SecondAssessmentError, ValidationError
from als_desktop.services.exchange import export_patient, import_patient_record

FIRST, SECOND = "j.smith", "a.jones"

# One value each, enough for the service to record the assessment.
VALUES: dict[type, dict[str, Any]] = {
    AlsfrsAssessment: {"speech": 3},
    NutritionAssessment: {"meal_advice": "Small frequent meals"},
    RespiratoryAssessment: {"fvc_percent_sitting": 72.0},
    SlpAssessment: {"intelligibility_percent": 80.0},
    PalliativeReview: {"pain": "mild"},
}
MODELS = list(VALUES)
IDS = [model.__name__ for model in MODELS]


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 12)}, FIRST)


def record(db: Database, model: type, visit_id: uuid.UUID, author: str, **values: Any) -> Any:
    with db.transaction() as session:
        return visits.record_on_visit(session, model, visit_id, {**VALUES[model], **values}, author)


def rows_on(db: Database, model: type, visit_id: uuid.UUID) -> list[Any]:
    with db.reading() as session:
        return list(session.scalars(select(model).where(model.visit_id == visit_id).order_by(model.created_at)))


def void(db: Database, row: Any) -> None:
    with db.transaction() as session:
        records.void_row(session, type(row), row.id, row.version, "entered on the wrong visit", FIRST)


def stamps(author: str = "raw.writer") -> dict[str, Any]:
    now = utc_now()
    return {"created_by": author, "updated_by": author, "created_at": now, "updated_at": now}


# ---------------------------------------------------------------------------- the service


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_a_second_assessment_on_a_visit_is_refused_naming_who_recorded_the_first(
    db: Database, visit: Visit, model: type
) -> None:
    first = record(db, model, visit.id, FIRST)

    with pytest.raises(SecondAssessmentError) as refused:
        record(db, model, visit.id, SECOND)

    message = refused.value.errors["visit_id"]
    assert message.startswith(f"This visit already has a {records.record_name(model)} (recorded by {FIRST} ")
    assert first.created_at.astimezone().strftime("%H:%M") in message
    assert message.endswith("correct that one instead.")
    assert isinstance(refused.value, ValidationError)  # forms show it like any other refusal
    assert refused.value.existing_id == first.id
    assert [row.id for row in rows_on(db, model, visit.id)] == [first.id]


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_after_voiding_the_first_a_new_assessment_can_be_recorded(db: Database, visit: Visit, model: type) -> None:
    first = record(db, model, visit.id, FIRST)
    void(db, first)

    second = record(db, model, visit.id, SECOND)

    stored = rows_on(db, model, visit.id)
    assert [row.id for row in stored] == [first.id, second.id]
    assert [row.is_voided for row in stored] == [True, False]


def test_the_same_kind_on_another_visit_and_other_kinds_on_the_same_visit_are_allowed(
    db: Database, patient: Patient, visit: Visit
) -> None:
    with db.transaction() as session:
        later = visits.create_visit(session, patient.id, {"visit_date": date(2024, 6, 4)}, FIRST)
    for model in MODELS:
        record(db, model, visit.id, FIRST)
        record(db, model, later.id, FIRST)
    for model in MODELS:
        assert len(rows_on(db, model, visit.id)) == len(rows_on(db, model, later.id)) == 1


def test_several_weights_on_one_visit_stay_allowed(db: Database, visit: Visit) -> None:
    for weight in (71.2, 71.0, 70.8):
        with db.transaction() as session:
            visits.record_weight(session, visit.id, weight, FIRST)
    assert [row.weight_kg for row in rows_on(db, WeightMeasurement, visit.id)] == [71.2, 71.0, 70.8]


def test_a_refused_second_assessment_leaves_the_rest_of_the_save_unwritten(db: Database, visit: Visit) -> None:
    record(db, RespiratoryAssessment, visit.id, FIRST)
    with pytest.raises(SecondAssessmentError):
        with db.transaction() as session:
            visits.record_weight(session, visit.id, 70.0, SECOND)
            visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": 65.0}, SECOND)
    assert rows_on(db, WeightMeasurement, visit.id) == []


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_two_workstations_saving_at_once_the_later_gets_a_message_not_a_crash(
    db: Database, visit: Visit, model: type
) -> None:
    """The other workstation commits after this save checked the visit and before it writes:
    the index refuses the row, and the user is told who saved first."""
    with db.sessions() as session:

        def other_workstation_saves_now(*_args: Any) -> None:
            record(db, model, visit.id, FIRST)

        event.listen(session, "before_flush", other_workstation_saves_now, once=True)
        with pytest.raises(SecondAssessmentError) as refused:
            visits.record_on_visit(session, model, visit.id, VALUES[model], SECOND)
        session.rollback()

    message = refused.value.errors["visit_id"]
    assert f"already has a {records.record_name(model)}: {FIRST} saved one at " in message
    assert "while you were saving" in message and "Yours was not saved" in message
    assert isinstance(refused.value.__cause__, IntegrityError)
    [stored] = rows_on(db, model, visit.id)
    assert stored.created_by == FIRST and refused.value.existing_id == stored.id


# ---------------------------------------------------------------------------- the database itself


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_the_database_refuses_a_second_live_row_written_past_the_service(
    db: Database, visit: Visit, model: type
) -> None:
    with db.sessions() as session:
        first = model(visit_id=visit.id, **VALUES[model], **stamps())
        session.add(first)
        session.commit()
    with db.sessions() as session:
        session.add(model(visit_id=visit.id, **VALUES[model], **stamps()))
        with pytest.raises(IntegrityError) as refused:
            session.commit()
    assert visits.is_second_live_row(refused.value, model)
    assert [row.id for row in rows_on(db, model, visit.id)] == [first.id]

    void(db, first)
    with db.sessions() as session:
        session.add(model(visit_id=visit.id, **VALUES[model], **stamps()))
        session.commit()
    assert [row.is_voided for row in rows_on(db, model, visit.id)] == [True, False]


def test_the_database_keeps_any_number_of_voided_rows_on_a_visit(db: Database, visit: Visit) -> None:
    for _ in range(3):
        void(db, record(db, SlpAssessment, visit.id, FIRST))
    record(db, SlpAssessment, visit.id, FIRST)
    assert [row.is_voided for row in rows_on(db, SlpAssessment, visit.id)] == [True, True, True, False]


# ---------------------------------------------------------------------------- record files


@pytest.fixture
def other_clinic(tmp_path: Path) -> Iterator[Database]:
    database = open_database(sqlite_url(tmp_path / "other-clinic.sqlite"))
    yield database
    database.close()


def exported(db: Database, patient: Patient) -> dict[str, Any]:
    with db.reading() as session:
        return export_patient(session, patient.mrn)


def patient_count(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(Patient))


def test_a_file_with_two_live_assessments_of_one_kind_on_a_visit_is_refused_whole(
    db: Database, patient: Patient, visit: Visit, other_clinic: Database
) -> None:
    record(db, RespiratoryAssessment, visit.id, FIRST)
    record(db, AlsfrsAssessment, visit.id, FIRST)
    document = exported(db, patient)
    [file_visit] = document["patient"]["visits"]
    twin = copy.deepcopy(file_visit["respiratory"][0])
    twin["id"] = str(uuid.uuid4())
    file_visit["respiratory"].append(twin)

    with pytest.raises(ValidationError) as refused:
        with other_clinic.transaction() as session:
            import_patient_record(session, document, SECOND)

    assert refused.value.errors == {"patient.visits[0].respiratory[1]": (
        "The visit of 12 Mar 2024 has two live respiratory assessments in this file (the other at "
        "patient.visits[0].respiratory[0]); a visit keeps one. Nothing was imported: void one of them "
        "(with who and why) or merge them.")}
    assert patient_count(other_clinic) == 0

    # The same file with one of the two voided is a record the program itself could have written.
    twin.update(voided_at=utc_now().isoformat(), voided_by=FIRST, void_reason="entered twice")
    with other_clinic.transaction() as session:
        import_patient_record(session, document, SECOND)
    with other_clinic.reading() as session:
        stored = session.scalars(select(RespiratoryAssessment)).all()
        assert sorted(row.is_voided for row in stored) == [False, True]


def test_a_file_adding_a_second_live_assessment_to_a_stored_visit_is_refused(
    db: Database, patient: Patient, visit: Visit
) -> None:
    stored = record(db, PalliativeReview, visit.id, FIRST)
    document = exported(db, patient)
    [file_visit] = document["patient"]["visits"]
    # A file written elsewhere: its own review of the same visit, without the one stored here.
    file_visit["palliative"][0].update(id=str(uuid.uuid4()), pain="severe", created_by=SECOND)

    with pytest.raises(ValidationError) as refused:
        with db.transaction() as session:
            import_patient_record(session, document, SECOND)

    [(path, message)] = refused.value.errors.items()
    assert path == "patient.visits[0].palliative[0]"
    assert message.startswith("The visit of 12 Mar 2024 already has a live palliative care review in this "
                              f"database (recorded by {FIRST}, record {stored.id})")
    assert [(row.id, row.pain, row.is_voided) for row in rows_on(db, PalliativeReview, visit.id)] == [
        (stored.id, "mild", False)]

    # Voiding the stored one in the file (it carries the stored id) lets the file's review in.
    file_visit["palliative"].append({**exported(db, patient)["patient"]["visits"][0]["palliative"][0],
                                     "voided_at": utc_now().isoformat(), "voided_by": SECOND,
                                     "void_reason": "replaced by the review written at the hospice"})
    with db.transaction() as session:
        import_patient_record(session, document, SECOND)
    after = rows_on(db, PalliativeReview, visit.id)
    assert sorted((row.pain, row.is_voided) for row in after) == [("mild", True), ("severe", False)]


def test_reimporting_a_visits_own_assessment_is_not_a_second_one(
    db: Database, patient: Patient, visit: Visit
) -> None:
    stored = record(db, NutritionAssessment, visit.id, FIRST)
    document = exported(db, patient)
    document["patient"]["visits"][0]["nutrition"][0]["meal_advice"] = "Add a high-energy snack at night"
    del document["patient"]["visits"][0]["nutrition"][0]["version"]  # edited by hand

    with db.transaction() as session:
        import_patient_record(session, document, SECOND)

    [row] = rows_on(db, NutritionAssessment, visit.id)
    assert row.id == stored.id and row.meal_advice == "Add a high-energy snack at night"
