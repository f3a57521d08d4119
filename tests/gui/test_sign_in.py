"""The way in: the first administrator of a new (or upgraded) database, sign-in with its
messages and waits, a temporary password replaced first, and a sign-in for every other
database the window opens. The dialogs are driven as a person does (typing, clicking)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from members import FIRST_ADMIN, NINA_PASSWORD, PAT_PASSWORD, add_members
from PySide6.QtCore import Qt, QTimer

from als_desktop import config
from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import utc_now
from als_desktop.services import accounts, audit
from als_desktop.services.demo_accounts import DEMO_PASSWORD
from als_desktop.services.operations import read
from als_desktop.views import sign_in
from als_desktop.views.change_password import ChangePasswordDialog
from als_desktop.views.first_administrator import UPGRADED, FirstAdministratorDialog
from als_desktop.views.main_window import MainWindow
from als_desktop.views.sign_in import SignInDialog, sign_in_to

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def no_filler():
    """These tests drive the dialogs themselves: no stand-in types into them."""
    previous = sign_in.fill_with(None)
    yield
    sign_in.fill_with(previous)


def when_shown(qtbot, kind, act) -> None:  # noqa: ANN001
    """Act on the next modal dialog of `kind` once it is on screen (it runs its own event loop)."""
    from PySide6.QtWidgets import QApplication

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def test_the_first_administrator_of_a_new_database(db, qtbot, no_filler):
    dialog = FirstAdministratorDialog(db, existing_record=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert any("has no accounts yet" in label.text() for label in dialog.findChildren(type(dialog.problem)))
    qtbot.keyClicks(dialog.user_name, "Dr.Lee")
    qtbot.keyClicks(dialog.full_name, "Morgan  Lee")
    qtbot.keyClicks(dialog.password, "a long clinic pass")
    qtbot.keyClicks(dialog.again, "a long clinic pas")
    dialog.role_boxes["neurology"].setChecked(True)
    qtbot.mouseClick(dialog.create_button, LEFT)
    assert dialog.created is None and "differ" in dialog.problem.text() and dialog.problem.isVisible()

    qtbot.keyClicks(dialog.again, "a long clinic pass")
    qtbot.mouseClick(dialog.create_button, LEFT)
    assert dialog.created is not None and dialog.result() == dialog.DialogCode.Accepted
    assert dialog.created.user_name == "dr.lee" and dialog.created.full_name == "Morgan Lee"
    assert set(dialog.created.roles) == {"administrator", "neurology"}
    assert read(db, accounts.has_accounts)
    with db.transaction() as session:
        assert accounts.sign_in(session, "dr.lee", "a long clinic pass", "ws").signed_in is not None


def test_an_existing_record_is_told_why_it_now_needs_accounts(db, patient, sign_ins):
    signed = sign_in_to(db)
    [wizard] = sign_ins.seen
    assert isinstance(wizard, FirstAdministratorDialog)
    assert any(UPGRADED == label.text() for label in wizard.findChildren(type(wizard.problem)))
    assert "existing entries keep their authors" in UPGRADED
    assert signed.user_name == FIRST_ADMIN and signed.is_administrator
    with db.reading() as session:
        events = [(e.action, e.actor) for e in audit.entries(session, audit.AuditFilter(events_only=True))]
    assert ("Signed in", FIRST_ADMIN) in events and ("Changed an account", FIRST_ADMIN) in events


def test_a_refused_account_says_why(db, qtbot, no_filler):
    dialog = FirstAdministratorDialog(db, existing_record=False)
    qtbot.addWidget(dialog)
    dialog.show()
    for edit, text in ((dialog.user_name, "x"), (dialog.full_name, "X"), (dialog.password, "long enough"),
                       (dialog.again, "long enough")):
        qtbot.keyClicks(edit, text)
    qtbot.mouseClick(dialog.create_button, LEFT)
    assert dialog.created is None and "2 to 40 characters" in dialog.problem.text()


def test_wrong_then_right_password_and_the_window_shows_who(db, db_path, qtbot, no_filler):
    members = add_members(db)
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.demo_lines is None  # a clinic's own database shows no demo password
    qtbot.keyClicks(dialog.user_name, "pat.pulm")
    qtbot.keyClicks(dialog.password, "not his password")
    qtbot.mouseClick(dialog.sign_in_button, LEFT)
    assert dialog.signed_in is None and dialog.problem.text() == "The user name or password is not right."
    assert dialog.password.text() == ""  # typed again, never kept

    qtbot.keyClicks(dialog.password, PAT_PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, LEFT)
    assert dialog.signed_in == members.pat

    window = MainWindow(open_database(sqlite_url(db_path)), user=dialog.signed_in)
    qtbot.addWidget(window)
    window.show()
    assert window.user_label.text() == "Signed in: Pat Pulmonary (pat.pulm; Pulmonary / respiratory, Nursing)"
    assert window.user_label.isVisible() and window.author.name == "pat.pulm"
    window.close()


def test_after_five_failures_the_account_waits(db, qtbot, no_filler):
    add_members(db)
    start = utc_now()
    clock = {"now": start}
    dialog = SignInDialog(db, now=lambda: clock["now"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.user_name, "nina.neuro")
    for _ in range(5):
        qtbot.keyClicks(dialog.password, "guess")
        qtbot.mouseClick(dialog.sign_in_button, LEFT)
    assert "try again in 30 seconds" in dialog.problem.text()

    clock["now"] = start + timedelta(seconds=10)  # the right password, too early
    qtbot.keyClicks(dialog.password, NINA_PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, LEFT)
    assert dialog.signed_in is None and "try again in 20 seconds" in dialog.problem.text()

    clock["now"] = start + timedelta(seconds=31)
    qtbot.keyClicks(dialog.password, NINA_PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, LEFT)
    assert dialog.signed_in is not None


def test_a_temporary_password_is_replaced_before_the_window(db, qtbot, no_filler):
    members = add_members(db)
    with db.transaction() as session:
        accounts.reset_password(session, members.nina.actor("ws"), "pat.pulm", "temporary-2")

    def type_in(dialog) -> None:  # noqa: ANN001
        qtbot.keyClicks(dialog.user_name, "pat.pulm")
        qtbot.keyClicks(dialog.password, "temporary-2")
        qtbot.mouseClick(dialog.sign_in_button, LEFT)
        when_shown(qtbot, ChangePasswordDialog, choose)

    def choose(dialog) -> None:  # noqa: ANN001
        assert "temporary password" in " ".join(label.text() for label in dialog.findChildren(type(dialog.problem)))
        qtbot.keyClicks(dialog.current, "temporary-2")
        qtbot.keyClicks(dialog.new, "pats own password")
        qtbot.keyClicks(dialog.again, "pats own password")
        qtbot.mouseClick(dialog.save_button, LEFT)

    when_shown(qtbot, SignInDialog, type_in)
    signed = sign_in_to(db)
    assert signed is not None and signed.user_name == "pat.pulm" and not signed.must_change_password
    with db.transaction() as session:
        assert accounts.sign_in(session, "pat.pulm", "pats own password", "ws").signed_in is not None


def test_cancelling_the_new_password_signs_nobody_in(db, sign_ins):
    members = add_members(db)
    with db.transaction() as session:
        accounts.reset_password(session, members.nina.actor("ws"), "pat.pulm", "temporary-2")
    sign_ins.replies = [("pat.pulm", "temporary-2")]
    sign_ins.new_passwords = []

    def cancel_change(dialog) -> None:  # noqa: ANN001
        dialog.reject()

    previous = sign_in.fill_with(lambda d: cancel_change(d) if isinstance(d, ChangePasswordDialog) else sign_ins(d))
    try:
        assert sign_in_to(db) is None
    finally:
        sign_in.fill_with(previous)


def test_the_demo_sign_in_names_its_demo_accounts(qtbot, home, no_filler):
    from als_desktop.services import demo

    database = open_database(sqlite_url(config.paths().demo_database), is_demo=True)
    try:
        demo.populate(database, 2, seed=1)
        dialog = SignInDialog(database)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.demo_lines is not None and f"password for each: {DEMO_PASSWORD}" in dialog.demo_lines.text()
        qtbot.keyClicks(dialog.user_name, "neuro")
        qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
        qtbot.mouseClick(dialog.sign_in_button, LEFT)
        assert dialog.signed_in is not None and dialog.signed_in.roles == ("neurology",)
    finally:
        database.close()


def test_another_database_needs_a_sign_in_to_it(open_window, db, db_path, tmp_path, sign_ins):
    members = add_members(db)
    window = open_window(db_path, user=members.nina)
    other = tmp_path / "other.sqlite"
    sign_ins.cancel = True
    assert window.open_url(sqlite_url(other), create=True) is None
    assert window.database.path == db_path.resolve() and window.user == members.nina

    assert window.open_url(sqlite_url(other), create=True) is not None  # its first administrator
    assert window.database.path == other.resolve() and window.user.user_name == FIRST_ADMIN

    sign_ins.replies = [("nina.neuro", "wrong")]
    assert window.open_url(sqlite_url(db_path)) is None  # a wrong password, then the dialog cancelled
    assert window.database.path == other.resolve()
    sign_ins.replies = [("nina.neuro", NINA_PASSWORD)]
    window.open_url(sqlite_url(db_path))
    assert window.database.path == db_path.resolve() and window.user.user_name == "nina.neuro"


def test_at_the_first_start_the_demo_clinic_can_be_chosen_instead(db, monkeypatch, sign_ins):
    """A new clinic's first screen offers the demo clinic; its sign-in uses a demo account."""
    from als_desktop import app
    from als_desktop.views import window_databases

    monkeypatch.setattr(window_databases, "DEMO_PATIENTS", 2)

    def choose_demo(dialog) -> None:  # noqa: ANN001
        if isinstance(dialog, FirstAdministratorDialog):
            assert dialog.demo_button is not None
            dialog.demo_button.click()
        else:
            sign_ins(dialog)

    previous = sign_in.fill_with(choose_demo)
    try:
        who, database = app.sign_in_at_start(db)
    finally:
        sign_in.fill_with(previous)
    try:
        assert database.is_demo and database.path == config.paths().demo_database.resolve()
        assert who.user_name == "admin"
        assert not read(db, accounts.has_accounts)  # the clinic's database is left as it was
    finally:
        database.close()
