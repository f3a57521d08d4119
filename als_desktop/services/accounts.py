"""The clinic's accounts: the first administrator, adding, disabling, resetting, signing in.

Every account change and every sign-in (and failed one) is an audit event. Nothing here
deletes an account: its name stays on every change it made. After `FREE_ATTEMPTS` failed
sign-ins in a row an account waits before the next try, twice as long after each further
failure (up to `LONGEST_WAIT`); an administrator can lift the wait (`unlock`).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from als_desktop.domain.roles import (
    ADMINISTRATOR,
    ROLES,
    parse_roles,
    role_label,
    stored_roles,
)
from als_desktop.models import Account, utc_now

from . import audit, passwords
from .errors import AccountError, NotFoundError
from .writer import Actor

FREE_ATTEMPTS = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=30)
USER_NAME = re.compile(r"[a-z][a-z0-9._-]{1,39}")


@dataclass(frozen=True)
class SignedIn:
    """The person at the keyboard, as the window and the command line hold them."""

    account_id: uuid.UUID
    user_name: str
    full_name: str
    roles: tuple[str, ...]
    must_change_password: bool = False

    @property
    def is_administrator(self) -> bool:
        return ADMINISTRATOR in self.roles

    def actor(self, workstation: str, break_glass: str | None = None) -> Actor:
        return Actor(self.user_name, workstation, frozenset(self.roles), break_glass)

    def describe(self) -> str:
        return f"{self.full_name} ({self.user_name}; {', '.join(role_label(r) for r in self.roles)})"


@dataclass(frozen=True)
class AccountRow:
    user_name: str
    full_name: str
    roles: tuple[str, ...]
    disabled: bool
    must_change_password: bool
    failed_attempts: int
    waiting_until: datetime | None


@dataclass(frozen=True)
class SignInResult:
    """A sign-in's outcome: `signed_in` when it worked, otherwise a message for the person."""

    signed_in: SignedIn | None
    message: str = ""
    wait_until: datetime | None = None


def _signed_in(account: Account) -> SignedIn:
    return SignedIn(account.id, account.user_name, account.full_name, parse_roles(account.roles),
                    account.must_change_password)


def user_name_problem(user_name: str) -> str | None:
    if not USER_NAME.fullmatch(user_name):
        return ("A user name is 2 to 40 characters: lower-case letters, digits, '.', '_' or '-', "
                "starting with a letter (for example 'j.smith').")
    return None


def _normalised(user_name: str) -> str:
    return user_name.strip().lower()


def has_accounts(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Account)))


def _by_name(session: Session, user_name: str) -> Account:
    account = session.scalar(select(Account).where(Account.user_name == _normalised(user_name)))
    if account is None:
        raise NotFoundError(f"There is no account '{_normalised(user_name)}'.")
    return account


def _require_admin(by: Actor) -> None:
    if by.roles is not None and ADMINISTRATOR not in by.roles:
        raise AccountError("Only an administrator can manage accounts.")


def _checked_new(session: Session, user_name: str, full_name: str, roles: tuple[str, ...] | list[str],
                 password: str) -> tuple[str, str, str]:
    name = _normalised(user_name)
    problem = user_name_problem(name)
    if problem:
        raise AccountError(problem)
    if session.scalar(select(Account.id).where(Account.user_name == name)) is not None:
        raise AccountError(f"There is already an account '{name}'. Choose another user name.")
    full = " ".join(full_name.split())
    if not full or len(full) > 120:
        raise AccountError("Give the person's full name (up to 120 characters).")
    if not roles:
        raise AccountError(f"Give at least one role: {', '.join(ROLES)}.")
    try:
        stored = stored_roles(roles)
    except ValueError as error:
        raise AccountError(str(error)) from None
    problem = passwords.password_problem(password)
    if problem:
        raise AccountError(problem)
    return name, full, stored


def _new_account(name: str, full: str, stored: str, password: str, by: str, must_change: bool) -> Account:
    now = utc_now()
    return Account(user_name=name, full_name=full, roles=stored, password_hash=passwords.hash_password(password),
                   must_change_password=must_change, failed_attempts=0, created_at=now, created_by=by,
                   updated_at=now, updated_by=by)


