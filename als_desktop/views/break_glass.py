"""Writing without the role in an emergency ("break-glass"), offered where a save is refused.

When a save is refused because the signed-in account lacks the record's role, `ask` says which
role it needs and offers "Write anyway (emergency)…": a dialog asks for the reason (required),
and the save (views/saving.py) is then made again, the same values, with that reason stated for
its transaction (`anyway`). The input stays in the form whichever way the user goes. The change
is saved under the user's own name and flagged in the audit trail for the administrator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from als_desktop.services import permissions
from als_desktop.services.errors import RoleRequired, ValidationError

from . import messages
from .fields import Form, TextField

WRITE_ANYWAY = "Write anyway (emergency)…"
CANCEL = "Cancel"
KEPT = "What you entered is still in the form."


def ask(parent: QWidget | None, what: str, refusal: RoleRequired) -> str | None:
    """Say why `what` was not saved and, if the user chooses to write anyway, the reason they
    give; None when they do not (the input stays for a colleague with the role, or for later)."""
    chosen = messages.show(parent, messages.WARNING, f"{what} not saved", str(refusal),
                           (WRITE_ANYWAY, CANCEL), detail=KEPT)
    if chosen != WRITE_ANYWAY:
        return None
    dialog = BreakGlassDialog(parent, what, refusal)
    # The save that was refused waits for the answer, so this one dialog is modal.
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason


def anyway(work: Callable[..., object], reason: str) -> Callable[..., object]:
    """The same save, with `reason` stated for writing without the role in its transaction."""

    def save(session: Any, *arguments: Any) -> object:
        permissions.write_anyway(session, reason)
        return work(session, *arguments)

    return save


class BreakGlassDialog(QDialog):
    """The reason for writing without the role: required, kept in the audit trail."""

    def __init__(self, parent: QWidget | None, what: str, refusal: RoleRequired) -> None:
        super().__init__(parent)
        self.setObjectName("breakGlassDialog")
        self.setWindowTitle(f"Write anyway — {what}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.reason: str | None = None
        needed = str(refusal).replace(permissions.EMERGENCY_HINT, "").strip()  # said below, in full
        intro = QLabel(
            f"{needed}\n\nWrite anyway only when it cannot wait for a colleague with the role. The change "
            "is saved under your name, marked as written without the role (break-glass) in the audit "
            "trail with the reason you give here, and listed for the administrator to review.", self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.form = Form(self)
        rule = permissions.BREAK_GLASS_REASON
        self.reason_field = self.form.add("break_glass_reason", "Reason",
                                          TextField(rule.label, max_length=rule.max_length))
        self.reason_field.setPlaceholderText("e.g. patient in respiratory distress; no pulmonary colleague on site")
        buttons = QDialogButtonBox(self)
        self.write_button = buttons.addButton("Write anyway", QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setAccessibleName("Write anyway")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._write)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _write(self) -> None:
        self.form.clear_errors()
        try:
            self.reason = permissions.checked_reason(self.reason_field.text())
        except ValidationError as error:
            self.form.show_errors(error.errors)
            self.adjustSize()
            return
        self.accept()


__all__ = ["BreakGlassDialog", "anyway", "ask"]
