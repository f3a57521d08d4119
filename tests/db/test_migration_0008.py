"""Migration 0008: a history written by a release before accounts (entries without link or hash,
numbered with gaps on PostgreSQL) is chained as it stood and verifies intact; events and changes
then go on in one sequence. Downgrade keeps the changes and drops the events and the chain;
upgrading again chains them anew. On SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Integer, String, Text, Uuid, bindparam, text
from test_audit_trail import (
    NURSE,
    check_intact,
    ordinary_use_without_accounts,
    stored_entries,
)

from als_desktop.config import sqlite_url
from als_desktop.db import Database, migrate, open_database
from als_desktop.models import Patient, Visit, WeightMeasurement, utc_now
from als_desktop.models.base import UTCDateTime
from als_desktop.services import audit, patients

OLD_HISTORY_INSERT = text(
    "INSERT INTO change_history (recorded_at, actor, workstation, operation, table_name, row_id, patient_id, "
    "version_before, version_after, fields, reason, source) VALUES (:recorded_at, :actor, :workstation, "
    ":operation, :table_name, :row_id, :patient_id, :version_before, :version_after, :fields, :reason, :source)"
).bindparams(bindparam("recorded_at", type_=UTCDateTime), bindparam("row_id", type_=Uuid),
             bindparam("patient_id", type_=Uuid), bindparam("version_before", type_=Integer),
             bindparam("version_after", type_=Integer), bindparam("fields", type_=Text),
             bindparam("actor", type_=String))


def database_at_0006_with_history(url: str) -> tuple[Database, uuid.UUID]:
    """A clinic as a release before accounts left it: rows from before the history (recorded
    by 0004 as 'existing'), then changes written by that release's writer (no link, no hash)."""
    database = open_database(url, migrate=False)
    migrate.upgrade(database, "0003")
    start = utc_now() - timedelta(days=40)
    stamp = {"created_at": start, "updated_at": start, "created_by": "dr.brennan", "updated_by": "dr.brennan"}
    with database.transaction() as session:
        patient = Patient(mrn="OLD-1", given_name="Olive", family_name="Before", date_of_birth=date(1955, 2, 3),
                          sex="female", **stamp)
        session.add(patient)
        session.flush()
        visit = Visit(patient_id=patient.id, visit_date=date(2025, 1, 7), site="Main clinic", **stamp)
        session.add(visit)
        session.flush()
        session.add(WeightMeasurement(visit_id=visit.id, weight_kg=64.0, **stamp))
        patient_id, visit_id = patient.id, visit.id
    migrate.upgrade(database, "0006")
    weight_id = uuid.uuid4()
    later = [
        {"operation": "create", "row_id": weight_id, "version_before": None, "version_after": 1,
         "fields": json.dumps({"weight_kg": [None, 63.5], "visit_id": [None, visit_id.hex]})},
        {"operation": "change", "row_id": weight_id, "version_before": 1, "version_after": 2,
         "fields": json.dumps({"weight_kg": [63.5, 63.0]}), "reason": "scale recalibrated"},
    ]
    with database.engine.begin() as connection:
        for number, values in enumerate(later):
            connection.execute(OLD_HISTORY_INSERT, {
                "recorded_at": start + timedelta(days=number + 1, microseconds=123456), "actor": "Nurse.Dahl",
                "workstation": "WARD-PC", "table_name": "weight_measurements", "patient_id": patient_id,
                "reason": None, "source": None, **values})
    if database.engine.dialect.name == "postgresql":
        # A transaction that was rolled back leaves a gap in the server's numbering: still intact.
        with database.engine.connect() as connection:
            connection.execute(OLD_HISTORY_INSERT, {
                "recorded_at": utc_now(), "actor": "x", "workstation": "x", "operation": "create",
                "table_name": "weight_measurements", "row_id": uuid.uuid4(), "patient_id": None,
                "version_before": None, "version_after": 1, "fields": "{}", "reason": None, "source": None})
            connection.rollback()
        with database.engine.begin() as connection:
            connection.execute(OLD_HISTORY_INSERT, {
                "recorded_at": utc_now(), "actor": "Nurse.Dahl", "workstation": "WARD-PC", "operation": "change",
                "table_name": "weight_measurements", "row_id": weight_id, "patient_id": patient_id,
                "version_before": 2, "version_after": 3, "fields": json.dumps({"weight_kg": [63.0, 62.5]}),
                "reason": None, "source": None})
    return database, patient_id


def old_entries(database: Database) -> list[tuple[Any, ...]]:
    with database.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT seq, actor, operation, table_name, fields FROM change_history ORDER BY seq"))]


def check_upgrade_chains_the_history(url: str, tmp_path: Path) -> None:
    old, patient_id = database_at_0006_with_history(url)
    before = old_entries(old)
    old.close()
    assert [operation for *_, operation, _, _ in before][:3] == ["existing"] * 3
    database = open_database(url, backups=tmp_path / "backups")
    try:
        assert migrate.current_revision(database) == migrate.head_revision()
        assert old_entries(database) == before  # every entry kept as it was
        found = check_intact(database)
        assert found.entries == len(before)
        # From now on events and changes go on in the same sequence, linked to the old entries.
        with database.transaction() as session:
            audit.record(session, NURSE, "open_record", patient_id=patient_id)
            patient = patients.create_patient(session, {"mrn": "NEW-1", "given_name": "Nia", "family_name": "After",
                                                        "date_of_birth": date(1970, 5, 6)}, "clerk.a")
            audit.record(session, NURSE, "open_record", patient_id=patient.id)
        entries = stored_entries(database)
        assert [(operation, event) for _, operation, event, *_ in entries[len(before):]] == [
            ("event", "open_record"), ("create", None), ("event", "open_record")]
        assert entries[len(before)][3] == found.head_hash
        check_intact(database)
        # The user filter finds authors recorded before accounts, whatever their case.
        with database.reading() as session:
            by_dahl = audit.entries(session, audit.AuditFilter(user="nurse.dahl"))
        assert {entry.actor for entry in by_dahl} == {"Nurse.Dahl"} and len(by_dahl) >= 2
    finally:
        database.close()


def test_upgrade_chains_a_history_written_before_it(tmp_path: Path) -> None:
    check_upgrade_chains_the_history(sqlite_url(tmp_path / "clinic.sqlite"), tmp_path)


@pytest.mark.postgres
def test_postgres_upgrade_chains_a_history_written_before_it(pg_url: str, tmp_path: Path) -> None:
    check_upgrade_chains_the_history(pg_url, tmp_path)


def check_downgrade_and_up_again(url: str) -> None:
    from alembic import command

    database = open_database(url)
    try:
        ordinary_use_without_accounts(database)
        with database.engine.connect() as connection:
            config = migrate.alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
            connection.commit()
        # A release before accounts keeps the changes, without the events or the chain.
        assert [row[2] for row in old_entries(database)] == ["create"]
        migrate.upgrade(database)
        assert check_intact(database).entries == 1
    finally:
        database.close()


def test_downgrade_keeps_the_changes_and_up_again_chains_them(tmp_path: Path) -> None:
    check_downgrade_and_up_again(sqlite_url(tmp_path / "clinic.sqlite"))


@pytest.mark.postgres
def test_postgres_downgrade_keeps_the_changes_and_up_again_chains_them(pg_url: str) -> None:
    check_downgrade_and_up_again(pg_url)
