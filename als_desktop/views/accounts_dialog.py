"""Admin ▸ Accounts: the clinic's accounts, and the administrator's changes to them.

The table lists every account with its roles and whether it can sign in now. Add…, Roles… and
Reset password… open a form; Disable, Enable and Unlock act on the selected account after a
question where it matters. Every change runs as one use case of `services.accounts` on the
saving worker (views/saving.py), which refuses anyone but an administrator and records the
change in the audit trail; a refusal is shown at the field it concerns, or as a message.
Nothing here deletes an account: its name stays on every change it made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.db import DatabaseProblem
from als_desktop.domain.roles import ROLES, role_label
from als_desktop.services import accounts, passwords
from als_desktop.services.accounts import AccountRow
from als_desktop.services.errors import AccountError, RecordError, ValidationError
from als_desktop.services.operations import read

from . import messages
from .dialogs import FormDialog
from .fields import TextField
from .saving import Outcome, save_and_wait
from .table import Column, RecordTableModel, list_table

TITLE = "Accounts"


def status_text(row: AccountRow) -> str:
    """Whether the account can sign in now, as the administrator needs to know it."""
    if row.disabled:
        return "Disabled"
    failed = f"{row.failed_attempts} failed sign-in{'s' if row.failed_attempts != 1 else ''}"
    if row.waiting_until is not None:
        return f"Waiting after {failed} until {row.waiting_until.astimezone():%H:%M}"
    parts = ["Must change password" if row.must_change_password else "Active"]
    if row.failed_attempts:
        parts.append(failed)
    return ", ".join(parts)


def roles_text(row: AccountRow) -> str:
    return ", ".join(role_label(code) for code in row.roles)


COLUMNS = [
    Column("User name", lambda row: row.user_name),
    Column("Full name", lambda row: row.full_name),
    Column("Roles", roles_text),
    Column("Status", status_text),
]


class RolesField(QWidget):
    """One box per role of domain/roles.py, in two columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        self.boxes: dict[str, QCheckBox] = {}
        half = (len(ROLES) + 1) // 2
        for number, (code, label) in enumerate(ROLES.items()):
            box = QCheckBox(label, self)
            box.setAccessibleName(f"Role: {label}")
            self.boxes[code] = box
            grid.addWidget(box, number % half, number // half)

    def value(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked())

    def set_value(self, roles: tuple[str, ...] | list[str] | None) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in (roles or ()))


class PasswordField(QLineEdit):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(label)
        self.setMaxLength(passwords.MAX_LENGTH)

    def value(self) -> str:
        return self.text()

    def set_value(self, value: str | None) -> None:
        self.setText(value or "")


def field_of(message: str) -> str:
    """The form field an account refusal is about (the services say it in words)."""
    lowered = message.lower()
    for words, field in (("user name", "user_name"), ("there is already an account", "user_name"),
                         ("full name", "full_name"), ("role", "roles"), ("password", "password")):
        if words in lowered:
            return field
    return "account"


def as_field_errors(work: Callable[[], Any]) -> Any:
    """Run `work()` (on the worker); an AccountError comes back as a message at its field."""
    try:
        return work()
    except AccountError as error:
        raise ValidationError({field_of(str(error)): str(error)}) from None


def check_passwords(values: dict) -> dict:
    """The temporary password, typed twice alike, as the clinic's rule wants it."""
    problem = passwords.password_problem(values["password"])
    if problem is None and values["password"] != values["password_again"]:
        raise ValidationError({"password_again": "The two passwords are not the same: type it again."})
    if problem is not None:
        raise ValidationError({"password": problem})
    return values


class AccountForm(FormDialog):
    """A form whose Save runs an account use case; what was done is said by the accounts list."""

    def __init__(self, parent: QWidget, title: str, save: Callable[[Any, dict], object], intro: str,
                 save_label: str, database: Any, check: Callable[[dict], dict] | None = None) -> None:
        super().__init__(parent, title, save, "Account", intro=intro, save_label=save_label, database=database)
        self.check = check
        self.setProperty("announcesSaved", False)  # the list says it, not the patient's header
        self.setMinimumWidth(660)

    def save(self) -> Outcome:
        if self.check is not None:
            try:
                self.check(self.form.values())
            except ValidationError as error:
                self.form.show_errors(error.errors)
                self.outcome = Outcome.INVALID
                self.adjustSize()  # grow to show every message in full
                return self.outcome
        return super().save()


