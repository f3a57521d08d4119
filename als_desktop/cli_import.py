"""The `import` command: bring a patient record file into the database, losing nothing newer.

    als-desktop import FILE [--keep-clinic | --take-file]

Each row of the file is matched by id and decided on its own (docs/record-format.md): added,
given the file's changes, or left as the clinic has it. Rows changed both in the file and here
since the file was written are conflicts: they are listed with both values and who changed them
here, nothing is imported and the command exits with status 3, unless --keep-clinic (keep the
clinic's values of those rows) or --take-file (apply the file's values as a change by you) says
whose values win. An invalid file is refused whole with a message per field (status 2).

Registered by `cli.build_parser` (`add_import_command`) and run by `cli.run_command`.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Exit status when the file and the clinic both changed some rows and no choice was given.
CONFLICTS = 3

DESCRIPTION = (
    "Create or update a patient from a patient record file (as written by export). Records are "
    "matched by id: new ones are added; a record the clinic has not changed since the file was "
    "written takes the file's changes (recorded as a change by you); a record changed here since "
    "is kept. A record changed both in the file and here is a conflict: nothing is imported and "
    f"the conflicts are listed (exit status {CONFLICTS}) unless --keep-clinic or --take-file says "
    "whose values win. An import never undoes a void, never lowers a version and never rewrites "
    "who created a record."
)


def add_import_command(commands: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `import` to the `commands` of the main parser (`parents` carry --database)."""
    command = commands.add_parser("import", parents=parents, description=DESCRIPTION,
                                  help="create or update a patient from an exported JSON file")
    command.add_argument("file", metavar="FILE", type=Path, help="patient record file (JSON)")
    choice = command.add_mutually_exclusive_group()
    choice.add_argument("--keep-clinic", dest="resolution", action="store_const", const="keep_clinic",
                        help="for records changed both in the file and here: keep the clinic's values")
    choice.add_argument("--take-file", dest="resolution", action="store_const", const="take_file",
                        help="for records changed both in the file and here: apply the file's values "
                             "as a change by you")
    command.add_argument("--new-database", action="store_true",
                         help="a missing database is refused, so a typing error never starts a new clinic: a new "
                              "clinic starts with its first administrator (`als-desktop user add NAME --admin "
                              "--new-database`), who then imports")
    return command


def run_import(args: argparse.Namespace, url: str) -> int:
    from sqlalchemy.exc import IntegrityError

    from als_desktop import cli_signin
    from als_desktop.cli import UserError, open_db, report
    from als_desktop.db.database import sqlite_path
    from als_desktop.services.errors import RoleRequired, ValidationError
    from als_desktop.services.exchange import (
        ImportConflict,
        RecordFileError,
        conflict_lines,
        import_patient_record,
        outcome_lines,
        read_record_file,
    )
    from als_desktop.services.exchange_outcome import plural

    try:
        document = read_record_file(args.file)
    except RecordFileError as error:
        raise UserError(*error.lines) from None
    database_file = sqlite_path(url)
    if args.new_database and database_file is not None and not database_file.expanduser().exists():
        # A new clinic has no account yet, so nobody could sign in to import into it.
        raise UserError(f"There is no database at {database_file.expanduser()}; nothing was imported.",
                        "A new clinic starts with its first administrator: als-desktop user add NAME --admin "
                        "--full-name \"...\" --new-database --database PATH; then import as that person.")
    database = open_db(url)
    event = cli_signin.Event("import", source=args.file.name)
    who = None
    try:
        who = cli_signin.actor(args, cli_signin.sign_in(args, database))
        with database.transaction() as session:
            result = import_patient_record(session, document, who,
                                           resolution=args.resolution, source_name=args.file.name)
        event.patient_id = result.patient_id
        cli_signin.record(database, who, event)
    except RoleRequired:
        event.detail = "without the role"
        cli_signin.record_failure(database, who, event, outcome="refused")
        raise
    except ValidationError as error:
        event.detail = "invalid file"
        cli_signin.record_failure(database, who, event)
        count = len(error.errors)
        raise UserError(
            f"{args.file} was not imported: {count} problem{'s' if count != 1 else ''} found. "
            "Nothing was changed.",
            *(f"  {path}: {message}" for path, message in error.errors.items()),
        ) from None
    except ImportConflict as conflict:
        event.detail = f"{plural(len(conflict.conflicts), 'conflict')}: nothing imported"
        cli_signin.record_failure(database, who, event, outcome="refused")
        rows = plural(len(conflict.conflicts), "record")
        report(f"{args.file} was not imported: {rows} changed both in this file and here since the file "
               "was written:", *conflict_lines(conflict.conflicts),
               "Nothing was changed. Import again with --keep-clinic to keep the clinic's values of these "
               "records, or with --take-file to apply the file's values as a change by you; the rest of "
               "the file is imported either way.")
        return CONFLICTS
    except IntegrityError as error:
        log.warning("import of a record file refused by the database: %s", error.orig)
        event.detail = "refused by the database"
        cli_signin.record_failure(database, who, event)
        from als_desktop.db.refusals import refusal_message

        raise UserError(f"{args.file} was not imported: the database refused it. {refusal_message(error)}",
                        "Nothing was changed.") from None
    finally:
        database.close()
    print("\n".join(outcome_lines(result, f" in {database.description}")))
    return 0
