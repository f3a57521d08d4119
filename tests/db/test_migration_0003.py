"""Migration 0003: a database that already holds two live assessments of one kind on a visit
keeps the newest, voids the others with a reason naming the kept one, loses no row, and gains
the one-live-per-visit index; downgrade drops the index. The same on a PostgreSQL server."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, inspect, select
from sqlalchemy.exc import IntegrityError

from als_desktop.config import sqlite_url
from als_desktop.db import Database, migrate, open_database
from als_desktop.models import (
    AlsfrsAssessment,
    NutritionAssessment,
    PalliativeReview,
    Patient,
    RespiratoryAssessment,
    SlpAssessment,
    Visit,
    WeightMeasurement,
    utc_now,
)
from als_desktop.models.base import one_live_per_visit_name
from als_desktop.services import patients, records, visits
from als_desktop.services.errors import SecondAssessmentError


AUTHOR = "test.clinician"
ASSESSMENTS = (AlsfrsAssessment, NutritionAssessment, RespiratoryAssessment, SlpAssessment, PalliativeReview)
INDEXES = {one_live_per_visit_name(model.__tablename__) for model in ASSESSMENTS}
VALUES: dict[type, dict[str, Any]] = {
    AlsfrsAssessment: {"speech": 3},
    NutritionAssessment: {"meal_advice": "Small frequent meals"},
    RespiratoryAssessment: {"fvc_percent_sitting": 72.0},
    SlpAssessment: {"intelligibility_percent": 80.0},
    PalliativeReview: {"pain": "mild"},
}


def database_at_0002(url: str) -> Database:
    database = open_database(url, migrate=False)
    migrate.upgrade(database, "0002")
    return database


def row(model: type, visit_id: uuid.UUID, created: Any, **values: Any) -> Any:
    """A row written straight through the ORM, as a release without the index could hold."""
    return model(visit_id=visit_id, **{**VALUES[model], **values}, created_at=created, updated_at=created,
                 created_by=AUTHOR, updated_by=AUTHOR)


def add_duplicates(database: Database) -> dict[str, Any]:
    """A visit with three live respiratory assessments, one voided newer still, two live ALSFRS-R
    and two weights; a second visit with one of each. Returns the ids the test looks at."""
    start = utc_now() - timedelta(days=3)
    with database.transaction() as session:
        # Straight through the ORM: the program's writer keeps a history table this revision lacks.
        stamp = {"created_at": start, "updated_at": start, "created_by": AUTHOR, "updated_by": AUTHOR}
        patient = Patient(mrn="DUP-1", given_name="Pat", family_name="Twice", date_of_birth=date(1957, 5, 5),
                          sex="unknown", **stamp)
        session.add(patient)
        session.flush()
        crowded = Visit(patient_id=patient.id, visit_date=date(2024, 3, 12), site="Main clinic", **stamp)
        quiet = Visit(patient_id=patient.id, visit_date=date(2024, 6, 4), site="Main clinic", **stamp)
        session.add_all([crowded, quiet])
        session.flush()
        respiratory = [row(RespiratoryAssessment, crowded.id, start + timedelta(hours=hours),
                           fvc_percent_sitting=fvc) for hours, fvc in ((0, 70.0), (2, 68.0), (1, 69.0))]
        already_voided = row(RespiratoryAssessment, crowded.id, start + timedelta(hours=5), fvc_percent_sitting=50.0,
                             voided_at=start + timedelta(hours=6), voided_by=AUTHOR, void_reason="wrong patient")
        alsfrs = [row(AlsfrsAssessment, crowded.id, start + timedelta(minutes=minutes)) for minutes in (10, 20)]
        weights = [WeightMeasurement(visit_id=crowded.id, weight_kg=kg, created_at=start, updated_at=start,
                                     created_by=AUTHOR, updated_by=AUTHOR) for kg in (71.0, 70.6)]
        single = [row(model, quiet.id, start) for model in ASSESSMENTS]
        session.add_all([*respiratory, already_voided, *alsfrs, *weights, *single])
        session.flush()
        return {
            "crowded": crowded.id,
            "respiratory": [r.id for r in respiratory],
            "already_voided": already_voided.id,
            "alsfrs": [r.id for r in alsfrs],
            "single": [r.id for r in single],
        }


def rows_by_id(database: Database, model: type) -> dict[uuid.UUID, Any]:
    with database.reading() as session:
        return {r.id: r for r in session.scalars(select(model))}


def live_index_names(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        inspector = inspect(connection)
        return {index["name"] for model in ASSESSMENTS for index in inspector.get_indexes(model.__tablename__)
                if index["name"] in INDEXES}


def check_duplicates_resolved(database: Database, ids: dict[str, Any], before: dict[type, dict]) -> None:
    for model in (*ASSESSMENTS, WeightMeasurement):
        assert set(rows_by_id(database, model)) == set(before[model]), f"{model.__name__}: a row was lost"

    respiratory = rows_by_id(database, RespiratoryAssessment)
    oldest, newest, middle = (respiratory[row_id] for row_id in ids["respiratory"])
    assert not newest.is_voided and newest.fvc_percent_sitting == 68.0
    for voided in (oldest, middle):
        assert voided.voided_by == "upgrade 0003"
        assert voided.void_reason == f"a second live respiratory assessment on this visit; kept {newest.id}"
        assert voided.voided_at is not None and voided.version == 2
        assert voided.fvc_percent_sitting in (70.0, 69.0)  # the values stay readable
    untouched = respiratory[ids["already_voided"]]
    assert (untouched.voided_by, untouched.void_reason, untouched.version) == (AUTHOR, "wrong patient", 1)

    alsfrs = rows_by_id(database, AlsfrsAssessment)
    older, newer = (alsfrs[row_id] for row_id in ids["alsfrs"])
    assert not newer.is_voided
    assert older.void_reason == f"a second live ALSFRS-R assessment on this visit; kept {newer.id}"

    for row_id in ids["single"]:
        assert not any(row_id in rows_by_id(database, model) and rows_by_id(database, model)[row_id].is_voided
                       for model in ASSESSMENTS)
    assert not any(w.is_voided for w in rows_by_id(database, WeightMeasurement).values())


def snapshot(database: Database) -> dict[type, dict]:
    return {model: rows_by_id(database, model) for model in (*ASSESSMENTS, WeightMeasurement)}


# ---------------------------------------------------------------------------- SQLite


def test_duplicates_of_an_earlier_release_are_voided_keeping_the_newest(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite"
    old = database_at_0002(sqlite_url(path))
    ids = add_duplicates(old)
    before = snapshot(old)
    old.close()

    backups = tmp_path / "backups"
    database = open_database(sqlite_url(path), backups=backups)
    try:
        assert migrate.current_revision(database) == migrate.head_revision()
        check_duplicates_resolved(database, ids, before)
        assert live_index_names(database) == INDEXES
        # From now on the visit takes no second live respiratory assessment, however written.
        with database.sessions() as session:
            session.add(row(RespiratoryAssessment, ids["crowded"], utc_now()))
            with pytest.raises(IntegrityError):
                session.commit()
    finally:
        database.close()
    [backup] = backups.iterdir()
    with sqlite3.connect(backup) as copy:  # the copy taken first still holds the duplicates as they were
        assert copy.execute("SELECT count(*) FROM respiratory_assessments WHERE voided_at IS NULL").fetchone() == (4,)


def test_downgrade_drops_the_indexes_and_keeps_every_row(tmp_path: Path) -> None:
    from alembic import command

    database = open_database(sqlite_url(tmp_path / "clinic.sqlite"))
    try:
        ids = add_duplicates_at_head(database)
        with database.engine.connect() as connection:
            config = migrate.alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
            connection.commit()
        assert migrate.current_revision(database) == "0002"
        assert live_index_names(database) == set()
        assert len(rows_by_id(database, RespiratoryAssessment)) == 2
        # Without the index a second live row is taken again, as by the earlier release.
        with database.sessions() as session:
            session.add(row(RespiratoryAssessment, ids, utc_now()))
            session.commit()

        migrate.upgrade(database)  # and up again: the newest kept, the other two voided
        live = [r for r in rows_by_id(database, RespiratoryAssessment).values() if not r.is_voided]
        assert len(live) == 1 and len(rows_by_id(database, RespiratoryAssessment)) == 3
        assert live_index_names(database) == INDEXES
    finally:
        database.close()


def add_duplicates_at_head(database: Database) -> uuid.UUID:
    """A visit with one voided and one live respiratory assessment; returns the visit's id."""
    with database.transaction() as session:
        patient = patients.create_patient(session, {"mrn": "DOWN-1", "given_name": "Dee", "family_name": "Older",
                                                    "date_of_birth": date(1960, 1, 1)}, AUTHOR)
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 2, 2)}, AUTHOR)
        first = visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": 60.0}, AUTHOR)
    with database.transaction() as session:
        records.void_row(session, RespiratoryAssessment, first.id, first.version, "typed on the wrong visit", AUTHOR)
        visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": 61.0}, AUTHOR)
    return visit.id


