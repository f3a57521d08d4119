"""The `audit` command: check the chained audit trail, and read it.

    als-desktop audit verify [--head HASH]
    als-desktop audit list [--patient MRN] [--by NAME] [--since YYYY-MM-DD] [--events-only]
                           [--break-glass-only] [--csv] [-o FILE [--force]]

`verify` walks the whole trail (services/trail.py) and prints how many entries it holds, the
head (the newest entry's number and hash) and "intact", or the first entry that was changed,
removed or inserted, with exit code 1. The walk cannot see a trail cut back to an earlier point
(what is left is still a valid chain): `--head` takes a head hash the clinic kept elsewhere and
says whether it is still in the trail. `list` prints the trail newest first as a table, or as
CSV to standard output or to FILE (`--output` implies `--csv`).

Both need an administrator signed in (`--user NAME`, cli_signin.py). Reading the trail is itself
an audit event ("audit"), recorded before the reading is shown; so is a refusal. The filter by
person is `--by` because `--user` names the person signing in.

Registered by `cli.build_parser` (`add_audit_command(commands, [database])`) and run by
`cli.run_command` (`COMMANDS["audit"] = run_audit`), as every other command.
"""

from __future__ import annotations

import argparse
import io
from typing import Any

# Exit code of `verify` when the trail does not hold (or a kept head is gone): scripts that
# check it every night test this, not the wording.
NOT_INTACT = 1
# The table is for reading at a terminal; the CSV holds every entry that matches.
TABLE_MOST = 5000
# A table cell longer than this is shortened (the CSV keeps it whole).
CELL_MOST = {"Who": 30, "Workstation": 24, "Patient": 40, "Action": 44, "Detail": 60}
TABLE_COLUMNS = ("Entry", "When", "Who", "Workstation", "Patient", "Action", "Outcome", "Detail")


def head_hash(text: str) -> str:
    from als_desktop.services.trail import normalised_hash

    try:
        return normalised_hash(text)
    except ValueError as error:
        from als_desktop.cli import shown

        raise argparse.ArgumentTypeError(f"{shown(text)} is not a head hash: {error}") from None


