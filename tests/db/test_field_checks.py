"""Rows another program writes straight into the database meet the same field rules as the forms.

Raw SQL through the sqlite3 module (no SQLAlchemy, no services) into a real clinic file: each bad
value is refused on INSERT and on UPDATE of a good row, and the table is byte for byte as before.
A sample of the same on a PostgreSQL server. Then the refusal read as the forms say it, and
migration 0006 upgrading a database that already holds such rows.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from als_desktop.config import sqlite_url
from als_desktop.db import Database, migrate, open_database
from als_desktop.db.refusals import refusal_message
from als_desktop.models import Base, ChangeEntry, Patient
from als_desktop.services import visits
from als_desktop.services.errors import RefusedByDatabase
from als_desktop.services.operations import perform

AUTHOR = "raw.writer"
NOW = "2024-03-01 10:00:00.000000"
LONG_NAME = "x" * 10_000


def stamps() -> dict[str, Any]:
    return {"id": uuid.uuid4().hex, "version": 1, "created_at": NOW, "created_by": AUTHOR,
            "updated_at": NOW, "updated_by": AUTHOR}


def good_rows(patient_id: str, visit_id: str) -> dict[str, dict[str, Any]]:
    """A valid row of each table the cases write to, as another program would spell it."""
    return {
        "patients": {"mrn": f"RAW-{uuid.uuid4().hex[:6]}", "given_name": "Robin", "family_name": "Sample",
                     "date_of_birth": "1958-06-01", "sex": "male", "notes": "first line\nsecond line"},
        "visits": {"patient_id": patient_id, "visit_date": "2024-02-01", "site": "Main clinic"},
        "alsfrs_assessments": {"visit_id": visit_id, "speech": 3, "walking": 2, "cutting_form": "5a"},
        "slp_assessments": {"visit_id": visit_id, "eat10_score": 12, "iddsi_drink_level": 1},
        "weight_measurements": {"visit_id": visit_id, "weight_kg": 70.5},
        "medications": {"patient_id": patient_id, "drug_name": "riluzole", "category": "disease_modifying",
                        "started_on": "2024-01-02"},
        "team_actions": {"patient_id": patient_id, "owner_discipline": "nursing", "description": "Call",
                         "status": "open"},
    }


# (table, column, bad value): every one must be refused.
TEXT_CASES = [
    *(("patients", "given_name", value) for value in (
        LONG_NAME, "x" * 101, "Ro\x00bin", "Ro\x1bbin", "Ro\u202ebin", "Ro\u202abin", "Ro\u2066bin",
        "Ro\u2069bin", "Ro\nbin", "Ro\rbin", "Ro\tbin", "Ro\x7fbin", "Ro\x85bin", "\x00")),
    *(("patients", "family_name", value) for value in (LONG_NAME, "Sam\x1b[31mple", "Sam\u202eple", "Sam\nple")),
    *(("patients", "mrn", value) for value in ("A\nB", "A\x00B", "M" * 41, "MRN\u202e1", "A\tB")),
    *(("patients", "notes", value) for value in ("n" * 4001, "a\u202eb", "a\x00b", "a\x1bb")),
    ("patients", "other_genetics", "a\x1bb"),
    ("patients", "created_by", ""), ("patients", "created_by", "   "), ("patients", "updated_by", ""),
    ("patients", "created_by", "a\x00b"), ("patients", "updated_by", "u" * 81),
    ("visits", "site", "s" * 101), ("visits", "site", "Main\nclinic"), ("visits", "clinicians", "Dr\x00A"),
    ("medications", "drug_name", "d" * 101), ("medications", "drug_name", "Rilu\x00zole"),
    ("medications", "dose_unit", "mg\n"), ("medications", "frequency", "f" * 61),
    ("team_actions", "description", "a" * 2001), ("team_actions", "description", "Call\x1b"),
    ("team_actions", "rule_id", "rule\n"),
]
NUMBER_CASES = [
    ("alsfrs_assessments", "speech", 2.5), ("alsfrs_assessments", "walking", 3.5),
    ("alsfrs_assessments", "dyspnea", "three"), ("alsfrs_assessments", "cutting_food", 0.5),
    ("slp_assessments", "eat10_score", 12.5), ("slp_assessments", "iddsi_drink_level", 1.5),
    ("slp_assessments", "iddsi_food_level", "five"), ("patients", "ecas_total", 100.5),
    ("patients", "ecas_total", "many"), ("weight_measurements", "weight_kg", 900),
    ("patients", "version", 0), ("patients", "version", -5), ("patients", "version", 1.5),
    ("visits", "version", 0),
]
DATE_CASES = [
    *(("patients", "date_of_birth", value) for value in (
        "1800-01-01", "1899-12-31", "garbage", "2024-02-30", "20240101", "1960-13-01", "1960-1-1", 19600101,
        "", "1960-01-01T00:00")),
    ("patients", "onset_date", "2023-02-29"), ("patients", "date_of_death", "2024-04-31"),
    *(("visits", "visit_date", value) for value in ("garbage", "2024-02-30", "20240101", "2024-02-01 ")),
    ("medications", "started_on", "2024-13-01"),
]
ID_CASES = [
    ("patients", "id", "not-a-uuid"), ("patients", "id", "g" * 32), ("patients", "id", "ABCDEF0123456789" * 2),
    ("patients", "id", "1" * 31), ("visits", "patient_id", "not-a-uuid"),
    ("weight_measurements", "visit_id", str(uuid.uuid4())),  # with dashes: not how the program keeps it
]
CASES = TEXT_CASES + NUMBER_CASES + DATE_CASES + ID_CASES


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 60


def table_hash(connection: sqlite3.Connection, table: str) -> str:
    rows = connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def insert(connection: sqlite3.Connection, table: str, values: dict[str, Any]) -> None:
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    connection.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))


@pytest.fixture
def raw(db: Database, db_path: Path, patient: Patient) -> Iterator[tuple[sqlite3.Connection, dict]]:
    """A plain sqlite3 connection to the clinic file, with one good row of each table written by it."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    visit = {**good_rows(patient.id.hex, "")["visits"], **stamps()}
    insert(connection, "visits", visit)
    existing = {"visits": visit["id"]}
    for table, values in good_rows(patient.id.hex, visit["id"]).items():
        if table != "visits":
            row = {**values, **stamps()}
            insert(connection, table, row)
            existing[table] = row["id"]
    yield connection, {"patient": patient.id.hex, "visit": visit["id"], "rows": existing}
    connection.close()


