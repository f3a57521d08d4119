"""The bad inputs of tests/bad_input_cases.py through a clinic kept on a real PostgreSQL server.

The same doors (the use-case functions and the record-file import) and the same cases as the
SQLite suite: each is refused with a ValidationError naming the field, and the database is
unchanged (the hash of every table's rows is the same before and after). One database is made
for the module; a case that wrongly wrote would change the hash and fail.

PostgreSQL does not keep what it is given the way SQLite does: a fraction stored into an INTEGER
column is rounded without a word (2.5 becomes 2). The service must refuse it before that happens.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from bad_input_cases import (
    AUTHOR,
    CASES,
    DOORS,
    Clinic,
    assert_refused,
    case_id,
    database_hash,
    fill_clinic,
)
from sqlalchemy import text

from als_desktop.db import open_database
from als_desktop.models import AlsfrsAssessment, Patient, SlpAssessment
from als_desktop.services import patients, visits
from als_desktop.services.errors import ValidationError

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def clinic(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clinic]:  # noqa: F811
    """A fresh clinic database on the server for this module, filled as the SQLite suite's."""
    import psycopg

    name = f"bad_inputs_{uuid.uuid4().hex[:12]}"
    admin = postgres_server.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALS_DESKTOP_HOME", str(tmp_path_factory.mktemp("bad-inputs-postgres") / "home"))
        database = open_database(postgres_server.rsplit("/", 1)[0] + f"/{name}")
        made = fill_clinic(database)
        yield Clinic(database, made["ids"], made["document"])
        database.close()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_the_clinic_is_on_postgresql(clinic: Clinic) -> None:
    assert clinic.database.engine.dialect.name == "postgresql"
    assert {door for door, *_ in CASES} == set(DOORS)


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_bad_input_is_refused_by_name_and_changes_nothing(
    clinic: Clinic, case: tuple[str, str, Any, tuple[str, ...]]
) -> None:
    assert_refused(clinic, case, lambda: database_hash(clinic.database))


def test_postgresql_itself_rounds_a_fraction_into_an_integer_column(clinic: Clinic) -> None:
    """Why the service must refuse 2.5: the server would store 2 and say nothing."""
    with clinic.database.engine.connect() as connection:
        connection.execute(text("CREATE TEMPORARY TABLE score (item INTEGER)"))
        connection.execute(text("INSERT INTO score VALUES (:item)"), {"item": 2.5})
        assert connection.scalar(text("SELECT item FROM score")) == 2
        connection.rollback()


FRACTIONS = [
    ("ALSFRS-R speech", AlsfrsAssessment, "speech", 2.5, 4),
    ("EAT-10", SlpAssessment, "eat10_score", 12.5, 5),
]


@pytest.mark.parametrize(("what", "model", "field", "value", "stored"), FRACTIONS, ids=[f[0] for f in FRACTIONS])
def test_a_fraction_is_refused_before_the_server_can_round_it(
    clinic: Clinic, what: str, model: type, field: str, value: float, stored: int
) -> None:
    before = database_hash(clinic.database)
    with pytest.raises(ValidationError) as refusal, clinic.database.transaction() as session:
        visits.edit_record(session, model, clinic.ids[model], 1, {field: value}, AUTHOR)
    assert "whole number" in refusal.value.errors[field] and str(value) in refusal.value.errors[field]
    assert database_hash(clinic.database) == before
    with clinic.database.reading() as session:
        row = session.get(model, clinic.ids[model])
        assert getattr(row, field) == stored and row.version == 1


def test_an_ecas_fraction_is_refused_before_the_server_can_round_it(clinic: Clinic) -> None:
    before = database_hash(clinic.database)
    with pytest.raises(ValidationError) as refusal, clinic.database.transaction() as session:
        patients.update_patient(session, clinic.ids["patient"], 1, {"ecas_total": 100.5}, AUTHOR)
    assert "whole number" in refusal.value.errors["ecas_total"]
    assert database_hash(clinic.database) == before
    with clinic.database.reading() as session:
        assert session.get(Patient, clinic.ids["patient"]).ecas_total == 110


def test_the_hash_sees_a_write(clinic: Clinic) -> None:
    """Last in the module: a save the rules allow changes the hash the cases compare."""
    before = database_hash(clinic.database)
    with clinic.database.transaction() as session:
        patients.create_patient(session, {"mrn": "MRN-HASH", "given_name": "Kim", "family_name": "Counted",
                                          "date_of_birth": date(1970, 1, 1)}, AUTHOR)
    assert database_hash(clinic.database) != before
