"""Open the clinic database safely: check the file, set SQLite up, migrate, hand out sessions.

Opening never creates an empty database in place of one that is locked, unreadable, corrupt
or from a newer program: each of those raises DatabaseProblem with a message a clinic user
can act on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .unreadable import UnreadableRows, find_unreadable, leave_out

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 5


class DatabaseProblem(Exception):
    """A database that cannot be used, with what happened and what to do about it."""

    def __init__(self, what: str, advice: str) -> None:
        super().__init__(f"{what} {advice}")
        self.what = what
        self.advice = advice


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    is_demo: bool = False
    # Rows another program wrote that cannot be read: named on opening, then left out.
    unreadable: UnreadableRows = field(default_factory=UnreadableRows)
    # Tables whose live rows break a CHECK (written with the checks switched off).
    broken_checks: frozenset[str] = frozenset()

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def description(self) -> str:
        return str(self.path) if self.path else make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole on success, rolled back whole on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except IntegrityError:
            # A CHECK or UNIQUE constraint caught what validation missed: let callers see it.
            session.rollback()
            raise
        except DBAPIError as error:
            session.rollback()
            raise translate_error(error, self) from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def reading(self) -> Session:
        """A session for reading only (caller closes it, e.g. with `with db.reading() as s`)."""
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for a server's URL (or text that is no URL at all, which
    `open_database` then refuses in words)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return None
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        return None
    database = parsed.database
    if database == ":memory:":
        return None
    if database.startswith("file:"):
        database = database[len("file:") :]
    return Path(database)


def open_database(
    url: str,
    *,
    create: bool = True,
    migrate: bool = True,
    backups: Path | None = None,
    is_demo: bool = False,
    writing: bool = True,
) -> Database:
    """Check, connect and (unless told not to) migrate the database at `url`.

    `create`: a missing SQLite file may be made into a new, empty database (an explicit
    choice: the window asks, `demo` may). `writing`: the caller will write, so the write lock
    is tried now; a reader (export, summary, history, report) opens while another process
    holds that lock, as WAL allows.
    """
    path = sqlite_path(url)
    fresh = path is not None and not path.expanduser().exists()
    if path is not None:
        engine = _sqlite_engine(path, create=create, backups=backups)
    else:
        engine = _server_engine(url)
    database = Database(url=url, engine=engine, sessions=_session_factory(engine), is_demo=is_demo)
    try:
        _check_usable(database, writing=writing)
        if migrate:
            from .migrate import bring_up_to_date

            bring_up_to_date(database, backups=backups)
            if path is not None and writing:
                _use_wal(engine)
        if path is not None:
            _leave_out_unreadable(database)
    except DBAPIError as error:
        # Damage or a lock met while reading the schema version or migrating: still a message.
        engine.dispose()
        _remove_if_still_empty(path, fresh)
        raise translate_error(error, database) from error
    except BaseException:
        engine.dispose()
        _remove_if_still_empty(path, fresh)
        raise
    return database


def _leave_out_unreadable(database: Database) -> None:
    """Search the record's tables for rows that cannot be read (SQLite keeps any value) and
    make every session leave them out."""
    from als_desktop.models import Base

    with database.engine.connect() as connection:
        stored = {name: {row[1] for row in connection.exec_driver_sql(f'PRAGMA table_info("{name}")')}
                  for (name,) in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # A table of an older schema (opened without migrating) is searched once it is current.
        tables = [table for table in Base.metadata.sorted_tables
                  if set(table.columns.keys()) <= stored.get(table.name, set())]
        database.unreadable = find_unreadable(connection, tables, database.broken_checks)
    leave_out(database.sessions, tables, database.unreadable)


def _server_engine(url: str) -> Engine:
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError) as error:
        # A kind of database or a driver this installation does not know.
        raise unusable_url(url, error) from None


def unusable_url(url: str, error: Exception) -> DatabaseProblem:
    shown = _hidden(url)
    log.error("cannot use the database URL %s: %s", shown, type(error).__name__)
    return DatabaseProblem(
        f"The database address {shown} cannot be used: it is not a database URL this program can open.",
        "Give a file path, sqlite:///PATH or postgresql+psycopg://USER@SERVER/DATABASE "
        "(in ALS_DESKTOP_DATABASE or --database).",
    )


def _hidden(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(the address given)"


def _remove_if_still_empty(path: Path | None, fresh: bool) -> None:
    """A database created just now that failed before anything was written goes again: left
    behind, its zero bytes would be refused as an emptied clinic at the next start."""
    if path is None or not fresh:
        return
    path = path.expanduser()
    try:
        if path.stat().st_size == 0:
            for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))):
                leftover.unlink(missing_ok=True)
    except OSError:
        pass


def _session_factory(engine: Engine) -> sessionmaker[Session]:
    # Rows stay readable after commit: views show what they just saved without a reload.
    return sessionmaker(engine, expire_on_commit=False)


def _sqlite_engine(path: Path, *, create: bool, backups: Path | None) -> Engine:
    path = path.expanduser()
    if path.exists():
        _check_sqlite_file(path, backups or path.parent / "backups")
        # mode=rw: SQLite must not create a fresh file should this one vanish meanwhile.
        url = URL.create("sqlite", database=sqlite_uri(path), query={"mode": "rw", "uri": "true"})
    elif create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseProblem(
                f"The folder for the database {path} cannot be created ({error.strerror}).",
                "Choose a folder you can write to, or ask your IT support for access.",
            ) from error
        url = URL.create("sqlite", database=str(path.resolve()))
    else:
        raise DatabaseProblem(
            f"There is no database at {path}.",
            "Check the path, or open another database. A new, empty clinic database is made "
            "only when asked: open the path in the window (als-desktop --database PATH), which "
            "asks before creating it, or create its first administrator with "
            "als-desktop user add NAME --admin --full-name TEXT --new-database.",
        )
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def sqlite_uri(path: Path) -> str:
    """An SQLite `file:` URI for `path`, escaped: an unescaped '#' or '?' in a folder name would
    cut the path short there, and SQLite would open (or create) a different file."""
    return "file:" + quote(path.resolve().as_posix(), safe="/")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 (DBAPI objects)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _use_wal(engine: Engine) -> None:
    # Only once the file is known to be ours and current: switching the journal mode rewrites
    # the file header, and a refused file must be left exactly as it was. WAL stays set in the file.
    with engine.connect() as connection:
        if connection.exec_driver_sql("PRAGMA journal_mode").scalar() != "wal":
            connection.exec_driver_sql("PRAGMA journal_mode = WAL")


def _check_sqlite_file(path: Path, backups: Path) -> None:
    if path.is_dir():
        raise DatabaseProblem(
            f"{path} is a folder, not a database file.", "Choose the database file itself."
        )
    if not path.is_file():
        raise DatabaseProblem(
            f"{path} is not a database file (it is a device or a pipe).", "Choose the database file itself."
        )
    if path.stat().st_size == 0:
        # SQLite would take an empty file for a new database and fill it with an empty clinic.
        raise DatabaseProblem(
            f"The database {path} is empty (0 bytes): it holds no clinic record.",
            f"Restore a backup: copy the latest one from {backups} in its place, or ask your IT "
            "support to restore the file. It was left as it is, and not made into a new, empty clinic.",
        )
    unreadable = DatabaseProblem(
        f"The database {path} cannot be read: this user has no permission to open it.",
        "Ask your IT support to give you access to the file, or open another database.",
    )
    if not os.access(path, os.R_OK):
        raise unreadable
    read_only = DatabaseProblem(
        f"The database {path} is read-only for this user.",
        "Ask your IT support for write access to the file and its folder; nothing was changed.",
    )
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise read_only
    # os.access can say yes and opening still fail (Windows access lists, root-squashed
    # shares), and SQLite would then quietly open the file read-only: try it for real.
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as error:
        raise unreadable from error
    try:
        with path.open("r+b"):  # opened for writing, nothing written
            pass
    except PermissionError as error:
        raise read_only from error
    if header and header != SQLITE_HEADER:
        raise DatabaseProblem(
            f"{path} is not an ALS Clinic Desktop database (it is not a SQLite file).",
            "Open the right file, or restore the database from a backup.",
        )


def _check_usable(database: Database, *, writing: bool) -> None:
    """Read the schema, check the pages and (for a writer) take the write lock once, so
    problems show now, not when a patient is opened or a change saved."""
    try:
        with database.engine.connect() as connection:
            if database.path is None:
                connection.execute(text("SELECT 1"))
                return
            connection.execute(text("SELECT count(*) FROM sqlite_master"))
            database.broken_checks = _check_pages(connection, database)
            if writing:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                connection.exec_driver_sql("ROLLBACK")
    except DBAPIError as error:
        raise translate_error(error, database) from error


# Append-only and read only by History: about half of a clinic's file, and half of the check's
# time (0.2 of 0.45 s on a 2,000-patient demo). A damaged page there shows when it is read.
UNCHECKED_TABLES = frozenset({"change_history"})


def _check_pages(connection: Connection, database: Database) -> frozenset[str]:
    """PRAGMA quick_check of every table and its indexes: a damaged page in the middle of the
    file is found on opening, instead of when the patient it holds is selected. Returns the
    tables holding rows that break a CHECK constraint."""
    broken: set[str] = set()
    tables = [name for (name,) in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in ("sqlite_master", *sorted(set(tables) - UNCHECKED_TABLES)):
        quoted = table.replace('"', '""')
        found = [row[0] for row in connection.exec_driver_sql(f'PRAGMA quick_check("{quoted}")')]
        # quick_check also lists rows that break a CHECK (written by a program that switched the
        # checks off): those are bad values, not a damaged file, and must not keep the clinic out.
        broken_rules = [line for line in found if line.startswith("CHECK constraint failed")]
        if broken_rules:
            broken.add(table)
            log.warning("%d rows of %s in %s break a CHECK constraint", len(broken_rules), table,
                        database.description)
        found = [line for line in found if line not in broken_rules] or ["ok"]
        if found != ["ok"]:
            log.error("quick_check of %s in %s: %s", table, database.description, "; ".join(found[:5]))
            raise damaged(database)
    return frozenset(broken)


def damaged(database: Database) -> DatabaseProblem:
    return DatabaseProblem(
        f"The database {database.description} is damaged and cannot be read.",
        "Nothing was changed. Restore the latest backup (the backups folder holds a copy "
        "taken before each upgrade) or contact your IT support.",
    )


def translate_error(error: DBAPIError, database: Database) -> DatabaseProblem:
    """A driver error as a message for the person at the keyboard (the detail goes to the log)."""
    detail = str(error.orig).lower()
    log.error("database error on %s: %s", database.description, error.orig)
    if "locked" in detail or "busy" in detail:
        return DatabaseProblem(
            f"The database {database.description} is locked by another program or workstation.",
            "Wait a moment and try again; if it stays locked, close other copies of ALS Clinic "
            "Desktop or tools that have the file open.",
        )
    if "not a database" in detail or "malformed" in detail or "corrupt" in detail:
        return damaged(database)
    if "readonly" in detail or "read-only" in detail or "unable to open" in detail:
        return DatabaseProblem(
            f"The database {database.description} cannot be opened for writing.",
            "Check that the file and its folder are writable by this user.",
        )
    if isinstance(error, DataError):
        # A value of the wrong kind or too long for its column (PostgreSQL): the save is refused.
        return DatabaseProblem(
            f"The database {database.description} refused a value: {str(error.orig).splitlines()[0]}.",
            "Nothing was saved. Check the values entered; if this keeps happening, send the log "
            "file to your IT support.",
        )
    unreachable = ("resolve host" in detail or "translate host name" in detail
                   or "name or service not known" in detail)
    if unreachable or "connection" in detail and ("refused" in detail or "failed" in detail or "timeout" in detail):
        return DatabaseProblem(
            f"The database server for {database.description} cannot be reached.",
            "Check the network connection and that the server is running, then try again. "
            "Nothing was changed.",
        )
    if "disk" in detail and ("full" in detail or "i/o" in detail):
        return DatabaseProblem(
            f"The database {database.description} could not be written: the disk is full or failing.",
            "Free some disk space and try again; the last change was not saved.",
        )
    return DatabaseProblem(
        f"The database {database.description} reported an error: {error.orig}.",
        "If you were saving, the change was not saved. Try again; if it persists, send the log "
        "file to your IT support.",
    )