@pytest.mark.parametrize("table, column, value", CASES, ids=[f"{t}.{c}={v!r:.24}" for t, c, v in CASES])
def test_raw_insert_and_update_of_a_bad_value_are_refused(raw, table: str, column: str, value: Any) -> None:
    connection, ids = raw
    before = table_hash(connection, table)
    row = {**good_rows(ids["patient"], ids["visit"])[table], **stamps(), column: value}
    with pytest.raises(sqlite3.IntegrityError):
        insert(connection, table, row)
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, ids["rows"][table]))
    assert table_hash(connection, table) == before


def test_good_values_at_the_edges_are_accepted(raw) -> None:
    """The rules refuse the bad, not the unusual: each edge is accepted by the same raw writes."""
    connection, ids = raw
    edges = [("patients", "given_name", "x" * 100), ("patients", "given_name", "Zoë O'Brien-Łukasz 李"),
             ("patients", "date_of_birth", "1900-01-01"), ("patients", "onset_date", "2024-02-29"),
             ("patients", "notes", "tab\there\r\nand a line"), ("alsfrs_assessments", "speech", 0),
             ("slp_assessments", "eat10_score", 40), ("patients", "mrn", "M" * 40)]
    for table, column, value in edges:
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, ids["rows"][table]))


def test_a_voided_row_keeps_what_it_held(raw) -> None:
    """The rules hold for live rows: a voided row is the record of what was once written."""
    connection, ids = raw
    connection.execute("UPDATE weight_measurements SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?",
                       (NOW, AUTHOR, "wrong patient", ids["rows"]["weight_measurements"]))
    connection.execute("UPDATE weight_measurements SET notes = ? WHERE id = ?",
                       ("kept as written\x1b", ids["rows"]["weight_measurements"]))
    with pytest.raises(sqlite3.IntegrityError):  # and a restore of it is refused
        connection.execute("UPDATE weight_measurements SET voided_at = NULL WHERE id = ?",
                           (ids["rows"]["weight_measurements"],))


