"""Rows another program wrote that this program cannot read, found on opening and left out.

SQLite keeps whatever a program hands it: 'garbage' in a DATE column, '2024-02-30', a UUID of
the wrong length, text in an INTEGER column. The CHECK constraints (migration 0006) refuse such
values in live rows, but a program may switch them off, a voided row keeps what it held, and
an older file may hold anything. Loading such a row would fail inside SQLAlchemy and take the
whole patient, list or command with it.

So, on opening a SQLite file, every table is searched once for rows whose stored values cannot
be turned into what the column promises. When there are any, they are named (table, id and
the columns at fault — never their values, which may hold a name) and every read and write on
that database leaves them out, so the rest of the record works. A clean file pays nothing
beyond the search. PostgreSQL's column types refuse such values when they are written, so it
needs neither.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
    Uuid,
    and_,
    cast,
    event,
    func,
    not_,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session, sessionmaker, with_loader_criteria
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from als_desktop.models.field_checks import field_rules

log = logging.getLogger(__name__)

# Enough to name the problem and fix it; a file with more is reported by count.
MOST_NAMED = 50
# Set in the session's info when rows are left out: Core execution would not leave them out.
LEAVING_OUT = "leaving_out_unreadable_rows"
# Append-only, about half of a clinic's file, and read a patient or a row at a time.
ALWAYS_LEFT_OUT = frozenset({"change_history"})
ID_SHOWN = 40


@dataclass(frozen=True)
class UnreadableRow:
    """One row left out: where it is and which of its values cannot be read."""

    table: str
    row_id: str
    columns: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.table} row {self.row_id}: {', '.join(self.columns)}"


@dataclass(frozen=True)
class UnreadableRows:
    """What the search on opening found."""

    rows: tuple[UnreadableRow, ...] = ()
    total: int = 0
    # Every table holding one, named or not.
    tables: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return self.total > 0

    def notice(self) -> str:
        """The sentence shown in the window and on standard error."""
        rows = "1 row" if self.total == 1 else f"{self.total} rows"
        named = "; ".join(row.describe() for row in self.rows[:10])
        more = f"; and {self.total - 10} more (see the log)" if self.total > 10 else ""
        return (f"{rows} of this database could not be read and {'is' if self.total == 1 else 'are'} "
                f"left out ({named}{more}). They were written by another program with values "
                "this program does not accept. Everything else can be used as usual. Correct "
                "those values with the program that wrote them, or restore a backup.")


def _kind(column: Column) -> object:
    kind = column.type
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def value_readable(column: Column) -> ColumnElement[bool] | None:
    """A condition that holds when the stored value can be loaded as the column's type."""
    # As text: a literal compared with the column must not be bound as a UUID or a date.
    kind, value = _kind(column), type_coerce(column, String)
    if isinstance(kind, Uuid) or column.foreign_keys:
        # SQLAlchemy keeps a UUID on SQLite as its 32 lowercase hex digits.
        return or_(value.is_(None), and_(func.typeof(value) == "text", func.length(value) == 32,
                                         not_(value.op("GLOB", is_comparison=True)("*[^0-9a-f]*"))))
    if isinstance(kind, DateTime):
        # 'YYYY-MM-DD HH:MM:SS' and an optional fraction of up to six digits.
        fraction = func.substr(value, 21)
        return or_(value.is_(None), and_(
            func.typeof(value) == "text",
            func.datetime(value, "+0 days").is_(func.substr(value, 1, 19)),
            or_(func.length(value) == 19,
                and_(func.substr(value, 20, 1) == ".", func.length(value) <= 26, func.length(fraction) >= 1,
                     not_(fraction.op("GLOB", is_comparison=True)("*[^0-9]*")))),
        ))
    if isinstance(kind, Date):
        # A modifier makes SQLite compute the day, so only a real calendar date comes back as itself
        # (IS, not =: date('garbage') is NULL, and NOT NULL would not find the row).
        return or_(value.is_(None), func.date(value, "+0 days").is_(value))
    if isinstance(kind, Boolean):
        return or_(value.is_(None), func.typeof(value) == "integer")
    if isinstance(kind, Integer):
        return func.typeof(value).in_(("integer", "null"))
    if isinstance(kind, Float | Numeric):
        return func.typeof(value).in_(("integer", "real", "null"))
    if isinstance(kind, String | Text):
        if column.info.get("json"):
            return or_(value.is_(None), and_(func.typeof(value) == "text", func.json_valid(value) == 1))
        return func.typeof(value).in_(("text", "null"))
    return None


@cache
def readable(table: Table, skip: frozenset[str] = frozenset()) -> ColumnElement[bool]:
    """A condition that holds for the rows of `table` that load without error (`skip`: columns
    known to be readable)."""
    return and_(*(condition for column in table.columns
                  if column.name not in skip and (condition := value_readable(column)) is not None))


@cache
def checked_columns(table: Table) -> frozenset[str]:
    """Columns whose CHECK constraint (migration 0006) already keeps live rows readable."""
    return frozenset(rule.name.rsplit("_", 1)[0] for rule in field_rules(table)
                     if rule.dialect == "sqlite" and rule.name.endswith(("_uuid", "_date", "_whole")))


