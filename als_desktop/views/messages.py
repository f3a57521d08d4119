"""Every message box of the program goes through `show`, so it is logged and can be answered.

Tests install an answerer with `answer_with`; the program itself shows a QMessageBox.
A message often quotes what someone typed (a name, a note): the box shows it as plain text,
never as markup, and the log keeps only the kind and title, never the text with its names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

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
    log.info("message (%s) %s", kind, title)
    if _answerer is not None:
        return _answerer(message)
    box, pushed = message_box(parent, message)
    box.exec()
    return pushed.get(box.clickedButton(), message.buttons[-1])


def message_box(parent: QWidget | None, message: Message) -> tuple[QMessageBox, dict]:
    """The box for `message`, not yet shown, and the text of each of its buttons."""
    box = QMessageBox(parent)
    box.setIcon(_ICONS.get(message.kind, QMessageBox.Icon.NoIcon))
    box.setWindowTitle(message.title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(message.text)
    if message.detail:
        box.setInformativeText(message.detail)
        # QMessageBox has no setting for its second label: a family name quoted there would
        # otherwise be read as markup.
        for label in box.findChildren(QLabel, "qt_msgbox_informativelabel"):
            label.setTextFormat(Qt.TextFormat.PlainText)
    pushed = {}
    for index, label in enumerate(message.buttons):
        role = QMessageBox.ButtonRole.AcceptRole if index == 0 else QMessageBox.ButtonRole.RejectRole
        pushed[box.addButton(label, role)] = label
    box.setDefaultButton(next(iter(pushed)))
    return box, pushed


def inform(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    show(parent, INFO, title, text, detail=detail)


def warn(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    show(parent, WARNING, title, text, detail=detail)


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str = "Cancel") -> bool:
    return show(parent, QUESTION, title, text, (yes, no)) == yes