def test_every_text_column_has_a_rule() -> None:
    """A text column is either coded (its vocabulary's CHECK) or has a text rule with its CHECKs."""
    from als_desktop.services.records import CODES

    for table in Base.metadata.sorted_tables:
        if "voided_at" not in table.columns:
            continue
        names = {constraint.name for constraint in table.constraints}
        for column in table.columns:
            if column.name in {"voided_by", "void_reason"} or column.name in CODES:
                continue
            if str(column.type).startswith(("VARCHAR", "TEXT")):
                assert f"ck_{table.name}_{column.name}_length" in names, (table.name, column.name)
                assert f"ck_{table.name}_{column.name}_characters" in names, (table.name, column.name)
        assert all(len(name) <= 63 for name in names if name), "PostgreSQL would cut a name short"


# ---------------------------------------------------------------------------- refusal messages


def raw_update(session: Any, statement: str, **values: Any) -> None:
    session.execute(text(statement), values)


# SQLite names the constraint but not the value (its parameters are positional), so the rule is said
# without "(entered ...)"; PostgreSQL's test below has the values.
@pytest.mark.parametrize("statement, values, expected", [
    ("UPDATE weight_measurements SET weight_kg = :weight_kg", {"weight_kg": 900},
     "Weight must be between 20 and 300 kg."),
    ("UPDATE patients SET given_name = :given_name", {"given_name": LONG_NAME},
     "Given name is too long: at most 100 characters."),
    ("UPDATE patients SET family_name = :family_name", {"family_name": "Sam\u202eple"},
     "Family name may not hold control characters or direction overrides and must be one line."),
    ("UPDATE patients SET date_of_birth = :date_of_birth", {"date_of_birth": "1800-01-01"},
     "Date of birth must be on or after 1 January 1900."),
    ("UPDATE visits SET visit_date = :visit_date", {"visit_date": "2024-02-30"},
     "Visit date must be a real calendar date written YYYY-MM-DD."),
    ("UPDATE alsfrs_assessments SET speech = 2.5", {}, "Speech must be a whole number."),
    ("UPDATE patients SET version = 0", {}, "Version must be 1 or more."),
    ("UPDATE patients SET created_by = ' '", {}, "Created by must not be blank."),
    ("UPDATE patients SET onset_date = '1900-01-02'", {}, "Onset date cannot be before the date of birth."),
])
def test_a_database_refusal_reads_like_the_forms(db: Database, patient: Patient, statement: str,
                                               values: dict, expected: str) -> None:
    with db.transaction() as session:
        visits.create_visit(session, patient.id, {"visit_date": date(2024, 5, 6)}, AUTHOR)
    with db.transaction() as session:
        visit = session.scalars(select(visits.Visit)).one()
        visits.record_weight(session, visit.id, 64.5, AUTHOR)
        session.execute(text("INSERT INTO alsfrs_assessments (id, visit_id, version, created_at, created_by,"
                             " updated_at, updated_by, cutting_form) VALUES (:id, :visit, 1, :now, :author, :now,"
                             " :author, '5a')"), {"id": uuid.uuid4().hex, "visit": visit.id.hex, "now": NOW,
                                                  "author": AUTHOR})
    with pytest.raises(RefusedByDatabase) as refused:
        perform(db, raw_update, statement, **values)
    assert refused.value.message == expected
    assert "constraint" in refused.value.detail  # the database's own words stay for the log


def test_a_second_mrn_reads_already_in_use(db: Database, patient: Patient) -> None:
    def duplicate(session: Any) -> None:
        session.add(Patient(mrn=patient.mrn, given_name="Other", family_name="Person",
                            date_of_birth=date(1970, 1, 1), sex="male", version=1,
                            created_by=AUTHOR, updated_by=AUTHOR))

    with pytest.raises(RefusedByDatabase) as refused:
        perform(db, duplicate)
    assert refused.value.message == "MRN is already in use."


# ---------------------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg(postgres_server: str) -> Iterator[Database]:  # noqa: F811
    import psycopg

    name = f"clinic_{uuid.uuid4().hex[:12]}"
    admin = postgres_server.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    database = open_database(postgres_server.rsplit("/", 1)[0] + f"/{name}")
    yield database
    database.close()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


