"""The `user` command: the clinic's accounts from the command line.

    als-desktop user add NAME --full-name TEXT --role ROLE [--role ROLE ...] [--admin]
                              [--new-password-file FILE] [--new-database]
    als-desktop user list
    als-desktop user disable|enable|unlock NAME
    als-desktop user reset-password NAME [--new-password-file FILE]
    als-desktop user roles NAME --role ROLE [--role ROLE ...]
    als-desktop user password [--new-password-file FILE]     change your own password

A clinic without accounts starts with `user add NAME --admin`, which needs no sign-in and
creates its first administrator (the only account that chooses its own password at once);
`--new-database` lets it create the database itself. Every other use needs an administrator
signed in (--user, --password-file). A new or reset password is temporary: its holder chooses
their own at their next sign-in (`user password`). Each change is an audit event
(services/accounts.py). Registered by `cli.build_parser` and run by `cli.run_command`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from als_desktop.domain.roles import ADMINISTRATOR, ROLES


def role(text: str) -> str:
    code = text.strip().lower()
    if code not in ROLES:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a role; the roles are: {', '.join(ROLES)}")
    return code


def add_user_command(commands: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `user` to the `commands` of the main parser (`parents` carry --database and the sign-in)."""
    command = commands.add_parser("user", parents=parents, help="add, list, disable or reset the clinic's accounts")
    steps = command.add_subparsers(dest="step", metavar="STEP", required=True)

    def new_password_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--new-password-file", metavar="FILE", type=Path,
                            help="read the new password from the first line of FILE, which only you may read "
                                 "(without it, it is asked for twice at the terminal)")

    def roles_option(parser: argparse.ArgumentParser, required: bool) -> None:
        parser.add_argument("--role", dest="roles", metavar="ROLE", type=role, action="append",
                            required=required, default=[],
                            help=f"a role of the account (give one --role per role): {', '.join(ROLES)}")

    add = steps.add_parser("add", parents=parents, help="add an account (the first one: --admin, no sign-in)")
    add.add_argument("name", metavar="NAME", help="the new user name (lower-case letters, digits, '.', '_', '-')")
    add.add_argument("--full-name", required=True, metavar="TEXT", help="the person's full name")
    roles_option(add, required=False)
    add.add_argument("--admin", action="store_true", help="an administrator (manages accounts, reads the audit)")
    new_password_option(add)
    add.add_argument("--new-database", action="store_true",
                     help="with --admin: create the database if it does not exist yet (a new clinic)")

    steps.add_parser("list", parents=parents, help="every account, its roles and state")
    for step, what in (("disable", "disable an account (it is never deleted)"), ("enable", "enable it again"),
                       ("unlock", "lift the wait after failed sign-ins")):
        parser = steps.add_parser(step, parents=parents, help=what)
        parser.add_argument("name", metavar="NAME", help="the user name")
    reset = steps.add_parser("reset-password", parents=parents,
                             help="give a temporary password, to be changed at the next sign-in")
    reset.add_argument("name", metavar="NAME", help="the user name")
    new_password_option(reset)
    roles = steps.add_parser("roles", parents=parents, help="set an account's roles")
    roles.add_argument("name", metavar="NAME", help="the user name")
    roles_option(roles, required=True)
    own = steps.add_parser("password", parents=parents, help="change your own password (signed in with --user)")
    new_password_option(own)
    return command


def run_user(args: argparse.Namespace, url: str) -> int:
    if args.step == "add":
        return run_add(args, url)
    if args.step == "password":
        return run_password(args, url)
    return run_admin_step(args, url)


def run_add(args: argparse.Namespace, url: str) -> int:
    from als_desktop import cli_signin
    from als_desktop.cli import UserError, open_db
    from als_desktop.db.database import sqlite_path
    from als_desktop.services import accounts, passwords
    from als_desktop.services.writer import this_workstation

    roles = tuple(dict.fromkeys([*args.roles, *([ADMINISTRATOR] if args.admin else [])]))
    if not roles:
        raise UserError(f"Give the account at least one role with --role: {', '.join(ROLES)}.")
    path = sqlite_path(url)
    missing = path is not None and not path.expanduser().exists()
    if missing and args.new_database:
        if not args.admin:
            raise UserError("A new clinic starts with its first administrator: add --admin.")
        # Checked before the file is made, so a mistake never leaves an empty clinic behind.
        problem = accounts.user_name_problem(args.name.strip().lower()) or (
            None if args.full_name.strip() else "Give the person's full name with --full-name.")
        if problem:
            raise UserError(problem)
        password = cli_signin.new_password(args, args.name)
        problem = passwords.password_problem(password)
        if problem:
            raise UserError(problem, "Nothing was created.")
    elif args.new_database and not args.admin:
        raise UserError("--new-database goes with --admin: it is for a new clinic's first administrator.")

    database = open_db(url, create=args.new_database)
    try:
        if not cli_signin.has_accounts(database):
            if not args.admin:
                raise UserError(cli_signin.NO_ACCOUNTS)
            if not missing:
                password = cli_signin.new_password(args, args.name)
            with database.transaction() as session:
                first = accounts.create_first_administrator(
                    session, args.name, args.full_name, password, this_workstation(),
                    other_roles=tuple(code for code in roles if code != ADMINISTRATOR))
            print(f"Created the clinic's first administrator: {first.describe()}.")
            print(f"Sign in with --user {first.user_name}; add the team's accounts with `als-desktop user add`.")
            return 0
        if args.new_database and missing:
            raise UserError("This database already has accounts.")  # made meanwhile by someone else
        signed_in = cli_signin.sign_in(args, database)
        cli_signin.require_administrator(signed_in)
        temporary = cli_signin.new_password(args, args.name)
        with database.transaction() as session:
            row = accounts.add_account(session, cli_signin.actor(args, signed_in), args.name, args.full_name,
                                       roles, temporary)
    finally:
        database.close()
    print(f"Added the account '{row.user_name}' ({row.full_name}; {', '.join(row.roles)}).")
    print(f"The password is temporary: {row.user_name} chooses their own at the first sign-in "
          f"(als-desktop user password --user {row.user_name}).")
    return 0