# ---------------------------------------------------------------------------- PostgreSQL




@pytest.mark.postgres
def test_postgres_upgrade_resolves_duplicates_and_the_index_refuses_a_second(pg_url: str) -> None:
    old = database_at_0002(pg_url)
    ids = add_duplicates(old)
    before = snapshot(old)
    old.close()

    database = open_database(pg_url)
    try:
        check_duplicates_resolved(database, ids, before)
        assert live_index_names(database) == INDEXES
        with database.engine.connect() as connection:
            definition = connection.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                (one_live_per_visit_name("respiratory_assessments"),)).scalar()
        assert "UNIQUE INDEX" in definition and "WHERE (voided_at IS NULL)" in definition

        crowded = ids["crowded"]
        with database.sessions() as session:
            session.add(row(RespiratoryAssessment, crowded, utc_now()))
            with pytest.raises(IntegrityError) as refused:
                session.commit()
        assert visits.is_second_live_row(refused.value, RespiratoryAssessment)

        [kept] = [r for r in rows_by_id(database, RespiratoryAssessment).values()
                  if r.visit_id == crowded and not r.is_voided]
        with database.transaction() as session:
            records.void_row(session, RespiratoryAssessment, kept.id, kept.version, "measured badly", AUTHOR)
        with database.sessions() as session:  # once voided, a new one is taken
            session.add(row(RespiratoryAssessment, crowded, utc_now()))
            session.commit()
    finally:
        database.close()


