"""The same database layer on a real PostgreSQL server, as a clinic sharing one server uses it.

A throwaway server is started for the test session (initdb + pg_ctl into a temporary folder,
listening on a free loopback port); the tests are skipped only when the PostgreSQL server
programs are not installed (Debian: apt-get install postgresql).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from als_desktop.db import Database, DatabaseProblem, migrate, open_database
from als_desktop.models import Patient, WeightMeasurement, utc_now
from als_desktop.services import StaleRecordError, ValidationError, patients, visits

pytestmark = pytest.mark.postgres

AUTHOR = "test.clinician"


def server_programs() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of the maintenance database of a private, throwaway PostgreSQL server."""
    bin_dir = server_programs()
    if bin_dir is None:
        pytest.skip("PostgreSQL server programs (initdb, pg_ctl) are not installed")
    # The server refuses to run as root: hand it to the 'postgres' (or 'nobody') account.
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="als-postgres-"))
    if os.geteuid() == 0:
        account = next((name for name in ("postgres", "nobody") if _exists(name)), None)
        assert account, "no unprivileged account to run PostgreSQL as"
        entry = pwd.getpwnam(account)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        run_as = ["runuser", "-u", account, "--"]
    data, port = folder / "data", free_port()
    log = folder / "server.log"

    def run(*command: str) -> None:
        result = subprocess.run([*run_as, *command], capture_output=True, text=True, timeout=120, cwd=folder)
        assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "clinic", "-A", "trust", "--no-sync", "-E", "UTF8")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "start",
        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off")
    try:
        yield f"postgresql+psycopg://clinic@127.0.0.1:{port}/postgres"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _exists(account: str) -> bool:
    try:
        pwd.getpwnam(account)
        return True
    except KeyError:
        return False


@pytest.fixture
def pg(postgres_server: str) -> Iterator[Database]:
    """A fresh, migrated clinic database on the server for each test."""
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


def new_patient(session, mrn: str = "PG-1") -> Patient:  # noqa: ANN001
    return patients.create_patient(
        session,
        {"mrn": mrn, "given_name": "Lee", "family_name": "Server", "date_of_birth": date(1959, 9, 9),
         "onset_date": date(2023, 2, 1), "onset_region": "lower_limb"},
        AUTHOR,
    )


def test_migrated_to_head_with_every_table(pg: Database) -> None:
    assert migrate.current_revision(pg) == migrate.head_revision()
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from als_desktop.models import Base

    with pg.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_opening_again_keeps_the_data(pg: Database) -> None:
    with pg.transaction() as session:
        patient = new_patient(session)
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 4, 2)}, AUTHOR)
        visits.record_weight(session, visit.id, 72.4, AUTHOR)
        visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": 78}, AUTHOR)
    again = open_database(pg.url)
    try:
        with again.reading() as session:
            stored = patients.patient_by_mrn(session, "PG-1")
            assert stored.onset_region == "lower_limb"
            assert stored.created_at.tzinfo is not None
            assert stored.created_at == patient.created_at
            [visit] = stored.visits
            assert [w.weight_kg for w in visit.weights] == [72.4]
            assert [r.fvc_percent_sitting for r in visit.respiratory] == [78]
    finally:
        again.close()


@pytest.mark.parametrize(
    "changes",
    [{"mrn": "  "}, {"sex": "x"}, {"height_cm": 20}, {"diagnosis_date": date(2020, 1, 1)}],
    ids=["blank mrn", "unknown code", "height out of range", "diagnosis before onset"],
)
def test_check_constraints_refuse_bad_values(pg: Database, changes: dict) -> None:
    with pg.transaction() as session:
        patient = new_patient(session)
    with pg.sessions() as session:
        with pytest.raises(IntegrityError):
            session.execute(update(Patient).where(Patient.id == patient.id).values(**changes))
            session.commit()
    with pg.reading() as session:
        assert session.get(Patient, patient.id).version == patient.version


def test_weight_of_900_kg_and_duplicate_mrn_refused(pg: Database) -> None:
    with pg.transaction() as session:
        patient = new_patient(session)
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 4, 2)}, AUTHOR)
    now = utc_now()
    with pg.sessions() as session:
        session.add(WeightMeasurement(visit_id=visit.id, weight_kg=900, created_by=AUTHOR, updated_by=AUTHOR,
                                      created_at=now, updated_at=now))
        with pytest.raises(IntegrityError):
            session.commit()
    with pytest.raises(IntegrityError):
        with pg.transaction() as session:
            session.add(Patient(mrn="PG-1", given_name="A", family_name="B", date_of_birth=date(1970, 1, 1),
                                created_by=AUTHOR, updated_by=AUTHOR))
    with pytest.raises(ValidationError):
        with pg.transaction() as session:
            visits.record_weight(session, visit.id, 900, AUTHOR)
    with pg.reading() as session:
        assert session.scalar(select(func.count()).select_from(WeightMeasurement)) == 0
        assert session.scalar(select(func.count()).select_from(Patient)) == 1


def test_stale_edit_from_another_workstation_is_refused(pg: Database) -> None:
    with pg.transaction() as session:
        patient = new_patient(session)
    first, second = pg.sessions(), pg.sessions()
    try:
        second.get(Patient, patient.id)
        patients.update_patient(first, patient.id, patient.version, {"notes": "first"}, "other.workstation")
        first.commit()
        with pytest.raises(StaleRecordError):
            patients.update_patient(second, patient.id, patient.version, {"notes": "second"}, AUTHOR)
        second.rollback()
    finally:
        first.close()
        second.close()
    with pg.reading() as session:
        stored = session.get(Patient, patient.id)
        assert stored.notes == "first" and stored.version == patient.version + 1


def test_unreachable_server_is_a_clear_problem() -> None:
    closed_port = free_port()  # nothing listens there
    with pytest.raises(DatabaseProblem) as problem:
        open_database(f"postgresql+psycopg://clinic@127.0.0.1:{closed_port}/clinic")
    assert "cannot be reached" in problem.value.what
    assert "secret" not in problem.value.what
    with pytest.raises(DatabaseProblem) as problem:
        open_database(f"postgresql+psycopg://clinic:secret@127.0.0.1:{closed_port}/clinic")
    assert "secret" not in str(problem.value)  # the password is never shown


def test_an_unknown_server_name_is_a_clear_problem() -> None:
    with pytest.raises(DatabaseProblem) as problem:
        open_database("postgresql+psycopg://clinic:secret@server.invalid:5432/clinic")
    assert "cannot be reached" in problem.value.what
    assert "secret" not in str(problem.value)


def test_a_value_the_server_refuses_is_a_message_and_nothing_is_saved(pg: Database) -> None:
    """A value of the wrong kind for its column (DataError): refused in words, not as an
    unexpected error, and the transaction is rolled back whole."""
    from sqlalchemy import text

    with pg.reading() as session:
        before = session.scalar(select(func.count()).select_from(Patient))
    with pytest.raises(DatabaseProblem) as problem, pg.transaction() as session:
        patients.create_patient(session, {"mrn": "DATA-1", "given_name": "Dee", "family_name": "Kind",
                                          "date_of_birth": date(1960, 1, 1)}, "nurse")
        session.execute(text("SELECT CAST('not a number' AS integer)"))
    assert "refused a value" in problem.value.what and "Nothing was saved" in problem.value.advice
    with pg.reading() as session:
        assert session.scalar(select(func.count()).select_from(Patient)) == before
