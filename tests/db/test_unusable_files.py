"""Databases that must not be used are refused on opening, by every command, and left as they
are: a zero-byte file (never made into a new, empty clinic), a file with a damaged page in the
middle (found on opening, not when a patient is selected); a reader opens while another
process holds the write lock, as WAL allows."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from als_desktop.config import sqlite_url
from als_desktop.db import DatabaseProblem, open_database
from als_desktop.db import database as database_module
from als_desktop.services import demo, patients
from als_desktop.services.demo_accounts import DEMO_PASSWORD

AUTHOR = "test.clinician"
DEMO_DAY = date(2025, 6, 2)


def clinic(path: Path, patients_count: int = 12) -> Path:
    database = open_database(sqlite_url(path))
    demo.populate(database, patients_count, seed=3, today=DEMO_DAY)
    database.close()
    return path


def damage_a_page_in_the_middle(path: Path, table: str = "visits") -> int:
    """Overwrite one leaf page of `table` (not its root, not the schema) with garbage."""
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = [number for (number,) in connection.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", (table,))]
        page_count = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()
    page = pages[len(pages) // 2]
    assert 1 < page < page_count  # the first pages (schema, version) still read fine
    data = bytearray(path.read_bytes())
    start = (page - 1) * page_size
    data[start:start + page_size] = bytes((i * 53 + 7) % 256 for i in range(page_size))
    path.write_bytes(bytes(data))
    return page


@pytest.fixture
def run_cli(home: Path, tmp_path: Path):  # noqa: ANN201
    """`python -m als_desktop ARGS` as a real process, in the test's private home, signed in as
    the demo clinic's administrator (the refusals here come before any sign-in)."""
    password = tmp_path / "password"
    password.write_text(DEMO_PASSWORD + "\n", encoding="utf-8")
    password.chmod(0o600)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "ALS_DESKTOP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
        environment.pop("ALS_DESKTOP_DATABASE", None)
        return subprocess.run([sys.executable, "-m", "als_desktop", "--user", "admin", "--password-file",
                               str(password), *args], capture_output=True, text=True,
                              encoding="utf-8", env=environment, timeout=120, stdin=subprocess.DEVNULL)

    return run


def beside(path: Path) -> list[str]:
    return sorted(item.name for item in path.parent.iterdir())


# ---------------------------------------------------------------- a zero-byte file


@pytest.mark.parametrize("create, writing", [(True, True), (False, True), (False, False)],
                         ids=["may create", "may not create", "reader"])
def test_a_zero_byte_file_is_refused_never_made_into_an_empty_clinic(
        tmp_path: Path, home: Path, create: bool, writing: bool) -> None:
    path = tmp_path / "clinic.sqlite"
    path.touch()

    with pytest.raises(DatabaseProblem) as problem:
        open_database(sqlite_url(path), create=create, writing=writing, backups=home / "backups")

    assert f"The database {path} is empty (0 bytes)" in problem.value.what
    assert "Restore a backup" in problem.value.advice and str(home / "backups") in problem.value.advice
    assert path.stat().st_size == 0
    assert beside(path) == ["clinic.sqlite"]  # no -wal, -shm or journal beside it


@pytest.mark.parametrize("command", [
    ["export", "DEMO-00001"], ["summary", "DEMO-00001"], ["history", "DEMO-00001"],
    ["report", "DEMO-00001", "-o", "{tmp}/plan.pdf"], ["import", "{tmp}/record.json"],
    ["demo", "--patients", "1"],
])
def test_every_command_refuses_a_zero_byte_database(run_cli, tmp_path: Path, command: list[str]) -> None:  # noqa: ANN001
    path = tmp_path / "clinic.sqlite"
    path.touch()
    (tmp_path / "record.json").write_text('{"format": "als-desktop-patient-record"}', encoding="utf-8")

    result = run_cli(*(part.format(tmp=tmp_path) for part in command), "--database", str(path))

    assert result.returncode == 2, result.stderr
    assert f"The database {path} is empty (0 bytes)" in result.stderr
    assert "Restore a backup" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("clinic")) == ["clinic.sqlite"]


