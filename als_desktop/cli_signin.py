"""The command line acts as a signed-in person: `--user NAME` with the password asked for at a
terminal or read from `--password-file FILE`, and `--break-glass REASON`.

The user and password are never taken from the environment: an author that a variable could
set would be no author at all. A password file must be readable by its owner only (as ssh
demands of a private key), since anyone who can read it can act as that person. Every sign-in
and every failed one is an audit event, committed even when the command then stops.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import stat
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from als_desktop.db import Database
    from als_desktop.services.accounts import SignedIn
    from als_desktop.services.writer import Actor

log = logging.getLogger(__name__)

FIRST_ADMINISTRATOR = ("create the first administrator with `als-desktop user add NAME --admin "
                       "--full-name \"...\"` (it asks for the password, or reads it with --new-password-file FILE)")
NO_ACCOUNTS = f"This clinic has no accounts yet; {FIRST_ADMINISTRATOR}."


def add_signin_options(parser: argparse.ArgumentParser) -> None:
    """--user, --password-file and --break-glass, on the main parser and on every command.

    SUPPRESS keeps a command's parser from overwriting a value given before the command."""
    parser.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                        help="your user name: every command that reads or changes patients signs in first")
    parser.add_argument("--password-file", metavar="FILE", type=Path, default=argparse.SUPPRESS,
                        help="read your password from the first line of FILE, which only you may read "
                             "(chmod 600 FILE); without it the password is asked for at the terminal")
    parser.add_argument("--break-glass", metavar="REASON", default=argparse.SUPPRESS,
                        help="write a record your roles do not cover, in an emergency: the reason is kept "
                             "and the change flagged for the administrator to review")


def private_password(path: Path, option: str = "--password-file") -> str:
    """The first line of a password file that only its owner can read."""
    from als_desktop.cli import UserError

    path = path.expanduser()
    try:
        status = path.stat()
    except OSError as error:
        raise UserError(f"The password file {path} cannot be read ({(error.strerror or str(error)).lower()}).",
                        f"Check the path given with {option}.") from None
    if not stat.S_ISREG(status.st_mode):
        raise UserError(f"{path} is not a regular file: give a password file with {option}.")
    if os.name == "posix" and status.st_mode & 0o077:
        raise UserError(
            f"The password file {path} can be read by other accounts on this computer "
            f"(permissions {stat.S_IMODE(status.st_mode):04o}); it was not used.",
            f"Make it readable by you only: chmod 600 {path}")
    try:
        with path.open(encoding="utf-8", newline="") as file:
            line = file.readline(4096)
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"The password file {path} cannot be read ({error}).") from None
    password = line.rstrip("\r\n")
    if not password:
        raise UserError(f"The first line of the password file {path} is empty: write the password on it.")
    return password


def at_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # a closed or replaced standard input
        return False


def password_for(args: argparse.Namespace, user_name: str) -> str:
    from als_desktop.cli import UserError

    path = getattr(args, "password_file", None)
    if path is not None:
        return private_password(path)
    if not at_terminal():
        raise UserError(
            "There is no terminal to ask for the password: give it in a file only you can read, "
            "with --password-file FILE (chmod 600 FILE).")
    try:
        return getpass.getpass(f"Password for {user_name}: ")
    except EOFError:
        raise UserError("No password was typed; nothing was done.") from None


def new_password(args: argparse.Namespace, whose: str) -> str:
    """A new password: from --new-password-file, or typed twice at the terminal."""
    from als_desktop.cli import UserError

    path = getattr(args, "new_password_file", None)
    if path is not None:
        return private_password(path, "--new-password-file")
    if not at_terminal():
        raise UserError(
            "There is no terminal to ask for the new password: give it in a file only you can read, "
            "with --new-password-file FILE (chmod 600 FILE).")
    try:
        first = getpass.getpass(f"New password for {whose}: ")
        again = getpass.getpass("The same password again: ")
    except EOFError:
        raise UserError("No password was typed; nothing was done.") from None
    if first != again:
        raise UserError("The two passwords are not the same; nothing was done.")
    return first


