"""The hash chain over the change history and audit trail: one append-only sequence.

Every entry carries the SHA-256 of the entry before it (`previous_hash`) and its own hash over
a canonical form of every one of its values together with that link (`entry_hash`). Changing an
entry breaks its own hash; removing or inserting one breaks the link of the entry after it.
Anyone who can write the file could rebuild the whole chain, so the clinic keeps the head hash
(the newest entry's) somewhere else and compares it (`als-desktop audit verify`).

The canonical form is fixed: changing it would make every chain already written fail, so a new
form would need a new version marker and both kept.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

FORM = "als-history-1"
GENESIS = "0" * 64

# The columns covered, in the order they are written out.
COVERED = (
    "seq", "recorded_at", "actor", "workstation", "operation", "event", "outcome", "table_name",
    "row_id", "patient_id", "version_before", "version_after", "fields", "reason", "source",
)


def _plain(value: Any) -> Any:
    """A value as SQLite stores it, whatever the database: a time as its UTC text with six
    decimals, an id as 32 hex digits. Text is kept as it is, so a value another program wrote in
    an unexpected form is still covered (and still readable to check)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def canonical(entry: Mapping[str, Any]) -> str:
    return json.dumps([FORM, *(_plain(entry.get(column)) for column in COVERED)],
                      ensure_ascii=False, separators=(",", ":"))


def entry_hash(previous_hash: str, entry: Mapping[str, Any]) -> str:
    return hashlib.sha256((previous_hash + canonical(entry)).encode("utf-8")).hexdigest()
