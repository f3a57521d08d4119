"""The first start of a clinic database without accounts: its first administrator.

A new database starts here; a database from before accounts existed comes here once, on its
first start after the upgrade (its existing entries keep the authors they were recorded with).
The administrator chooses their own password (typed twice) and may hold clinical roles too,
for a small clinic where the neurologist also manages the accounts. At the program's start the
dialog also offers the demo clinic, for someone who only wants to look around.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop import APP_NAME
from als_desktop.db import Database
from als_desktop.domain.roles import ADMINISTRATOR, ROLES
from als_desktop.services import accounts
from als_desktop.services.accounts import SignedIn
from als_desktop.services.errors import AccountError
from als_desktop.services.operations import perform
from als_desktop.services.writer import this_workstation

from .change_password import password_edit, problem_label, say

NEW_CLINIC = ("This clinic database has no accounts yet. Everyone who uses it signs in with their "
              "own account, so that every entry is attributed to a person. Create the first "
              "administrator: they add the other members' accounts (Admin ▸ Accounts).")
UPGRADED = ("This clinic's record now needs named accounts; existing entries keep their authors. "
            "Create the first administrator: they add the other members' accounts "
            "(Admin ▸ Accounts), and from now on everyone signs in with their own.")
# done() code when the person chose the demo clinic instead.
DEMO_INSTEAD = 2


class FirstAdministratorDialog(QDialog):
    """`created` holds the new administrator, signed in."""

    def __init__(self, database: Database, *, existing_record: bool, offer_demo: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.created: SignedIn | None = None
        self.setWindowTitle(f"First administrator — {APP_NAME}")
        intro = QLabel(UPGRADED if existing_record else NEW_CLINIC, self)
        intro.setWordWrap(True)
        where = QLabel(f"Database: {database.description}", self)
        where.setObjectName("muted")
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setWordWrap(True)

        self.user_name = QLineEdit(self)
        self.user_name.setAccessibleName("User name")
        self.user_name.setPlaceholderText("for example j.smith")
        self.user_name.setMaxLength(40)
        self.full_name = QLineEdit(self)
        self.full_name.setAccessibleName("Full name")
        self.full_name.setMaxLength(120)
        self.password = password_edit("Password", self)
        self.again = password_edit("Password again", self)
        form = QFormLayout()
        for text, edit in (("&User name:", self.user_name), ("&Full name:", self.full_name),
                           ("&Password:", self.password), ("Password &again:", self.again)):
            label = QLabel(text, self)
            label.setBuddy(edit)
            form.addRow(label, edit)

        roles = QGroupBox("Also works in the clinic as (optional)", self)
        grid = QGridLayout(roles)
        self.role_boxes: dict[str, QCheckBox] = {}
        for number, (code, label) in enumerate((c, lbl) for c, lbl in ROLES.items() if c != ADMINISTRATOR):
            box = QCheckBox(label, roles)
            self.role_boxes[code] = box
            grid.addWidget(box, number // 2, number % 2)

        self.problem = problem_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("Create administrator")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.demo_button: QPushButton | None = None
        if offer_demo:
            self.demo_button = self.buttons.addButton("Explore the demo clinic instead",
                                                      QDialogButtonBox.ButtonRole.ActionRole)
            self.demo_button.setToolTip("Synthetic patients in a separate database, with demo accounts")
            self.demo_button.clicked.connect(lambda: self.done(DEMO_INSTEAD))
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(roles)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.user_name.setFocus()

    def other_roles(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.role_boxes.items() if box.isChecked())

    def create(self) -> None:
        if self.password.text() != self.again.text():
            say(self.problem, "The password and its repetition differ: type them again.")
            self.again.clear()
            self.again.setFocus()
            return
        try:
            self.created = perform(
                self.database, accounts.create_first_administrator, self.user_name.text(), self.full_name.text(),
                self.password.text(), this_workstation(), self.other_roles(),
            ).result
        except AccountError as error:
            say(self.problem, str(error))
            return
        self.accept()
