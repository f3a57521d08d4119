"""Admin ▸ Accounts: an administrator adds, disables, resets and unlocks accounts; no one else
sees the Admin menu."""

from __future__ import annotations

from datetime import timedelta

import pytest
from admin_helpers import NURSE_PASSWORD, WORKSTATION, clinic, window_for  # noqa: F401
from PySide6.QtCore import Qt
from sqlalchemy import select

from als_desktop.models import utc_now
from als_desktop.models.history import ChangeEntry
from als_desktop.services import accounts
from als_desktop.services.errors import AccountError
from als_desktop.views.accounts_dialog import AccountsDialog, status_text

LEFT = Qt.MouseButton.LeftButton


def open_accounts(window) -> AccountsDialog:
    window.accounts_action.trigger()
    dialog = window.current_dialog
    assert isinstance(dialog, AccountsDialog)
    return dialog


def statuses(dialog: AccountsDialog) -> dict[str, str]:
    return {row.user_name: dialog.model.data(dialog.model.index(number, 3))
            for number, row in enumerate(dialog.rows)}


def account_events(database, user_name: str) -> list[str]:
    with database.reading() as session:
        return [entry.reason for entry in session.scalars(
            select(ChangeEntry).where(ChangeEntry.operation == "event", ChangeEntry.actor == user_name,
                                      ChangeEntry.event.in_(("account", "password"))).order_by(ChangeEntry.seq))]


def fill(qtbot, form, **values: str) -> None:
    for name, text in values.items():
        field = form.form.fields[name]
        field.clear()
        qtbot.keyClicks(field, text)


def test_admin_adds_an_account_with_roles_and_a_temporary_password(qtbot, clinic, window_for, answers) -> None:  # noqa: F811
    window = window_for(clinic.path, clinic.admin)
    assert window.admin_menu.menuAction().isVisible()
    dialog = open_accounts(window)
    assert statuses(dialog) == {"admin.lee": "Active", "nurse.kim": "Active"}

    form = dialog.add_account()
    fill(qtbot, form, user_name="J.Park", full_name="Jo Park", password="temporary-1", password_again="temporary-2")
    form.form.fields["roles"].boxes["slp"].setChecked(True)
    qtbot.mouseClick(form.save_button, LEFT)
    # Typed twice differently: said at the second field, and nothing is saved.
    assert "not the same" in form.form.error_text("password_again")
    assert "j.park" not in statuses(dialog)

    fill(qtbot, form, password_again="temporary-1")
    form.form.fields["roles"].boxes["nursing"].setChecked(True)
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.outcome is not None and form.outcome.value == "saved"
    assert statuses(dialog)["j.park"] == "Must change password"
    row = next(row for row in dialog.rows if row.user_name == "j.park")
    assert row.roles == ("slp", "nursing") and row.full_name == "Jo Park"
    assert dialog.selected().user_name == "j.park"
    assert "added" in dialog.status.text()
    assert any("account 'j.park' added" in reason for reason in account_events(clinic.database, "admin.lee"))
    with clinic.database.transaction() as session:
        signed = accounts.sign_in(session, "j.park", "temporary-1", WORKSTATION).signed_in
    assert signed is not None and signed.must_change_password

    # The same user name again: refused by the use case, said at the user name field.
    again = dialog.add_account()
    fill(qtbot, again, user_name="j.park", full_name="Another Park", password="temporary-3",
         password_again="temporary-3")
    again.form.fields["roles"].boxes["slp"].setChecked(True)
    qtbot.mouseClick(again.save_button, LEFT)
    assert "already an account 'j.park'" in again.form.error_text("user_name")
    assert again.isVisible()
    again.reject()


