"""The reason given for a void or a restore obeys the rule of a reason field (TEXT_RULES["void_reason"]):
it is stored on the row and in the history, and shown in every history list and printed plan.

A refused reason names the field, the value's fault and the rule, and writes nothing: the hash of
every table is the same before and after.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from bad_input_cases import MEGABYTE, database_hash
from sqlalchemy import select

from als_desktop.db import Database
from als_desktop.domain.text_rules import TEXT_RULES
from als_desktop.models import ChangeEntry, Patient, Visit, WeightMeasurement
from als_desktop.services import ValidationError, patients, visits, writer

NURSE = writer.Actor("nurse.dahl", "clinic-room-3")
LONGEST = TEXT_RULES["void_reason"].max_length

BAD_REASONS: list[tuple[Any, tuple[str, ...]]] = [
    ("x" * (LONGEST + 1), ("too long", f"{LONGEST + 1:,}", f"at most {LONGEST:,}")),
    (MEGABYTE, ("too long", "1,048,576")),
    ("typed\x00twice", ("control character", "NUL")),
    ("typed twice\x1b[2J", ("control character", "ESC")),
    ("typed \u202etwice", ("direction override", "U+202E")),
    ("wrong \u2066patient", ("direction override", "U+2066")),
    ("\u200b", ("invisible",)),
    ("\u200b\ufeff", ("invisible",)),
    ("broken \ud800", ("broken character",)),
    (42, ("must be text",)),
    (["entered twice"], ("must be text",)),
    ("", ("give a reason",)),
    ("   ", ("give a reason",)),
    (None, ("give a reason",)),
]


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2025, 3, 4)}, NURSE)


@pytest.fixture
def weight(db: Database, visit: Visit) -> WeightMeasurement:
    with db.transaction() as session:
        return visits.record_weight(session, visit.id, 71.5, NURSE)


@pytest.fixture
def voided_weight(db: Database, weight: WeightMeasurement) -> WeightMeasurement:
    with db.transaction() as session:
        return writer.void(session, WeightMeasurement, weight.id, 1, "entered on the wrong patient", NURSE)


def history_of(db: Database, row_id: object) -> list[ChangeEntry]:
    with db.reading() as session:
        return list(session.scalars(select(ChangeEntry).where(ChangeEntry.row_id == row_id).order_by(ChangeEntry.seq)))


@pytest.mark.parametrize(("reason", "words"), BAD_REASONS, ids=[repr(r)[:30] for r, _ in BAD_REASONS])
def test_a_bad_void_reason_is_refused_by_name_and_changes_nothing(
    db: Database, weight: WeightMeasurement, reason: Any, words: tuple[str, ...]
) -> None:
    before = database_hash(db)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        writer.void(session, WeightMeasurement, weight.id, 1, reason, NURSE)
    message = refused.value.errors["void_reason"]
    if reason is not None and not (isinstance(reason, str) and not reason.strip()):
        assert "Void reason" in message
    for word in words:
        assert word.lower() in message.lower(), (word, message)
    assert database_hash(db) == before


@pytest.mark.parametrize(("reason", "words"), BAD_REASONS, ids=[repr(r)[:30] for r, _ in BAD_REASONS])
def test_a_bad_restore_reason_is_refused_by_name_and_changes_nothing(
    db: Database, voided_weight: WeightMeasurement, reason: Any, words: tuple[str, ...]
) -> None:
    before = database_hash(db)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        writer.restore(session, WeightMeasurement, voided_weight.id, 2, reason, NURSE)
    message = refused.value.errors["restore_reason"]
    if reason is not None and not (isinstance(reason, str) and not reason.strip()):
        assert "Reason for restoring" in message
    for word in words:
        assert word.lower() in message.lower(), (word, message)
    assert database_hash(db) == before


def test_the_use_cases_pass_the_rule_on(db: Database, patient: Patient, visit: Visit) -> None:
    """Voiding through a use case (a visit, a patient) meets the same rule."""
    before = database_hash(db)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        visits.void_visit(session, visit.id, 1, "x" * (LONGEST + 1), NURSE)
    assert "too long" in refused.value.errors["void_reason"]
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        patients.void_patient(session, patient.id, 1, "duplicate\x00", NURSE)
    assert "control character" in refused.value.errors["void_reason"]
    assert database_hash(db) == before


def test_a_reason_within_the_rule_is_kept_trimmed_with_its_lines(db: Database, weight: WeightMeasurement) -> None:
    """The longest reason allowed, and a reason in paragraphs, are both accepted and stored as given
    (less the spaces around them)."""
    longest = "w" * LONGEST
    with db.transaction() as session:
        writer.void(session, WeightMeasurement, weight.id, 1, f"  {longest}  ", NURSE)
    paragraphs = "Weighed in the wheelchair.\nThe chair was weighed apart afterwards."
    with db.transaction() as session:
        writer.restore(session, WeightMeasurement, weight.id, 2, paragraphs + "\n", NURSE)
    _, voided, restored = history_of(db, weight.id)
    assert (voided.operation, voided.reason) == ("void", longest)
    assert json.loads(voided.fields)["void_reason"] == [None, longest]
    assert (restored.operation, restored.reason) == ("restore", paragraphs)