def create_first_administrator(
    session: Session, user_name: str, full_name: str, password: str, workstation: str,
    other_roles: tuple[str, ...] = (),
) -> SignedIn:
    """The clinic's first account, possible only while there is none; they chose the password."""
    if has_accounts(session):
        raise AccountError("This clinic already has accounts: an administrator adds new ones.")
    name, full, stored = _checked_new(session, user_name, full_name, (ADMINISTRATOR, *other_roles), password)
    account = _new_account(name, full, stored, password, name, must_change=False)
    session.add(account)
    session.flush()
    actor = Actor(name, workstation, frozenset(parse_roles(stored)))
    audit.record(session, actor, "account", detail=f"first administrator '{name}' created")
    return _signed_in(account)


def add_account(
    session: Session, by: Actor, user_name: str, full_name: str, roles: tuple[str, ...] | list[str],
    temporary_password: str,
) -> AccountRow:
    """A new account whose holder must choose their own password at first sign-in."""
    _require_admin(by)
    name, full, stored = _checked_new(session, user_name, full_name, roles, temporary_password)
    account = _new_account(name, full, stored, temporary_password, by.name, must_change=True)
    session.add(account)
    session.flush()
    audit.record(session, by, "account", detail=f"account '{name}' added with roles {stored.replace(' ', ', ')}")
    return _row(account)


def list_accounts(session: Session) -> list[AccountRow]:
    return [_row(a) for a in session.scalars(select(Account).order_by(Account.user_name))]


def _row(account: Account) -> AccountRow:
    return AccountRow(account.user_name, account.full_name, parse_roles(account.roles), account.is_disabled,
                      account.must_change_password, account.failed_attempts, _wait_until(account))


def _touch(account: Account, by: Actor) -> None:
    account.updated_at = utc_now()
    account.updated_by = by.name


def disable(session: Session, by: Actor, user_name: str) -> None:
    _require_admin(by)
    account = _by_name(session, user_name)
    if account.is_disabled:
        raise AccountError(f"The account '{account.user_name}' is already disabled.")
    if account.user_name == by.name:
        raise AccountError("You cannot disable your own account: ask another administrator.")
    if ADMINISTRATOR in parse_roles(account.roles) and _active_administrators(session) <= 1:
        raise AccountError("This is the clinic's only active administrator: add another administrator first.")
    account.disabled_at, account.disabled_by = utc_now(), by.name
    _touch(account, by)
    audit.record(session, by, "account", detail=f"account '{account.user_name}' disabled")


def enable(session: Session, by: Actor, user_name: str) -> None:
    _require_admin(by)
    account = _by_name(session, user_name)
    if not account.is_disabled:
        raise AccountError(f"The account '{account.user_name}' is not disabled.")
    account.disabled_at = account.disabled_by = None
    _touch(account, by)
    audit.record(session, by, "account", detail=f"account '{account.user_name}' enabled")


def set_roles(session: Session, by: Actor, user_name: str, roles: tuple[str, ...] | list[str]) -> None:
    _require_admin(by)
    account = _by_name(session, user_name)
    try:
        stored = stored_roles(roles)
    except ValueError as error:
        raise AccountError(str(error)) from None
    if not stored:
        raise AccountError("An account needs at least one role.")
    losing_admin = ADMINISTRATOR in parse_roles(account.roles) and ADMINISTRATOR not in stored.split()
    if losing_admin and _active_administrators(session) <= 1:
        raise AccountError("This is the clinic's only active administrator: add another administrator first.")
    before = account.roles
    account.roles = stored
    _touch(account, by)
    audit.record(session, by, "account",
                 detail=f"roles of '{account.user_name}': {before.replace(' ', ', ')} → {stored.replace(' ', ', ')}")


def reset_password(session: Session, by: Actor, user_name: str, temporary_password: str) -> None:
    """A temporary password the holder must change at their next sign-in; also lifts a wait."""
    _require_admin(by)
    account = _by_name(session, user_name)
    problem = passwords.password_problem(temporary_password)
    if problem:
        raise AccountError(problem)
    account.password_hash = passwords.hash_password(temporary_password)
    account.must_change_password = True
    account.failed_attempts, account.last_failed_at = 0, None
    _touch(account, by)
    audit.record(session, by, "password", detail=f"password of '{account.user_name}' reset by an administrator")


