"""What a locked or signed-out window shows instead of the record: who it is locked for, and a
way back in. It holds nothing of any patient, so that neither the screen nor a screen reader
can give a patient away while the workstation is unattended."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.services.accounts import SignedIn

from .change_password import password_edit, problem_label, say


class LockScreen(QWidget):
    """Emits `sign_in_requested(user name, password)`; the window checks them."""

    sign_in_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.locked_for: SignedIn | None = None
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        self.title = QLabel(card)
        self.title.setObjectName("welcomeTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation = QLabel(card)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.user_name = QLineEdit(card)
        self.user_name.setAccessibleName("User name")
        self.user_name.setMaxLength(80)
        self.password = password_edit("Password", card)
        form = QFormLayout()
        for text, edit in (("&User name:", self.user_name), ("&Password:", self.password)):
            label = QLabel(text, card)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.problem = problem_label(card)
        self.sign_in_button = QPushButton("Sign in", card)
        self.sign_in_button.setObjectName("primary")
        self.sign_in_button.setDefault(True)
        self.someone_else_button = QPushButton("Sign in as someone else", card)
        self.demo_lines = QLabel(card)
        self.demo_lines.setObjectName("muted")
        self.demo_lines.setWordWrap(True)
        self.demo_lines.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.someone_else_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(self.title)
        inner.addWidget(self.explanation)
        inner.addLayout(form)
        inner.addWidget(self.problem)
        inner.addLayout(buttons)
        inner.addWidget(self.demo_lines)
        card.setMaximumWidth(560)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.sign_in_button.clicked.connect(self._ask)
        self.password.returnPressed.connect(self._ask)
        self.user_name.returnPressed.connect(self.password.setFocus)
        self.someone_else_button.clicked.connect(self.someone_else)

    def show_locked(self, user: SignedIn | None, *, demo_lines: list[str] | None = None) -> None:
        """Locked for `user` (their name prefilled), or signed out (None): nobody's name."""
        self.locked_for = user
        self.password.clear()
        say(self.problem, "")
        if user is None:
            self.title.setText("Signed out")
            self.explanation.setText("Sign in to continue.")
            self.user_name.clear()
            self.someone_else_button.hide()
        else:
            self.title.setText("Locked")
            self.explanation.setText(f"Locked — signed in as {user.full_name} ({user.user_name}); "
                                     "sign in to continue.")
            self.user_name.setText(user.user_name)
            self.someone_else_button.show()
        self.demo_lines.setText("\n".join(demo_lines or []))
        self.demo_lines.setVisible(bool(demo_lines))
        self.focus_first()

    def someone_else(self) -> None:
        """Another member takes the workstation; what the first one typed stays theirs."""
        self.user_name.clear()
        self.password.clear()
        say(self.problem, "")
        if self.locked_for is not None:
            self.explanation.setText(
                f"Sign in with your own account. Anything {self.locked_for.full_name} typed and did not save is "
                "kept for them, never saved under your name: it is there again when they sign in.")
        self.user_name.setFocus()

    def focus_first(self) -> None:
        (self.password if self.user_name.text() else self.user_name).setFocus()

    def refuse(self, message: str) -> None:
        say(self.problem, message)
        self.password.clear()
        self.password.setFocus()

    def _ask(self) -> None:
        if not self.user_name.text().strip():
            say(self.problem, "Type your user name.")
            self.user_name.setFocus()
            return
        self.sign_in_requested.emit(self.user_name.text(), self.password.text())
