"""Rows another program wrote with values this program cannot read are named and left out.

The clinic's file still opens, every command still runs, and the rest of the record works;
the rows are reported with their table, id and columns (never their values) on standard error
and in the log.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services import patients

CliRun = Callable[..., tuple[int, str, str]]


def write_behind(path: Path, *statements: tuple[str, tuple]) -> None:
    """What a script or an SQLite browser with the checks switched off would do."""
    other = sqlite3.connect(path)
    other.execute("PRAGMA ignore_check_constraints = ON")
    for sql, parameters in statements:
        other.execute(sql, parameters)
    other.commit()
    other.close()


def visits_of_one_patient(path: Path) -> tuple[str, str, list[str]]:
    """(patient id, MRN, visit ids oldest first) of a patient with at least five visits."""
    with sqlite3.connect(path) as connection:
        patient_id, mrn = connection.execute(
            "SELECT p.id, p.mrn FROM patients p JOIN visits v ON v.patient_id = p.id AND v.voided_at IS NULL "
            "WHERE p.voided_at IS NULL GROUP BY p.id HAVING count(*) >= 5 ORDER BY p.mrn LIMIT 1").fetchone()
        visits = [row[0] for row in connection.execute(
            "SELECT id FROM visits WHERE patient_id = ? AND voided_at IS NULL ORDER BY visit_date", (patient_id,))]
    return patient_id, mrn, visits


@pytest.fixture
def spoiled(demo_copy: Path) -> tuple[Path, str, list[str]]:
    """Visit dates 2024-02-30, 'garbage' and 20240101 and a malformed visit id, all on one patient."""
    _patient, mrn, visits = visits_of_one_patient(demo_copy)
    write_behind(demo_copy,
                 ("UPDATE visits SET visit_date = '2024-02-30' WHERE id = ?", (visits[0],)),
                 ("UPDATE visits SET visit_date = 'garbage' WHERE id = ?", (visits[1],)),
                 ("UPDATE visits SET visit_date = '20240101' WHERE id = ?", (visits[2],)))
    # The id goes last: the rows beneath it still point at the old one.
    write_behind(demo_copy, ("UPDATE visits SET id = 'not-a-uuid' WHERE id = ?", (visits[3],)))
    return demo_copy, mrn, visits


def test_opening_names_each_unreadable_row_with_its_table_id_and_column(
        spoiled: tuple[Path, str, list[str]], caplog: pytest.LogCaptureFixture) -> None:
    path, _mrn, visits = spoiled
    with caplog.at_level(logging.WARNING):
        database = open_database(sqlite_url(path), migrate=False)
    found = {(row.table, row.row_id, row.columns) for row in database.unreadable.rows}
    assert found == {("visits", visits[0], ("visit_date",)), ("visits", visits[1], ("visit_date",)),
                     ("visits", visits[2], ("visit_date",)), ("visits", "not-a-uuid", ("id",))}
    notice = database.unreadable.notice()
    assert notice.startswith("4 rows of this database could not be read and are left out")
    assert "visits row not-a-uuid: id" in notice and "restore a backup" in notice
    assert "visits row not-a-uuid: id" in caplog.text
    database.close()


def test_the_rest_of_the_patients_record_is_read_and_can_be_changed(spoiled: tuple[Path, str, list[str]]) -> None:
    path, mrn, visits = spoiled
    database = open_database(sqlite_url(path), migrate=False)
    with database.reading() as session:
        patient = patients.patient_by_mrn(session, mrn)
        shown = {str(visit.id).replace("-", "") for visit in patient.visits}
    assert shown == set(visits[4:])
    with database.transaction() as session:
        patients.update_patient(session, patient.id, patient.version, {"notes": "checked after the import"}, "nurse")
    database.close()


def test_every_command_runs_and_says_what_it_left_out(spoiled: tuple[Path, str, list[str]], cli_here: CliRun,
                                                     tmp_path: Path) -> None:
    _path, mrn, visits = spoiled
    for command in (("summary", mrn), ("summary", mrn, "--json"), ("history", mrn),
                    ("export", mrn, "-o", str(tmp_path / "record.json")),
                    ("report", mrn, "-o", str(tmp_path / "plan.pdf"))):
        code, _out, err = cli_here(*command)
        assert code == 0, (command, err)
        assert "note: 4 rows of this database could not be read" in err
        assert "visits row not-a-uuid: id" in err
    exported = json.loads((tmp_path / "record.json").read_text(encoding="utf-8"))
    exported_visits = {item["id"].replace("-", "") for item in exported["patient"]["visits"]}
    assert exported_visits == set(visits[4:])


def test_a_voided_row_and_a_history_entry_holding_bad_values_leave_history_working(
        demo_copy: Path, cli_here: CliRun) -> None:
    patient_id, mrn, visits = visits_of_one_patient(demo_copy)
    # A CHECK holds for live rows only: a voided row keeps whatever it held.
    write_behind(demo_copy,
                 ("UPDATE visits SET voided_at = '2025-01-01 10:00:00', voided_by = 'script', "
                  "void_reason = 'test', visit_date = '2025-13-01' WHERE id = ?", (visits[0],)),
                 ("INSERT INTO change_history (recorded_at, actor, workstation, operation, table_name, row_id, "
                  "patient_id, version_before, version_after, fields, reason, source, previous_hash, entry_hash) "
                  "VALUES ('yesterday', 'script', 'x', 'change', 'visits', ?, ?, 1, 2, '{}', NULL, 'script', ?, ?)",
                  (visits[1], patient_id, "0" * 64, "f" * 64)))
    code, out, err = cli_here("history", mrn)
    assert code == 0, err
    assert "visits row " + visits[0] + ": visit_date" in err
    assert "change_history row " in err and ": recorded_at" in err
    assert out.strip()


def test_numbers_held_as_text_and_a_birth_that_is_no_date_are_left_out(demo_copy: Path, cli_here: CliRun) -> None:
    _patient_id, mrn, visits = visits_of_one_patient(demo_copy)
    with sqlite3.connect(demo_copy) as connection:
        other_mrn, other_id = connection.execute(
            "SELECT mrn, id FROM patients WHERE mrn <> ? AND voided_at IS NULL ORDER BY mrn LIMIT 1", (mrn,)).fetchone()
        weight_id = connection.execute("SELECT id FROM weight_measurements WHERE visit_id = ?", (visits[-1],)).fetchone()
    write_behind(demo_copy, ("UPDATE patients SET date_of_birth = '1960-02-31' WHERE id = ?", (other_id,)))
    if weight_id:
        write_behind(demo_copy, ("UPDATE weight_measurements SET weight_kg = 'heavy' WHERE id = ?", (weight_id[0],)))
    code, _out, err = cli_here("summary", other_mrn)
    assert code == 2
    assert f"patients row {other_id}: date_of_birth" in err
    code, out, err = cli_here("summary", mrn)
    assert code == 0, err
    assert out.strip()


def test_a_clean_file_says_nothing_and_reads_everything(demo_copy: Path, cli_here: CliRun) -> None:
    database = open_database(sqlite_url(demo_copy), migrate=False)
    assert not database.unreadable and database.unreadable.total == 0
    database.close()
    _patient_id, mrn, _visits = visits_of_one_patient(demo_copy)
    code, _out, err = cli_here("summary", mrn)
    assert code == 0 and "could not be read" not in err
