"""The prompts the team has answered and that are hidden now, each of which can be reopened.

A mistaken answer (an acknowledgement on the wrong prompt, say) would otherwise hide a prompt
for good. The list reads the record through `services.decision_support.answered_prompts`;
reopening is one save through `decision_support.reopen`, asking for a reason.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from als_desktop.domain import vocab
from als_desktop.services.decision_support import AnsweredPrompt

from .prompt_dialogs import TEAM_ACTION_STAYS, ReopenDialog, answer_text
from .saving import Outcome
from .table import date_text

Entries = Callable[[], list[AnsweredPrompt]]
# reopen(session, entry, reason): the use case, run inside the save's transaction.
Reopen = Callable[[Any, AnsweredPrompt, str], object]


class AnsweredRow(QFrame):
    """One answered prompt: what it is, who answered it, when and why, and Reopen."""

    def __init__(self, entry: AnsweredPrompt, show_owner: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setObjectName("answeredRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(10)
        owner = (f"{vocab.label(vocab.DISCIPLINE, entry.discipline)}: "
                 if show_owner and entry.discipline else "")
        due = f"  (due {date_text(entry.prompt_due_on)})" if entry.prompt_due_on else ""
        self.title = QLabel(f"{owner}{entry.title}{due}", self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        grid.addWidget(self.title, 0, 0)
        self.details = QLabel(self.details_html(entry), self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.details, 1, 0)
        self.reopen_button = QPushButton("Reopen…", self)
        self.reopen_button.setAccessibleName(f"Reopen: {entry.title}")
        self.reopen_button.setToolTip("Show this prompt again; you are asked for a reason.")
        grid.addWidget(self.reopen_button, 0, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)

    @staticmethod
    def details_html(entry: AnsweredPrompt) -> str:
        lines = [html.escape(answer_text(entry))]
        if entry.reason:
            lines.append(f"<b>Reason</b> {html.escape(entry.reason)}")
        if entry.team_action:
            lines.append(f"<b>Team action</b> {html.escape(entry.team_action)}")
            lines.append(f"<i>{html.escape(TEAM_ACTION_STAYS)}</i>")
        if not entry.raised_today:
            lines.append("<i>The record does not raise this prompt today; once reopened it shows again "
                         "when the record does.</i>")
        return "<br>".join(lines)


class AnsweredPromptsDialog(QDialog):
    """The answered prompts of one discipline (or all, from the Overview), newest first."""

    def __init__(self, parent: QWidget | None, whose: str, show_owner: bool, entries: Entries,
                 reopen: Reopen, changed: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Answered prompts{whose}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.show_owner = show_owner
        self.entries_function = entries
        self.reopen_function = reopen
        self.changed = changed  # reads the whole record again, after a stale refusal
        self.rows: list[AnsweredRow] = []
        self.reopen_dialog: ReopenDialog | None = None

        layout = QVBoxLayout(self)
        intro = QLabel(
            "These prompts are hidden because someone answered them. Reopen one to show it again, "
            "for example when it was acknowledged by mistake. The answer stays in the record, "
            "marked as withdrawn with your name, the time and the reason.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        self.list_layout = QVBoxLayout(body)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(6)
        self.empty = QLabel("No answered prompts: every prompt of the record is shown.", body)
        self.empty.setObjectName("muted")
        self.list_layout.addWidget(self.empty)
        self.list_layout.addStretch(1)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self.resize(720, 460)
        self.reload()

    def reload(self) -> None:
        for row in self.rows:
            self.list_layout.removeWidget(row)
            row.hide()  # at once: deletion waits for the event loop
            row.deleteLater()
        self.rows = []
        for entry in self.entries_function():
            row = AnsweredRow(entry, self.show_owner, self)
            row.reopen_button.clicked.connect(lambda _c=False, e=entry: self.ask_reopen(e))
            self.list_layout.insertWidget(self.list_layout.count() - 1, row)
            self.rows.append(row)
        self.empty.setVisible(not self.rows)

    def row_for(self, rule_id: str) -> AnsweredRow | None:
        return next((row for row in self.rows if row.entry.rule_id == rule_id), None)

    def ask_reopen(self, entry: AnsweredPrompt) -> ReopenDialog:
        reopen = self.reopen_function
        dialog = ReopenDialog(self, lambda session, values: reopen(session, entry, values["reason"]), entry)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._reopen_closed(dialog))
        self.reopen_dialog = dialog
        dialog.open()
        return dialog

    def _reopen_closed(self, dialog: ReopenDialog) -> None:
        if self.reopen_dialog is dialog:
            self.reopen_dialog = None
        if dialog.outcome is Outcome.STALE:
            # Changed by someone else: show the record as it now is. (A reopening that went
            # through is announced, and the window reads again what it changed.)
            self.changed()
        if dialog.outcome in (Outcome.SAVED, Outcome.STALE):
            self.reload()
