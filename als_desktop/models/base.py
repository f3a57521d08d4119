"""What every clinical row shares: identity, authorship, a version counter and voiding.

A UUID key lets rows made on an outreach laptop merge into the clinic database later without
clashing. The version counter makes SQLAlchemy refuse an UPDATE whose row changed underneath
it, so a stale edit from another workstation fails instead of overwriting. Rows are voided
with a reason, never deleted, so the record keeps what was once believed and why it changed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from als_desktop.domain.limits import LIMITS, Limit

from .field_checks import field_checks

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timestamps kept as UTC and always handed back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utc_now() -> datetime:
    # Millisecond precision: the same value survives SQLite, PostgreSQL and JSON unchanged.
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ClinicalRecord:
    """Mixin for every clinical table."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(80), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(80), nullable=False)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by: Mapped[str | None] = mapped_column(String(80))
    void_reason: Mapped[str | None] = mapped_column(Text)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Declarative builds the table in this call; the field rules are then read off its
        # columns, so a column added later gets its rules without anyone listing it.
        super().__init_subclass__(**kwargs)
        table = cls.__dict__.get("__table__")
        if isinstance(table, Table):
            for check in field_checks(table):
                table.append_constraint(check)


def record_checks(*checks: CheckConstraint) -> tuple[CheckConstraint, ...]:
    """The table's own checks plus the rule every clinical row obeys: a void has a reason."""
    void_rule = CheckConstraint(
        "voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0"
        " AND voided_by IS NOT NULL)",
        name="void_has_reason",
    )
    return (*checks, void_rule)


def in_range(column: str, limit: Limit | None = None) -> CheckConstraint:
    """CHECK mirroring the plausible range of `column` from domain.limits."""
    limit = limit or LIMITS[column]
    return CheckConstraint(
        f"{column} IS NULL OR ({column} >= {limit.low:g} AND {column} <= {limit.high:g})",
        name=f"{column}_range",
    )


def one_of(column: str, codes: Any) -> CheckConstraint:
    """CHECK that `column` holds one of the vocabulary's codes (or nothing)."""
    values = ", ".join(f"'{code}'" if isinstance(code, str) else str(code) for code in codes)
    return CheckConstraint(f"{column} IS NULL OR {column} IN ({values})", name=f"{column}_code")


def not_before(later: str, earlier: str) -> CheckConstraint:
    return CheckConstraint(
        f"{later} IS NULL OR {earlier} IS NULL OR {later} >= {earlier}",
        name=f"{later}_after_{earlier}",
    )


def not_blank(column: str) -> CheckConstraint:
    return CheckConstraint(f"length(trim({column})) > 0", name=f"{column}_not_blank")


def one_live_per_visit(table: str) -> Index:
    """A visit holds at most one live (not voided) row of this table.

    The forms and `services.visits` refuse a second one; this partial unique index is the last
    guard for what they cannot see: two workstations saving at the same instant, or a row
    written by another path. Voided rows stay out of it, so a voided assessment can be replaced.
    """
    live = text("voided_at IS NULL")
    return Index(one_live_per_visit_name(table), "visit_id", unique=True, sqlite_where=live, postgresql_where=live)


def one_live_per_visit_name(table: str) -> str:
    return f"uq_{table}_one_live_per_visit"


def is_one_per_visit(model: type) -> bool:
    """True for a record kept once per visit (its table carries `one_live_per_visit`)."""
    name = one_live_per_visit_name(model.__tablename__)
    return any(index.name == name for index in model.__table__.indexes)


__all__ = [
    "Base",
    "ClinicalRecord",
    "UTCDateTime",
    "date",
    "in_range",
    "is_one_per_visit",
    "not_before",
    "not_blank",
    "one_live_per_visit",
    "one_live_per_visit_name",
    "one_of",
    "record_checks",
    "utc_now",
]
