"""Migration 0005: a database that already holds two live advance care planning decisions on one
topic keeps the most recently changed, voids the others with a reason naming the kept one (each
void in the change history), loses no row, and gains the one-live-per-topic index; downgrade
drops the index. Two workstations saving a decision on one topic at the same instant: the later
is told who recorded it. The same on a PostgreSQL server."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, inspect, select
from sqlalchemy.exc import IntegrityError

from als_desktop.config import sqlite_url
from als_desktop.db import Database, migrate, open_database
from als_desktop.models import CarePlanningDecision, ChangeEntry, Patient, utc_now
from als_desktop.models.care import ONE_LIVE_PER_TOPIC
from als_desktop.services import care_planning, history, patients, records, writer
from als_desktop.services.errors import StaleRecordError

EARLIER = "palliative.nurse"
UPGRADE = "upgrade 0005"


def database_at_0003(url: str) -> Database:
    """A database as a release before the change history and this index left it."""
    database = open_database(url, migrate=False)
    migrate.upgrade(database, "0003")
    return database


def decision(patient_id: uuid.UUID, topic: str, text: str, created: Any, updated: Any = None, **values: Any) -> Any:
    """A decision written straight through the ORM, as a release without the index could hold."""
    return CarePlanningDecision(patient_id=patient_id, topic=topic, decision=text, created_at=created,
                                updated_at=updated or created, created_by=EARLIER, updated_by=EARLIER, **values)


def add_duplicates(database: Database) -> dict[str, Any]:
    """One patient with three live resuscitation decisions and a voided one newer still, two live
    ventilatory support decisions of which the older was edited last, and one place of death;
    a second patient with one resuscitation decision. Returns the ids the test looks at."""
    start = utc_now() - timedelta(days=10)
    stamp = {"created_at": start, "updated_at": start, "created_by": EARLIER, "updated_by": EARLIER}
    with database.transaction() as session:
        crowded = Patient(mrn="ACP-1", given_name="Ada", family_name="Twice", date_of_birth=date(1958, 3, 3),
                          sex="female", **stamp)
        quiet = Patient(mrn="ACP-2", given_name="Ben", family_name="Once", date_of_birth=date(1961, 9, 9),
                        sex="male", **stamp)
        session.add_all([crowded, quiet])
        session.flush()
        hours = [start + timedelta(hours=hour) for hour in range(12)]
        resuscitation = [decision(crowded.id, "resuscitation", text, hours[hour])
                         for hour, text in ((0, "For CPR"), (4, "DNACPR"), (2, "For CPR; to review"))]
        already_voided = decision(crowded.id, "resuscitation", "Wrong patient's form", hours[6],
                                  voided_at=hours[7], voided_by=EARLIER, void_reason="wrong patient")
        # Recorded first, changed last: the Palliative tab has been showing this one.
        edited = decision(crowded.id, "ventilatory_support", "NIV yes; no tracheostomy", hours[1], hours[9])
        newer = decision(crowded.id, "ventilatory_support", "NIV yes", hours[3])
        single = [decision(crowded.id, "place_of_death", "Home", hours[5]),
                  decision(quiet.id, "resuscitation", "For CPR", hours[8])]
        session.add_all([*resuscitation, already_voided, edited, newer, *single])
        session.flush()
        return {
            "patient": crowded.id,
            "resuscitation": [row.id for row in resuscitation],
            "already_voided": already_voided.id,
            "edited": edited.id,
            "newer": newer.id,
            "single": [row.id for row in single],
            "quiet": quiet.id,
        }


def stored(database: Database) -> dict[uuid.UUID, CarePlanningDecision]:
    with database.reading() as session:
        return {row.id: row for row in session.scalars(select(CarePlanningDecision))}


def history_of(database: Database) -> dict[uuid.UUID, list[ChangeEntry]]:
    with database.reading() as session:
        by_row: dict[uuid.UUID, list[ChangeEntry]] = {}
        for entry in session.scalars(select(ChangeEntry).where(ChangeEntry.table_name == "care_planning_decisions")
                                     .order_by(ChangeEntry.seq)):
            by_row.setdefault(entry.row_id, []).append(entry)
        return by_row


def index_names(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return {index["name"] for index in inspect(connection).get_indexes("care_planning_decisions")}


def check_duplicates_resolved(database: Database, ids: dict[str, Any], before: dict[uuid.UUID, Any]) -> None:
    rows = stored(database)
    assert set(rows) == set(before), "a decision was lost"
    assert {row_id: row.decision for row_id, row in rows.items()} == {
        row_id: row.decision for row_id, row in before.items()}  # the values stay readable

    oldest, newest, middle = (rows[row_id] for row_id in ids["resuscitation"])
    assert not newest.is_voided and newest.decision == "DNACPR" and newest.version == 1
    edited, newer = rows[ids["edited"]], rows[ids["newer"]]
    assert not edited.is_voided and newer.is_voided
    voided = {oldest.id: newest.id, middle.id: newest.id, newer.id: edited.id}
    reasons = {oldest.id: "resuscitation status", middle.id: "resuscitation status",
               newer.id: "ventilatory support"}
    entries = history_of(database)
    for row_id, kept in voided.items():
        row = rows[row_id]
        reason = f"a second live decision on {reasons[row_id]}; kept {kept}"
        assert (row.voided_by, row.void_reason, row.updated_by, row.version) == (UPGRADE, reason, UPGRADE, 2)
        assert row.voided_at is not None and row.voided_at == row.updated_at
        # Its history: the row as it was before history was kept, then the upgrade's void.
        existing, void = entries[row_id]
        assert (existing.operation, existing.version_after) == ("existing", 1)
        assert (void.operation, void.actor, void.workstation, void.reason, void.source) == (
            "void", UPGRADE, "upgrade", reason, None)
        assert (void.table_name, void.patient_id, void.version_before, void.version_after) == (
            "care_planning_decisions", ids["patient"], 1, 2)
        assert void.recorded_at == row.voided_at
        # The same JSON form the program's writer gives a void.
        assert void.fields == json.dumps({"voided_at": [None, writer.plain(row.voided_at)],
                                          "voided_by": [None, UPGRADE], "void_reason": [None, reason]},
                                         sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    untouched = rows[ids["already_voided"]]
    assert (untouched.voided_by, untouched.void_reason, untouched.version) == (EARLIER, "wrong patient", 1)
    for row_id in (ids["already_voided"], newest.id, edited.id, *ids["single"]):
        assert [entry.operation for entry in entries[row_id]] == ["existing"]
    assert not any(rows[row_id].is_voided for row_id in ids["single"])


def refused_second_live(database: Database, patient_id: uuid.UUID, topic: str) -> IntegrityError:
    with database.sessions() as session:
        session.add(decision(patient_id, topic, "Another", utc_now()))
        with pytest.raises(IntegrityError) as refused:
            session.commit()
    return refused.value


# ---------------------------------------------------------------------------- SQLite


def test_duplicates_of_an_earlier_release_are_voided_keeping_the_newest(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite"
    old = database_at_0003(sqlite_url(path))
    ids = add_duplicates(old)
    before = stored(old)
    old.close()

    backups = tmp_path / "backups"
    database = open_database(sqlite_url(path), backups=backups)  # migrates to the head, after a backup copy
    try:
        assert migrate.current_revision(database) == migrate.head_revision()
        check_duplicates_resolved(database, ids, before)
        assert ONE_LIVE_PER_TOPIC in index_names(database)

        # From now on a topic takes no second live decision, however written.
        refused = refused_second_live(database, ids["patient"], "resuscitation")
        assert care_planning.is_second_live_decision(refused)
        with database.transaction() as session:  # another patient, or a voided decision, still fits
            session.add(decision(ids["patient"], "resuscitation", "Voided at once", utc_now(), voided_at=utc_now(),
                                 voided_by=EARLIER, void_reason="typed on the wrong topic"))
            session.add(decision(ids["quiet"], "place_of_death", "Hospice", utc_now()))
        # Another rule refusing a row is not mistaken for a second decision.
        with database.sessions() as session:
            session.add(decision(ids["patient"], "organ_donation", "Yes", utc_now()))
            with pytest.raises(IntegrityError) as other_rule:
                session.commit()
        assert not care_planning.is_second_live_decision(other_rule.value)

        # A decision voided by the upgrade is an ordinary voided row: restored once the kept one is voided.
        newest = ids["resuscitation"][1]
        with database.transaction() as session:
            records.void_row(session, CarePlanningDecision, newest, 1, "the earlier form was the signed one", EARLIER)
            assert history.restore_record(session, "care_planning", ids["resuscitation"][0], 2,
                                          "the signed form", EARLIER) == 3
        with database.reading() as session:
            found = history.row_history(session, ids["resuscitation"][0])
        assert [entry.operation for entry in found.entries] == ["restore", "void", "existing"]
        assert found.entries[1].actor == UPGRADE
    finally:
        database.close()
    [backup] = backups.iterdir()
    with sqlite3.connect(backup) as copy:  # the copy taken first still holds the duplicates as they were
        live = copy.execute("SELECT count(*) FROM care_planning_decisions WHERE voided_at IS NULL").fetchone()
        assert live == (7,)


def test_downgrade_drops_the_index_and_up_again_voids_with_history(tmp_path: Path) -> None:
    from alembic import command

    database = open_database(sqlite_url(tmp_path / "clinic.sqlite"))
    try:
        with database.transaction() as session:
            patient = patients.create_patient(session, {"mrn": "DOWN-1", "given_name": "Dee", "family_name": "Older",
                                                        "date_of_birth": date(1960, 1, 1)}, EARLIER)
            first = care_planning.record_decision(session, patient.id, "place_of_death", {"decision": "Home"}, EARLIER)
        with database.engine.connect() as connection:
            config = migrate.alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
            connection.commit()
        assert migrate.current_revision(database) == "0004"
        assert ONE_LIVE_PER_TOPIC not in index_names(database)
        # Without the index a second live decision is taken again, as by the earlier release.
        with database.transaction() as session:
            session.add(decision(patient.id, "place_of_death", "Hospice", utc_now() + timedelta(seconds=1)))
        assert len(stored(database)) == 1 + 1

        migrate.upgrade(database)  # and up again: the most recently changed kept, the other voided
        rows = stored(database)
        [kept] = [row for row in rows.values() if not row.is_voided]
        assert kept.decision == "Hospice" and len(rows) == 2
        assert rows[first.id].void_reason == f"a second live decision on preferred place of death; kept {kept.id}"
        assert [entry.operation for entry in history_of(database)[first.id]] == ["create", "void"]
        assert ONE_LIVE_PER_TOPIC in index_names(database)
    finally:
        database.close()


def other_workstation_saves_during(database: Database, session: Any, patient_id: uuid.UUID, topic: str) -> None:
    """Another workstation records a decision on `topic` after `session` checked the topic, before it writes."""

    def saves_now(*_args: Any) -> None:
        with database.transaction() as other:
            care_planning.record_decision(other, patient_id, topic, {"decision": "Home, with hospice support"},
                                          "j.smith")

    event.listen(session, "before_flush", saves_now, once=True)


def check_the_later_save_is_told_who(database: Database, patient_id: uuid.UUID) -> None:
    with database.sessions() as session:
        other_workstation_saves_during(database, session, patient_id, "place_of_death")
        with pytest.raises(StaleRecordError) as refused:
            care_planning.record_decision(session, patient_id, "place_of_death", {"decision": "Hospital"},
                                          "test.clinician")
        session.rollback()
    message = str(refused.value)
    assert message.startswith("A decision on preferred place of death was recorded by j.smith at ")
    assert "while you were saving. Yours was not saved" in message
    assert isinstance(refused.value.__cause__, IntegrityError)  # the database, not the check, refused it
    rows = stored(database)
    assert [(row.created_by, row.decision) for row in rows.values()] == [("j.smith", "Home, with hospice support")]
    with database.reading() as session:
        assert [entry.actor for entry in session.scalars(
            select(ChangeEntry).where(ChangeEntry.table_name == "care_planning_decisions"))] == ["j.smith"]


def test_two_workstations_saving_at_once_the_later_is_told_who(db: Database, patient: Patient) -> None:
    check_the_later_save_is_told_who(db, patient.id)


# ---------------------------------------------------------------------------- PostgreSQL




@pytest.mark.postgres
def test_postgres_upgrade_resolves_duplicates_and_the_index_refuses_a_second(pg_url: str) -> None:
    old = database_at_0003(pg_url)
    ids = add_duplicates(old)
    before = stored(old)
    old.close()

    database = open_database(pg_url)
    try:
        check_duplicates_resolved(database, ids, before)
        with database.engine.connect() as connection:
            definition = connection.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", (ONE_LIVE_PER_TOPIC,)).scalar()
        assert "UNIQUE INDEX" in definition and "(patient_id, topic) WHERE (voided_at IS NULL)" in definition
        assert care_planning.is_second_live_decision(refused_second_live(database, ids["patient"], "resuscitation"))

        from alembic import command

        with database.engine.connect() as connection:
            config = migrate.alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
            connection.commit()
        assert ONE_LIVE_PER_TOPIC not in index_names(database)
        assert set(stored(database)) == set(before)
    finally:
        database.close()


@pytest.mark.postgres
def test_postgres_two_workstations_saving_at_once_the_later_is_told_who(pg_url: str) -> None:
    database = open_database(pg_url)
    try:
        with database.transaction() as session:
            patient = patients.create_patient(session, {"mrn": "PG-RACE", "given_name": "Ray", "family_name": "Same",
                                                        "date_of_birth": date(1962, 7, 7)}, "test.clinician")
        check_the_later_save_is_told_who(database, patient.id)
    finally:
        database.close()