def unlock(session: Session, by: Actor, user_name: str) -> None:
    """Lift the wait after failed sign-ins."""
    _require_admin(by)
    account = _by_name(session, user_name)
    account.failed_attempts, account.last_failed_at = 0, None
    _touch(account, by)
    audit.record(session, by, "account", detail=f"account '{account.user_name}' unlocked after failed sign-ins")


def change_password(session: Session, who: SignedIn, workstation: str, current: str, new: str) -> SignedIn:
    account = session.get(Account, who.account_id)
    if account is None or account.is_disabled:
        raise AccountError("This account can no longer be used.")
    if not passwords.matches(account.password_hash, current):
        raise AccountError("The current password is not right.")
    problem = passwords.password_problem(new)
    if problem:
        raise AccountError(problem)
    if new == current:
        raise AccountError("Choose a password different from the current one.")
    account.password_hash = passwords.hash_password(new)
    account.must_change_password = False
    actor = who.actor(workstation)
    _touch(account, actor)
    audit.record(session, actor, "password", detail="own password changed")
    return _signed_in(account)


# ---------------------------------------------------------------------------- signing in


def _active_administrators(session: Session) -> int:
    return sum(1 for account in session.scalars(select(Account).where(Account.disabled_at.is_(None)))
               if ADMINISTRATOR in parse_roles(account.roles))


def _wait_until(account: Account) -> datetime | None:
    if account.failed_attempts < FREE_ATTEMPTS or account.last_failed_at is None:
        return None
    wait = min(FIRST_WAIT * 2 ** (account.failed_attempts - FREE_ATTEMPTS), LONGEST_WAIT)
    return account.last_failed_at + wait


@dataclass(frozen=True)
class _Someone:
    """A name typed at a failed sign-in, for the audit event."""

    name: str
    workstation: str


def sign_in(session: Session, user_name: str, password: str, workstation: str,
            now: datetime | None = None) -> SignInResult:
    """Check a user name and password. The outcome (and a failure's count) is recorded, so the
    caller commits the session whatever the result."""
    now = now or utc_now()
    name = _normalised(user_name)
    account = session.scalar(select(Account).where(Account.user_name == name))
    # One message for a wrong name and a wrong password: it does not tell which names exist.
    wrong = "The user name or password is not right."
    if account is None:
        audit.record(session, _Someone(name or "(blank)", workstation), "sign_in_failed", outcome="refused",
                     detail="no such account")
        return SignInResult(None, wrong)
    actor = Actor(account.user_name, workstation)
    if account.is_disabled:
        audit.record(session, actor, "sign_in_failed", outcome="refused", detail="account disabled")
        return SignInResult(None, "This account is disabled. Ask the clinic's administrator.")
    wait_until = _wait_until(account)
    if wait_until is not None and now < wait_until:
        audit.record(session, actor, "sign_in_failed", outcome="refused", detail="waiting after failed sign-ins")
        return SignInResult(None, _wait_message(wait_until, now), wait_until)
    if not passwords.matches(account.password_hash, password):
        account.failed_attempts += 1
        account.last_failed_at = now
        audit.record(session, actor, "sign_in_failed", outcome="refused",
                     detail=f"wrong password ({account.failed_attempts} in a row)")
        wait_until = _wait_until(account)
        if wait_until is not None:
            return SignInResult(None, f"{wrong} {_wait_message(wait_until, now)}", wait_until)
        return SignInResult(None, wrong)
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    account.failed_attempts, account.last_failed_at = 0, None
    audit.record(session, Actor(account.user_name, workstation), "sign_in")
    return SignInResult(_signed_in(account))


def _wait_message(until: datetime, now: datetime) -> str:
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    wait = f"{seconds} seconds" if seconds < 120 else f"{(seconds + 59) // 60} minutes"
    return (f"After {FREE_ATTEMPTS} failed sign-ins this account waits before the next try: try again in {wait}, "
            "or ask an administrator to unlock it.")


def signed_in_again(session: Session, who: SignedIn) -> SignedIn:
    """The account as it is now (roles may have changed); refused if it was disabled meanwhile."""
    account = session.get(Account, who.account_id)
    if account is None or account.is_disabled:
        raise AccountError("This account has been disabled. Ask the clinic's administrator.")
    return _signed_in(account)