PG_CASES = [
    # A VARCHAR column's own length refuses first there (a DataError naming no column).
    ("given_name", LONG_NAME, None), ("notes", "n" * 4001, "Notes is too long: 4,001 characters, at most 4,000."),
    ("given_name", "Ro\x1bbin", "Given name holds a control"),
    ("given_name", "Ro\u202ebin", "Given name holds a direction override"),
    ("family_name", "Sam\u2066ple", "Family name holds a direction override"),
    ("mrn", "A\nB", "MRN holds a control character"), ("mrn", "M" * 41, None),
    ("date_of_birth", date(1800, 1, 1), "Date of birth must be on or after 1 January 1900"),
    ("version", 0, "Version must be 1 or more"), ("created_by", "  ", "Created by must not be blank."),
    ("notes", "a\u202eb", "Notes holds a direction override"), ("given_name", "Ro\x00bin", None),
]


@pytest.mark.postgres
def test_postgres_refuses_the_same_bad_values(pg: Database) -> None:
    base = {"id": uuid.uuid4(), "version": 1, "created_by": AUTHOR, "updated_by": AUTHOR,
            "created_at": "2024-03-01", "updated_at": "2024-03-01", "mrn": "PG-RAW", "given_name": "Lee",
            "family_name": "Server", "date_of_birth": date(1959, 9, 9), "sex": "male"}

    def write(values: dict) -> None:
        columns = ", ".join(values)
        marks = ", ".join(f":{column}" for column in values)
        with pg.engine.begin() as connection:
            connection.execute(text(f"INSERT INTO patients ({columns}) VALUES ({marks})"), values)

    write(base)
    for column, value, expected in PG_CASES:
        with pg.engine.connect() as connection:
            before = connection.execute(text("SELECT * FROM patients ORDER BY id")).all()
        with pytest.raises((DBAPIError, ValueError)) as refused:
            write({**base, "id": uuid.uuid4(), "mrn": f"PG-{uuid.uuid4().hex[:6]}", column: value})
        if expected:
            assert refusal_message(refused.value).startswith(expected), (column, refusal_message(refused.value))
        with pytest.raises((DBAPIError, ValueError)), pg.engine.begin() as connection:
            connection.execute(text(f"UPDATE patients SET {column} = :value"), {"value": value})
        with pg.engine.connect() as connection:
            assert connection.execute(text("SELECT * FROM patients ORDER BY id")).all() == before
    # Whole-number scores: PostgreSQL's INTEGER column refuses '100.5' as text by its type. A number
    # 100.5 it rounds while assigning, before any CHECK sees it: no constraint can refuse that (only
    # a NUMERIC column could), so there the services' rule is the only guard.
    with pytest.raises(DBAPIError), pg.engine.begin() as connection:
        connection.execute(text("UPDATE patients SET ecas_total = '100.5'"))


# ---------------------------------------------------------------------------- migration 0006

UPGRADE = "upgrade 0006"
EARLIER = "earlier.release"


def database_at_0005(url: str) -> Database:
    database = open_database(url, migrate=False)
    migrate.upgrade(database, "0005")
    return database


def add_old_rows(database: Database, sqlite: bool) -> dict[str, Any]:
    """Rows a release without these rules (or another program) could have left: returns their ids."""
    def patient(**values: Any) -> Any:
        row = {"id": uuid.uuid4(), "version": 1, "created_at": NOW, "created_by": EARLIER, "updated_at": NOW,
               "updated_by": EARLIER, "mrn": f"OLD-{uuid.uuid4().hex[:6]}", "given_name": "Good",
               "family_name": "Row", "date_of_birth": date(1950, 1, 1), "sex": "female", **values}
        if sqlite:
            row = {key: value.hex if isinstance(value, uuid.UUID) else value for key, value in row.items()}
        with database.engine.begin() as connection:
            connection.execute(text(f"INSERT INTO patients ({', '.join(row)}) VALUES "
                                    f"({', '.join(':' + key for key in row)})"), row)
        return row["id"]

    ids = {
        "good": patient(),
        "escape": patient(given_name="Ro\x1bbin"),
        "old_birth": patient(date_of_birth=date(1800, 1, 1)),
        "two_rules": patient(version=0, created_by=" "),
        "voided": patient(given_name="Ro\u202ebin", voided_at=NOW, voided_by=EARLIER, void_reason="duplicate"),
    }
    if sqlite:
        visit = {"id": uuid.uuid4().hex, "patient_id": ids["good"], "version": 1, "created_at": NOW,
                 "created_by": EARLIER, "updated_at": NOW, "updated_by": EARLIER, "visit_date": "2024-02-30",
                 "site": "Main clinic"}
        with database.engine.begin() as connection:
            connection.execute(text(f"INSERT INTO visits ({', '.join(visit)}) VALUES "
                                    f"({', '.join(':' + key for key in visit)})"), visit)
        ids["bad_date_visit"] = visit["id"]
    return ids


