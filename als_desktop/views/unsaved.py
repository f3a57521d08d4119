"""Nothing typed is lost without a word: the question asked before input would be thrown away.

A tab is made of input parts (an assessment form, the weight box, the ALSFRS-R, the disease
details), each able to say whether it holds input not yet saved, to save it exactly as its own
Save button does, and to discard it. Before the window shows another patient, another visit or
another database, or closes, `may_leave` asks Save / Discard / Cancel for every tab holding
such input: Save runs each part's own save (a refusal keeps the user where they were, with the
message at the field), Discard puts the stored record back, Cancel changes nothing.

Dialogs get the same question when closed with Esc or the window's close button
(`guard_dialog`): there the input is compared with what the dialog showed when it opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from . import messages

SAVE, DISCARD, CANCEL = "Save", "Discard", "Cancel"
TITLE = "Unsaved input"


@dataclass(frozen=True)
class InputPart:
    """One form of a tab, as the guard sees it."""

    what: str  # as a sentence names it: "respiratory assessment", "weight"
    has_unsaved_input: Callable[[], bool]
    save: Callable[[], bool]  # the form's own Save; True when saved, False when refused
    discard: Callable[[], None]  # back to the record as stored


class HoldsInput(Protocol):
    """A tab (or any page) made of input parts."""

    title: str

    def unsaved_parts(self) -> list[InputPart]: ...

    def has_unsaved_input(self) -> bool: ...

    def refresh(self) -> None: ...


def describe(pages: Sequence[HoldsInput]) -> str:
    """"Pulmonary (respiratory assessment); Nutrition (weight)"."""
    return "; ".join(f"{page.title} ({', '.join(part.what for part in page.unsaved_parts())})" for page in pages)


def ask(parent: QWidget | None, pages: Sequence[HoldsInput], whom: str, leaving_for: str) -> str:
    """Save, Discard or Cancel (Cancel also on Escape: it is the last button)."""
    text = (f"Input not yet saved for {whom}: {describe(pages)}.\n\n"
            f"Save it before {leaving_for}?")
    return messages.show(parent, messages.QUESTION, TITLE, text, (SAVE, DISCARD, CANCEL),
                         detail="Save runs the same checks as the form's own Save button. "
                                "Discard throws the input away. Cancel goes back to the form.")


def save_all(pages: Iterable[HoldsInput]) -> HoldsInput | None:
    """Save every part holding input; the first page whose save was refused (None when all went)."""
    for page in pages:
        for part in page.unsaved_parts():
            if not part.save():
                return page
        if page.has_unsaved_input():
            # Saved while the tab was not on screen, so not yet read again: show it as stored.
            page.refresh()
        if page.has_unsaved_input():
            return page
    return None


def discard_all(pages: Iterable[HoldsInput]) -> None:
    for page in pages:
        for part in page.unsaved_parts():
            part.discard()


# ---------------------------------------------------------------------- watching input widgets

def watch_input(root: QWidget, changed: Callable[[], None]) -> None:
    """Call `changed` whenever any input under `root` may have changed (typed, chosen, ticked).

    Generic on purpose: a field added to a form later is watched without anyone remembering to.
    What the call then decides (unsaved or not) compares values, so a signal too many is harmless.
    """
    for edit in root.findChildren(QLineEdit):
        edit.textChanged.connect(lambda *_: changed())
    for edit in (*root.findChildren(QPlainTextEdit), *root.findChildren(QTextEdit)):
        edit.textChanged.connect(changed)
    for combo in root.findChildren(QComboBox):
        combo.currentIndexChanged.connect(lambda *_: changed())
        combo.currentTextChanged.connect(lambda *_: changed())
    for box in root.findChildren(QAbstractSpinBox):
        box.editingFinished.connect(changed)
        if hasattr(box, "dateChanged"):
            box.dateChanged.connect(lambda *_: changed())
    for button in root.findChildren(QAbstractButton):
        if button.isCheckable():
            button.toggled.connect(lambda *_: changed())
    # Composite fields (the ALSFRS-R items, a date field of several parts) say so themselves.
    for widget in root.findChildren(QWidget):
        signal = getattr(type(widget), "changed", None)
        if signal is not None and type(signal).__name__ == "Signal":
            widget.changed.connect(lambda *_: changed())


def input_state(root: QWidget) -> tuple:
    """What every input under `root` shows now, to compare with a later look."""
    state: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            state.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            state.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            state.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractSpinBox):
            state.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
    return tuple(state)


# ---------------------------------------------------------------------- dialogs

class _DialogGuard(QObject):
    """Asks before Esc or the close button throws away what was typed into a dialog."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.opened_with = input_state(dialog)

    def has_unsaved_input(self) -> bool:
        return input_state(self.dialog) != self.opened_with

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        escape = (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                  and event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier)
        closing = event.type() == QEvent.Type.Close and event.spontaneous()
        if watched is not self.dialog or not (escape or closing) or not self.has_unsaved_input():
            return False
        answer = messages.show(self.dialog, messages.QUESTION, TITLE,
                               f"{self.dialog.windowTitle()}: what you entered is not saved yet.\n\nSave it?",
                               (SAVE, DISCARD, CANCEL))
        if answer == DISCARD:
            self.dialog.reject()
        elif answer == SAVE:
            save = getattr(self.dialog, "save", None)
            if callable(save):
                save()  # closes the dialog when saved; a refusal is shown at the field
        event.ignore()
        return True


def guard_dialog(dialog: QDialog) -> None:
    """Esc and the close button ask before discarding what was typed (Cancel still cancels)."""
    guard = _DialogGuard(dialog)
    dialog.installEventFilter(guard)
    dialog.setProperty("unsavedGuard", True)


__all__ = ["CANCEL", "DISCARD", "SAVE", "InputPart", "ask", "discard_all", "guard_dialog", "input_state",
           "save_all", "watch_input"]
