"""Signing in to a clinic database: before the window opens, and for every other database the
window opens (accounts belong to a database, not to the workstation).

`sign_in_to` is the whole way in: the first administrator when the database has no account yet,
else user name and password (the message of a refusal, with the wait after repeated failures),
then a new password when an administrator set a temporary one. Nothing skips it: there is no
setting, variable or argument that signs someone in without their password.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from als_desktop import APP_NAME
from als_desktop.db import Database
from als_desktop.services import accounts, audit, demo_accounts, queries
from als_desktop.services.accounts import SignedIn, SignInResult
from als_desktop.services.demo_patient import MRN_PREFIX
from als_desktop.services.operations import perform, read
from als_desktop.services.writer import this_workstation

from .change_password import (
    choose_password,
    fill_with,
    password_edit,
    problem_label,
    run_dialog,
    say,
)
from .first_administrator import DEMO_INSTEAD, FirstAdministratorDialog

log = logging.getLogger(__name__)

__all__ = ["OPEN_DEMO", "SignInDialog", "attempt", "fill_with", "finish_sign_in", "sign_in_to"]

# What `sign_in_to` returns when, at the start, the person chose the demo clinic instead.
OPEN_DEMO = "open the demo clinic"


def attempt(database: Database, user_name: str, password: str,
            now: Callable[[], datetime | None] = lambda: None) -> SignInResult:
    """One sign-in, recorded in the audit trail whatever its outcome."""
    return perform(database, accounts.sign_in, user_name, password, this_workstation(), now()).result


class SignInDialog(QDialog):
    """User name and password; `signed_in` once they were right."""

    def __init__(self, database: Database, parent: QWidget | None = None, *, cancel_text: str = "Cancel",
                 note: str = "", now: Callable[[], datetime | None] = lambda: None) -> None:
        super().__init__(parent)
        self.database = database
        self.now = now
        self.signed_in: SignedIn | None = None
        self.setWindowTitle(f"Sign in — {APP_NAME}")
        heading = QLabel(f"Sign in to {'the DEMO clinic' if database.is_demo else 'the clinic record'}", self)
        heading.setObjectName("welcomeTitle")
        where = QLabel(f"Database: {database.description}", self)
        where.setObjectName("muted")
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if note:
            layout.addWidget(QLabel(note, self))
        layout.addWidget(where)
        # Only a demo database has demo accounts; their password is published, so it is shown.
        self.demo_lines: QLabel | None = None
        if database.is_demo:
            self.demo_lines = QLabel("\n".join(demo_accounts.banner_lines()), self)
            self.demo_lines.setObjectName("demoBanner")
            self.demo_lines.setWordWrap(True)
            layout.addWidget(self.demo_lines)

        self.user_name = QLineEdit(self)
        self.user_name.setAccessibleName("User name")
        self.user_name.setMaxLength(80)
        self.password = password_edit("Password", self)
        form = QFormLayout()
        for text, edit in (("&User name:", self.user_name), ("&Password:", self.password)):
            label = QLabel(text, self)
            label.setBuddy(edit)
            form.addRow(label, edit)
        layout.addLayout(form)
        self.problem = problem_label(self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText("Sign in")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.user_name.setFocus()

    def sign_in(self) -> None:
        if not self.user_name.text().strip():
            say(self.problem, "Type your user name.")
            self.user_name.setFocus()
            return
        result = attempt(self.database, self.user_name.text(), self.password.text(), self.now)
        self.password.clear()
        if result.signed_in is None:
            say(self.problem, result.message)
            self.password.setFocus()
            return
        self.signed_in = result.signed_in
        self.accept()


def has_accounts(database: Database) -> bool:
    if not read(database, accounts.has_accounts) and database.is_demo:
        # A demo clinic made before accounts existed gets its demo accounts now (only a database
        # holding nothing but demo patients gets them: see services/demo_accounts.py).
        perform(database, demo_accounts.add_demo_accounts, MRN_PREFIX, this_workstation())
    return read(database, accounts.has_accounts)


def sign_in_to(database: Database, parent: QWidget | None = None, *, cancel_text: str = "Cancel",
               offer_demo: bool = False) -> SignedIn | str | None:
    """Who works on `database` from now on, or None when the person cancelled.

    `offer_demo` (at the start): the first-administrator dialog may answer OPEN_DEMO instead."""
    if not has_accounts(database):
        log.info("no account yet in %s: asking for the first administrator", database.description)
        existing = read(database, queries.patient_count) > 0
        wizard = FirstAdministratorDialog(database, existing_record=existing, offer_demo=offer_demo, parent=parent)
        answer = run_dialog(wizard)
        if answer == DEMO_INSTEAD:
            return OPEN_DEMO
        if wizard.created is None:
            return None
        # The person who made the account is the one now at the keyboard.
        perform(database, audit.record, wizard.created.actor(this_workstation()), "sign_in",
                detail="first administrator, at the account's creation")
        return wizard.created
    log.info("asking who signs in to %s", database.description)
    dialog = SignInDialog(database, parent, cancel_text=cancel_text)
    run_dialog(dialog)
    return finish_sign_in(database, dialog.signed_in, parent)


def finish_sign_in(database: Database, who: SignedIn | None, parent: QWidget | None = None) -> SignedIn | None:
    """A temporary password is replaced before anything else (None when that was cancelled)."""
    if who is not None and who.must_change_password:
        return choose_password(database, who, parent)
    return who
