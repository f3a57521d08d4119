"""Helpers shared by the command-line and record-file tests."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.domain.roles import ADMINISTRATOR, ROLES
from als_desktop.models import Base
from als_desktop.models.history import ChangeEntry
from als_desktop.services import accounts, demo
from als_desktop.services.demo_accounts import DEMO_PASSWORD
from als_desktop.services.writer import Actor

# A fixed day makes the demo clinic the same in every run of the suite.
DEMO_DAY = date(2025, 6, 2)
DEMO_PATIENTS = 40


# The account the command-line tests sign in as: the demo clinic's administrator, given every
# role, so that a test of a command is not a test of who may write what
# (tests/cli/test_accounts_command.py is). Every database the tests make has it.
TEST_USER = "admin"
TEST_PASSWORD = DEMO_PASSWORD
WORKSTATION = "test-workstation"


def add_test_account(database: Database) -> None:
    """The clinic's first administrator if it has no account yet (every role); in a demo clinic,
    its administrator given every role by a set-up task."""
    others = tuple(code for code in ROLES if code != ADMINISTRATOR)
    with database.transaction() as session:
        if not accounts.has_accounts(session):
            accounts.create_first_administrator(session, TEST_USER, "Test Administrator", TEST_PASSWORD,
                                                WORKSTATION, other_roles=others)
        else:
            accounts.set_roles(session, Actor("test.setup", WORKSTATION), TEST_USER, tuple(ROLES))


def password_file(folder: Path, password: str = TEST_PASSWORD, name: str = "password") -> Path:
    """A password file only its owner can read, as --password-file demands."""
    path = folder / name
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def make_demo(path: Path, patients: int = DEMO_PATIENTS, seed: int = 1, today: date = DEMO_DAY) -> Database:
    database = open_database(sqlite_url(path))
    demo.populate(database, patients, seed=seed, today=today)
    add_test_account(database)
    return database


def row_counts(database: Database) -> dict[str, int]:
    with database.reading() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def record_counts(path: Path) -> dict[str, int]:
    """Rows per table of the record, the history counting its changes only: a command that
    changes nothing still adds its sign-in and what it did (or failed to do) to the audit trail."""
    database = open_database(sqlite_url(path), create=False, migrate=False)
    try:
        counts = row_counts(database)
        with database.reading() as session:
            counts["change_history"] = session.scalar(select(func.count()).select_from(ChangeEntry)
                                                      .where(ChangeEntry.operation != "event"))
        return counts
    finally:
        database.close()


def audit_events(path: Path) -> list[tuple[str, str, str]]:
    """(event, outcome, actor) of each audit event, oldest first."""
    database = open_database(sqlite_url(path), create=False, migrate=False)
    try:
        with database.reading() as session:
            return [tuple(row) for row in session.execute(
                select(ChangeEntry.event, ChangeEntry.outcome, ChangeEntry.actor)
                .where(ChangeEntry.operation == "event").order_by(ChangeEntry.seq))]
    finally:
        database.close()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