def run_password(args: argparse.Namespace, url: str) -> int:
    from als_desktop import cli_signin
    from als_desktop.cli import UserError, open_db
    from als_desktop.services import accounts
    from als_desktop.services.writer import this_workstation

    database = open_db(url)
    try:
        if not cli_signin.has_accounts(database):
            raise UserError(cli_signin.NO_ACCOUNTS)
        user_name = (getattr(args, "user", None) or "").strip()
        if not user_name:
            raise UserError("Give your user name with --user NAME: this changes your own password.")
        current = cli_signin.password_for(args, user_name)
        signed_in = cli_signin.sign_in(args, database, changing_password=True, password=current)
        new = cli_signin.new_password(args, signed_in.user_name)
        with database.transaction() as session:
            accounts.change_password(session, signed_in, this_workstation(), current, new)
    finally:
        database.close()
    print(f"Changed the password of '{signed_in.user_name}'.")
    return 0


def run_admin_step(args: argparse.Namespace, url: str) -> int:
    from als_desktop import cli_signin
    from als_desktop.cli import open_db, write_stdout
    from als_desktop.services import accounts

    database = open_db(url, writing=args.step != "list")
    try:
        signed_in = cli_signin.sign_in(args, database)
        cli_signin.require_administrator(signed_in)
        by = cli_signin.actor(args, signed_in)
        if args.step == "list":
            with database.reading() as session:
                write_stdout("\n".join(account_lines(accounts.list_accounts(session))) + "\n")
            return 0
        temporary = cli_signin.new_password(args, args.name) if args.step == "reset-password" else ""
        with database.transaction() as session:
            if args.step == "disable":
                accounts.disable(session, by, args.name)
            elif args.step == "enable":
                accounts.enable(session, by, args.name)
            elif args.step == "unlock":
                accounts.unlock(session, by, args.name)
            elif args.step == "reset-password":
                accounts.reset_password(session, by, args.name, temporary)
            else:
                accounts.set_roles(session, by, args.name, args.roles)
    finally:
        database.close()
    name = args.name.strip().lower()
    if args.step == "roles":
        print(f"The roles of '{name}' are now: {', '.join(dict.fromkeys(args.roles))}.")
    else:
        print({"disable": f"Disabled the account '{name}'.", "enable": f"Enabled the account '{name}'.",
               "unlock": f"Unlocked the account '{name}': it may sign in again.",
               "reset-password": f"Reset the password of '{name}': they choose their own at the next sign-in."
               }[args.step])
    return 0


def account_lines(rows: list[Any]) -> list[str]:
    """One line per account: name, full name, roles, and what stands in its way."""
    from datetime import datetime

    table = [("USER", "FULL NAME", "ROLES", "STATE")]
    for row in rows:
        state = []
        if row.disabled:
            state.append("disabled")
        if row.must_change_password:
            state.append("must change password")
        if row.waiting_until is not None and row.waiting_until > datetime.now(row.waiting_until.tzinfo):
            state.append(f"waiting until {row.waiting_until.astimezone():%H:%M:%S} ({row.failed_attempts} failed)")
        elif row.failed_attempts:
            state.append(f"{row.failed_attempts} failed sign-ins")
        table.append((row.user_name, row.full_name, ", ".join(row.roles), "; ".join(state) or "active"))
    widths = [max(len(line[column]) for line in table) for column in range(3)]
    return [f"{name:<{widths[0]}}  {full:<{widths[1]}}  {roles:<{widths[2]}}  {state}".rstrip()
            for name, full, roles, state in table]


__all__ = ["add_user_command", "run_user"]
