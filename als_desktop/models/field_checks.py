"""The field rules as CHECK constraints, for rows another program writes straight into the database.

The program's own saves and imports apply the rules in `domain.limits`, `domain.text_rules` and
the vocabularies before anything is written; a row written by another program (a script, a
spreadsheet link, an SQLite browser) meets only what the database itself refuses. These
constraints are generated from the same rule tables and the columns' types, so no number is
written twice, and each has a name `db/refusals.py` turns back into the forms' sentence.

They hold for live rows: a voided row keeps what it held when it was voided, so a database that
already held a bad value before these rules existed can void it (keeping it readable) instead of
losing it (migration 0006). What no CHECK can say, because it compares a row with other rows —
a visit before the patient's birth, a dose of a stopped medicine, an MRN differing only in its
capitals — stays with the services.

Some rules mean more on SQLite than on PostgreSQL, whose column types already refuse the bad
value: SQLite keeps 2.5 in an INTEGER column, 'garbage' in a DATE column and any text in a UUID
column, and ignores VARCHAR lengths. Those are emitted for SQLite only (`ddl_if`); the text
rules have one form per database, since neither understands the other's character tests.
One gap remains there: PostgreSQL rounds a number such as 2.5 into an INTEGER column while
assigning it, before any CHECK sees it (text '2.5' it refuses), so for a number written by
another program to PostgreSQL the services' rule is the only guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import CheckConstraint, Date, Integer, String, Table, Uuid

from als_desktop.domain.limits import EARLIEST_BIRTH, FIRST_VERSION
from als_desktop.domain.text_rules import BIDI_OVERRIDES, TEXT_RULES

# Control characters (Unicode category Cc) and the line breaks and tab free text may hold.
CONTROL = (*range(0x20), *range(0x7F, 0xA0))
LINE_BREAKS = (0x09, 0x0A, 0x0D)
AUTHORS = ("created_by", "updated_by")
# Written only when a row is voided, so a rule for live rows says nothing about them; the writer
# and the record_checks void rule keep them.
VOID_FIELDS = frozenset({"voided_by", "void_reason"})


def live_only(rule: str) -> str:
    """A rule for the live rows: a voided row keeps what it held when it was voided."""
    return f"voided_at IS NOT NULL OR ({rule})"


def refused_characters(multiline: bool) -> list[int]:
    """Code points a text column refuses: control characters (but line breaks in paragraphs) and
    direction overrides."""
    allowed = set(LINE_BREAKS) if multiline else set()
    return sorted({code for code in CONTROL if code not in allowed} | {ord(char) for char in BIDI_OVERRIDES})


def code_ranges(codes: Iterable[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def sqlite_characters(column: str, multiline: bool) -> str:
    """SQLite: NUL by instr (GLOB stops at a NUL), the others as one GLOB character class written
    with char(), since a CHECK's text cannot hold the characters themselves."""
    codes = [code for code in refused_characters(multiline) if code != 0]
    parts: list[int] = []
    for low, high in code_ranges(codes):
        parts += [low] if low == high else [low, ord("-"), high]
    glob = "'*[' || char(" + ", ".join(str(part) for part in parts) + ") || ']*'"
    return f"instr({column}, char(0)) = 0 AND {column} NOT GLOB {glob}"


def postgresql_characters(column: str, multiline: bool) -> str:
    """PostgreSQL: a regular expression class with \\u escapes (its text type cannot hold NUL)."""
    codes = [code for code in refused_characters(multiline) if code != 0]
    spans = "".join(
        f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in code_ranges(codes)
    )
    return f"{column} !~ '[{spans}]'"


@dataclass(frozen=True)
class FieldRule:
    """One CHECK: its name within the table, its condition (for live rows) and the database it is
    for (None: both)."""

    name: str
    rule: str
    dialect: str | None = None

    @property
    def condition(self) -> str:
        return live_only(self.rule)

    def constraint(self) -> CheckConstraint:
        constraint = CheckConstraint(self.condition, name=self.name)
        return constraint.ddl_if(dialect=self.dialect) if self.dialect else constraint


def text_rules(column: str) -> Iterator[FieldRule]:
    rule = TEXT_RULES[column]
    # SQLite ignores VARCHAR lengths; PostgreSQL's TEXT columns have none: the same rule on both.
    yield FieldRule(f"{column}_length", f"{column} IS NULL OR length({column}) <= {rule.max_length}")
    yield FieldRule(f"{column}_characters",
                    f"{column} IS NULL OR ({sqlite_characters(column, rule.multiline)})", "sqlite")
    yield FieldRule(f"{column}_characters",
                    f"{column} IS NULL OR {postgresql_characters(column, rule.multiline)}", "postgresql")


def field_rules(table: Table) -> Iterator[FieldRule]:
    """Every field rule of a clinical table that a CHECK can state, read off its columns."""
    for column in table.columns:
        name, kind = column.name, column.type
        # A link's type is its target's, known only once that table exists: every link is to an id.
        if isinstance(kind, Uuid) or column.foreign_keys:
            # SQLAlchemy keeps a UUID on SQLite as its 32 lowercase hex digits.
            yield FieldRule(f"{name}_uuid",
                            f"{name} IS NULL OR (length({name}) = 32 AND {name} NOT GLOB '*[^0-9a-f]*')", "sqlite")
        elif isinstance(kind, Date):
            # date(x) alone hands back '2024-02-30' unchanged on older SQLite; a modifier makes it
            # compute the day, so only a real calendar date written as YYYY-MM-DD comes back as itself.
            yield FieldRule(f"{name}_date", f"date({name}, '+0 days') IS {name}", "sqlite")
        elif isinstance(kind, Integer):
            yield FieldRule(f"{name}_whole", f"typeof({name}) IN ('integer', 'null')", "sqlite")
        elif isinstance(kind, String) and name in TEXT_RULES and name not in VOID_FIELDS:
            yield from text_rules(name)
    yield FieldRule("version_from_first", f"version >= {FIRST_VERSION}")
    for author in AUTHORS:
        yield FieldRule(f"{author}_not_blank", f"length(trim({author})) > 0")
    if "date_of_birth" in table.columns:
        yield FieldRule("date_of_birth_from_earliest", f"date_of_birth >= '{EARLIEST_BIRTH.isoformat()}'")


def field_checks(table: Table) -> Iterator[CheckConstraint]:
    return (rule.constraint() for rule in field_rules(table))


__all__ = ["FieldRule", "field_checks", "field_rules", "live_only"]
