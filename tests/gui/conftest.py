"""Fixtures for driving the real window offscreen on a real database file."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from members import FIRST_ADMIN, FIRST_PASSWORD

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.domain.roles import ROLES
from als_desktop.services.accounts import SignedIn
from als_desktop.services.demo_accounts import DEMO_PASSWORD
from als_desktop.views import messages, sign_in, unsaved
from als_desktop.views.change_password import ChangePasswordDialog
from als_desktop.views.first_administrator import FirstAdministratorDialog
from als_desktop.views.main_window import MainWindow

AUTHOR = "gui.clinician"
# Every role (the clinic settings are the administrator's): the window's tests are about the
# window, not about who may write what (tests/gui/test_break_glass.py is).
CLINICIAN = SignedIn(uuid.UUID(int=1), AUTHOR, "GUI Clinician", tuple(ROLES))


class Answers:
    """Stands in for the user at every message box: records it and picks a button."""

    def __init__(self) -> None:
        self.seen: list[messages.Message] = []
        self.replies: list[str] = []

    def __call__(self, message: messages.Message) -> str:
        self.seen.append(message)
        if self.replies:
            return self.replies.pop(0)
        return message.buttons[0]

    def texts(self) -> str:
        return "\n".join(f"{m.title}\n{m.text}\n{m.detail}" for m in self.seen)


@pytest.fixture
def answers() -> Iterator[Answers]:
    answerer = Answers()
    previous = messages.answer_with(answerer)
    yield answerer
    messages.answer_with(previous)



class SignIns:
    """Stands in for the person at every sign-in dialog (views/change_password.py `fill_with`):
    types user name and password into the real dialog, which checks them as for a person.

    `replies`: (user name, password) for the next sign-ins, else the demo administrator on a demo
    database and FIRST_ADMIN elsewhere; `cancel` cancels the next dialog."""

    def __init__(self) -> None:
        self.replies: list[tuple[str, str]] = []
        self.new_passwords: list[str] = []
        self.cancel = False
        self.seen: list[object] = []

    def __call__(self, dialog) -> None:  # noqa: ANN001
        self.seen.append(dialog)
        if self.cancel:
            self.cancel = False
            dialog.reject()
            return
        if isinstance(dialog, FirstAdministratorDialog):
            dialog.user_name.setText(FIRST_ADMIN)
            dialog.full_name.setText("First Administrator")
            dialog.password.setText(FIRST_PASSWORD)
            dialog.again.setText(FIRST_PASSWORD)
            dialog.create()
        elif isinstance(dialog, ChangePasswordDialog):
            new = self.new_passwords.pop(0)
            dialog.current.setText(self.last_password)
            dialog.new.setText(new)
            dialog.again.setText(new)
            dialog.save()
        else:
            default = ("admin", DEMO_PASSWORD) if dialog.database.is_demo else (FIRST_ADMIN, FIRST_PASSWORD)
            user_name, self.last_password = self.replies.pop(0) if self.replies else default
            dialog.user_name.setText(user_name)
            dialog.password.setText(self.last_password)
            dialog.sign_in()


@pytest.fixture
def sign_ins() -> Iterator[SignIns]:
    filler = SignIns()
    previous = sign_in.fill_with(filler)
    yield filler
    sign_in.fill_with(previous)


@pytest.fixture
def open_window(qtbot, answers: Answers, sign_ins: SignIns) -> Iterator[Callable[[Path], MainWindow]]:
    """Opens a main window on a database file, as the program does at start-up."""
    windows: list[MainWindow] = []

    def factory(path: Path, user: SignedIn = CLINICIAN, **kwargs) -> MainWindow:
        window = MainWindow(open_database(sqlite_url(path)), user=user, **kwargs)
        # Input a test leaves unsaved is thrown away at the end, not saved by the closing window.
        qtbot.addWidget(window, before_close_func=lambda w: unsaved.discard_all(w.tabs.with_unsaved_input()))
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.close()
    # Windows the test made by signing someone else in on a locked window, or kept for a member.
    from als_desktop.views import window_session

    window_session.kept_windows.clear()
    for window in list(window_session.open_windows):
        unsaved.discard_all(window.tabs.with_unsaved_input())
        window.hidden_while_locked.clear()
        window.locked = False
        window.close()
