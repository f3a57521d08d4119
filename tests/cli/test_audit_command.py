"""`als-desktop audit verify|list` as a real process, signed in as the demo clinic's administrator.

verify prints the entry count, the head and "intact" (exit 0), or the first entry changed or
removed (exit 1); a head kept elsewhere finds a trail cut back. list filters by patient, person
and day, as a table or CSV; reading the trail is itself recorded; anyone but an administrator
is refused, with the role named, and the refusal recorded.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest
from cli_helpers import password_file

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services import audit, trail
from als_desktop.services.demo_accounts import DEMO_PASSWORD

Run = Callable[..., CompletedProcess[str]]
HEAD = re.compile(r"^Head: entry (\d+), hash ([0-9a-f]{64})$", re.MULTILINE)


@pytest.fixture
def demo_password(tmp_path: Path) -> Path:
    return password_file(tmp_path, DEMO_PASSWORD, "demo-password")


@pytest.fixture
def as_user(run_cli: Run, demo_copy: Path, demo_password: Path) -> Callable[..., CompletedProcess[str]]:
    """`als-desktop --database DEMO_COPY ARGS` signed in as a demo account (the administrator unless told)."""

    def run(*args: str, user: str = "admin") -> CompletedProcess[str]:
        result = run_cli("--database", str(demo_copy), *args, user=user, password=demo_password)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    return run


def tamper(path: Path, statement: str, *values: Any) -> None:
    """Raw SQL with Python's sqlite3 module, the append-only guard dropped first."""
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER IF EXISTS change_history_no_update")
        connection.execute("DROP TRIGGER IF EXISTS change_history_no_delete")
        connection.execute(statement, values)
    connection.close()


def trail_of(path: Path) -> list[audit.AuditEntry]:
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.reading() as session:
            return audit.entries(session, audit.AuditFilter(limit=None))
    finally:
        database.close()


def head_of(path: Path) -> tuple[int, str]:
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.reading() as session:
            return trail.head(session)
    finally:
        database.close()


def printed_head(result: CompletedProcess[str]) -> tuple[int, str]:
    found = HEAD.search(result.stdout)
    assert found, result.stdout
    return int(found[1]), found[2]


# ---------------------------------------------------------------------------- verify


def test_verify_prints_the_head_and_intact(as_user: Run, demo_copy: Path) -> None:
    result = as_user("audit", "verify")
    assert result.returncode == 0, result.stderr
    seq, hash_ = printed_head(result)
    # The head printed is the newest entry, this verification's own event included.
    assert (seq, hash_) == head_of(demo_copy)
    assert result.stdout.startswith(f"The audit trail is intact: {seq:,} entries, each linked to the one before.")
    assert "Keep this head hash somewhere other than this database" in result.stdout
    newest = trail_of(demo_copy)[:2]
    assert [(entry.actor, entry.action, entry.detail) for entry in newest] == [
        ("admin", "Read or exported the audit trail", "verified the chain"), ("admin", "Signed in", "")]

    # The head kept elsewhere, checked later: still there, with what came since after it.
    again = as_user("audit", "verify", "--head", hash_.upper())
    assert again.returncode == 0, again.stderr
    assert f"The kept head (entry {seq}) is still in the trail; 2 entries came after it." in again.stdout


def test_verify_names_an_entry_changed(as_user: Run, demo_copy: Path) -> None:
    changed = trail_of(demo_copy)[-30].seq  # a change the demo recorded
    tamper(demo_copy, "UPDATE change_history SET actor = 'someone.else' WHERE seq = ?", changed)
    result = as_user("audit", "verify")
    assert result.returncode == 1
    assert result.stdout.startswith(f"The audit trail is NOT intact: entry {changed}: its content does not match "
                                    "its hash: the entry was changed or forged.")
    assert HEAD.search(result.stdout) is None


def test_verify_names_an_entry_removed(as_user: Run, demo_copy: Path) -> None:
    removed = trail_of(demo_copy)[-12].seq
    tamper(demo_copy, "DELETE FROM change_history WHERE seq = ?", removed)
    result = as_user("audit", "verify")
    assert result.returncode == 1
    assert f"entry {removed + 1}: entry {removed} is missing: removed from the trail." in result.stdout


def test_a_trail_cut_back_is_found_with_the_kept_head(as_user: Run, demo_copy: Path) -> None:
    first = as_user("audit", "verify")
    _seq, kept = printed_head(first)
    earlier = trail_of(demo_copy)[5].seq
    tamper(demo_copy, "DELETE FROM change_history WHERE seq > ?", earlier)
    plain = as_user("audit", "verify")
    assert plain.returncode == 0  # what is left is still a valid chain …
    cut = as_user("audit", "verify", "--head", kept)
    assert cut.returncode == 1  # … but the head kept elsewhere is gone
    assert f"The kept head {kept} is NOT in the trail: entries were removed or rewritten since it was kept" in cut.stdout


