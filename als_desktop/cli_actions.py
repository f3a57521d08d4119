"""The `action` command: a patient's team actions, and seeing one through to done.

    als-desktop action list MRN [--json]          open actions (overdue marked) and recently closed
    als-desktop action done ID [--note TEXT] [--on YYYY-MM-DD]
    als-desktop action cancel ID --note TEXT
    als-desktop action reopen ID --note TEXT

ID is the action's id as `action list` and `summary --json` print it. Each change goes through
the same use case as the window's Done…, Cancel action… and Reopen…, so the note is kept as the
change's reason in the history, with who and when. Registered by `cli.build_parser`
(`add_action_command`) and run by `cli.run_command` (`run_action`).
"""

from __future__ import annotations

import argparse
import json
import uuid
from typing import Any

CHANGES = {"done": "marked done", "cancel": "cancelled", "reopen": "reopened"}


def action_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        from als_desktop.cli import shown

        raise argparse.ArgumentTypeError(
            f"{shown(text)} is not a team action id; `als-desktop action list MRN` prints them") from None


def add_action_command(commands: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `action` to the `commands` of the main parser (`parents` carry --database)."""
    from als_desktop.cli import iso_date, text_argument

    action = commands.add_parser("action", parents=parents, help="list a patient's team actions, or mark one "
                                 "done, cancelled or open again")
    steps = action.add_subparsers(dest="step", metavar="STEP", required=True)
    listing = steps.add_parser("list", parents=parents, help="open actions (overdue marked) and recently closed")
    listing.add_argument("mrn", metavar="MRN", type=text_argument("mrn"), help="medical record number of the patient")
    listing.add_argument("--json", action="store_true", help="write JSON for other programs")
    done = steps.add_parser("done", parents=parents, help="mark an open action done")
    done.add_argument("id", metavar="ID", type=action_id, help="the action's id (see `action list`)")
    done.add_argument("--note", metavar="TEXT", help="what was done (kept in the history)")
    done.add_argument("--on", metavar="YYYY-MM-DD", type=iso_date, dest="done_on",
                      help="the day it was done (default today)")
    for step, what in (("cancel", "cancel an open action"), ("reopen", "open a done or cancelled action again")):
        parser = steps.add_parser(step, parents=parents, help=what)
        parser.add_argument("id", metavar="ID", type=action_id, help="the action's id (see `action list`)")
        parser.add_argument("--note", metavar="TEXT", required=True, help="why (kept in the history)")
    return action


def run_action(args: argparse.Namespace, url: str) -> int:
    from als_desktop import cli_signin
    from als_desktop.cli import open_db, plain, reading, write_stdout
    from als_desktop.services import team_actions
    from als_desktop.services.patients import patient_by_mrn

    if args.step == "list":
        database = open_db(url, writing=False)
        try:
            who = cli_signin.actor(args, cli_signin.sign_in(args, database))
            with cli_signin.audited(database, who, cli_signin.Event("open_record", detail="team actions")) as event, \
                    reading(database) as session:
                patient = patient_by_mrn(session, args.mrn)
                event.patient_id = patient.id
                found = team_actions.patient_actions(session, patient.id, _today())
                mrn, name = patient.mrn, patient.display_name
        finally:
            database.close()
        if args.json:
            document = {"patient": {"mrn": mrn, "name": name}, **team_actions.as_document(found)}
            write_stdout(json.dumps(plain(document), indent=2, ensure_ascii=False) + "\n")
        else:
            lines = [f"{name} ({mrn})", *team_actions.lines(found)]
            if found.rows:
                lines += ["Ids (for action done, cancel and reopen):"]
                lines += [f"  {row.id}  {row.owner_label}: {row.description}" for row in found.rows]
            write_stdout("\n".join(lines) + "\n")
        return 0

    database = open_db(url)
    try:
        author = cli_signin.actor(args, cli_signin.sign_in(args, database))
        with database.transaction() as session:
            current = team_actions.action_version(session, args.id)
            if args.step == "done":
                action = team_actions.mark_done(session, args.id, current, author, note=args.note,
                                                done_on=args.done_on)
            elif args.step == "cancel":
                action = team_actions.cancel(session, args.id, current, args.note, author)
            else:
                action = team_actions.reopen(session, args.id, current, args.note, author)
            description = action.description
    finally:
        database.close()
    write_stdout(f"Team action {CHANGES[args.step]}: {description}\n")
    return 0


def _today():  # noqa: ANN202 (a date; imported lazily)
    from datetime import date

    return date.today()


__all__ = ["add_action_command", "run_action"]
