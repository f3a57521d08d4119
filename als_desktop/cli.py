"""The `als-desktop` command: the window by default, and commands that need no window.

    als-desktop                              open the main window
    als-desktop demo --patients N [--seed S] add synthetic demo patients
    als-desktop export MRN [-o FILE [--force]]
                                             one patient's record as JSON
    als-desktop import FILE [--keep-clinic | --take-file]
                                             create or update a patient from such a file
    als-desktop summary MRN [--json]         derived measures and the prompts in force
    als-desktop report MRN [--visit DATE] [--family] -o FILE.pdf [--force]
                                             the team care plan of a visit as a PDF
    als-desktop report --clinic-day DATE -o FOLDER [--family] [--force]
                                             one team plan PDF per visit of that day
    als-desktop history MRN [--json]         every change to a patient's record, newest first
    als-desktop user add|list|disable|enable|reset-password|unlock|roles|password
                                             the clinic's accounts (cli_users.py)
    als-desktop audit verify|list            check and read the audit trail (cli_audit.py)

`--database PATH_OR_URL` (before or after the command; or ALS_DESKTOP_DATABASE) chooses the
database. Every command that reads or changes patients signs in first: `--user NAME` with the
password asked for at a terminal or read with `--password-file FILE` (never from the
environment), and acts as that account; what it opened, exported, reported or imported is an
audit event (cli_signin.py), so even a reader waits for the write lock to record it. Mistakes a
user can make (a wrong path, an unknown MRN, an invalid file) end with a message on stderr and
exit code 2, never a traceback; anything unexpected is logged with its traceback and ends with
exit code 1 and the log file's path. Only `demo` and a new clinic's first administrator
(`user add NAME --admin --new-database`) create a database; no -o ever
replaces a database, a backup or what is not a regular file, nor an existing file without
--force (files.py).

Start-up stays light: Qt is imported only to open the window, the services only by the
command that needs them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from als_desktop import APP_NAME, __version__, config
from als_desktop.cli_actions import add_action_command, run_action
from als_desktop.cli_audit import add_audit_command, run_audit
from als_desktop.cli_history import add_history_command, run_history
from als_desktop.cli_import import add_import_command, run_import
from als_desktop.cli_report import add_report_command, run_report
from als_desktop.cli_signin import add_signin_options
from als_desktop.cli_summary import (  # noqa: F401
    PROMPT_KEYS,
    SUMMARY_KEYS,
    add_summary_command,
    run_summary,
)
from als_desktop.cli_users import add_user_command, run_user

log = logging.getLogger(__name__)

USER_ERROR = 2
UNEXPECTED = 1


class UserError(Exception):
    """A problem the user can fix; `lines` are printed to stderr as they are."""

    def __init__(self, *lines: str) -> None:
        super().__init__(" ".join(lines))
        self.lines = lines


# ---------------------------------------------------------------------------- arguments


# One demo run is one transaction: a mistyped 10**9 would fill the disk before it ended.
MOST_DEMO_PATIENTS = 10_000


def shown(text: str, most: int = 40) -> str:
    """What was typed, quoted in a message: shortened, and with control characters made visible."""
    quoted = repr(text[:most])[1:-1]
    return f"'{quoted}…' ({len(text):,} characters)" if len(text) > most else f"'{quoted}'"


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # also a number too long to read (more than 4,300 digits)
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a whole number") from None


def demo_count(text: str) -> int:
    value = whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"give at least 1 (entered {shown(text)})")
    if value > MOST_DEMO_PATIENTS:
        raise argparse.ArgumentTypeError(
            f"give at most {MOST_DEMO_PATIENTS:,} at a time (entered {shown(text)}); run demo again to add more")
    return value


def text_argument(field: str) -> Any:
    """An argument that names a record by one of its fields (MRN, site) obeys that field's rule,
    so a stray line break, escape sequence or a pasted page is refused before any lookup."""
    from als_desktop.domain.text_rules import TEXT_RULES, text_problem

    rule = TEXT_RULES[field]

    def parse(text: str) -> str:
        problem = text_problem(rule, text, required=True)
        if problem is None and not text.strip():
            problem = f"{rule.label} is empty: give it in full."
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return text

    parse.__name__ = field  # argparse names the type in some messages
    return parse


def database_argument(text: str) -> str:
    """--database: a file path, or a URL of a kind the program can open (never echoing a password)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give the database file or URL (it is empty)")
    if "://" not in text:
        return text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    kinds = "a file path, sqlite:///PATH or postgresql+psycopg://USER@SERVER/DATABASE"
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise argparse.ArgumentTypeError(f"this URL cannot be read as a database URL; give {kinds}") from None
    try:
        url.get_dialect()
    except ArgumentError:  # NoSuchModuleError: no such kind of database, or its driver is unknown
        raise argparse.ArgumentTypeError(
            f"'{url.drivername}' is not a kind of database this program can open; give {kinds}") from None
    return text