def test_admin_disables_enables_and_resets_a_password(qtbot, clinic, window_for, answers) -> None:  # noqa: F811
    window = window_for(clinic.path, clinic.admin)
    dialog = open_accounts(window)
    dialog.select("nurse.kim")
    answers.replies = ["Disable"]
    assert dialog.disable()
    assert "will no longer be able to sign in" in answers.seen[-1].text
    assert statuses(dialog)["nurse.kim"] == "Disabled"
    assert not dialog.disable_button.isEnabled() and dialog.enable_button.isEnabled()
    with clinic.database.transaction() as session:
        result = accounts.sign_in(session, "nurse.kim", NURSE_PASSWORD, WORKSTATION)
    assert result.signed_in is None and "disabled" in result.message

    # Their own account: refused by the use case, and said.
    dialog.select("admin.lee")
    answers.replies = ["Disable"]
    assert not dialog.disable()
    assert "cannot disable your own account" in answers.seen[-1].text
    assert statuses(dialog)["admin.lee"] == "Active"

    dialog.select("nurse.kim")
    assert dialog.enable()
    assert statuses(dialog)["nurse.kim"] == "Active"

    form = dialog.reset_password()
    fill(qtbot, form, password="short", password_again="short")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "at least 8 characters" in form.form.error_text("password")
    fill(qtbot, form, password="fresh-temporary", password_again="fresh-temporary")
    qtbot.mouseClick(form.save_button, LEFT)
    assert statuses(dialog)["nurse.kim"] == "Must change password"
    with clinic.database.transaction() as session:
        assert accounts.sign_in(session, "nurse.kim", NURSE_PASSWORD, WORKSTATION).signed_in is None
    with clinic.database.transaction() as session:
        assert accounts.sign_in(session, "nurse.kim", "fresh-temporary", WORKSTATION).signed_in is not None
    events = account_events(clinic.database, "admin.lee")
    assert any("'nurse.kim' disabled" in reason for reason in events)
    assert any("'nurse.kim' enabled" in reason for reason in events)
    assert any("password of 'nurse.kim' reset" in reason for reason in events)

    roles = dialog.change_roles()
    roles.form.fields["roles"].boxes["nutrition"].setChecked(True)
    qtbot.mouseClick(roles.save_button, LEFT)
    assert next(row for row in dialog.rows if row.user_name == "nurse.kim").roles == ("nutrition", "nursing")


def test_admin_unlocks_an_account_waiting_after_failed_sign_ins(qtbot, clinic, window_for, answers) -> None:  # noqa: F811
    now = utc_now()
    for attempt in range(accounts.FREE_ATTEMPTS):
        with clinic.database.transaction() as session:
            accounts.sign_in(session, "nurse.kim", f"wrong-{attempt}", WORKSTATION, now=now)
    window = window_for(clinic.path, clinic.admin)
    dialog = open_accounts(window)
    until = (now + accounts.FIRST_WAIT).astimezone()
    assert statuses(dialog)["nurse.kim"] == f"Waiting after 5 failed sign-ins until {until:%H:%M}"
    dialog.select("nurse.kim")
    assert dialog.unlock_button.isEnabled()
    assert dialog.unlock()
    assert statuses(dialog)["nurse.kim"] == "Active"
    assert not dialog.unlock_button.isEnabled()
    with clinic.database.transaction() as session:
        result = accounts.sign_in(session, "nurse.kim", NURSE_PASSWORD, WORKSTATION, now=now + timedelta(seconds=1))
    assert result.signed_in is not None


def test_status_says_failed_sign_ins_before_any_wait() -> None:
    row = accounts.AccountRow("a.b", "A B", ("nursing",), False, False, 2, None)
    assert status_text(row) == "Active, 2 failed sign-ins"


def test_a_member_without_the_administrator_role_has_no_admin_menu(qtbot, clinic, window_for, answers) -> None:  # noqa: F811
    window = window_for(clinic.path, clinic.nurse)
    assert not window.admin_menu.menuAction().isVisible()
    assert not window.accounts_action.isEnabled() and not window.audit_log_action.isEnabled()
    titles = [action.text() for action in window.menuBar().actions() if action.isVisible()]
    assert "&Admin" not in titles
    # Asked for all the same (a shortcut, a script): refused by the window and by the use case.
    assert window.open_accounts() is None and window.open_audit_log() is None
    assert window.current_dialog is None
    with clinic.database.transaction() as session, pytest.raises(AccountError):
        accounts.add_account(session, clinic.nurse.actor(WORKSTATION), "x.y", "X Y", ("slp",), "whatever-123")
