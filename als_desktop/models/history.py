"""The change history and audit trail: one entry per changed clinical row or audited event,
appended and never altered.

Every insert, change, void and restore made by the writer (`services/writer.py`) appends an
entry here in the same transaction: which row of which table, whose record (the patient), the
version before and after, each changed field's old and new value, what was done, by whom, on
which workstation and when. Database triggers refuse UPDATE and DELETE of entries (and
TRUNCATE on PostgreSQL), so the history cannot be quietly rewritten by this program or another.

Audit events (operation "event": a record opened, printed or exported, a sign-in, a break-glass
write; domain/audit_events.py) are kept in the same sequence, and every entry carries the hash
of the one before it (domain/history_chain.py), so an entry changed, removed or inserted by
another program is found by `als-desktop audit verify`.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DDL, CheckConstraint, Index, Integer, String, Text, Uuid, event
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime

# What was done to the row. "existing" marks a row that was in the record before history was kept.
OPERATIONS = ("create", "change", "void", "restore", "existing", "event")

REFUSAL = "the change history is append-only: its entries cannot be changed or removed"


class ChangeEntry(Base):
    __tablename__ = "change_history"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actor: Mapped[str] = mapped_column(String(80), nullable=False)
    workstation: Mapped[str] = mapped_column(String(255), nullable=False)
    operation: Mapped[str] = mapped_column(String(16), nullable=False)
    # What happened, for an audit event (domain/audit_events.py), and how it ended.
    event: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(16))
    # The row changed: always given for a change, never for an event.
    table_name: Mapped[str | None] = mapped_column(String(64))
    row_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # No foreign key: the history outlives any mistake in the rows it describes.
    patient_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    version_before: Mapped[int | None] = mapped_column(Integer)
    version_after: Mapped[int | None] = mapped_column(Integer)
    # JSON object: field name -> [old value, new value], values as in the record file.
    fields: Mapped[str] = mapped_column(Text, nullable=False, info={"json": True})
    reason: Mapped[str | None] = mapped_column(Text)
    # Where the change came from when not typed here (an imported file and its authorship).
    source: Mapped[str | None] = mapped_column(Text)
    # The chain (domain/history_chain.py): the previous entry's hash, and this one's.
    previous_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)

    __table_args__ = (
        CheckConstraint(
            "operation IN (" + ", ".join(f"'{operation}'" for operation in OPERATIONS) + ")",
            name="operation_code",
        ),
        CheckConstraint(
            "CASE WHEN operation = 'event' THEN event IS NOT NULL AND table_name IS NULL "
            "ELSE event IS NULL AND table_name IS NOT NULL AND row_id IS NOT NULL "
            "AND version_after IS NOT NULL END",
            name="change_or_event",
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