def has_accounts(database: Database) -> bool:
    from als_desktop.cli import reading
    from als_desktop.services import accounts

    with reading(database) as session:
        return accounts.has_accounts(session)


def sign_in(args: argparse.Namespace, database: Database, *, changing_password: bool = False,
            password: str | None = None) -> SignedIn:
    """The person named by --user, once their password is checked; UserError says what to do.

    `changing_password`: the person is about to choose their own password (`user password`),
    so an account that must change it is let through; that command reads the current
    `password` itself (password_for), as it needs it again."""
    from als_desktop.cli import UserError
    from als_desktop.services import accounts
    from als_desktop.services.writer import this_workstation

    if not has_accounts(database):
        raise UserError(NO_ACCOUNTS)
    user_name = getattr(args, "user", None)
    if not user_name or not user_name.strip():
        raise UserError("Sign in first: give your user name with --user NAME (the password is asked for at "
                        "the terminal, or read from a file only you can read with --password-file FILE).")
    if password is None:
        password = password_for(args, user_name.strip())
    # The outcome is committed whatever it is: a failed sign-in must stay in the trail.
    with database.transaction() as session:
        result = accounts.sign_in(session, user_name, password, this_workstation())
    if result.signed_in is None:
        raise UserError(f"Not signed in: {result.message}", "Nothing was read or changed.")
    signed_in = result.signed_in
    if signed_in.must_change_password and not changing_password:
        raise UserError(
            f"The account '{signed_in.user_name}' must choose its own password before going on.",
            f"Change it with: als-desktop user password --user {signed_in.user_name} "
            "(or give the new one with --new-password-file FILE); then run the command again.")
    args.signed_in = signed_in
    log.info("signed in as %s", signed_in.user_name)
    return signed_in


def actor(args: argparse.Namespace, signed_in: SignedIn) -> Actor:
    """The author of the command's writes and events: the signed-in account, on this workstation."""
    from als_desktop.services.writer import this_workstation

    reason = getattr(args, "break_glass", None)
    return signed_in.actor(this_workstation(), break_glass=reason.strip() if reason and reason.strip() else None)


def require_administrator(signed_in: SignedIn) -> None:
    from als_desktop.cli import UserError

    if not signed_in.is_administrator:
        raise UserError(f"Only an administrator can manage accounts; '{signed_in.user_name}' is not one.",
                        "Ask the clinic's administrator.")


@dataclass
class Event:
    """An audit event a command records once it knows how it ended (filled in as it goes)."""

    name: str
    patient_id: uuid.UUID | None = None
    source: str | None = None
    detail: str | None = None


def record(database: Database, who: Any, event: Event, outcome: str = "done") -> None:
    """Append `event` in its own small transaction."""
    from als_desktop.services import audit

    with database.transaction() as session:
        audit.record(session, who, event.name, patient_id=event.patient_id, outcome=outcome,
                     detail=event.detail, source=event.source)


def record_failure(database: Database, who: Any, event: Event, outcome: str = "failed") -> None:
    """The command failed after signing in: say so in the trail, without hiding its own error.
    `who` None: the sign-in itself failed, and that is already in the trail."""
    if who is None:
        return
    try:
        record(database, who, event, outcome=outcome)
    except Exception:  # the command's error is the one the person must see
        log.exception("could not record the failed %s in the audit trail", event.name)


@contextmanager
def audited(database: Database, who: Any, event: Event) -> Iterator[Event]:
    """Record `event` once the work inside has ended: done, or failed if it raised."""
    try:
        yield event
    except Exception:
        record_failure(database, who, event)
        raise
    record(database, who, event)


__all__ = [
    "NO_ACCOUNTS",
    "Event",
    "actor",
    "add_signin_options",
    "audited",
    "new_password",
    "password_for",
    "private_password",
    "record",
    "record_failure",
    "require_administrator",
    "sign_in",
]