def check_upgrade(database: Database, ids: dict[str, Any], sqlite: bool) -> None:
    key = (lambda row_id: uuid.UUID(row_id)) if sqlite else (lambda row_id: row_id)
    with database.reading() as session:
        rows = {row.id: row for row in session.scalars(select(Patient))}
        entries = {entry.row_id: entry for entry in session.scalars(
            select(ChangeEntry).where(ChangeEntry.actor == UPGRADE))}
    assert set(rows) >= {key(row_id) for name, row_id in ids.items() if name != "bad_date_visit"}
    expected = {
        "escape": ["Given name holds a control character (ESC, U+001B) at character 3"],
        "old_birth": ["Date of birth must be on or after 1 January 1900 (entered 1800-01-01)."],
        "two_rules": ["Version must be 1 or more (entered 0).", "Created by must not be blank."],
    }
    for name, sentences in expected.items():
        row = rows[key(ids[name])]
        assert (row.voided_by, row.updated_by, row.version) == (UPGRADE, UPGRADE, 2 if name != "two_rules" else 1)
        assert row.void_reason.startswith("Voided on upgrade: ")
        for sentence in sentences:
            assert sentence in row.void_reason
        entry = entries[row.id]
        assert (entry.operation, entry.table_name, entry.patient_id, entry.reason) == (
            "void", "patients", row.id, row.void_reason)
    assert rows[key(ids["escape"])].given_name == "Ro\x1bbin"  # the value stays readable
    for name in ("good", "voided"):
        row = rows[key(ids[name])]
        assert row.voided_by in (None, EARLIER) and row.id not in entries
    assert not rows[key(ids["good"])].is_voided
    if sqlite:
        assert entries[key(ids["bad_date_visit"])].reason == (
            "Voided on upgrade: Visit date must be a real calendar date written YYYY-MM-DD (entered 2024-02-30).")
    # The rules are in force now.
    with pytest.raises(DBAPIError), database.engine.begin() as connection:
        connection.execute(text("UPDATE patients SET given_name = :name WHERE mrn = :mrn"),
                           {"name": "Ro\u202ebin", "mrn": rows[key(ids["good"])].mrn})


def downgrade_to_0005(database: Database) -> None:
    from alembic import command

    with database.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
        connection.commit()


def field_check_names(database: Database) -> set[str]:
    from sqlalchemy import inspect

    with database.engine.connect() as connection:
        return {check["name"] for check in inspect(connection).get_check_constraints("patients")}


def test_upgrade_voids_old_rows_that_break_a_rule_and_downgrade_removes_the_rules(db_path: Path) -> None:
    old = database_at_0005(sqlite_url(db_path))
    ids = add_old_rows(old, sqlite=True)
    old.close()
    database = open_database(sqlite_url(db_path))
    try:
        check_upgrade(database, ids, sqlite=True)
        assert "ck_patients_given_name_characters" in field_check_names(database)
        downgrade_to_0005(database)
        names = field_check_names(database)
        assert "ck_patients_given_name_characters" not in names and "ck_patients_height_cm_range" in names
    finally:
        database.close()




@pytest.mark.postgres
def test_postgres_upgrade_voids_old_rows_that_break_a_rule(pg_url: str) -> None:
    old = database_at_0005(pg_url)
    ids = add_old_rows(old, sqlite=False)
    old.close()
    database = open_database(pg_url)
    try:
        check_upgrade(database, ids, sqlite=False)
        downgrade_to_0005(database)
        assert "ck_patients_given_name_characters" not in field_check_names(database)
    finally:
        database.close()