def test_only_demo_creates_a_missing_database(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    record = tmp_path / "record.json"
    record.write_text('{"format": "als-desktop-patient-record"}', encoding="utf-8")
    for command in (["export", "X"], ["summary", "X"], ["history", "X"], ["import", str(record)],
                    ["report", "X", "-o", str(tmp_path / "plan.pdf")]):
        result = run_cli(*command, "--database", str(tmp_path / "new.sqlite"))
        assert result.returncode == 2 and "There is no database at" in result.stderr, command
        assert not (tmp_path / "new.sqlite").exists(), command
    made = run_cli("demo", "--patients", "1", "--database", str(tmp_path / "new.sqlite"))
    assert made.returncode == 0, made.stderr


# ---------------------------------------------------------------- a damaged page in the middle


def test_a_damaged_page_in_the_middle_is_found_on_opening(tmp_path: Path) -> None:
    path = clinic(tmp_path / "clinic.sqlite")
    # Before the check, such a file opened: the schema and its version sit on the first pages.
    damage_a_page_in_the_middle(path)
    before = path.read_bytes()

    for writing in (True, False):
        with pytest.raises(DatabaseProblem) as problem:
            open_database(sqlite_url(path), writing=writing)
        assert "is damaged and cannot be read" in problem.value.what
        assert "Restore the latest backup" in problem.value.advice
    assert path.read_bytes() == before


def test_a_command_refuses_a_damaged_file_even_for_a_patient_on_sound_pages(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = clinic(tmp_path / "clinic.sqlite")
    damage_a_page_in_the_middle(path, "slp_assessments")
    before = path.read_bytes()
    result = run_cli("summary", "DEMO-00001", "--database", str(path))
    assert result.returncode == 2
    assert "is damaged and cannot be read" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


# ---------------------------------------------------------------- readers while another process writes


@pytest.fixture
def write_lock_held(tmp_path: Path) -> Iterator[Path]:
    """Another process holds BEGIN IMMEDIATE (the write lock) on a WAL clinic until the test ends."""
    path = clinic(tmp_path / "clinic.sqlite", 3)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\n"
         "c.execute(\"UPDATE patients SET notes = 'being edited' WHERE mrn = 'DEMO-00001'\")\n"
         "print('held', flush=True)\n"
         "sys.stdin.read()\n"
         "c.execute('ROLLBACK')\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield path
    finally:
        holder.communicate("", timeout=30)


def test_a_reader_opens_while_another_process_holds_the_write_lock(
        write_lock_held: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_SECONDS", 1)
    database = open_database(sqlite_url(write_lock_held), writing=False)
    with database.reading() as session:
        # The other process's change is not committed: the reader sees the record as it was.
        assert patients.patient_by_mrn(session, "DEMO-00001").notes != "being edited"
    database.close()

    with pytest.raises(DatabaseProblem) as problem:  # a writer is told, as before
        open_database(sqlite_url(write_lock_held))
    assert "locked" in problem.value.what


def test_a_row_that_breaks_a_check_is_not_taken_for_damage(tmp_path: Path) -> None:
    """A program that switched the checks off wrote a bad value: the clinic still opens."""
    path = tmp_path / "clinic.sqlite"
    database = open_database(sqlite_url(path))
    with database.transaction() as session:
        patients.create_patient(session, {"mrn": "Q-1", "given_name": "Ann", "family_name": "Checked",
                                          "date_of_birth": date(1960, 1, 1)}, "setup")
    database.close()
    other = sqlite3.connect(path)
    other.execute("PRAGMA ignore_check_constraints = ON")
    other.execute("UPDATE patients SET height_cm = 900")
    other.commit()
    other.close()
    reopened = open_database(sqlite_url(path))
    reopened.close()
