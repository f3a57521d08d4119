"""Two workstations on one SQLite file, and backup copies that miss nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from als_desktop.config import sqlite_url
from als_desktop.db import migrate, open_database
from als_desktop.models import Patient
from als_desktop.services import patients, visits

AUTHOR = "test.clinician"


def register(database, mrn: str) -> Patient:  # noqa: ANN001
    with database.transaction() as session:
        return patients.create_patient(
            session,
            {"mrn": mrn, "given_name": "Pat", "family_name": "Shared", "date_of_birth": date(1966, 6, 6)},
            AUTHOR,
        )


def test_two_workstations_see_each_others_saves(db_path: Path) -> None:
    front_desk = open_database(sqlite_url(db_path))
    clinic_room = open_database(sqlite_url(db_path))
    try:
        for number in range(20):
            writer = front_desk if number % 2 else clinic_room
            patient = register(writer, f"MRN-{number:03d}")
            with writer.transaction() as session:
                visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 1, 1)}, AUTHOR)
                visits.record_weight(session, visit.id, 60 + number, AUTHOR)
        for database in (front_desk, clinic_room):
            with database.reading() as session:
                assert session.query(Patient).count() == 20
    finally:
        front_desk.close()
        clinic_room.close()


def test_reading_while_another_workstation_is_saving(db_path: Path) -> None:
    """WAL: a long save elsewhere does not stop the window from reading the list."""
    database = open_database(sqlite_url(db_path))
    register(database, "MRN-1")
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE patients SET notes = 'being saved'")
    try:
        with database.reading() as session:
            assert [p.notes for p in session.query(Patient)] == [None]  # the last committed state
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        database.close()


def test_backup_includes_changes_not_yet_checkpointed(db_path: Path, tmp_path: Path) -> None:
    """In WAL mode the newest saves live in the -wal file until a checkpoint: the copy has them."""
    database = open_database(sqlite_url(db_path))
    try:
        register(database, "MRN-1")
        keeper = sqlite3.connect(db_path)  # an open reader keeps the WAL from being folded back
        keeper.execute("SELECT count(*) FROM patients").fetchone()
        register(database, "MRN-2")
        assert Path(f"{db_path}-wal").stat().st_size > 0
        copy = migrate.backup_sqlite(database, tmp_path / "backups", "manual")
        keeper.close()
    finally:
        database.close()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT mrn FROM patients ORDER BY mrn").fetchall() == [("MRN-1",), ("MRN-2",)]
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The copy is a database the program opens like any other.
    reopened = open_database(sqlite_url(copy))
    with reopened.reading() as session:
        assert session.query(Patient).count() == 2
    reopened.close()
