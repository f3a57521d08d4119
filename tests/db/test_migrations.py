"""Migrations: an empty database becomes exactly the models; older ones are backed up first;
databases from a newer program or from another program are refused and left untouched."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from als_desktop.config import sqlite_url
from als_desktop.db import DatabaseProblem, migrate, open_database
from als_desktop.models import Base
from als_desktop.services import patients, visits


def schema_of(url: str) -> dict:
    """Tables, columns, keys, CHECK constraints and indexes as the database reports them."""
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        schema = {}
        for table in sorted(inspector.get_table_names()):
            if table == "alembic_version":
                continue
            schema[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
                ],
                "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
                "foreign_keys": sorted(
                    (fk["name"], tuple(fk["constrained_columns"]), fk["referred_table"])
                    for fk in inspector.get_foreign_keys(table)
                ),
                "unique": sorted((u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table)),
                "checks": sorted((c["name"], " ".join(c["sqltext"].split())) for c in inspector.get_check_constraints(table)),
                "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table)),
            }
        return schema
    finally:
        engine.dispose()


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    migrated_url = sqlite_url(tmp_path / "migrated.sqlite")
    open_database(migrated_url).close()

    engine = create_engine(migrated_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()

    # Alembic's comparison ignores CHECK constraints, the heart of "bad data cannot enter":
    # compare with a database made straight from the models as well.
    reference_url = sqlite_url(tmp_path / "from-models.sqlite")
    reference = create_engine(reference_url)
    Base.metadata.create_all(reference)
    reference.dispose()
    migrated, expected = schema_of(migrated_url), schema_of(reference_url)
    assert sorted(migrated) == sorted(expected)
    for table in expected:
        assert migrated[table] == expected[table], table
    assert sum(len(t["checks"]) for t in migrated.values()) > 50


def test_program_head_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()
    in_order = [revision.revision for revision in reversed(list(script.walk_revisions()))]
    assert migrate.known_revisions() == in_order


def test_migration_files_follow_the_naming_the_program_relies_on() -> None:
    versions = Path(migrate.__file__).with_name("migrations") / "versions"
    for path in versions.glob("*.py"):
        number = path.name.split("_", 1)[0]
        assert len(number) == 4 and number.isdigit(), path.name
        assert f"revision = '{number}'" in path.read_text() or f'revision = "{number}"' in path.read_text()


def test_fresh_database_is_stamped_at_head(db_path: Path) -> None:
    open_database(sqlite_url(db_path)).close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(migrate.head_revision(),)]


def test_up_to_date_database_opens_without_backup(db_path: Path, tmp_path: Path) -> None:
    open_database(sqlite_url(db_path)).close()
    backups = tmp_path / "backups"
    open_database(sqlite_url(db_path), backups=backups).close()
    assert not backups.exists() or not any(backups.iterdir())


NEXT_MIGRATION = '''"""add a column, as a later release would

Revision ID: {new}
Revises: {old}
"""

from alembic import op
import sqlalchemy as sa

revision = "{new}"
down_revision = "{old}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rebuild the table, as changing a CHECK constraint on SQLite would.
    with op.batch_alter_table("patients", recreate="always") as batch:
        batch.add_column(sa.Column("preferred_name", sa.String(100), nullable=True))
    {extra}


def downgrade() -> None:
    with op.batch_alter_table("patients") as batch:
        batch.drop_column("preferred_name")
'''


@pytest.fixture
def next_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The shipped migrations plus one more, as the next release of the program would carry."""

    def make(extra: str = "") -> str:
        folder = tmp_path / "next-release-migrations"
        shutil.copytree(migrate.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
        old = migrate.head_revision()
        new = f"{int(old) + 1:04d}"
        (folder / "versions" / f"{new}_add_preferred_name.py").write_text(
            NEXT_MIGRATION.format(new=new, old=old, extra=extra)
        )
        monkeypatch.setattr(migrate, "MIGRATIONS", folder)
        return new

    return make


def register_patient(db_path: Path) -> None:
    """A patient with a visit and a weight: rows that point at the patient being rebuilt."""
    database = open_database(sqlite_url(db_path))
    with database.transaction() as session:
        patient = patients.create_patient(
            session,
            {"mrn": "MRN-7", "given_name": "Sam", "family_name": "Older",
             "date_of_birth": date(1950, 3, 3)},
            "test.clinician",
        )
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 5, 6)}, "test.clinician")
        visits.record_weight(session, visit.id, 64.5, "test.clinician")
    database.close()


def weights_of(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT p.mrn, w.weight_kg FROM weight_measurements w"
            " JOIN visits v ON v.id = w.visit_id JOIN patients p ON p.id = v.patient_id"
        ).fetchall()


def columns_of(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def revision_of(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_older_database_is_backed_up_then_migrated(db_path: Path, tmp_path: Path, next_release) -> None:
    register_patient(db_path)  # written by this release
    old = revision_of(db_path)
    new = next_release()

    backups = tmp_path / "backups"
    database = open_database(sqlite_url(db_path), backups=backups)
    database.close()

    assert revision_of(db_path) == new
    assert "preferred_name" in columns_of(db_path, "patients")
    [backup] = list(backups.iterdir())
    assert new in backup.name
    # The copy is the database as it was before the upgrade, with its data.
    assert revision_of(backup) == old
    assert "preferred_name" not in columns_of(backup, "patients")
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT mrn FROM patients").fetchall() == [("MRN-7",)]
    assert weights_of(db_path) == weights_of(backup) == [("MRN-7", 64.5)]
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_failed_migration_leaves_a_backup_and_the_data(db_path: Path, tmp_path: Path, next_release) -> None:
    register_patient(db_path)
    old = revision_of(db_path)
    next_release(extra='raise RuntimeError("migration bug")')

    backups = tmp_path / "backups"
    with pytest.raises(Exception):
        open_database(sqlite_url(db_path), backups=backups)

    [backup] = list(backups.iterdir())
    assert revision_of(backup) == old
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT mrn FROM patients").fetchall() == [("MRN-7",)]
    # The database itself is still the old release's, schema and data.
    assert revision_of(db_path) == old
    assert "preferred_name" not in columns_of(db_path, "patients")
    assert weights_of(db_path) == [("MRN-7", 64.5)]


def test_database_from_a_newer_program_is_refused_and_left_unchanged(place: Path, folder_state) -> None:
    path = place / "clinic.sqlite"
    open_database(sqlite_url(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9001'")
    connection.close()
    before = folder_state(place)

    with pytest.raises(DatabaseProblem) as problem:
        open_database(sqlite_url(path))

    assert "newer version" in problem.value.what
    assert "9001" in problem.value.what
    assert "left unchanged" in problem.value.advice
    assert folder_state(place) == before


def test_database_of_another_program_is_refused_and_left_unchanged(place: Path, folder_state) -> None:
    path = place / "recipes.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        connection.execute("INSERT INTO recipes VALUES ('porridge', 10)")
    connection.close()
    before = folder_state(place)

    with pytest.raises(DatabaseProblem) as problem:
        open_database(sqlite_url(path))

    assert "not one of ALS Clinic Desktop" in problem.value.what
    assert folder_state(place) == before


def test_empty_database_file_is_not_set_up(place: Path) -> None:
    """A zero-byte file is an emptied clinic, not a new one: refused, never migrated into an empty
    database (tests/db/test_unusable_files.py has the messages)."""
    path = place / "clinic.sqlite"
    path.touch()
    with pytest.raises(DatabaseProblem):
        open_database(sqlite_url(path))
    assert path.stat().st_size == 0
