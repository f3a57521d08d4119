"""Opening a database that cannot be used gives a clear DatabaseProblem, never a crash, and
never a new empty database in its place."""

from __future__ import annotations

import os
import pwd
import sqlite3
import tempfile
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path

import pytest

from als_desktop.config import sqlite_url
from als_desktop.db import DatabaseProblem, database as database_module, migrate, open_database
from als_desktop.services import patients

AUTHOR = "test.clinician"


def clinic_with_a_patient(path: Path) -> None:
    database = open_database(sqlite_url(path))
    with database.transaction() as session:
        patients.create_patient(
            session,
            {"mrn": "MRN-1", "given_name": "Kim", "family_name": "Stored", "date_of_birth": date(1962, 8, 9)},
            AUTHOR,
        )
    database.close()


def test_new_database_uses_wal(db_path: Path) -> None:
    """WAL lets the window read while another workstation writes."""
    open_database(sqlite_url(db_path)).close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_data_survives_closing_and_reopening(db_path: Path) -> None:
    clinic_with_a_patient(db_path)
    database = open_database(sqlite_url(db_path))
    with database.reading() as session:
        assert patients.patient_by_mrn(session, "MRN-1").family_name == "Stored"
    database.close()


def test_text_file_is_not_taken_for_a_database(place: Path, folder_state) -> None:
    path = place / "clinic.sqlite"
    path.write_text("MRN,name\n1,someone\n")
    before = folder_state(place)

    with pytest.raises(DatabaseProblem) as problem:
        open_database(sqlite_url(path))

    assert "not a SQLite file" in problem.value.what
    assert str(path) in problem.value.what
    assert folder_state(place) == before


def test_folder_in_place_of_the_file_is_refused(place: Path) -> None:
    path = place / "clinic.sqlite"
    path.mkdir()
    with pytest.raises(DatabaseProblem) as problem:
        open_database(sqlite_url(path))
    assert "is a folder" in problem.value.what
    assert list(place.iterdir()) == [path] and not any(path.iterdir())


def test_missing_file_is_not_created_when_creation_is_off(place: Path) -> None:
    with pytest.raises(DatabaseProblem) as problem:
        open_database(sqlite_url(place / "clinic.sqlite"), create=False)
    assert "There is no database" in problem.value.what
    assert not any(place.iterdir())


