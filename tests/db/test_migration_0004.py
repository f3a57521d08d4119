"""Migration 0004: the change history, its append-only guard, and one entry per row that predates it."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from als_desktop.config import sqlite_url
from als_desktop.db import Database, migrate, open_database
from als_desktop.models import (
    ChangeEntry,
    ClinicSetting,
    Medication,
    MedicationDose,
    Patient,
    Visit,
    WeightMeasurement,
    utc_now,
)
from als_desktop.services import visits

EARLIER = "dr.brennan"


def database_at_0003(url: str) -> Database:
    database = open_database(url, migrate=False)
    migrate.upgrade(database, "0003")
    return database


def add_rows_of_an_earlier_release(database: Database) -> dict[str, Any]:
    """A patient with a visit, a corrected weight, a voided weight, a medicine with a dose and a
    clinic setting, written straight through the ORM as a release without the history held them."""
    start = utc_now() - timedelta(days=30)
    stamp = {"created_at": start, "updated_at": start, "created_by": EARLIER, "updated_by": EARLIER}
    with database.transaction() as session:
        patient = Patient(mrn="OLD-1", given_name="Olive", family_name="Before", date_of_birth=date(1955, 2, 3),
                          sex="female", **stamp)
        session.add(patient)
        session.flush()
        visit = Visit(patient_id=patient.id, visit_date=date(2025, 1, 7), site="Main clinic", **stamp)
        medication = Medication(patient_id=patient.id, drug_name="Riluzole", category="disease_modifying",
                                started_on=date(2025, 1, 7), **stamp)
        session.add_all([visit, medication])
        session.flush()
        corrected = WeightMeasurement(visit_id=visit.id, weight_kg=64.0, **stamp)
        voided = WeightMeasurement(visit_id=visit.id, weight_kg=46.0, voided_at=start, voided_by=EARLIER,
                                   void_reason="typed 46 for 64", **stamp)
        dose = MedicationDose(medication_id=medication.id, given_on=date(2025, 1, 8), **stamp)
        setting = ClinicSetting(key="early_weight_loss_percent", value="5", **stamp)
        session.add_all([corrected, voided, dose, setting])
        session.flush()
        corrected.weight_kg = 64.5
        corrected.updated_by = "dietitian.holm"
        session.flush()
        return {"patient": patient.id, "visit": visit.id, "corrected": corrected.id, "voided": voided.id,
                "dose": dose.id, "setting": setting.id, "medication": medication.id}


def history(database: Database) -> dict[uuid.UUID, list[ChangeEntry]]:
    with database.reading() as session:
        by_row: dict[uuid.UUID, list[ChangeEntry]] = {}
        for entry in session.scalars(select(ChangeEntry).order_by(ChangeEntry.seq)):
            by_row.setdefault(entry.row_id, []).append(entry)
        return by_row


def check_existing_rows_recorded(database: Database, ids: dict[str, Any]) -> None:
    entries = history(database)
    assert set(entries) == {ids[key] for key in ("patient", "visit", "corrected", "voided", "dose", "setting",
                                                  "medication")}
    for row_entries in entries.values():
        [entry] = row_entries
        assert entry.operation == "existing"
        assert entry.source == "recorded before history was kept"
    corrected = entries[ids["corrected"]][0]
    assert (corrected.actor, corrected.version_after, corrected.patient_id) == ("dietitian.holm", 2, ids["patient"])
    assert json.loads(corrected.fields)["weight_kg"] == [None, 64.5]
    voided = json.loads(entries[ids["voided"]][0].fields)
    assert voided["void_reason"] == [None, "typed 46 for 64"]
    assert entries[ids["dose"]][0].patient_id == ids["patient"]
    assert entries[ids["setting"]][0].patient_id is None


def check_append_only(database: Database, statements: tuple[str, ...]) -> None:
    for statement in statements:
        with pytest.raises(IntegrityError, match="append-only"), database.transaction() as session:
            session.execute(text(statement))
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(ChangeEntry)) == 7


def test_upgrade_records_every_existing_row_once(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "clinic.sqlite")
    old = database_at_0003(url)
    ids = add_rows_of_an_earlier_release(old)
    old.close()

    database = open_database(url)  # migrates to the head, after a backup copy
    try:
        check_existing_rows_recorded(database, ids)
        check_append_only(database, ("UPDATE change_history SET actor = 'x'", "DELETE FROM change_history"))
        # A change after the upgrade continues the row's history.
        with database.transaction() as session:
            visits.edit_record(session, WeightMeasurement, ids["corrected"], 2, {"weight_kg": 65.0}, "nurse.dahl")
        assert [e.operation for e in history(database)[ids["corrected"]]] == ["existing", "change"]
    finally:
        database.close()


def test_downgrade_drops_the_history_and_up_again_records_the_rows(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "clinic.sqlite")
    old = database_at_0003(url)
    ids = add_rows_of_an_earlier_release(old)
    migrate.upgrade(old)
    from alembic import command

    with old.engine.connect() as connection:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
        connection.commit()
    assert "change_history" not in inspect(old.engine).get_table_names()
    migrate.upgrade(old)
    check_existing_rows_recorded(old, ids)
    old.close()


# ---------------------------------------------------------------------------- PostgreSQL




@pytest.mark.postgres
def test_postgres_upgrade_records_existing_rows_and_refuses_rewriting_history(pg_url: str) -> None:
    old = database_at_0003(pg_url)
    ids = add_rows_of_an_earlier_release(old)
    old.close()
    database = open_database(pg_url)
    try:
        check_existing_rows_recorded(database, ids)
        check_append_only(database, ("UPDATE change_history SET actor = 'x'", "DELETE FROM change_history",
                                     "TRUNCATE change_history"))
    finally:
        database.close()
