"""The change history: one entry per changed clinical row, appended and never altered.

Every insert, change, void and restore made by the writer (`services/writer.py`) appends an
entry here in the same transaction: which row of which table, whose record (the patient), the
version before and after, each changed field's old and new value, what was done, by whom, on
which workstation and when. Database triggers refuse UPDATE and DELETE of entries (and
TRUNCATE on PostgreSQL), so the history cannot be quietly rewritten by this program or another.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DDL, CheckConstraint, Index, Integer, String, Text, Uuid, event
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime

# What was done to the row. "existing" marks a row that was in the record before history was kept.
OPERATIONS = ("create", "change", "void", "restore", "existing")

REFUSAL = "the change history is append-only: its entries cannot be changed or removed"


class ChangeEntry(Base):
    __tablename__ = "change_history"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actor: Mapped[str] = mapped_column(String(80), nullable=False)
    workstation: Mapped[str] = mapped_column(String(255), nullable=False)
    operation: Mapped[str] = mapped_column(String(16), nullable=False)
    table_name: Mapped[str] = mapped_column(String(64), nullable=False)
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    # No foreign key: the history outlives any mistake in the rows it describes.
    patient_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    version_before: Mapped[int | None] = mapped_column(Integer)
    version_after: Mapped[int] = mapped_column(Integer, nullable=False)
    # JSON object: field name -> [old value, new value], values as in the record file.
    fields: Mapped[str] = mapped_column(Text, nullable=False, info={"json": True})
    reason: Mapped[str | None] = mapped_column(Text)
    # Where the change came from when not typed here (an imported file and its authorship).
    source: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "operation IN (" + ", ".join(f"'{operation}'" for operation in OPERATIONS) + ")",
            name="operation_code",
        ),
        Index("ix_change_history_patient", "patient_id", "seq"),
        Index("ix_change_history_row", "row_id", "seq"),
    )


SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER change_history_no_update BEFORE UPDATE ON change_history
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER change_history_no_delete BEFORE DELETE ON change_history
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
)
POSTGRESQL_TRIGGERS = (
    f"""CREATE OR REPLACE FUNCTION change_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '{REFUSAL} (% refused)', TG_OP USING ERRCODE = 'integrity_constraint_violation'; END $$""",
    """CREATE TRIGGER change_history_no_update_or_delete BEFORE UPDATE OR DELETE ON change_history
FOR EACH ROW EXECUTE FUNCTION change_history_append_only()""",
    """CREATE TRIGGER change_history_no_truncate BEFORE TRUNCATE ON change_history
FOR EACH STATEMENT EXECUTE FUNCTION change_history_append_only()""",
)

# A database made from the models (not the migrations) gets the same guard.
for _statement in SQLITE_TRIGGERS:
    event.listen(ChangeEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_TRIGGERS:
    event.listen(ChangeEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