def output_path(text: str) -> Path:
    """-o FILE: an empty name would become '.', the current folder; say so instead."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give the name of the file to write (it is empty)")
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    # --database and the sign-in on the main parser and on every command, so they may come
    # before or after it; SUPPRESS keeps a command's parser from overwriting a value given before.
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument(
        "--database", metavar="PATH_OR_URL", default=argparse.SUPPRESS, type=database_argument,
        help=f"database file or SQLAlchemy URL (default: ${config.ENV_DATABASE}, "
             "else clinic.sqlite in your data folder)",
    )
    add_signin_options(database)
    parser = argparse.ArgumentParser(
        prog="als-desktop", parents=[database],
        description=f"{APP_NAME}: the shared record of a multidisciplinary ALS clinic. "
                    "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[database], help="add synthetic demo patients (MRNs DEMO-nnnnn)")
    demo.add_argument("--patients", type=demo_count, required=True, metavar="N",
                      help=f"how many patients (1 to {MOST_DEMO_PATIENTS:,})")
    demo.add_argument("--seed", type=whole_number, default=1, metavar="S",
                      help="random seed: the same seed on the same day gives the same patients (default 1)")
    demo.add_argument("--force", action="store_true",
                      help="add them even though the database already holds non-demo patients")

    export = commands.add_parser("export", parents=[database], help="write a patient's whole record as JSON")
    export.add_argument("mrn", metavar="MRN", type=text_argument("mrn"), help="medical record number of the patient")
    export.add_argument("-o", "--output", metavar="FILE", type=output_path,
                        help="file to write (default: standard output)")
    export.add_argument("--force", action="store_true", help="replace FILE if it is already there")

    add_import_command(commands, [database])

    add_summary_command(commands, [database])
    add_report_command(commands, [database])
    add_history_command(commands, [database])
    add_action_command(commands, [database])
    add_user_command(commands, [database])
    add_audit_command(commands, [database])
    return parser


def iso_date(text: str) -> date:
    """A calendar date written YYYY-MM-DD exactly (not 20240101, which date.fromisoformat also
    reads), from 1900 on, as every date of the record."""
    import re

    from als_desktop.domain.limits import EARLIEST_BIRTH

    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a date written YYYY-MM-DD") from None
    if day < EARLIEST_BIRTH:
        raise argparse.ArgumentTypeError(f"{shown(text)} is before {EARLIEST_BIRTH.year}, before any date of the record")
    return day


# ---------------------------------------------------------------------------- commands


def open_db(url: str, *, create: bool = False, writing: bool = True):  # noqa: ANN201 (Database, imported lazily)
    """Only `demo` creates a database; readers (`writing=False`) open while another process writes."""
    from als_desktop.db import open_database

    database = open_database(url, create=create, writing=writing, backups=config.paths().backups)
    if database.unreadable:
        # The command goes on without those rows; the user must know what it left out.
        print(f"als-desktop: note: {database.unreadable.notice()}", file=sys.stderr)
    return database


@contextmanager
def reading(database: Any) -> Iterator[Any]:
    """A read-only session whose driver errors (locked, damaged) read as DatabaseProblem."""
    from sqlalchemy.exc import DBAPIError

    from als_desktop.db.database import translate_error

    try:
        with database.reading() as session:
            yield session
    except DBAPIError as error:
        raise translate_error(error, database) from error


def demo_clinic(session: Any) -> tuple[int, bool]:
    """(patients who are not demo patients, whether the file is a demo clinic): a demo clinic has
    only demo patients, and no account or the demo accounts (which only a demo clinic gets)."""
    from sqlalchemy import func, select

    from als_desktop.models import Account, Patient
    from als_desktop.services import demo, demo_accounts

    others = session.scalar(select(func.count()).select_from(Patient)
                            .where(Patient.mrn.not_like(f"{demo.MRN_PREFIX}%")))
    has_accounts = session.scalar(select(Account.id).limit(1)) is not None
    demo_admin = demo_accounts.DEMO_ACCOUNTS[0][0]
    has_demo_accounts = session.scalar(select(Account.id).where(
        Account.user_name == demo_admin, Account.created_by == "demo")) is not None
    return others, not others and (not has_accounts or has_demo_accounts)


def run_demo(args: argparse.Namespace, url: str) -> int:
    from als_desktop import cli_signin
    from als_desktop.services import demo, demo_accounts

    database = open_db(url, create=True)
    try:
        with reading(database) as session:
            others, is_demo = demo_clinic(session)
        if others and not args.force:
            raise UserError(
                f"The database {database.description} already holds patients who are not demo "
                f"patients ({others}).",
                "Demo patients would be mixed into that record: choose another file with --database, "
                "or add --force if that is really what you want.",
            )
        if not is_demo:
            # A real clinic's record: only one of its members may add demo patients to it.
            cli_signin.sign_in(args, database)
        started = time.perf_counter()
        with reading(database) as session:
            first = demo.next_number(session)
        created = demo.populate(database, args.patients, seed=args.seed)
        seconds = time.perf_counter() - started
        with reading(database) as session:
            banner = demo_clinic(session)[1]
    finally:
        database.close()
    last = first + created - 1
    print(f"Added {created} demo patient{'s' if created != 1 else ''} ({demo.MRN_PREFIX}{first:05d} to {demo.MRN_PREFIX}{last:05d}, "
          f"seed {args.seed}) to {database.description} in {seconds:.1f} s.")
    if banner:
        print("\n".join(demo_accounts.banner_lines()))
    return 0


def run_export(args: argparse.Namespace, url: str) -> int:
    from als_desktop import cli_signin
    from als_desktop.cli_output import check_output, write_output
    from als_desktop.services.exchange import export_patient
    from als_desktop.services.patients import patient_by_mrn

    if args.output is not None:
        args.output = check_output(args.output, url, force=args.force)
    database = open_db(url, writing=False)
    try:
        who = cli_signin.actor(args, cli_signin.sign_in(args, database))
        where = str(args.output) if args.output is not None else "standard output"
        with cli_signin.audited(database, who, cli_signin.Event("export", source=where)) as event:
            with reading(database) as session:
                event.patient_id = patient_by_mrn(session, args.mrn).id
                document = export_patient(session, args.mrn)
            text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            if args.output is None:
                write_stdout(text)
            else:
                write_output(args.output, text.encode("utf-8"), url, force=args.force)
    finally:
        database.close()
    if args.output is not None:
        patient = document["patient"]
        print(f"Exported {patient['mrn']} ({patient['family_name'].upper()}, {patient['given_name']}) to {args.output}.")
    return 0


# ---------------------------------------------------------------------------- output

def write_stdout(text: str) -> None:
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def plain(value: Any) -> Any:
    """Dataclasses, mappings and tuples as JSON values; dates as ISO text."""
    import dataclasses
    from collections.abc import Mapping

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 3)
    return value


COMMANDS = {"demo": run_demo, "export": run_export, "import": run_import, "summary": run_summary,
            "report": run_report, "history": run_history, "action": run_action, "user": run_user,
            "audit": run_audit}


# ---------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    from als_desktop.private_files import restrict_new_files

    restrict_new_files()  # before the first file: the log, the database, every export
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a usage error already explained
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else USER_ERROR
    explicit = getattr(args, "database", None)
    if explicit is None and os.environ.get(config.ENV_DATABASE) and args.command is not None:
        # Checked as --database is: a mistyped URL gets a message, not an unexpected error (the
        # window shows open_database's message instead).
        try:
            database_argument(os.environ[config.ENV_DATABASE])
        except argparse.ArgumentTypeError as error:
            print(f"als-desktop: {config.ENV_DATABASE}: {error}.", file=sys.stderr)
            return USER_ERROR
    url = config.database_url(explicit)
    if args.command is None:
        from als_desktop.app import run_window

        return run_window(url)
    return run_command(args, url)


def run_command(args: argparse.Namespace, url: str) -> int:
    from als_desktop.db import DatabaseProblem
    from als_desktop.logging_setup import loggable_url, mask_secrets, setup_logging
    from als_desktop.private_files import tighten_at_start
    from als_desktop.services.errors import RecordError, RoleRequired

    log_file = config.paths().log_file
    try:
        setup_logging(log_file)
    except OSError as error:
        print(f"als-desktop: note: cannot write the log file {log_file} ({error.strerror}).", file=sys.stderr)
    log.info("%s %s: %s on %s", APP_NAME, __version__, args.command, loggable_url(url))
    try:
        tighten_at_start(url)
        return COMMANDS[args.command](args, url)
    except UserError as error:
        report(*error.lines)
    except DatabaseProblem as problem:
        report(problem.what, problem.advice)
    except RoleRequired as error:
        report(str(error), "In an emergency, run the command again with --break-glass \"REASON\": the change is "
               "made, and flagged with your reason for the administrator to review.")
    except RecordError as error:  # NotFoundError, ValidationError, StaleRecordError, AccountError
        report(str(error))
    except KeyboardInterrupt:
        report("Interrupted; nothing more was changed.")
    except Exception as error:
        log.exception("unexpected error in als-desktop %s", args.command)
        # The error's first line only, with any password or key hidden: it goes to the terminal.
        summary = mask_secrets(str(error).strip().splitlines()[0][:200]) if str(error).strip() else ""
        print(f"als-desktop: unexpected error: {type(error).__name__}: {summary}\n"
              f"The details are in the log file {log_file}; please send it to your IT support.",
              file=sys.stderr)
        return UNEXPECTED
    return USER_ERROR


def report(*lines: str) -> None:
    log.warning("command refused (the reason, which may quote a record, went to standard error only)")
    print(f"als-desktop: {lines[0]}", file=sys.stderr)
    for line in lines[1:]:
        print(line, file=sys.stderr)