@cache
def search_condition(table: Table, full: bool) -> ColumnElement[bool]:
    """Where unreadable rows of `table` may be: in a table whose live rows keep their CHECKs
    (not `full`), only among the voided rows and in the columns no CHECK covers (a third of the
    time of a search of every value)."""
    if full or "voided_at" not in table.columns:
        return not_(readable(table))
    return or_(and_(table.c.voided_at.is_not(None), not_(readable(table))),
               not_(readable(table, checked_columns(table))))


def find_unreadable(connection: Connection, tables: Iterable[Table],
                    broken_checks: frozenset[str] = frozenset()) -> UnreadableRows:
    """Search every table but the history (read a patient at a time, see `leave_out`) once;
    name at most MOST_NAMED rows, count them all."""
    found: list[UnreadableRow] = []
    for table in tables:
        if table.name not in ALWAYS_LEFT_OUT:
            names, _flagged_query = _flagged(table)
            rows = connection.exec_driver_sql(_search_sql(table, table.name in broken_checks))
            found += [_unreadable(table, names, row) for row in rows]
    return _reported(found)


@cache
def _search_sql(table: Table, full: bool) -> str:
    """The search of one table as SQLite text, compiled once for the process: each opening has
    a new engine, whose statement cache starts empty, and compiling these conditions for every
    table took a third of a second per opening."""
    from sqlalchemy.dialects import sqlite

    _names, flagged = _flagged(table)
    query = flagged.where(search_condition(table, full))
    return str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def _unreadable(table: Table, names: tuple[str, ...], row: Sequence[object]) -> UnreadableRow:
    return UnreadableRow(table.name, _shown(row[0]),
                         tuple(name for name, bad in zip(names, row[1:], strict=True) if bad))


def left_out_of(session: Session, table: Table, where: ColumnElement[bool]) -> UnreadableRows:
    """The rows of `table` matching `where` that reading leaves out (none on PostgreSQL)."""
    if session.get_bind().dialect.name != "sqlite":
        return UnreadableRows()
    # Core execution: the ORM's would leave them out before they are found.
    return _reported(rows_in(session.connection(), table, and_(where, not_(readable(table)))))


def rows_in(connection: Connection, table: Table, where: ColumnElement[bool]) -> list[UnreadableRow]:
    """The rows of `table` matching `where`, each with the columns that cannot be read."""
    names, flagged = _flagged(table)
    if not names:
        return []
    return [_unreadable(table, names, row) for row in connection.execute(flagged.where(where))]


@cache
def _flagged(table: Table) -> tuple[tuple[str, ...], Select]:
    """The id as text and, per column that can hold an unreadable value, whether it does.
    Built once per table: opening a database runs it for every table, every time."""
    checks = [(column.name, condition) for column in table.columns
              if (condition := value_readable(column)) is not None]
    flags = [not_(condition).label(f"bad_{index}") for index, (_name, condition) in enumerate(checks)]
    key = next(iter(table.primary_key.columns))
    return tuple(name for name, _condition in checks), select(cast(key, String).label("shown_id"), *flags)


def _reported(found: list[UnreadableRow]) -> UnreadableRows:
    named = found[:MOST_NAMED]
    for row in named:
        log.warning("unreadable row left out: %s", row.describe())
    if len(found) > len(named):
        log.warning("%d more unreadable rows left out", len(found) - len(named))
    return UnreadableRows(tuple(named), len(found), frozenset(row.table for row in found))


def _shown(value: object) -> str:
    """The id as stored, made safe to print: it was written by another program."""
    text = "(none)" if value is None else str(value)
    text = "".join(char if char.isprintable() else "?" for char in text)
    return text if len(text) <= ID_SHOWN else text[: ID_SHOWN - 1] + "…"


def leave_out(sessions: sessionmaker[Session], tables: Iterable[Table], found: UnreadableRows) -> None:
    """Make every ORM read and write of these SQLite sessions skip unreadable rows: those found
    on opening, and any in the history, which is read a patient at a time, so cheaply checked
    as it is read instead of searched whole on every opening."""
    from als_desktop.models import Base

    names = found.tables | ALWAYS_LEFT_OUT
    options = [with_loader_criteria(mapper.class_, readable(mapper.local_table), include_aliases=True)
               for mapper in Base.registry.mappers
               if mapper.local_table.name in names and mapper.local_table in set(tables)]
    if found:
        sessions.kw.setdefault("info", {})[LEAVING_OUT] = True

    @event.listens_for(sessions, "do_orm_execute")
    def _skip_unreadable(state) -> None:  # noqa: ANN001 (ORMExecuteState)
        # Relationship loads inherit the criteria from the statement that loaded their parent.
        if state.is_select and not state.is_column_load and not state.is_relationship_load:
            state.statement = state.statement.options(*options)


def plain_rows(session: Session, query: Select) -> list[Row]:
    """All rows of a column query, fetched without the ORM's per-row bookkeeping (for the
    clinic-wide reads), unless this database has rows to leave out: only the ORM's execution
    leaves them out."""
    if session.info.get(LEAVING_OUT):
        return list(session.execute(query).all())
    return list(session.connection().execute(query).all())


__all__ = ["UnreadableRow", "UnreadableRows", "find_unreadable", "leave_out", "left_out_of", "plain_rows", "readable", "value_readable"]