@pytest.mark.parametrize("damage", ["whole file after the header", "pages after the first"])
def test_corrupt_database_is_reported_as_damaged(place: Path, folder_state, damage: str) -> None:
    path = place / "clinic.sqlite"
    clinic_with_a_patient(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = 100 if damage == "whole file after the header" else page_size
    garbage = bytes((i * 37 + 11) % 251 for i in range(len(data) - start))
    data[start:] = garbage
    path.write_bytes(bytes(data))
    before = folder_state(place)

    with pytest.raises(DatabaseProblem) as problem:
        open_database(sqlite_url(path))

    assert "damaged" in problem.value.what
    assert "backup" in problem.value.advice
    assert folder_state(place) == before


def test_locked_database_is_reported_as_locked(place: Path, monkeypatch: pytest.MonkeyPatch, folder_state) -> None:
    path = place / "clinic.sqlite"
    clinic_with_a_patient(path)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_SECONDS", 1)  # keep the wait short
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        before = folder_state(place)
        with pytest.raises(DatabaseProblem) as problem:
            open_database(sqlite_url(path))
        assert "locked" in problem.value.what
        assert "close other copies" in problem.value.advice
        assert folder_state(place) == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # Once the other program lets go, the same file opens with its data.
    database = open_database(sqlite_url(path))
    with database.reading() as session:
        assert patients.patient_by_mrn(session, "MRN-1")
    database.close()


def test_database_locked_in_rollback_journal_mode_is_reported(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy restored by another tool may not be in WAL mode: an exclusive lock then blocks reads too."""
    path = place / "clinic.sqlite"
    clinic_with_a_patient(path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_SECONDS", 1)
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE patients SET notes = 'being edited'")
    try:
        with pytest.raises(DatabaseProblem) as problem:
            open_database(sqlite_url(path))
        assert "locked" in problem.value.what
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@contextmanager
def acting_as_nobody():
    """Root may read any file, so to meet a permission refusal it drops its effective user id.
    Only the effective id changes: os.access (which checks the real id) still says "readable",
    just as it does on Windows where access control lists are not consulted."""
    nobody = pwd.getpwnam("nobody")
    os.setegid(nobody.pw_gid)
    os.seteuid(nobody.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_unreadable_database_is_refused(folder_state) -> None:
    folder = Path(tempfile.mkdtemp(prefix="als-unreadable-"))
    try:
        folder.chmod(0o777)  # reachable by 'nobody'; the file itself is not
        path = folder / "clinic.sqlite"
        clinic_with_a_patient(path)
        path.chmod(0o000)
        before = folder_state(folder) if os.geteuid() == 0 else None
        with acting_as_nobody() if os.geteuid() == 0 else nullcontext():
            with pytest.raises(DatabaseProblem) as problem:
                open_database(sqlite_url(path))
        assert "cannot be read" in problem.value.what
        assert "access" in problem.value.advice
        path.chmod(0o600)
        if before is not None:
            assert folder_state(folder) == before
        # Nothing was lost: once readable again, the file opens with its data.
        database = open_database(sqlite_url(path))
        with database.reading() as session:
            assert patients.patient_by_mrn(session, "MRN-1")
        database.close()
    finally:
        for item in folder.iterdir():
            item.chmod(0o600)
            item.unlink()
        folder.rmdir()


def test_damage_found_only_while_checking_the_schema_version_is_reported(place: Path, folder_state) -> None:
    """The first pages read fine; the page holding the schema version is garbage."""
    path = place / "clinic.sqlite"
    clinic_with_a_patient(path)
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'alembic_version'").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start:start + page_size] = bytes((i * 53 + 7) % 256 for i in range(page_size))
    path.write_bytes(bytes(data))
    before = folder_state(place)

    with pytest.raises(DatabaseProblem) as problem:
        open_database(sqlite_url(path))

    assert "damaged" in problem.value.what
    assert folder_state(place) == before


@pytest.mark.parametrize(
    "file_mode, folder_mode",
    [(0o644, 0o777), (0o666, 0o755)],
    ids=["file read-only", "folder read-only"],
)
def test_database_this_user_cannot_write_is_refused(file_mode: int, folder_mode: int, folder_state) -> None:
    """A database that can be read but not written (SQLite also needs to write beside the file)."""
    if os.geteuid() != 0 and file_mode == 0o666:
        pytest.skip("the folder case needs a file owned by another user")
    folder = Path(tempfile.mkdtemp(prefix="als-readonly-"))
    try:
        path = folder / "clinic.sqlite"
        clinic_with_a_patient(path)
        path.chmod(file_mode)
        folder.chmod(folder_mode)
        before = folder_state(folder)
        with acting_as_nobody() if os.geteuid() == 0 else nullcontext():
            with pytest.raises(DatabaseProblem) as problem:
                open_database(sqlite_url(path))
        assert "writ" in problem.value.what + problem.value.advice
        assert folder_state(folder) == before
    finally:
        folder.chmod(0o700)
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()


def test_folder_names_with_hash_spaces_and_percent_open_the_right_file(tmp_path: Path) -> None:
    """'Clinic #2' must not become 'Clinic ' (a new, empty database) when the file is reopened."""
    folder = tmp_path / "Clinic #2 100% data"
    path = folder / "clinic one.sqlite"
    clinic_with_a_patient(path)
    database = open_database(sqlite_url(path))
    with database.reading() as session:
        assert patients.patient_by_mrn(session, "MRN-1")
    backup = migrate.backup_sqlite(database, tmp_path / "backups", "test")
    database.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Clinic #2 100% data", "backups"]
    assert [p.name for p in folder.iterdir()] == ["clinic one.sqlite"]
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT mrn FROM patients").fetchall() == [("MRN-1",)]
