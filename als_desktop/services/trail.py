"""Appending to the one chained sequence of changes and audit events, and checking it.

Every entry of `change_history` is appended here, by the writer (changes) and by
services/audit.py (events): the entry gets the next sequence number, the newest entry's hash
as its link and its own hash (domain/history_chain.py). `verify` walks the whole sequence;
`check_kept_head` finds a head hash the clinic kept elsewhere, which reveals a trail cut back
to an earlier point (the walk alone cannot: what is left is still a valid chain).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from als_desktop.domain.history_chain import COVERED, GENESIS, entry_hash
from als_desktop.models.history import ChangeEntry

TRAIL = ChangeEntry.__table__
# Any constant: PostgreSQL serialises appends on it so that two workstations cannot both link
# to the same newest entry. SQLite already allows one writer at a time.
APPEND_LOCK = 726_354_001


def head(connection: Connection | Session) -> tuple[int, str]:
    """The newest entry's number and hash (0 and the genesis value for an empty trail)."""
    newest = connection.execute(select(TRAIL.c.seq, TRAIL.c.entry_hash).order_by(TRAIL.c.seq.desc()).limit(1)).first()
    return (newest.seq, newest.entry_hash) if newest else (0, GENESIS)


def append(session: Session, entries: Sequence[Mapping[str, Any]]) -> None:
    """Append entries (in the order given) in the session's transaction."""
    if not entries:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK})
    seq, previous = head(session)
    rows = []
    for values in entries:
        seq += 1
        row = {"event": None, "outcome": None, "table_name": None, "row_id": None, "patient_id": None,
               "version_before": None, "version_after": None, "reason": None, "source": None,
               "fields": "{}", **values, "seq": seq, "previous_hash": previous}
        row["entry_hash"] = previous = entry_hash(previous, row)
        rows.append(row)
    session.execute(insert(TRAIL), rows)


# ---------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold."""

    seq: int
    problem: str


@dataclass(frozen=True)
class Verdict:
    entries: int
    head_seq: int
    head_hash: str
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _walk(connection: Connection) -> Iterator[Any]:
    # The stored values as the database gives them, without this program's types: an entry
    # another program wrote in a form the types would refuse is still checked, not a crash.
    names = ", ".join((*COVERED, "previous_hash", "entry_hash"))
    result = connection.execution_options(stream_results=True, yield_per=2000).execute(
        text(f"SELECT {names} FROM change_history ORDER BY seq"))
    yield from result


def verify(connection: Connection) -> Verdict:
    """Walk the sequence from its first entry; stop at the first entry that does not hold."""
    count, expected_seq, previous = 0, 1, GENESIS
    for row in _walk(connection):
        count += 1
        values = row._mapping
        if values["previous_hash"] != previous:
            if row.seq > expected_seq:
                gap = f"entry {expected_seq} is" if row.seq == expected_seq + 1 else f"entries {expected_seq}–{row.seq - 1} are"
                problem = f"{gap} missing: removed from the trail"
            else:
                problem = "its link does not match the entry before it: an entry was removed or inserted here"
            return Verdict(count, row.seq, row.entry_hash, Break(row.seq, problem))
        try:
            expected_hash = entry_hash(previous, values)
        except (TypeError, ValueError):  # a value of a kind this program never writes (SQLite keeps any)
            expected_hash = None
        if expected_hash != row.entry_hash:
            return Verdict(count, row.seq, row.entry_hash,
                           Break(row.seq, "its content does not match its hash: the entry was changed or forged"))
        previous, expected_seq = row.entry_hash, row.seq + 1
    return Verdict(count, expected_seq - 1 if count else 0, previous, None)


# ---------------------------------------------------------------------------- a head kept elsewhere


@dataclass(frozen=True)
class KeptHead:
    """Where a head hash the clinic kept elsewhere stands in the trail now.

    Entries added since it was kept are expected; a kept head that is no longer in the trail
    means the trail was cut back to an earlier point (or rewritten) after it was kept."""

    hash: str
    seq: int | None  # its entry's number; None when no entry has it any more
    entries_after: int

    @property
    def found(self) -> bool:
        return self.seq is not None


def normalised_hash(text: str) -> str:
    """A hash as typed or pasted (any case, spaces around): 64 hexadecimal digits, or ValueError."""
    value = text.strip().lower()
    if len(value) != 64 or any(char not in "0123456789abcdef" for char in value):
        raise ValueError("a head hash is 64 hexadecimal digits, as `audit verify` prints it")
    return value


def entry_with_hash(connection: Connection | Session, hash_text: str) -> int | None:
    """The number of the entry whose own hash is `hash_text`, or None."""
    return connection.execute(select(TRAIL.c.seq).where(TRAIL.c.entry_hash == normalised_hash(hash_text))).scalar()


def check_kept_head(connection: Connection | Session, hash_text: str) -> KeptHead:
    kept = normalised_hash(hash_text)
    seq = entry_with_hash(connection, kept)
    if seq is None:
        return KeptHead(kept, None, 0)
    after = connection.execute(select(func.count()).select_from(TRAIL).where(TRAIL.c.seq > seq)).scalar_one()
    return KeptHead(kept, seq, after)
