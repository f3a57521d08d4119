"""A clinic database with real accounts, and the window opened by one of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.services import accounts
from als_desktop.services.accounts import SignedIn
from als_desktop.views.main_window import MainWindow

WORKSTATION = "ws-admin-test"
ADMIN_PASSWORD = "first-admin-pass"
NURSE_TEMPORARY = "nurse-temp-pass"
NURSE_PASSWORD = "nurse-own-pass"  # chosen at the first sign-in


@dataclass
class Clinic:
    path: Path
    database: Database
    admin: SignedIn
    nurse: SignedIn


def make_clinic(path: Path) -> Clinic:
    database = open_database(sqlite_url(path))
    with database.transaction() as session:
        admin = accounts.create_first_administrator(session, "admin.lee", "Alex Lee", ADMIN_PASSWORD, WORKSTATION)
    with database.transaction() as session:
        accounts.add_account(session, admin.actor(WORKSTATION), "nurse.kim", "Sam Kim", ("nursing",), NURSE_TEMPORARY)
    with database.transaction() as session:
        first = accounts.sign_in(session, "nurse.kim", NURSE_TEMPORARY, WORKSTATION).signed_in
        assert first is not None
        nurse = accounts.change_password(session, first, WORKSTATION, NURSE_TEMPORARY, NURSE_PASSWORD)
    return Clinic(path, database, admin, nurse)


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Clinic]:
    made = make_clinic(tmp_path / "clinic.sqlite")
    yield made
    made.database.close()


@pytest.fixture
def window_for(open_window) -> Callable[..., MainWindow]:  # noqa: ANN001
    """Opens the main window on a database file for a signed-in person (conftest's open_window)."""
    return lambda path, user: open_window(path, user=user)


def add_member(database: Database, admin: SignedIn, user_name: str, full_name: str,
               roles: tuple[str, ...]) -> SignedIn:
    """A clinic member who has signed in once and chosen their password."""
    with database.transaction() as session:
        accounts.add_account(session, admin.actor(WORKSTATION), user_name, full_name, roles, "temporary-pass")
    with database.transaction() as session:
        first = accounts.sign_in(session, user_name, "temporary-pass", WORKSTATION).signed_in
        assert first is not None
        return accounts.change_password(session, first, WORKSTATION, "temporary-pass", "own-password-1")
