"""Choosing one's own password: at the first sign-in after an administrator set a temporary one.

The new password is typed twice; the service checks the current one and the rules
(services/passwords.py) and records the change in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable

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
from als_desktop.services import accounts
from als_desktop.services.accounts import SignedIn
from als_desktop.services.errors import AccountError
from als_desktop.services.operations import perform
from als_desktop.services.writer import this_workstation

# Tests type into these dialogs in place of a person, as messages.answer_with answers message
# boxes: the dialog's own checks run (a password must still be right); only its event loop is
# left out. Nothing outside the program's own code can set it.
Filler = Callable[[QDialog], None]
_filler: Filler | None = None


def fill_with(filler: Filler | None) -> Filler | None:
    """Let `filler` type into every sign-in dialog instead of a person; returns the previous."""
    global _filler
    previous, _filler = _filler, filler
    return previous


def run_dialog(dialog: QDialog) -> int:
    """Show `dialog` modally (or let the test's filler answer it); its result."""
    if _filler is not None:
        _filler(dialog)
        return dialog.result()
    return dialog.exec()


def password_edit(name: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    edit.setMaxLength(256)
    return edit


def problem_label(parent: QWidget) -> QLabel:
    """Where a refusal is said, read out by screen readers as it changes."""
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName("Message")
    label.hide()
    return label


def say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setAccessibleDescription(text)
    label.setVisible(bool(text))


class ChangePasswordDialog(QDialog):
    """`changed` holds the account as it is after the change."""

    def __init__(self, database: Database, who: SignedIn, parent: QWidget | None = None, *,
                 required: bool = True) -> None:
        super().__init__(parent)
        self.database, self.who = database, who
        self.changed: SignedIn | None = None
        self.setWindowTitle(f"Choose your password — {APP_NAME}")
        why = ("The administrator gave you a temporary password: choose your own before you go on."
               if required else "Choose a new password.")
        intro = QLabel(f"{who.full_name} ({who.user_name})\n\n{why} At least 8 characters; a few "
                       "words you will remember make a good one.", self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.current = password_edit("Current password", self)
        self.new = password_edit("New password", self)
        self.again = password_edit("New password again", self)
        form = QFormLayout()
        for text, edit in (("&Current password:", self.current), ("&New password:", self.new),
                           ("New password &again:", self.again)):
            label = QLabel(text, self)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.problem = problem_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText("Change password")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def save(self) -> None:
        if self.new.text() != self.again.text():
            say(self.problem, "The new password and its repetition differ: type them again.")
            self.again.clear()
            self.again.setFocus()
            return
        try:
            self.changed = perform(self.database, accounts.change_password, self.who, this_workstation(),
                                   self.current.text(), self.new.text()).result
        except AccountError as error:
            say(self.problem, str(error))
            self.current.setFocus()
            return
        self.accept()


def choose_password(database: Database, who: SignedIn, parent: QWidget | None = None) -> SignedIn | None:
    """Ask for a new password (modal); the account after the change, or None when cancelled."""
    dialog = ChangePasswordDialog(database, who, parent)
    run_dialog(dialog)
    return dialog.changed