class AccountsDialog(QDialog):
    """The accounts of the clinic for an administrator (`actor`: the signed-in administrator)."""

    def __init__(self, parent: QWidget | None, database: Any, actor: Any) -> None:
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.rows: list[AccountRow] = []
        self.form: AccountForm | None = None
        self.setWindowTitle(f"{TITLE} — Admin")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        intro = QLabel("Each person of the clinic signs in with an account of their own. An account is "
                       "disabled, never deleted: its name stays on every change it made.", self)
        intro.setWordWrap(True)
        self.model = RecordTableModel(COLUMNS, self)
        self.table = list_table(self.model, "Accounts of the clinic", self, wrap=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Several roles wrap in a column of their own width; the status takes the room left.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 340)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Accounts status")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.add_button = self._button(buttons, "&Add…", "Add an account: its holder chooses their own password "
                                                          "at first sign-in", self.add_account)
        self.roles_button = self._button(buttons, "R&oles…", "Change the roles of the selected account",
                                         self.change_roles)
        self.disable_button = self._button(buttons, "&Disable", "The account can no longer sign in; its name "
                                                                "stays on what it recorded", self.disable)
        self.enable_button = self._button(buttons, "&Enable", "The account can sign in again", self.enable)
        self.reset_button = self._button(buttons, "Reset &password…", "Give a temporary password the holder "
                                                                      "must change at sign-in", self.reset_password)
        self.unlock_button = self._button(buttons, "&Unlock", "Lift the wait after failed sign-ins", self.unlock)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.resize(980, 460)
        self.reload()

    def _button(self, box: QDialogButtonBox, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        return button

    # ------------------------------------------------------------------ the list

    def reload(self, select: str | None = None) -> None:
        select = select or (self.selected().user_name if self.selected() else None)
        try:
            self.rows = read(self.database, accounts.list_accounts)
        except DatabaseProblem as problem:
            self.rows = []
            self.status.setText(f"The accounts could not be read: {problem.what}")
        self.model.set_rows(self.rows)
        row = next((number for number, account in enumerate(self.rows) if account.user_name == select), None)
        if row is None and self.rows:
            row = 0  # the buttons act on a selected account: one is always selected
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> AccountRow | None:
        index = self.table.selectionModel().currentIndex() if self.table.selectionModel() else None
        if index is None or not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self.rows[index.row()] if index.row() < len(self.rows) else None

    def select(self, user_name: str) -> None:
        row = next(number for number, account in enumerate(self.rows) if account.user_name == user_name)
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.roles_button.setEnabled(row is not None)
        self.reset_button.setEnabled(row is not None and not row.disabled)
        self.disable_button.setEnabled(row is not None and not row.disabled)
        self.enable_button.setEnabled(row is not None and row.disabled)
        self.unlock_button.setEnabled(row is not None and row.failed_attempts > 0)

    def _done(self, text: str, user_name: str) -> None:
        self.reload(select=user_name)
        self.status.setText(text)

    # ------------------------------------------------------------------ forms

    def _open_form(self, form: AccountForm, done: Callable[[], None]) -> AccountForm:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(done)
        form.finished.connect(lambda _result: setattr(self, "form", None))
        self.form = form
        form.open()
        return form

    def add_account(self) -> AccountForm:
        actor = self.actor

        def save(session: Any, values: dict) -> None:
            as_field_errors(lambda: accounts.add_account(session, actor, values["user_name"], values["full_name"],
                                                         values["roles"], values["password"]))

        def check(values: dict) -> dict:
            problems = {}
            problem = accounts.user_name_problem(values["user_name"].strip().lower())
            if problem:
                problems["user_name"] = problem
            if not values["full_name"].strip():
                problems["full_name"] = "Give the person's full name, as colleagues know them."
            if not values["roles"]:
                problems["roles"] = "Tick at least one role: it decides which records the person writes."
            try:
                check_passwords(values)
            except ValidationError as error:
                problems.update(error.errors)
            if problems:
                raise ValidationError(problems)
            return values

        form = AccountForm(self, "Add account", save,
                           "The new account's holder signs in with this temporary password and then "
                           "chooses their own. Give it to them in person.", "Add account", self.database, check)
        name = form.form.add("user_name", "User name", TextField("User name", max_length=40),
                             hint="Lower-case letters, digits, '.', '_' or '-', e.g. j.smith")
        name.setPlaceholderText("j.smith")
        form.form.add("full_name", "Full name", TextField("Full name", max_length=120))
        form.form.add("roles", "Roles", RolesField(form))
        form.form.add("password", "Temporary password", PasswordField("Temporary password"),
                      hint=f"At least {passwords.MIN_LENGTH} characters")
        form.form.add("password_again", "Temporary password again", PasswordField("Temporary password again"))
        return self._open_form(form, lambda: self._done(
            f"Account '{form.form.fields['user_name'].value().strip().lower()}' added: the holder must choose "
            "a password at first sign-in.", form.form.fields["user_name"].value().strip().lower()))

    def change_roles(self) -> AccountForm | None:
        row = self.selected()
        if row is None:
            return None
        actor, user_name = self.actor, row.user_name

        def save(session: Any, values: dict) -> None:
            as_field_errors(lambda: accounts.set_roles(session, actor, user_name, values["roles"]))

        def check(values: dict) -> dict:
            if not values["roles"]:
                raise ValidationError({"roles": "Tick at least one role: an account needs one."})
            return values

        form = AccountForm(self, f"Roles — {row.full_name}", save,
                           f"The roles of {row.full_name} ({row.user_name}) decide which records they write. "
                           "Every clinic member reads every patient.", "Save roles", self.database, check)
        form.form.add("roles", "Roles", RolesField(form)).set_value(row.roles)
        return self._open_form(form, lambda: self._done(f"Roles of '{user_name}' changed.", user_name))

    def reset_password(self) -> AccountForm | None:
        row = self.selected()
        if row is None:
            return None
        actor, user_name = self.actor, row.user_name

        def save(session: Any, values: dict) -> None:
            as_field_errors(lambda: accounts.reset_password(session, actor, user_name, values["password"]))

        form = AccountForm(self, f"Reset password — {row.full_name}", save,
                           f"{row.full_name} ({row.user_name}) signs in with this temporary password and must "
                           "then choose their own. It also lifts any wait after failed sign-ins.",
                           "Reset password", self.database, check_passwords)
        form.form.add("password", "Temporary password", PasswordField("Temporary password"),
                      hint=f"At least {passwords.MIN_LENGTH} characters")
        form.form.add("password_again", "Temporary password again", PasswordField("Temporary password again"))
        return self._open_form(form, lambda: self._done(
            f"Password of '{user_name}' reset: they must choose a new one at their next sign-in.", user_name))

    # ------------------------------------------------------------------ one-click changes

    def _act(self, use_case: Callable[..., object], user_name: str, done: str, what: str) -> bool:
        try:
            save_and_wait(self, self.database, use_case, self.actor, user_name)
        except (RecordError, DatabaseProblem) as error:
            text = error.what if isinstance(error, DatabaseProblem) else str(error)
            messages.warn(self, f"Account not {what}", f"The account '{user_name}' was not {what}: {text}")
            return False
        self._done(done, user_name)
        return True

    def disable(self) -> bool:
        row = self.selected()
        if row is None or not messages.confirm(
                self, "Disable the account?",
                f"{row.full_name} ({row.user_name}) will no longer be able to sign in. Their name stays on "
                "everything they recorded, and an administrator can enable the account again.", "Disable"):
            return False
        return self._act(accounts.disable, row.user_name, f"Account '{row.user_name}' disabled.", "disabled")

    def enable(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        return self._act(accounts.enable, row.user_name, f"Account '{row.user_name}' enabled.", "enabled")

    def unlock(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        return self._act(accounts.unlock, row.user_name,
                         f"Account '{row.user_name}' unlocked: it can sign in again straight away.", "unlocked")


def open_accounts(window: Any) -> AccountsDialog | None:
    """Admin ▸ Accounts… (administrators only; the use cases refuse anyone else as well)."""
    if not window.user.is_administrator:
        messages.warn(window, TITLE, "Only an administrator manages the clinic's accounts.")
        return None
    dialog = AccountsDialog(window, window.database, window.author)
    window.open_dialog(dialog)
    return dialog
