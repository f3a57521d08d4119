"""Migration 0007: a 0006 database holding prompt responses keeps them, and the CHECK on the
response accepts 'declined' (refused before). Downgrade refuses, changing nothing, while any
response says 'declined' (the older CHECK holds for voided rows too, and a patient's decision
is not deleted by an upgrade tool); without one it restores the older CHECK. The same on a
PostgreSQL server."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from als_desktop.config import sqlite_url
from als_desktop.db import Database, migrate, open_database
from als_desktop.models import Patient, PromptResponse, utc_now

EARLIER = "palliative.nurse"


def database_at_0006(url: str) -> Database:
    database = open_database(url, migrate=False)
    migrate.upgrade(database, "0006")
    return database


def stamp() -> dict:
    now = utc_now()
    return {"created_at": now, "updated_at": now, "created_by": EARLIER, "updated_by": EARLIER}


def add_patient_with_answers(database: Database) -> uuid.UUID:
    """Straight through the ORM, as the release before held them: two answers, one voided."""
    with database.transaction() as session:
        patient = Patient(mrn="DEC-1", given_name="Dana", family_name="Earlier", date_of_birth=date(1959, 4, 4),
                          sex="female", **stamp())
        session.add(patient)
        session.flush()
        session.add_all([
            PromptResponse(patient_id=patient.id, rule_id="PAL-REFERRAL", response="acknowledged", **stamp()),
            PromptResponse(patient_id=patient.id, rule_id="RESP-TESTS-DUE", response="deferred", reason="away",
                           voided_at=utc_now(), voided_by=EARLIER, void_reason="entered twice", **stamp()),
        ])
        return patient.id


def add_answer(database: Database, patient_id: uuid.UUID, response: str) -> None:
    with database.transaction() as session:
        session.add(PromptResponse(patient_id=patient_id, rule_id="RESP-COUGH-ASSIST", response=response, **stamp()))


def answers(database: Database) -> list[tuple[str, str, bool]]:
    with database.reading() as session:
        return sorted((r.rule_id, r.response, r.is_voided) for r in session.scalars(select(PromptResponse)))


def downgrade_to_0006(database: Database) -> None:
    """As a clinic's IT would run it by hand; a refusal leaves the file as it was."""
    from alembic import command

    with database.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite's DDL rolls back only so
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        try:
            command.downgrade(config, "0006")
            connection.commit()
        except BaseException:
            connection.rollback()
            raise


KEPT = [("PAL-REFERRAL", "acknowledged", False), ("RESP-TESTS-DUE", "deferred", True)]


def check_upgrade_then_downgrade(url: str) -> None:
    old = database_at_0006(url)
    try:
        patient_id = add_patient_with_answers(old)
        with pytest.raises(IntegrityError, match="response_code"):
            add_answer(old, patient_id, "declined")
    finally:
        old.close()

    database = open_database(url)
    try:
        assert migrate.current_revision(database) == migrate.head_revision()
        assert answers(database) == KEPT
        add_answer(database, patient_id, "declined")
        with pytest.raises(IntegrityError, match="response_code"):
            add_answer(database, patient_id, "refused")
        assert answers(database) == sorted([*KEPT, ("RESP-COUGH-ASSIST", "declined", False)])

        with pytest.raises(RuntimeError, match=r"1 prompt response\(s\) record a decline by the patient"):
            downgrade_to_0006(database)
        assert migrate.current_revision(database) == migrate.head_revision()
        assert answers(database) == sorted([*KEPT, ("RESP-COUGH-ASSIST", "declined", False)])
        add_answer(database, patient_id, "declined")  # the constraint of 0007 still in force
    finally:
        database.close()


def check_downgrade_without_declines(url: str) -> None:
    database = open_database(url)
    try:
        patient_id = add_patient_with_answers(database)
        downgrade_to_0006(database)
        assert migrate.current_revision(database) == "0006"
        assert answers(database) == KEPT
        with pytest.raises(IntegrityError, match="response_code"):
            add_answer(database, patient_id, "declined")
        add_answer(database, patient_id, "acknowledged")
    finally:
        database.close()


def test_upgrade_accepts_declined_and_downgrade_refuses_while_one_is_held(tmp_path: Path) -> None:
    check_upgrade_then_downgrade(sqlite_url(tmp_path / "clinic.sqlite"))


def test_downgrade_without_declines_restores_the_older_check(tmp_path: Path) -> None:
    check_downgrade_without_declines(sqlite_url(tmp_path / "clinic.sqlite"))


@pytest.mark.postgres
def test_postgres_upgrade_accepts_declined_and_downgrade_refuses_while_one_is_held(pg_url: str) -> None:
    check_upgrade_then_downgrade(pg_url)


@pytest.mark.postgres
def test_postgres_downgrade_without_declines_restores_the_older_check(pg_url: str) -> None:
    check_downgrade_without_declines(pg_url)
