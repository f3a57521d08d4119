"""Bring a database's schema up to this program's, with a backup copy taken first.

The revision check reads the `alembic_version` table with plain SQL and compares it with the
migration files shipped in `migrations/versions` (named `NNNN_description.py`, revision id
`NNNN`), so the usual start-up on an up-to-date database never imports Alembic.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text

from .database import Database, DatabaseProblem, sqlite_uri

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def known_revisions() -> list[str]:
    """Revision ids shipped with this program, oldest first."""
    return sorted(
        path.name.split("_", 1)[0]
        for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    )


def head_revision() -> str:
    return known_revisions()[-1]


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _has_tables(database: Database) -> bool:
    with database.engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def bring_up_to_date(database: Database, *, backups: Path | None = None) -> Path | None:
    """Migrate to the head revision. Returns the backup copy taken, if any."""
    head = head_revision()
    current = current_revision(database)
    if current == head:
        return None
    if current is None and _has_tables(database):
        raise DatabaseProblem(
            f"{database.description} is a database, but not one of ALS Clinic Desktop.",
            "Open an ALS Clinic Desktop database; this file was left unchanged.",
        )
    if current is not None and current not in known_revisions():
        raise DatabaseProblem(
            f"The database {database.description} was written by a newer version of "
            f"ALS Clinic Desktop (schema {current}; this program knows up to {head}).",
            "Install the newer version of the program to open it. The file was left unchanged.",
        )
    backup = None
    if current is not None and database.path is not None:
        backup = backup_sqlite(database, backups or database.path.parent / "backups", f"before-{head}")
        log.info("backed up %s to %s before migrating %s -> %s", database.path, backup, current, head)
    upgrade(database, head)
    return backup


def upgrade(database: Database, revision: str = "head") -> None:
    from alembic import command

    with database.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations rebuild a table by copy, drop and rename: with foreign keys on,
            # dropping `patients` fails while visits point at it, so they are checked once at
            # the end instead. SQLite's DDL only rolls back inside an explicit transaction: a
            # failed migration must leave the file exactly as it was.
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise DatabaseProblem(
                    f"Upgrading the database {database.description} would break links between records.",
                    "Nothing was changed. Send the log file to your IT support.",
                )
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")


def alembic_config():  # noqa: ANN201 (alembic imported lazily)
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def backup_sqlite(database: Database, folder: Path, label: str) -> Path:
    """A consistent copy of a SQLite database (SQLite's online backup, safe under WAL)."""
    assert database.path is not None
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{database.path.stem}-{stamp}-{label}.sqlite"
    source = sqlite3.connect(f"{sqlite_uri(database.path)}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target