def test_verify_refuses_a_head_that_is_no_hash(as_user: Run) -> None:
    result = as_user("audit", "verify", "--head", "12ab")
    assert result.returncode == 2
    assert "is not a head hash: a head hash is 64 hexadecimal digits" in result.stderr


# ---------------------------------------------------------------------------- list


def test_list_filters_by_patient_person_and_day(as_user: Run, demo_copy: Path) -> None:
    assert as_user("summary", "DEMO-00002", user="neuro").returncode == 0  # neuro opens a record

    mine = as_user("audit", "list", "--patient", "DEMO-00002")
    assert mine.returncode == 0, mine.stderr
    lines = mine.stdout.splitlines()
    assert lines[0].split() == ["Entry", "When", "Who", "Workstation", "Patient", "Action", "Outcome", "Detail"]
    rows = lines[2:-1]
    assert rows and all("DEMO-00002" in row for row in rows)
    assert "neuro" in rows[0] and "Opened the record" in rows[0]
    assert lines[-1] == f"{len(rows)} entries, newest first."

    by_neuro = as_user("audit", "list", "--by", "NEURO", "--csv")
    assert by_neuro.returncode == 0, by_neuro.stderr
    header, *found = list(csv.reader(io.StringIO(by_neuro.stdout)))
    assert header == audit.CSV_HEADER
    assert [(row[2], row[4], row[6]) for row in found] == [("neuro", "DEMO-00002", "Opened the record"),
                                                         ("neuro", "", "Signed in")]

    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert as_user("audit", "list", "--since", tomorrow).stdout == "No audit entries match.\n"
    today = as_user("audit", "list", "--since", date.today().isoformat(), "--events-only", "--csv")
    events = list(csv.reader(io.StringIO(today.stdout)))[1:]
    assert events and {row[6] for row in events} >= {"Signed in", "Opened the record", "Read or exported the audit trail"}

    # Each reading is itself in the trail, with its filters.
    readings = [entry for entry in trail_of(demo_copy) if entry.action == "Read or exported the audit trail"]
    assert [entry.actor for entry in readings] == ["admin"] * 4
    assert "patient DEMO-00002" in readings[-1].detail and readings[-1].mrn == "DEMO-00002"
    assert "user neuro" in readings[-2].detail


def test_list_writes_csv_to_a_file_and_never_replaces_one_unasked(as_user: Run, demo_copy: Path,
                                                                  tmp_path: Path) -> None:
    target = tmp_path / "audit.csv"
    result = as_user("audit", "list", "--events-only", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"Wrote \d+ audit entries to {re.escape(str(target))}\.\n", result.stdout)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0] == audit.CSV_HEADER and len(rows) > 2
    assert target.stat().st_mode & 0o077 == 0  # readable by its owner only
    before = target.read_bytes()

    again = as_user("audit", "list", "-o", str(target))
    assert again.returncode == 2
    assert f"{target} is already there; nothing was written." in again.stderr and "--force" in again.stderr
    assert target.read_bytes() == before
    assert as_user("audit", "list", "-o", str(target), "--force").returncode == 0
    assert target.read_bytes() != before


def test_only_an_administrator_reads_the_trail(as_user: Run, demo_copy: Path) -> None:
    for step in ("verify", "list"):
        result = as_user("audit", step, user="nurse")
        assert result.returncode == 2
        assert result.stdout == ""
        assert "Reading the audit trail needs the Administrator role; you are signed in as Demo Nurse" in result.stderr
    refusals = [entry for entry in trail_of(demo_copy) if entry.action == "Read or exported the audit trail"]
    assert [(entry.actor, entry.outcome) for entry in refusals] == [("nurse", "Refused")] * 2


def test_an_unknown_patient_is_a_message(as_user: Run) -> None:
    result = as_user("audit", "list", "--patient", "NOBODY-1")
    assert result.returncode == 2
    assert "No patient has MRN NOBODY-1." in result.stderr


def test_a_name_typed_at_a_failed_sign_in_cannot_drive_the_terminal(as_user: Run) -> None:
    typed = "\x1b[2J\x1b[31mroot"
    assert as_user("summary", "DEMO-00001", user=typed).returncode == 2
    listing = as_user("audit", "list", "--events-only")
    assert listing.returncode == 0, listing.stderr
    assert "\x1b" not in listing.stdout
    assert "\\x1b[2j\\x1b[31mroot" in listing.stdout and "Sign-in failed" in listing.stdout
