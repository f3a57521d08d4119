"""Every message box of the program goes through `show`, so it is logged and can be answered.

Tests install an answerer with `answer_with`; the program itself shows a QMessageBox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

INFO = "information"
WARNING = "warning"
CRITICAL = "critical"
QUESTION = "question"

_ICONS = {
    INFO: QMessageBox.Icon.Information,
    WARNING: QMessageBox.Icon.Warning,
    CRITICAL: QMessageBox.Icon.Critical,
    QUESTION: QMessageBox.Icon.Question,
}


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    text: str
    buttons: tuple[str, ...]
    detail: str = ""


Answerer = Callable[[Message], str]
_answerer: Answerer | None = None


def answer_with(answerer: Answerer | None) -> Answerer | None:
    """Let `answerer` reply instead of a dialog (None restores the dialog); returns the previous."""
    global _answerer
    previous, _answerer = _answerer, answerer
    return previous


def show(
    parent: QWidget | None,
    kind: str,
    title: str,
    text: str,
    buttons: Sequence[str] = ("OK",),
    detail: str = "",
) -> str:
    """Show a message and return the text of the button chosen (the last one on Escape)."""
    message = Message(kind, title, text, tuple(buttons), detail)
    log.info("message (%s) %s: %s", kind, title, text.replace("\n", " "))
    if _answerer is not None:
        return _answerer(message)
    box = QMessageBox(parent)
    box.setIcon(_ICONS.get(kind, QMessageBox.Icon.NoIcon))
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    pushed = {}
    for index, label in enumerate(message.buttons):
        role = QMessageBox.ButtonRole.AcceptRole if index == 0 else QMessageBox.ButtonRole.RejectRole
        pushed[box.addButton(label, role)] = label
    box.setDefaultButton(next(iter(pushed)))
    box.exec()
    return pushed.get(box.clickedButton(), message.buttons[-1])


def inform(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    show(parent, INFO, title, text, detail=detail)


def warn(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    show(parent, WARNING, title, text, detail=detail)


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str = "Cancel") -> bool:
    return show(parent, QUESTION, title, text, (yes, no)) == yes
