"""The `history` command: every change to a patient's record, newest first.

    als-desktop history MRN [--json]
    als-desktop history --clinic [--json]     changes to the clinic settings and details

Each entry says when (local time), who, on which workstation, what was done to which record
(created, changed, voided, restored, or recorded before history was kept), each changed field
from what to what, and the reason and source when there is one. Registered by
`cli.build_parser` (`add_history_command`) and run by `cli.run_command` (`run_history`), which
turns an unknown MRN into a message on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

ENTRY_KEYS = ("seq", "recorded_at", "when", "actor", "workstation", "operation", "what", "kind", "record",
              "description", "row_id", "version_before", "version_after", "fields", "changes", "reason", "source")
CHANGE_KEYS = ("field", "label", "old", "new")

DESCRIPTION = (
    "Every change to the patient's record, newest first: when (local time), who, on which workstation, "
    "what was done to which record (created, changed, voided, restored, or recorded before history was "
    "kept), each changed field from what to what, and the reason or source. With --json, an object with "
    "'patient' ({'mrn', 'name'}) and 'entries', each with the keys " + ", ".join(repr(k) for k in ENTRY_KEYS)
    + ": 'recorded_at' is ISO time in UTC, 'fields' the stored values {field: [old, new]}, 'changes' "
    "the same as shown, each with " + ", ".join(repr(k) for k in CHANGE_KEYS) + "."
)


def add_history_command(commands: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `history` to the `commands` of the main parser (`parents` carry --database)."""
    history = commands.add_parser("history", parents=parents, help="every change to a patient's record, newest first",
                                  description=DESCRIPTION)
    from als_desktop.cli import text_argument

    history.add_argument("mrn", metavar="MRN", nargs="?", type=text_argument("mrn"),
                         help="medical record number of the patient")
    history.add_argument("--clinic", action="store_true",
                         help="the clinic-wide changes (clinic settings and details) instead of a patient's")
    history.add_argument("--json", action="store_true", help="write JSON for other programs")
    return history


def run_history(args: argparse.Namespace, url: str) -> int:
    from als_desktop.cli import UserError, open_db, reading, write_stdout
    from als_desktop.services.history import (
        PatientHistory,
        clinic_history,
        clinic_history_left_out,
        patient_history_by_mrn,
    )

    if bool(args.mrn) == args.clinic:
        raise UserError("Name one patient's MRN, or give --clinic for the clinic-wide changes (not both).")
    from als_desktop import cli_signin

    database = open_db(url, writing=False)
    try:
        who = cli_signin.actor(args, cli_signin.sign_in(args, database))
        if args.clinic:
            with reading(database) as session:
                found = PatientHistory(None, "", "the clinic settings and details", clinic_history(session),
                                       clinic_history_left_out(session))
        else:
            with cli_signin.audited(database, who, cli_signin.Event("open_record", detail="history")) as event, \
                    reading(database) as session:
                found = patient_history_by_mrn(session, args.mrn)
                event.patient_id = found.patient_id
    finally:
        database.close()
    if found.left_out:
        print(f"als-desktop: note: {found.left_out.notice()}", file=sys.stderr)
    if args.json:
        write_stdout(json.dumps(history_document(found), indent=2, ensure_ascii=False) + "\n")
    else:
        write_stdout("\n".join(history_lines(found)) + "\n")
    return 0


def history_document(found: Any) -> dict[str, Any]:
    from als_desktop.services.writer import plain

    return {
        "patient": {"mrn": found.mrn, "name": found.name} if found.patient_id else None,
        "entries": [{
            "seq": entry.seq, "recorded_at": plain(entry.recorded_at), "when": entry.when, "actor": entry.actor,
            "workstation": entry.workstation, "operation": entry.operation, "what": entry.what, "kind": entry.kind,
            "record": entry.record, "description": entry.description, "row_id": str(entry.row_id),
            "version_before": entry.version_before, "version_after": entry.version_after, "fields": entry.fields,
            "changes": [{"field": c.field, "label": c.label, "old": c.old, "new": c.new} for c in entry.changes],
            "reason": entry.reason, "source": entry.source,
        } for entry in found.entries],
    }


def history_lines(found: Any) -> list[str]:
    count = len(found.entries)
    whose = f"{found.name}  MRN {found.mrn}" if found.patient_id else found.name
    lines = [f"History of {whose}: {count} entr{'y' if count == 1 else 'ies'}, newest first"]
    for entry in found.entries:
        versions = (f"version {entry.version_after}" if entry.version_before is None
                    else f"version {entry.version_before} → {entry.version_after}")
        lines += ["", f"{entry.when}  {entry.actor} on {entry.workstation}",
                  f"  {entry.summary}  ({versions})"]
        lines += [f"    {change.text}" for change in entry.changes]
        if entry.reason:
            lines.append(f"  Reason: {entry.reason}")
        if entry.source:
            lines.append(f"  From: {entry.source}")
    return lines


__all__ = ["add_history_command", "history_document", "history_lines", "run_history"]
