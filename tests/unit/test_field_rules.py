"""The rules of the record's fields: one per column, agreeing with the tables, and what they let in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import Integer, String

from als_desktop.db import Database
from als_desktop.domain.limits import ALSFRS_ITEM, LIMITS
from als_desktop.domain.text_rules import TEXT_RULES, text_problem
from als_desktop.models import ALSFRS_ITEMS, Base, Patient, Visit
from als_desktop.services import patients, visits
from als_desktop.services.errors import NotFoundError, ValidationError
from als_desktop.services.records import CODES, PROTECTED

AUTHOR = "test.clinician"
# Tables of the record. The change history is written by the trail alone, never from input; the
# accounts are checked by services/accounts.py (user name, full name, roles, password) and
# their own CHECK constraints, and hold nothing of a patient.
NOT_RECORDS = {"change_history", "accounts"}
RECORD_TABLES = [table for table in Base.metadata.sorted_tables if table.name not in NOT_RECORDS]


def record_columns(kind: type) -> list[tuple[str, str, object]]:
    return [(table.name, column.name, column.type) for table in RECORD_TABLES for column in table.columns
            if isinstance(column.type, kind)]


@pytest.mark.parametrize(("table", "column", "kind"),
                         [c for c in record_columns(Integer) if c[1] not in PROTECTED])
def test_every_whole_number_column_refuses_fractions(table: str, column: str, kind: object) -> None:
    limit = ALSFRS_ITEM if column in ALSFRS_ITEMS else LIMITS[column]
    assert limit.whole
    assert "whole number" in (limit.message(limit.low + 0.5) or "")


@pytest.mark.parametrize(("table", "column", "kind"), record_columns(String))
def test_every_text_column_has_one_rule_and_the_table_agrees(table: str, column: str, kind: String) -> None:
    if column in CODES:
        return  # a code: its vocabulary is its rule
    rule = TEXT_RULES[column]
    if kind.length is not None:
        assert kind.length == rule.max_length, f"{table}.{column}: String({kind.length}) but the rule says {rule.max_length}"
    assert text_problem(rule, "x" * rule.max_length) is None
    assert "too long" in (text_problem(rule, "x" * (rule.max_length + 1)) or "")


@pytest.mark.parametrize("name", ["O'Brien-Smith", "José María", "محمد", "李小龍", "Zoë", "van der Berg", "Ng"])
def test_real_names_are_accepted(name: str) -> None:
    assert text_problem(TEXT_RULES["given_name"], name, required=True) is None


def test_notes_keep_their_lines_and_names_do_not() -> None:
    note = "Line one\nLine two\r\n\tindented"
    assert text_problem(TEXT_RULES["notes"], note) is None
    assert "one line" in (text_problem(TEXT_RULES["family_name"], "Line\none") or "")
    assert "control character" in (text_problem(TEXT_RULES["notes"], "Line\x00one") or "")


def test_a_joiner_inside_a_name_is_kept_but_a_name_of_joiners_is_refused() -> None:
    # Zero-width joiners belong in some scripts' names; alone they name nobody.
    assert text_problem(TEXT_RULES["given_name"], "क्\u200dष", required=True) is None
    assert "invisible" in (text_problem(TEXT_RULES["given_name"], "\u200d\u200b", required=True) or "")
    assert text_problem(TEXT_RULES["notes"], "\u200b") is None  # optional text is not required to show


def test_whole_scores_written_with_a_decimal_point_are_accepted() -> None:
    assert ALSFRS_ITEM.message(3.0) is None
    assert "whole number" in (ALSFRS_ITEM.message(2.5) or "")
    # Other kinds of number would be stored differently by each database: refused with a message.
    assert "must be a number" in (ALSFRS_ITEM.message(Fraction(2, 1)) or "")
    assert "must be a number" in (ALSFRS_ITEM.message(Decimal(2)) or "")


def test_names_with_accents_and_notes_with_lines_are_saved(db: Database) -> None:
    with db.transaction() as session:
        saved = patients.create_patient(session, {
            "mrn": "ÉCOLE-1", "given_name": "José", "family_name": "Núñez", "date_of_birth": date(1950, 2, 3),
            "notes": "First line\nSecond line"}, AUTHOR)
    with db.reading() as session:
        stored = session.get(Patient, saved.id)
        assert (stored.given_name, stored.notes) == ("José", "First line\nSecond line")


def test_mrn_is_found_and_refused_without_regard_to_capitals(db: Database, patient: Patient) -> None:
    with db.reading() as session:
        assert patients.patient_by_mrn(session, "mrn-0001").id == patient.id
        with pytest.raises(NotFoundError):
            patients.patient_by_mrn(session, "mrn-0002")
    with pytest.raises(ValidationError) as refusal, db.transaction() as session:
        patients.create_patient(session, {"mrn": "mrn-0001", "given_name": "B", "family_name": "C",
                                          "date_of_birth": date(1950, 1, 1)}, AUTHOR)
    assert refusal.value.errors == {"mrn": "MRN mrn-0001 already belongs to EXAMPLE, Alex (stored as MRN-0001; "
                                           "MRNs are compared without regard to capitals)."}


def test_a_patient_may_change_the_capitals_of_their_own_mrn(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        patients.update_patient(session, patient.id, patient.version, {"mrn": "mrn-0001"}, AUTHOR)
    with db.reading() as session:
        assert session.get(Patient, patient.id).mrn == "mrn-0001"


def test_dates_of_birth_and_death_move_freely_within_the_visits(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 4)}, AUTHOR)
    with db.transaction() as session:
        moved = patients.update_patient(session, patient.id, patient.version,
                                        {"date_of_death": date(2024, 3, 4), "date_of_birth": date(1961, 4, 13)}, AUTHOR)
        version = moved.version
    with pytest.raises(ValidationError) as refusal, db.transaction() as session:
        patients.update_patient(session, patient.id, version, {"date_of_death": date(2024, 3, 3)}, AUTHOR)
    assert refusal.value.errors == {"date_of_death": "Date of death (03 Mar 2024) cannot be before the visit of "
                                                     "04 Mar 2024."}
    # A voided visit no longer holds the dates back.
    with db.transaction() as session:
        visits.void_visit(session, visit.id, visit.version, "entered on the wrong patient", AUTHOR)
    with db.transaction() as session:
        patients.update_patient(session, patient.id, version, {"date_of_death": date(2024, 1, 1)}, AUTHOR)


def test_a_visit_edit_obeys_the_date_of_death(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 4)}, AUTHOR)
        patients.update_patient(session, patient.id, patient.version, {"date_of_death": date(2024, 4, 1)}, AUTHOR)
    with pytest.raises(ValidationError) as refusal, db.transaction() as session:
        visits.update_visit(session, visit.id, visit.version, {"visit_date": date(2024, 5, 1)}, AUTHOR)
    assert "after the recorded date of death (01 Apr 2024)" in refusal.value.errors["visit_date"]
    with db.transaction() as session:
        visits.update_visit(session, visit.id, visit.version, {"site": "  Outreach  "}, AUTHOR)
    with db.reading() as session:
        assert session.get(Visit, visit.id).site == "Outreach"
