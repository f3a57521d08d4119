"""Two clinic members with real accounts in a test database, and signing in on a lock screen."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from als_desktop.services import accounts
from als_desktop.services.accounts import SignedIn

# The first administrator the `sign_ins` stand-in (conftest.py) makes in a database without accounts.
FIRST_ADMIN, FIRST_PASSWORD = "first.admin", "clinic-pass-1"
NINA_PASSWORD = "nina-neuro-pass"
PAT_PASSWORD = "pat-pulmonary-pass"


@dataclass(frozen=True)
class Members:
    nina: SignedIn  # administrator and neurologist
    pat: SignedIn  # respiratory therapist and nurse


def add_members(db) -> Members:  # noqa: ANN001
    with db.transaction() as session:
        nina = accounts.create_first_administrator(session, "nina.neuro", "Nina Neuro", NINA_PASSWORD, "ws-test",
                                                   ("neurology", "pulmonary"))
        accounts.add_account(session, nina.actor("ws-test"), "pat.pulm", "Pat Pulmonary", ("pulmonary", "nursing"),
                             "temporary-pass")
    with db.transaction() as session:
        pat = accounts.sign_in(session, "pat.pulm", "temporary-pass", "ws-test").signed_in
        pat = accounts.change_password(session, pat, "ws-test", "temporary-pass", PAT_PASSWORD)
    return Members(nina, pat)


def sign_in_on(qtbot, window, user_name: str, password: str, *, someone_else: bool = False) -> None:  # noqa: ANN001
    """Type on the window's lock screen as a person does, and press Sign in."""
    screen = window.lock_screen
    if someone_else:
        qtbot.mouseClick(screen.someone_else_button, Qt.MouseButton.LeftButton)
    screen.user_name.clear()
    qtbot.keyClicks(screen.user_name, user_name)
    qtbot.keyClicks(screen.password, password)
    qtbot.mouseClick(screen.sign_in_button, Qt.MouseButton.LeftButton)
