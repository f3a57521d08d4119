"""The chained audit trail: intact through ordinary use, and every kind of tampering found.

Changes (the writer) and audit events (sign-ins, a record opened) share one sequence, each entry
linked by SHA-256 to the one before. An attacker with raw SQL who first drops (SQLite) or
disables (PostgreSQL) the append-only triggers can change, delete or insert entries: `verify`
names the first entry that does not hold. Deleting the newest entries leaves a valid, shorter
chain: a head hash kept elsewhere finds it. Two workstations appending at once on PostgreSQL do
not fork the chain. (Migration 0008, which chains an older history: test_migration_0008.py.)
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.domain.history_chain import GENESIS, entry_hash
from als_desktop.models import ChangeEntry, WeightMeasurement
from als_desktop.services import (
    accounts,
    audit,
    demo,
    nutrition,
    patients,
    records,
    trail,
    visits,
)
from als_desktop.services.demo_accounts import DEMO_PASSWORD
from als_desktop.services.writer import Actor

WORKSTATION = "CLINIC-PC-3"
NURSE = Actor("nurse", WORKSTATION)

Tamper = Callable[..., None]


# ---------------------------------------------------------------------------- helpers


def verdict(database: Database) -> trail.Verdict:
    with database.engine.connect() as connection:
        return trail.verify(connection)


def kept_head(database: Database, hash_text: str) -> trail.KeptHead:
    with database.engine.connect() as connection:
        return trail.check_kept_head(connection, hash_text)


def stored_entries(database: Database) -> list[tuple[int, str, str | None, str, str]]:
    """(seq, operation, event, previous_hash, entry_hash) of every entry, oldest first."""
    with database.reading() as session:
        return [tuple(row) for row in session.execute(  # type: ignore[misc]
            select(ChangeEntry.seq, ChangeEntry.operation, ChangeEntry.event, ChangeEntry.previous_hash,
                   ChangeEntry.entry_hash).order_by(ChangeEntry.seq))]


def check_intact(database: Database) -> trail.Verdict:
    found = verdict(database)
    assert found.intact, found.first_break
    entries = stored_entries(database)
    assert found.entries == len(entries)
    assert (found.head_seq, found.head_hash) == entries[-1][0:1] + entries[-1][4:5]
    with database.reading() as session:
        assert trail.head(session) == (found.head_seq, found.head_hash)
    return found


def ordinary_use(database: Database) -> uuid.UUID:
    """A morning at the clinic: a patient registered and weighed, the weight corrected and
    voided, the record opened, a failed sign-in and a good one. Returns the patient's id."""
    with database.transaction() as session:
        patient = patients.create_patient(session, {"mrn": "MRN-7001", "given_name": "Robin", "family_name": "Hale",
                                                    "date_of_birth": date(1958, 2, 3), "sex": "male"}, "clerk.a")
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 4)}, "clerk.a")
        weight = nutrition.record_weight(session, visit.id, 72.0, "nurse")
    with database.transaction() as session:
        audit.record(session, NURSE, "open_record", patient_id=patient.id)
        nutrition.correct_weight(session, weight.id, 1, 70.5, "dietitian")
    with database.transaction() as session:
        assert accounts.sign_in(session, "nurse", "not the password", WORKSTATION).signed_in is None
    with database.transaction() as session:
        assert accounts.sign_in(session, "nurse", DEMO_PASSWORD, WORKSTATION).signed_in is not None
    with database.transaction() as session:
        records.void_row(session, WeightMeasurement, weight.id, 2, "Weighed in his coat", "nurse")
        audit.record(session, NURSE, "print", patient_id=patient.id, source="team plan")
    return patient.id


def forged_event(seq: int, previous: str, patient_id: uuid.UUID | None = None) -> dict[str, Any]:
    """An audit event as another program would write it: 'the record was opened by someone else'."""
    return {"seq": seq, "recorded_at": datetime(2025, 6, 2, 9, 30, 0, 125000), "actor": "neuro",
            "workstation": WORKSTATION, "operation": "event", "event": "open_record", "outcome": "done",
            "table_name": None, "row_id": None, "patient_id": patient_id, "version_before": None,
            "version_after": None, "fields": "{}", "reason": None, "source": None, "previous_hash": previous}


INSERT = text("INSERT INTO change_history (seq, recorded_at, actor, workstation, operation, event, outcome, "
              "table_name, row_id, patient_id, version_before, version_after, fields, reason, source, "
              "previous_hash, entry_hash) VALUES (:seq, :recorded_at, :actor, :workstation, :operation, :event, "
              ":outcome, :table_name, :row_id, :patient_id, :version_before, :version_after, :fields, :reason, "
              ":source, :previous_hash, :entry_hash)")


