"""The one writer: every insert, change, void and restore is checked and leaves a history entry."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from als_desktop.db import Database
from als_desktop.models import ChangeEntry, Patient, Visit, WeightMeasurement
from als_desktop.services import StaleRecordError, ValidationError, visits, writer
from als_desktop.services.changes import Changes
from als_desktop.services.errors import SecondAssessmentError
from als_desktop.services.operations import perform

NURSE = writer.Actor("nurse.dahl", "clinic-room-3")
DIETITIAN = writer.Actor("dietitian.holm", "laptop-outreach-1")


def entries(db: Database, row_id: object | None = None) -> list[ChangeEntry]:
    with db.reading() as session:
        query = select(ChangeEntry).order_by(ChangeEntry.seq)
        if row_id is not None:
            query = query.where(ChangeEntry.row_id == row_id)
        return list(session.scalars(query))


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2025, 3, 4)}, NURSE)


def weigh(db: Database, visit: Visit, kg: float) -> WeightMeasurement:
    with db.transaction() as session:
        return visits.record_weight(session, visit.id, kg, NURSE)


def test_a_new_row_has_one_create_entry_with_every_value(db: Database, patient: Patient, visit: Visit) -> None:
    weight = weigh(db, visit, 71.5)
    [entry] = entries(db, weight.id)
    assert (entry.operation, entry.table_name, entry.actor, entry.workstation) == (
        "create", "weight_measurements", "nurse.dahl", "clinic-room-3")
    assert (entry.version_before, entry.version_after, entry.patient_id) == (None, 1, patient.id)
    assert json.loads(entry.fields) == {"visit_id": [None, str(visit.id)], "weight_kg": [None, 71.5]}


def test_a_correction_keeps_the_old_value_in_the_history(db: Database, visit: Visit) -> None:
    weight = weigh(db, visit, 71.5)
    with db.transaction() as session:
        visits.edit_record(session, WeightMeasurement, weight.id, 1, {"weight_kg": 70.5, "notes": "re-weighed"},
                           DIETITIAN)
    change = entries(db, weight.id)[-1]
    assert (change.operation, change.actor, change.workstation) == ("change", "dietitian.holm", "laptop-outreach-1")
    assert (change.version_before, change.version_after) == (1, 2)
    assert json.loads(change.fields) == {"weight_kg": [71.5, 70.5], "notes": [None, "re-weighed"]}


def test_saving_the_same_values_writes_nothing(db: Database, visit: Visit) -> None:
    weight = weigh(db, visit, 71.5)
    with db.transaction() as session:
        row = visits.edit_record(session, WeightMeasurement, weight.id, 1, {"weight_kg": 71.5}, DIETITIAN)
        assert row.version == 1
    assert len(entries(db, weight.id)) == 1


def test_void_and_restore_are_recorded_with_their_reasons(db: Database, visit: Visit) -> None:
    weight = weigh(db, visit, 71.5)
    with db.transaction() as session:
        writer.void(session, WeightMeasurement, weight.id, 1, "typed on the wrong patient", DIETITIAN)
    with db.transaction() as session:
        restored = writer.restore(session, WeightMeasurement, weight.id, 2, "it was the right patient", NURSE)
        assert restored.voided_at is None and restored.version == 3
    _, voided, back = entries(db, weight.id)
    assert (voided.operation, voided.reason, voided.version_before, voided.version_after) == (
        "void", "typed on the wrong patient", 1, 2)
    assert json.loads(voided.fields)["voided_by"] == [None, "dietitian.holm"]
    assert (back.operation, back.reason, back.actor) == ("restore", "it was the right patient", "nurse.dahl")
    assert json.loads(back.fields)["void_reason"] == ["typed on the wrong patient", None]


def test_a_restore_needs_a_reason_and_a_voided_row(db: Database, visit: Visit) -> None:
    weight = weigh(db, visit, 71.5)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        writer.restore(session, WeightMeasurement, weight.id, 1, "  ", NURSE)
    assert "reason" in refused.value.errors["restore_reason"]
    with pytest.raises(StaleRecordError, match="not voided"), db.transaction() as session:
        writer.restore(session, WeightMeasurement, weight.id, 1, "why not", NURSE)
    assert len(entries(db, weight.id)) == 1


def test_restoring_a_second_live_assessment_on_a_visit_is_refused(db: Database, visit: Visit) -> None:
    with db.transaction() as session:
        first = visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": 70.0}, NURSE)
    with db.transaction() as session:
        from als_desktop.models import RespiratoryAssessment

        writer.void(session, RespiratoryAssessment, first.id, 1, "wrong visit", NURSE)
        visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": 68.0}, NURSE)
    with pytest.raises(SecondAssessmentError, match="already has a live respiratory assessment"), \
            db.transaction() as session:
        writer.restore(session, RespiratoryAssessment, first.id, 2, "it was right", NURSE)


def test_a_stale_edit_names_who_changed_it_and_writes_nothing(db: Database, visit: Visit) -> None:
    weight = weigh(db, visit, 71.5)
    with db.transaction() as session:
        visits.edit_record(session, WeightMeasurement, weight.id, 1, {"weight_kg": 70.0}, DIETITIAN)
    with pytest.raises(StaleRecordError, match="changed by dietitian.holm"), db.transaction() as session:
        visits.edit_record(session, WeightMeasurement, weight.id, 1, {"weight_kg": 69.0}, NURSE)
    assert [e.operation for e in entries(db, weight.id)] == ["create", "change"]


def test_the_writer_checks_each_field_whoever_calls_it(db: Database, visit: Visit) -> None:
    before = len(entries(db))
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        writer.create(session, WeightMeasurement, {"visit_id": visit.id, "weight_kg": 900.0}, NURSE)
    assert "weight_kg" in refused.value.errors
    assert len(entries(db)) == before


def test_a_refused_save_leaves_neither_row_nor_history(db: Database, visit: Visit) -> None:
    before = len(entries(db))
    with pytest.raises(RuntimeError), db.transaction() as session:
        visits.record_weight(session, visit.id, 70.0, NURSE)
        raise RuntimeError("the rest of the save failed")
    assert len(entries(db)) == before
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(WeightMeasurement)) == 0


def test_a_use_case_reports_what_it_changed(db: Database, patient: Patient, visit: Visit) -> None:
    performed = perform(db, visits.record_weight, visit.id, 70.0, NURSE)
    assert performed.changes == Changes(frozenset({patient.id}), frozenset({"weight"}))
    assert performed.changes.touches(patient.id) and not performed.changes.clinic_wide


def test_the_history_refuses_update_and_delete(db: Database, visit: Visit) -> None:
    weigh(db, visit, 71.5)
    for statement in ("UPDATE change_history SET actor = 'someone else'", "DELETE FROM change_history"):
        with pytest.raises(IntegrityError, match="append-only"), db.transaction() as session:
            session.execute(text(statement))
    assert {e.actor for e in entries(db)} == {"test.clinician", "nurse.dahl"}


# Each module allowed to write, and what it writes.
WRITERS = {
    "services/writer.py": "clinical rows",
    "services/trail.py": "appends to the change history and audit trail",
    "services/accounts.py": "accounts (each change an audit event)",
    "services/demo_accounts.py": "the demo clinic's accounts",
}


def test_the_writer_is_the_only_code_that_writes_rows() -> None:
    """No module but the writers (and the migrations) imports SQLAlchemy's insert, update or delete,
    adds, deletes or merges through a session, or holds SQL that writes."""
    import ast

    package = Path(__file__).resolve().parents[2] / "als_desktop"
    sql_write = re.compile(r"\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b", re.IGNORECASE)
    offenders = []
    for path in package.rglob("*.py"):
        relative = path.relative_to(package).as_posix()
        if relative in WRITERS or relative.startswith("db/migrations/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                written = {alias.name for alias in node.names} & {"insert", "update", "delete"}
                if written:
                    offenders.append(f"{relative}:{node.lineno}: imports {sorted(written)} from {node.module}")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in {"add", "add_all", "delete", "merge"}
                  and "session" in ast.unparse(node.func.value)):
                offenders.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and sql_write.search(node.value):
                offenders.append(f"{relative}:{node.lineno}: SQL that writes")
    assert offenders == []


def test_a_constraint_refusal_reaches_callers_without_sqlalchemy(db: Database, visit: Visit) -> None:
    from als_desktop.services.errors import RefusedByDatabase

    def another_program_writes(session: object) -> None:
        session.execute(text("UPDATE visits SET site = '   '"))  # type: ignore[attr-defined]

    with pytest.raises(RefusedByDatabase) as refused:
        perform(db, another_program_writes)
    assert "site" in refused.value.detail