def add_audit_command(commands: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `audit` to the `commands` of the main parser (`parents` carry --database and the sign-in)."""
    from als_desktop.cli import iso_date, output_path, text_argument

    audit = commands.add_parser("audit", parents=parents, help="check the audit trail's chain, or list it "
                                "(an administrator)")
    steps = audit.add_subparsers(dest="step", metavar="STEP", required=True)
    verify = steps.add_parser(
        "verify", parents=parents, help="walk the chain: intact and its head hash, or the first entry changed, "
        "removed or inserted (exit code 1)")
    verify.add_argument("--head", metavar="HASH", type=head_hash,
                        help="a head hash printed by an earlier verify and kept elsewhere: is it still in the "
                             "trail? (a trail cut back to an earlier point is found this way)")
    listing = steps.add_parser("list", parents=parents, help="the audit trail newest first, filtered; "
                               "a table, or CSV")
    listing.add_argument("--patient", metavar="MRN", type=text_argument("mrn"), help="only this patient's entries")
    listing.add_argument("--by", metavar="NAME", help="only what this user did (the user name)")
    listing.add_argument("--since", metavar="YYYY-MM-DD", type=iso_date, help="only from this day on (local time)")
    listing.add_argument("--events-only", action="store_true",
                         help="only audit events (opened, printed, exported, signed in…), not changes")
    listing.add_argument("--break-glass-only", action="store_true",
                         help="only writes made without the role (break-glass), for review")
    listing.add_argument("--csv", action="store_true", help="write CSV (every matching entry) instead of a table")
    listing.add_argument("-o", "--output", metavar="FILE", type=output_path,
                         help="write the CSV to FILE (default: standard output)")
    listing.add_argument("--force", action="store_true", help="replace FILE if it is already there")
    return audit


def run_audit(args: argparse.Namespace, url: str) -> int:
    from als_desktop.cli import open_db
    from als_desktop.cli_output import check_output

    if args.step == "list" and args.output is not None:
        # Refused before the sign-in and the reading: an existing file is never replaced unasked.
        args.output = check_output(args.output, url, force=args.force)
    database = open_db(url)
    try:
        who = _administrator(args, database)
        if args.step == "verify":
            return _verify(args, database, who)
        return _list(args, database, who)
    finally:
        database.close()


def _administrator(args: argparse.Namespace, database: Any) -> Any:
    """The signed-in administrator as the author of the audit event; anyone else is refused (and
    the refusal recorded)."""
    from als_desktop.cli import UserError
    from als_desktop.cli_signin import sign_in
    from als_desktop.domain.roles import ADMINISTRATOR, role_label
    from als_desktop.services import audit
    from als_desktop.services.writer import this_workstation

    signed_in = sign_in(args, database)
    who = signed_in.actor(this_workstation())
    if not signed_in.is_administrator:
        with database.transaction() as session:
            audit.record(session, who, "audit", outcome="refused", detail=f"audit {args.step}: not an administrator")
        raise UserError(
            f"Reading the audit trail needs the {role_label(ADMINISTRATOR)} role; you are signed in as "
            f"{signed_in.describe()}.", "Ask the clinic's administrator.")
    return who


# ---------------------------------------------------------------------------- verify


def _verify(args: argparse.Namespace, database: Any, who: Any) -> int:
    from sqlalchemy.exc import DBAPIError

    from als_desktop.cli import write_stdout
    from als_desktop.db.database import translate_error
    from als_desktop.services import audit, trail

    # Recorded first, so that the head printed is the newest entry, this reading included.
    with database.transaction() as session:
        audit.record(session, who, "audit", detail="verified the chain" + (" against a kept head" if args.head else ""))
    try:
        with database.engine.connect() as connection:
            verdict = trail.verify(connection)
            kept = trail.check_kept_head(connection, args.head) if args.head else None
    except DBAPIError as error:
        raise translate_error(error, database) from error
    write_stdout("\n".join(verdict_lines(verdict, kept)) + "\n")
    return 0 if verdict.intact and (kept is None or kept.found) else NOT_INTACT


def verdict_lines(verdict: Any, kept: Any = None) -> list[str]:
    """What `verify` prints: the verdict, the head, and where a kept head stands."""
    if verdict.intact:
        lines = [f"The audit trail is intact: {verdict.entries:,} entries, each linked to the one before.",
                 f"Head: entry {verdict.head_seq}, hash {verdict.head_hash}"]
        if kept is None:
            lines.append("Keep this head hash somewhere other than this database; later, "
                         "`als-desktop audit verify --head HASH` shows whether the trail was cut back since.")
    else:
        problem = verdict.first_break
        lines = [f"The audit trail is NOT intact: entry {problem.seq}: {problem.problem}.",
                 (f"Checked {verdict.entries:,} entries up to there; the entries after it cannot be "
                  "trusted until the cause is found.")]
    if kept is not None:
        if not kept.found:
            lines.append(f"The kept head {kept.hash} is NOT in the trail: entries were removed or rewritten "
                         "since it was kept (or the hash was copied wrong).")
        elif kept.entries_after:
            lines.append(f"The kept head (entry {kept.seq}) is still in the trail; {kept.entries_after:,} "
                         f"{'entry' if kept.entries_after == 1 else 'entries'} came after it.")
        else:
            lines.append(f"The kept head (entry {kept.seq}) is still the newest entry.")
    return lines


# ---------------------------------------------------------------------------- list


def _list(args: argparse.Namespace, database: Any, who: Any) -> int:
    from als_desktop.cli import write_stdout
    from als_desktop.services import audit

    as_csv = args.csv or args.output is not None
    wanted = audit.AuditFilter(mrn=args.patient, user=args.by, since=args.since, events_only=args.events_only,
                               break_glass_only=args.break_glass_only, limit=None if as_csv else TABLE_MOST + 1)
    if args.output is not None:
        count = _export(args, database, who, wanted)
        write_stdout(f"Wrote {count:,} audit {'entry' if count == 1 else 'entries'} to {args.output}.\n")
        return 0
    # The same use case as Admin ▸ Audit log: the reading is recorded in the transaction that
    # reads, so nothing of the trail is shown unless its reading is in the trail.
    with database.transaction() as session:
        found = audit.read_trail(session, who, wanted)
    if as_csv:
        out = io.StringIO(newline="")
        audit.write_csv(found, out)
        write_stdout(out.getvalue())
    else:
        write_stdout(table(found[:TABLE_MOST], cut=len(found) > TABLE_MOST))
    return 0


def _export(args: argparse.Namespace, database: Any, who: Any, wanted: Any) -> int:
    """The CSV written to FILE whole (as Admin ▸ Audit log's Export CSV…), and the export recorded."""
    from als_desktop.cli import UserError
    from als_desktop.cli_output import output_refused
    from als_desktop.files import OutputRefused, why_not_written
    from als_desktop.services import audit

    try:
        with database.transaction() as session:
            return audit.export_trail_csv(session, who, wanted, args.output, replace=args.force)
    except OutputRefused as refused:
        raise output_refused(refused) from None
    except OSError as error:
        raise UserError(f"Cannot write {args.output}: {why_not_written(error)}.",
                        "Choose a folder you can write to; nothing was written.") from None


def _cell(text: str, most: int | None) -> str:
    # Names typed at a failed sign-in are kept as typed: never let one move the cursor or recolour
    # the administrator's terminal.
    printable = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return printable if most is None or len(printable) <= most else printable[:most - 1] + "…"


def table(found: list[Any], *, cut: bool = False) -> str:
    """The entries as aligned columns, newest first, and how many."""
    if not found:
        return "No audit entries match.\n"
    rows = []
    for entry in found:
        patient = " ".join(part for part in (entry.mrn, entry.patient) if part)
        values = (str(entry.seq), entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), entry.actor,
                  entry.workstation, patient, entry.action, entry.outcome, entry.detail)
        rows.append([_cell(value, CELL_MOST.get(column)) for column, value in zip(TABLE_COLUMNS, values, strict=True)])
    widths = [max(len(column), *(len(row[index]) for row in rows)) for index, column in enumerate(TABLE_COLUMNS)]

    def line(cells: list[str] | tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    lines = [line(TABLE_COLUMNS), line(["-" * width for width in widths]), *(line(row) for row in rows)]
    lines.append(f"{len(found):,} {'entry' if len(found) == 1 else 'entries'}, newest first.")
    if cut:
        lines.append(f"Only the newest {TABLE_MOST:,} are shown: narrow the list with --since, --patient or --by, "
                     "or write every entry with --csv.")
    return "\n".join(lines) + "\n"


__all__ = ["add_audit_command", "run_audit", "table", "verdict_lines"]