def sqlite_tamper(path: Path) -> Tamper:
    """Raw SQL on the file with Python's own sqlite3 module, the guard dropped first."""

    def stored(value: Any) -> Any:  # as the program stores them on SQLite
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return value.hex if isinstance(value, uuid.UUID) else value

    def tamper(statement: Any, values: dict[str, Any] | None = None) -> None:
        with sqlite3.connect(path) as connection:
            connection.execute("DROP TRIGGER IF EXISTS change_history_no_update")
            connection.execute("DROP TRIGGER IF EXISTS change_history_no_delete")
            connection.execute(str(statement), {key: stored(value) for key, value in (values or {}).items()})
        connection.close()

    return tamper


def postgres_tamper(database: Database) -> Tamper:
    """Raw SQL on the server, the append-only trigger disabled first (as the table's owner can)."""

    def tamper(statement: Any, values: dict[str, Any] | None = None) -> None:
        with database.engine.begin() as connection:
            connection.execute(text("ALTER TABLE change_history DISABLE TRIGGER change_history_no_update_or_delete"))
            connection.execute(text(str(statement)), values or {})
            connection.execute(text("ALTER TABLE change_history ENABLE TRIGGER change_history_no_update_or_delete"))

    return tamper


def a_morning_at_the_clinic(database: Database) -> None:
    try:
        demo.populate(database, 2, seed=3, today=date(2025, 6, 2))
        ordinary_use(database)
    finally:
        database.close()


