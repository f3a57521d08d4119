"""The visit assessments without rules of their own (speech and swallowing, palliative review):
recorded, corrected by version, voided, and listed by kind name."""

from __future__ import annotations

from datetime import date

import pytest

from als_desktop.db import Database
from als_desktop.models import Patient, Visit
from als_desktop.services import assessments, kinds, visits
from als_desktop.services.errors import (
    SecondAssessmentError,
    StaleRecordError,
    ValidationError,
)
from als_desktop.services.operations import perform

AUTHOR, OTHER = "slp", "other.workstation"


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 12)}, AUTHOR)


def history(db: Database, kind: str, patient: Patient, fields: tuple[str, ...], include_voided: bool = False) -> list:
    with db.reading() as session:
        return assessments.history(session, kind, patient.id, fields, include_voided)


def test_slp_recorded_corrected_and_voided(db: Database, patient: Patient, visit: Visit) -> None:
    row = perform(db, assessments.save_slp, visit.id, {"eat10_score": 4}, AUTHOR).result
    perform(db, assessments.save_slp, visit.id, {"eat10_score": 6}, OTHER, row_id=row.id, version=row.version)
    with pytest.raises(StaleRecordError, match=f"changed by {OTHER}"):
        perform(db, assessments.save_slp, visit.id, {"eat10_score": 8}, AUTHOR, row_id=row.id, version=row.version)
    [shown] = history(db, "slp", patient, ("eat10_score",))
    assert (shown.values, shown.version, shown.updated_by) == ({"eat10_score": 6}, 2, OTHER)

    perform(db, assessments.void_assessment, "slp", row.id, 2, "wrong visit", AUTHOR)
    assert history(db, "slp", patient, ("eat10_score",)) == []
    [voided] = history(db, "slp", patient, ("eat10_score",), include_voided=True)
    assert (voided.void_reason, voided.voided_by) == ("wrong visit", AUTHOR)


def test_a_second_palliative_review_on_a_visit_is_refused(db: Database, visit: Visit) -> None:
    perform(db, assessments.save_palliative_review, visit.id, {"pain": "mild"}, OTHER)
    with pytest.raises(SecondAssessmentError, match=f"recorded by {OTHER}"):
        perform(db, assessments.save_palliative_review, visit.id, {"pain": "severe"}, AUTHOR)


def test_an_empty_assessment_is_refused_and_kinds_are_named(db: Database, visit: Visit) -> None:
    with pytest.raises(ValidationError, match="Enter at least one value"):
        perform(db, assessments.save_slp, visit.id, {"eat10_score": None}, AUTHOR)
    assert kinds.name_of("slp") == "speech and swallowing assessment"
    assert kinds.name_of("palliative") == "palliative care review"
    with pytest.raises(ValueError):
        perform(db, assessments.void_assessment, "weight", visit.id, 1, "reason", AUTHOR)
