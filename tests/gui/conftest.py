"""Fixtures for driving the real window offscreen on a real database file."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.domain.roles import ADMINISTRATOR, ROLES
from als_desktop.services.accounts import SignedIn
from als_desktop.views import messages, unsaved
from als_desktop.views.main_window import MainWindow

AUTHOR = "gui.clinician"
# Every clinical role: the window's tests are about the window, not about who may write what.
CLINICIAN = SignedIn(uuid.UUID(int=1), AUTHOR, "GUI Clinician",
                     tuple(code for code in ROLES if code != ADMINISTRATOR))


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


@pytest.fixture
def open_window(qtbot, answers: Answers) -> Iterator[Callable[[Path], MainWindow]]:
    """Opens a main window on a database file, as the program does at start-up."""
    windows: list[MainWindow] = []

    def factory(path: Path, **kwargs) -> MainWindow:
        window = MainWindow(open_database(sqlite_url(path)), user=CLINICIAN, **kwargs)
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