@pytest.fixture(scope="module")
def sqlite_clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: each test tampers with its own copy."""
    path = tmp_path_factory.mktemp("template") / "clinic.sqlite"
    a_morning_at_the_clinic(open_database(sqlite_url(path)))
    return path


def _server_admin(postgres_server: str) -> Any:
    import psycopg

    return psycopg.connect(postgres_server.replace("postgresql+psycopg", "postgresql"), autocommit=True)


@pytest.fixture(scope="module")
def postgres_clinic(postgres_server: str) -> Iterator[str]:
    """Built once on the server: each test gets its own database made from it."""
    name = f"morning_{uuid.uuid4().hex[:12]}"
    with _server_admin(postgres_server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    a_morning_at_the_clinic(open_database(postgres_server.rsplit("/", 1)[0] + f"/{name}"))
    yield name
    with _server_admin(postgres_server) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def clinic(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, Tamper]]:
    """A demo clinic after a morning of ordinary use, and a way to tamper with it."""
    if request.param == "sqlite":
        path = tmp_path / "clinic.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_clinic"), path)
        database = open_database(sqlite_url(path))
        tamper = sqlite_tamper(path)
    else:
        server, template = request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_clinic")
        name = f"clinic_{uuid.uuid4().hex[:12]}"
        with _server_admin(server) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        database = open_database(server.rsplit("/", 1)[0] + f"/{name}")
        tamper = postgres_tamper(database)
    try:
        check_intact(database)
        yield database, tamper
    finally:
        database.close()
        if request.param == "postgresql":
            with _server_admin(server) as admin:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


# ---------------------------------------------------------------------------- intact


def test_the_chain_stays_intact_through_ordinary_use(tmp_path: Path) -> None:
    database = open_database(sqlite_url(tmp_path / "clinic.sqlite"))
    try:
        assert verdict(database) == trail.Verdict(0, 0, GENESIS, None)
        demo.populate(database, 3, seed=2, today=date(2025, 6, 2))
        after_demo = check_intact(database)
        ordinary_use(database)
        found = check_intact(database)
        entries = stored_entries(database)
        # One sequence, numbered without a gap, each entry linked to the one before.
        assert [seq for seq, *_ in entries] == list(range(1, len(entries) + 1))
        assert entries[0][3] == GENESIS
        assert all(entry[3] == before[4] for before, entry in itertools.pairwise(entries))
        # Changes and events interleave in it, in the order they happened.
        morning = [(operation, event) for _, operation, event, *_ in entries[after_demo.entries:]]
        assert morning == [("create", None), ("create", None), ("create", None), ("event", "open_record"),
                           ("change", None), ("event", "sign_in_failed"), ("event", "sign_in"),
                           ("void", None), ("event", "print")]
        # The head kept after the demo is still there, with the morning after it.
        assert kept_head(database, after_demo.head_hash.upper()) == trail.KeptHead(
            after_demo.head_hash, after_demo.head_seq, len(morning))
        assert kept_head(database, found.head_hash).entries_after == 0
    finally:
        database.close()


def test_a_kept_head_must_be_a_hash() -> None:
    for typed in ("", "abc", "g" * 64, "0" * 63):
        with pytest.raises(ValueError, match="64 hexadecimal digits"):
            trail.normalised_hash(typed)
    assert trail.normalised_hash(f"  {'AB' * 32}\n") == "ab" * 32


# ---------------------------------------------------------------------------- tampering


def test_an_entry_changed_is_found(clinic: tuple[Database, Tamper]) -> None:
    database, tamper = clinic
    entries = stored_entries(database)
    # The weight's correction now says a different value, by someone else.
    [change] = [seq for seq, operation, *_ in entries if operation == "change"]
    tamper("UPDATE change_history SET actor = 'neuro', fields = replace(fields, '70.5', '75.5') WHERE seq = :seq",
           {"seq": change})
    found = verdict(database)
    assert found.first_break == trail.Break(change, "its content does not match its hash: the entry was changed "
                                                    "or forged")
    assert found.entries == change  # it stopped there


def test_an_entry_deleted_is_found(clinic: tuple[Database, Tamper]) -> None:
    database, tamper = clinic
    entries = stored_entries(database)
    [failed] = [seq for seq, _, event, *_ in entries if event == "sign_in_failed"]
    tamper("DELETE FROM change_history WHERE seq = :seq", {"seq": failed})
    assert verdict(database).first_break == trail.Break(failed + 1, f"entry {failed} is missing: removed from the trail")
    # Several in a row are named as a range.
    tamper("DELETE FROM change_history WHERE seq IN (:a, :b)", {"a": 10, "b": 11})
    assert verdict(database).first_break == trail.Break(12, "entries 10–11 are missing: removed from the trail")


def test_the_first_entry_deleted_is_found(clinic: tuple[Database, Tamper]) -> None:
    database, tamper = clinic
    tamper("DELETE FROM change_history WHERE seq = 1")
    assert verdict(database).first_break == trail.Break(2, "entry 1 is missing: removed from the trail")


def test_an_entry_appended_with_a_made_up_hash_is_found(clinic: tuple[Database, Tamper]) -> None:
    database, tamper = clinic
    head_seq, head_hash = stored_entries(database)[-1][0], stored_entries(database)[-1][4]
    tamper(INSERT, {**forged_event(head_seq + 1, head_hash), "entry_hash": "f" * 64})
    assert verdict(database).first_break == trail.Break(
        head_seq + 1, "its content does not match its hash: the entry was changed or forged")


def test_an_entry_replaced_by_a_correctly_hashed_forgery_is_found(clinic: tuple[Database, Tamper]) -> None:
    """Seq numbers follow each other, so an entry can only be slipped in by taking another's place;
    even with its hash computed as this program would, the entry after it no longer links."""
    database, tamper = clinic
    entries = stored_entries(database)
    [opened] = [seq for seq, _, event, *_ in entries if event == "open_record"]
    previous = entries[opened - 2][4]
    forged = forged_event(opened, previous)
    forged["entry_hash"] = entry_hash(previous, forged)
    tamper("DELETE FROM change_history WHERE seq = :seq", {"seq": opened})
    tamper(INSERT, forged)
    found = verdict(database)
    assert found.first_break == trail.Break(
        opened + 1, "its link does not match the entry before it: an entry was removed or inserted here")


def test_a_trail_cut_back_is_found_with_the_kept_head(clinic: tuple[Database, Tamper]) -> None:
    database, tamper = clinic
    earlier = check_intact(database)
    with database.transaction() as session:
        audit.record(session, NURSE, "export", source="record.json")
        audit.record(session, NURSE, "print", source="team plan")
    kept = check_intact(database)
    tamper("DELETE FROM change_history WHERE seq > :seq", {"seq": earlier.head_seq})
    # What is left is a valid chain: only the head kept elsewhere shows what happened.
    assert check_intact(database).head_seq == earlier.head_seq
    assert kept_head(database, kept.head_hash) == trail.KeptHead(kept.head_hash, None, 0)
    assert not kept_head(database, kept.head_hash).found
    # New entries do not hide it: their hashes differ from the removed ones'.
    with database.transaction() as session:
        audit.record(session, NURSE, "sign_out")
        audit.record(session, NURSE, "sign_out")
    assert check_intact(database).head_seq == kept.head_seq
    assert not kept_head(database, kept.head_hash).found
    assert kept_head(database, earlier.head_hash).entries_after == 2


def test_a_value_of_a_foreign_kind_is_a_break_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite"
    database = open_database(sqlite_url(path))
    try:
        ordinary_use_without_accounts(database)
        # SQLite keeps any value in any column: bytes where text was.
        sqlite_tamper(path)("UPDATE change_history SET reason = X'00ff' WHERE seq = 2")
        assert verdict(database).first_break.seq == 2
    finally:
        database.close()


def ordinary_use_without_accounts(database: Database) -> None:
    with database.transaction() as session:
        patient = patients.create_patient(session, {"mrn": "MRN-1", "given_name": "Ann", "family_name": "Lowe",
                                                    "date_of_birth": date(1960, 1, 1)}, "clerk.a")
        audit.record(session, NURSE, "open_record", patient_id=patient.id)
        audit.record(session, NURSE, "print", patient_id=patient.id)


# ---------------------------------------------------------------------------- two writers


def waiting_for_the_append_lock(database: Database) -> bool:
    with database.engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid::bigint = :key"),
            {"key": trail.APPEND_LOCK}).scalar())


@pytest.mark.postgres
def test_postgres_two_workstations_appending_at_once_do_not_fork_the_chain(pg_url: str) -> None:
    database = open_database(pg_url)
    try:
        with database.transaction() as session:
            audit.record(session, NURSE, "sign_in")
        first, second = database.sessions(), database.sessions()
        outcome: dict[str, Any] = {}

        def the_other_workstation() -> None:
            try:
                audit.record(second, Actor("neuro", "NEURO-PC"), "open_record")
                second.commit()
                outcome["done"] = True
            except Exception as error:  # noqa: BLE001 (reported by the assertion below)
                outcome["error"] = error
                second.rollback()

        try:
            audit.record(first, NURSE, "print")  # holds the append lock until it commits
            other = threading.Thread(target=the_other_workstation)
            other.start()
            deadline = time.monotonic() + 30
            while not waiting_for_the_append_lock(database):
                assert other.is_alive(), outcome
                assert time.monotonic() < deadline, "the second append never waited for the lock"
                time.sleep(0.02)
            assert "done" not in outcome  # it waits for the first
            first.commit()
            other.join(30)
            assert outcome == {"done": True}
        finally:
            first.close()
            second.close()
        entries = stored_entries(database)
        assert [(seq, event) for seq, _, event, *_ in entries] == [(1, "sign_in"), (2, "print"), (3, "open_record")]
        assert entries[2][3] == entries[1][4]  # linked to the first's entry, not to the same head
        check_intact(database)
    finally:
        database.close()


def test_audit_list_filters(tmp_path: Path) -> None:
    """The reading side the command and the Audit log share: filters by patient, user, day."""
    database = open_database(sqlite_url(tmp_path / "clinic.sqlite"))
    try:
        demo.populate(database, 1, seed=1, today=date(2025, 6, 2))
        patient_id = ordinary_use(database)
        with database.reading() as session:
            mine = audit.entries(session, audit.AuditFilter(mrn=" MRN-7001 "))
            assert {entry.mrn for entry in mine} == {"MRN-7001"} and len(mine) == 7
            assert mine[0].action == "Printed" and mine[0].patient == "Hale, Robin"
            events = audit.entries(session, audit.AuditFilter(mrn="MRN-7001", events_only=True))
            assert [entry.action for entry in events] == ["Printed", "Opened the record"]
            assert [e.seq for e in audit.entries(session, audit.AuditFilter(user=" Nurse "))] == [
                e.seq for e in audit.entries(session) if e.actor == "nurse"]
            assert audit.entries(session, audit.AuditFilter(since=date.today() + timedelta(days=1))) == []
            assert len(audit.entries(session, audit.AuditFilter(since=date.today()))) == len(audit.entries(session))
            assert [e.seq for e in audit.who_opened(session, patient_id)] == [events[1].seq]
    finally:
        database.close()


def test_csv_cells_never_read_as_formulas(tmp_path: Path) -> None:
    import csv
    import io

    database = open_database(sqlite_url(tmp_path / "clinic.sqlite"))
    try:
        with database.transaction() as session:
            accounts.sign_in(session, "=HYPERLINK(\"http://x\")", "guess", WORKSTATION)
        with database.reading() as session:
            out = io.StringIO()
            audit.write_csv(audit.entries(session), out)
        [header, row] = list(csv.reader(io.StringIO(out.getvalue())))
        assert header == audit.CSV_HEADER
        assert row[2] == "'=hyperlink(\"http://x\")"
        assert row[6] == "Sign-in failed" and row[7] == "Refused"
        assert datetime.strptime(row[1], "%Y-%m-%d %H:%M:%S").date() == datetime.now(UTC).astimezone().date()
    finally:
        database.close()