@pytest.mark.postgres
def test_postgres_two_workstations_saving_at_once_the_later_gets_a_message(pg_url: str) -> None:
    database = open_database(pg_url)
    try:
        with database.transaction() as session:
            patient = patients.create_patient(session, {"mrn": "PG-RACE", "given_name": "Ray", "family_name": "Same",
                                                        "date_of_birth": date(1962, 7, 7)}, AUTHOR)
            visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 9, 9)}, AUTHOR)

        with database.sessions() as session:

            def other_workstation_saves_now(*_args: Any) -> None:
                with database.transaction() as other:
                    visits.record_on_visit(other, SlpAssessment, visit.id, VALUES[SlpAssessment], "j.smith")

            # After this save checked the visit, before it writes.
            event.listen(session, "before_flush", other_workstation_saves_now, once=True)
            with pytest.raises(SecondAssessmentError) as refused:
                visits.record_on_visit(session, SlpAssessment, visit.id, {"intelligibility_percent": 60.0}, AUTHOR)
            session.rollback()

        assert "speech and swallowing assessment: j.smith saved one at " in refused.value.errors["visit_id"]
        with database.reading() as session:
            stored = session.scalars(select(SlpAssessment)).all()
            assert [(r.created_by, r.intelligibility_percent) for r in stored] == [("j.smith", 80.0)]
            assert session.scalar(select(func.count()).select_from(Visit)) == 1
    finally:
        database.close()
