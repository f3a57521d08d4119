"""The messages a clinician sees for the issue's examples, and that nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import func, select

from als_desktop.db import Database
from als_desktop.domain.limits import LIMITS
from als_desktop.models import AlsfrsAssessment, Patient, RespiratoryAssessment, Visit, WeightMeasurement
from als_desktop.services import ValidationError, patients, visits

AUTHOR = "test.clinician"


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 4)}, AUTHOR)


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def refused(db: Database, save) -> dict[str, str]:  # noqa: ANN001
    with pytest.raises(ValidationError) as error:
        with db.transaction() as session:
            save(session)
    return error.value.errors


def test_weight_of_900_kg(db: Database, visit: Visit) -> None:
    errors = refused(db, lambda s: visits.record_weight(s, visit.id, 900, AUTHOR))
    assert errors == {"weight_kg": "Weight must be between 20 and 300 kg (entered 900 kg)."}
    assert count(db, WeightMeasurement) == 0


def test_missing_weight_is_required(db: Database, visit: Visit) -> None:
    errors = refused(db, lambda s: visits.record_weight(s, visit.id, None, AUTHOR))
    assert errors == {"weight_kg": "Weight is required."}


def test_alsfrs_item_scored_5(db: Database, visit: Visit) -> None:
    errors = refused(
        db, lambda s: visits.record_on_visit(s, AlsfrsAssessment, visit.id, {"speech": 4, "swallowing": 5}, AUTHOR)
    )
    assert errors == {"swallowing": "ALSFRS-R item must be between 0 and 4 (entered 5)."}
    assert count(db, AlsfrsAssessment) == 0


def test_alsfrs_item_5_form_must_be_5a_or_5b(db: Database, visit: Visit) -> None:
    errors = refused(
        db, lambda s: visits.record_on_visit(
            s, AlsfrsAssessment, visit.id, {"cutting_food": 3, "cutting_form": "5c"}, AUTHOR)
    )
    assert set(errors) == {"cutting_form"}
    assert "5c" in errors["cutting_form"]


def test_visit_before_birth(db: Database, patient: Patient) -> None:
    errors = refused(db, lambda s: visits.create_visit(s, patient.id, {"visit_date": date(1960, 1, 1)}, AUTHOR))
    assert errors == {"visit_date": "Visit date (01 Jan 1960) cannot be before the date of birth (12 Apr 1961)."}
    assert count(db, Visit) == 0


def test_visit_in_the_future(db: Database, patient: Patient) -> None:
    errors = refused(
        db, lambda s: visits.create_visit(s, patient.id, {"visit_date": date(2030, 1, 2)}, AUTHOR,
                                          today=date(2025, 6, 1))
    )
    assert errors == {"visit_date": "Visit date cannot be in the future (02 Jan 2030)."}


def test_fvc_of_minus_3_percent(db: Database, visit: Visit) -> None:
    errors = refused(db, lambda s: visits.record_respiratory(s, visit.id, {"fvc_percent_sitting": -3}, AUTHOR))
    assert errors == {"fvc_percent_sitting": "FVC sitting must be between 0 and 200 % predicted (entered -3 % predicted)."}
    assert count(db, RespiratoryAssessment) == 0


def test_every_problem_of_a_form_is_reported_at_once(db: Database) -> None:
    errors = refused(
        db,
        lambda s: patients.create_patient(
            s,
            {"mrn": " ", "given_name": "Jo", "family_name": "", "date_of_birth": date(1970, 1, 1),
             "onset_region": "elbow", "height_cm": 20, "onset_date": date(2022, 5, 1),
             "diagnosis_date": date(2022, 4, 1)},
            AUTHOR,
        ),
    )
    assert set(errors) == {"mrn", "family_name", "onset_region", "height_cm", "diagnosis_date"}
    assert errors["mrn"] == "MRN is required."
    assert errors["family_name"] == "Family name is required."
    assert "elbow" in errors["onset_region"]
    assert errors["height_cm"] == "Height must be between 100 and 250 cm (entered 20 cm)."
    assert errors["diagnosis_date"] == "Diagnosis date (01 Apr 2022) cannot be before symptom onset (01 May 2022)."
    assert count(db, Patient) == 0


def test_duplicate_mrn_names_the_patient_who_has_it(db: Database, patient: Patient) -> None:
    errors = refused(
        db,
        lambda s: patients.create_patient(
            s, {"mrn": f"  {patient.mrn} ", "given_name": "Other", "family_name": "Person",
                "date_of_birth": date(1980, 2, 2)}, AUTHOR),
    )
    assert errors == {"mrn": f"MRN {patient.mrn} already belongs to EXAMPLE, Alex."}
    assert count(db, Patient) == 1


def test_unknown_field_is_refused_not_ignored(db: Database, visit: Visit) -> None:
    errors = refused(db, lambda s: visits.record_respiratory(s, visit.id, {"fvc_litres": 3.1}, AUTHOR))
    assert set(errors) == {"fvc_litres"}


@given(weight=st.floats(min_value=-1000, max_value=2000, allow_nan=False))
def test_weight_message_exactly_when_outside_the_range(weight: float) -> None:
    limit = LIMITS["weight_kg"]
    message = limit.message(weight)
    assert (message is None) == (20 <= weight <= 300)
    if message:
        assert message.startswith("Weight must be between 20 and 300 kg")


def test_an_empty_respiratory_assessment_is_refused(db, patient):
    from datetime import date

    from als_desktop.models import RespiratoryAssessment
    from als_desktop.services import ValidationError, visits

    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 5, 1)}, "tester")
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": None}, "tester")
    assert "at least one value" in refused.value.errors["values"]
    with db.reading() as session:
        assert session.query(RespiratoryAssessment).count() == 0
