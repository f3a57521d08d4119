"""A clinic database from the previous release (schema 0001) gains the settings and prompt
response tables on opening, after a backup copy, with its record unchanged."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from decision_helpers import AUTHOR

from als_desktop.config import sqlite_url
from als_desktop.db import migrate, open_database
from als_desktop.models import Patient, utc_now
from als_desktop.services import patients
from als_desktop.services.settings import load_settings, save_settings


def test_a_0001_database_is_upgraded_with_a_backup_and_keeps_its_patients(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite"
    old = open_database(sqlite_url(path), migrate=False)
    migrate.upgrade(old, "0001")
    with old.transaction() as session:
        # Straight through the ORM: the program's writer keeps a history table this revision lacks.
        now = utc_now()
        session.add(Patient(mrn="OLD-1", given_name="Kim", family_name="Earlier", date_of_birth=date(1958, 2, 3),
                            sex="unknown", created_at=now, updated_at=now, created_by=AUTHOR, updated_by=AUTHOR))
    old.close()

    backups = tmp_path / "backups"
    database = open_database(sqlite_url(path), backups=backups)
    try:
        with database.transaction() as session:
            assert patients.patient_by_mrn(session, "OLD-1").family_name == "Earlier"
            save_settings(session, {"speaking_rate_wpm": 110}, AUTHOR)
        with database.reading() as session:
            assert load_settings(session).speaking_rate_wpm == 110
    finally:
        database.close()
    [backup] = backups.iterdir()
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT mrn FROM patients").fetchall() == [("OLD-1",)]
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT version_num FROM alembic_version").fetchall() == [(migrate.head_revision(),)]
