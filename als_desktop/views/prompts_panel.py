"""The prompts in force for a patient, each with what triggered it, its source and answers.

The panel shows prompts; it never blocks recording. Each answer (acknowledge, defer, team
action, and "declined by the patient" for a prompt the rule table lets the patient decline) is
one save through `services.decision_support.respond`; a prompt that no longer fires
is explained and the window reads the record again. Which prompts and why is decided in
`als_desktop.clinical`, not here. "Answered (n)…" lists the prompts hidden by an answer, so a
mistaken answer can be reopened (`answered_prompts`).
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.clinical.prompts import Prompt, Severity
from als_desktop.clinical.rules_common import ESTIMATE
from als_desktop.domain import vocab
from als_desktop.services import decision_support
from als_desktop.services.decision_support import ActionRequest, AnsweredPrompt

from .prompt_dialogs import DeclineDialog, DeferDialog, TeamActionDialog
from .saving import Outcome, attempt
from .table import date_text
from .tabs.base import RecordSession

OpenedDialog = TypeVar("OpenedDialog", DeferDialog, TeamActionDialog, DeclineDialog)

# Colour and word together, so severity does not rest on colour alone.
SEVERITY_STYLE = {
    Severity.URGENT: ("URGENT", "#b3261e"),
    Severity.ACTION: ("ACTION", "#a14f00"),
    Severity.DUE: ("DUE", "#1d5fa6"),
    Severity.INFO: ("INFO", "#5f6368"),
}


# Whether a panel's prompts are folded away, by panel (None: the Overview's), for the session:
# folded once, they stay folded on the next patient until the program is closed.
_folded: dict[str | None, bool] = {}


def today_of(host: object) -> date:
    """The window's date (tests fix it), else today."""
    return getattr(host, "today", None) or date.today()


class PromptRow(QFrame):
    """One prompt: severity, message, why, settings in force, source, due date and answers."""

    def __init__(self, prompt: Prompt, show_owner: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self.setObjectName("promptRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        word, colour = SEVERITY_STYLE[prompt.severity]
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 5, 8, 5)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)

        self.severity = QLabel(word, self)
        self.severity.setAccessibleName(f"Severity: {word.lower()}")
        self.severity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.severity.setFixedWidth(64)
        self.severity.setStyleSheet(
            f"background: {colour}; color: white; font-weight: bold; border-radius: 3px; padding: 2px 4px;")
        grid.addWidget(self.severity, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)

        owner = f"{vocab.label(vocab.DISCIPLINE, prompt.discipline)}: " if show_owner else ""
        due = f"  (due {date_text(prompt.due_on)})" if prompt.due_on else ""
        self.message = QLabel(f"{owner}{prompt.message}{due}", self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a team action is typed text
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.message, 0, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.acknowledge_button = self._button("Acknowledge", buttons)
        self.defer_button = self._button("Defer…", buttons)
        self.action_button = self._button("Team action…", buttons)
        # Only care the patient can decline (the rule table's `declinable`), never monitoring.
        self.decline_button = self._button("Declined…", buttons) if prompt.declinable else None
        if self.decline_button is not None:
            self.decline_button.setToolTip("The patient declined this: it shows as a dated fact and comes back "
                                           "when what raised it has worsened")
        grid.addLayout(buttons, 0, 2, Qt.AlignmentFlag.AlignTop)

        self.details = QLabel(self.details_html(prompt), self)
        self.details.setObjectName("muted")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.details, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    def _button(self, text: str, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(f"{text.rstrip('…')}: {self.prompt.message}")
        layout.addWidget(button)
        return button

    @staticmethod
    def details_html(prompt: Prompt) -> str:
        lines = []
        measured = [(label, value) for label, value in prompt.values if label != ESTIMATE]
        if measured:
            lines.append("<b>Because</b> " + " · ".join(
                f"{html.escape(label)} {html.escape(value)}" for label, value in measured))
        # One card for one decision: each criterion met, with its own source.
        lines += [f"<b>Criterion met</b> {html.escape(met)} <i>({html.escape(source)})</i>"
                  for met, source in prompt.criteria]
        # A projection gets a line of its own so it is never read as a measured value.
        lines += [f"<b>Estimate</b> <i>{html.escape(value)}</i>" for label, value in prompt.values if label == ESTIMATE]
        if prompt.settings:
            lines.append("<b>Clinic setting in force</b> " + " · ".join(
                html.escape(s.removeprefix("setting: ")) for s in prompt.settings))
        lines.append(f"<b>Source</b> {html.escape(prompt.source)}")
        return "<br>".join(lines)


class PromptsPanel(QGroupBox):
    """The patient's prompts in force, all of them or those one discipline owns."""

    def __init__(self, host, discipline: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.discipline = discipline
        self.patient_id: uuid.UUID | None = None
        self.prompts: list[Prompt] = []
        self.rows: list[PromptRow] = []
        self.answered: list[AnsweredPrompt] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(6)
        header = QHBoxLayout()
        self.empty = QLabel("No prompts in force.", self)
        self.empty.setObjectName("muted")
        self.fold_button = QToolButton(self)
        self.fold_button.setCheckable(True)
        self.fold_button.setAutoRaise(True)
        self.fold_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.fold_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.fold_button.toggled.connect(self._fold)
        header.addWidget(self.fold_button)
        # What the prompts are, by severity: read while they are folded away.
        self.summary = QLabel(self)
        self.summary.setObjectName("muted")
        header.addWidget(self.summary)
        header.addWidget(self.empty)
        header.addStretch(1)
        self.answered_button = QPushButton("Answered…", self)
        self.answered_button.setToolTip("Prompts hidden because someone acknowledged, deferred or made a team "
                                        "action of them, or the patient declined them; reopen one to show it again.")
        self.answered_button.clicked.connect(self.show_answered)
        self.answered_button.hide()
        header.addWidget(self.answered_button)
        self.layout_.addLayout(header)
        self.rows_box = QWidget(self)
        self.rows_layout = QVBoxLayout(self.rows_box)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(6)
        self.layout_.addWidget(self.rows_box)
        self.fold_button.setChecked(_folded.get(discipline, False))
        self._fold(self.fold_button.isChecked())
        self._set_title()

    # ------------------------------------------------------------------ folding

    def is_folded(self) -> bool:
        return self.fold_button.isChecked()

    def set_folded(self, folded: bool) -> None:
        self.fold_button.setChecked(folded)

    def _fold(self, folded: bool) -> None:
        _folded[self.discipline] = folded
        self.rows_box.setVisible(not folded)
        self.fold_button.setArrowType(Qt.ArrowType.RightArrow if folded else Qt.ArrowType.DownArrow)
        self.fold_button.setText("Show" if folded else "Hide")
        self.fold_button.setAccessibleName(("Show the prompts" if folded else "Hide the prompts")
                                           + " (the choice is kept for the session)")
        self.fold_button.setToolTip("Show the prompts in full" if folded else
                                    "Fold the prompts away (kept so for the session; a count stays here)")
        self._show_summary()

    def _show_summary(self) -> None:
        counts = [(word, sum(p.severity is severity for p in self.prompts))
                  for severity, (word, _colour) in SEVERITY_STYLE.items()]
        text = ", ".join(f"{count} {word.lower()}" for word, count in counts if count)
        self.summary.setText(text)
        self.summary.setVisible(bool(text) and self.is_folded())
        self.fold_button.setVisible(bool(self.prompts))

    # ------------------------------------------------------------------ showing

    def load(self, session: RecordSession, patient_id: uuid.UUID) -> None:
        today = today_of(self.host)
        # The rules run once for both lists: the prompts shown and those hidden by an answer.
        fired = decision_support.all_prompts_for(session, patient_id, today)
        responses = decision_support.responses_in_force(session, patient_id)
        self.show_prompts(patient_id, decision_support.without_answered(fired, responses, today),
                          decision_support.answered_among(fired, responses, today, self.discipline))

    def show_prompts(self, patient_id: uuid.UUID, prompts: list[Prompt],
                     answered: list[AnsweredPrompt] | None = None) -> None:
        """Show `prompts` (already most urgent first), keeping those this panel owns; the
        answered ones are read here unless given."""
        self.patient_id = patient_id
        self._set_answered(answered if answered is not None else self.read_answered())
        self.prompts = [p for p in prompts if self.discipline is None or p.discipline == self.discipline]
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.hide()  # at once: deletion waits for the event loop
            row.deleteLater()
        self.rows = []
        for prompt in self.prompts:
            row = PromptRow(prompt, show_owner=self.discipline is None, parent=self.rows_box)
            row.acknowledge_button.clicked.connect(lambda _c=False, p=prompt: self.acknowledge(p))
            row.defer_button.clicked.connect(lambda _c=False, p=prompt: self.defer(p))
            row.action_button.clicked.connect(lambda _c=False, p=prompt: self.create_action(p))
            if row.decline_button is not None:
                row.decline_button.clicked.connect(lambda _c=False, p=prompt: self.decline(p))
            self.rows_layout.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not self.prompts)
        self._show_summary()
        self._set_title()

    def _set_title(self) -> None:
        whose = "" if self.discipline is None else f" for {vocab.label(vocab.DISCIPLINE, self.discipline)}"
        count = f" ({len(self.prompts)})" if self.prompts else ""
        self.setTitle(f"Prompts{whose}{count}")

    def row_for(self, rule_id: str) -> PromptRow | None:
        return next((row for row in self.rows if row.prompt.rule_id == rule_id), None)

    # ------------------------------------------------------------------ answered prompts

    def read_answered(self) -> list[AnsweredPrompt]:
        if self.patient_id is None:
            return []
        with self.host.database.reading() as session:
            return decision_support.answered_prompts(session, self.patient_id, today_of(self.host), self.discipline)

    def _set_answered(self, answered: list[AnsweredPrompt]) -> None:
        self.answered = answered
        self.answered_button.setText(f"Answered ({len(answered)})…")
        self.answered_button.setAccessibleName(f"Answered prompts ({len(answered)})")
        self.answered_button.setVisible(bool(answered))

    def show_answered(self):
        """The answered prompts of this panel, each of which can be reopened with a reason."""
        from .answered_prompts import AnsweredPromptsDialog

        whose = "" if self.discipline is None else f" — {vocab.label(vocab.DISCIPLINE, self.discipline)}"
        author = self.author

        def reopen(session: RecordSession, entry: AnsweredPrompt, reason: str) -> None:
            decision_support.reopen(session, entry.response_id, entry.version, reason, author)

        dialog = AnsweredPromptsDialog(self.window(), whose, self.discipline is None, self.read_answered,
                                       reopen, self.host.record_changed)
        self.host.open_dialog(dialog)
        return dialog

    # ------------------------------------------------------------------ answering

    @property
    def author(self) -> str:
        return self.host.author

    def _responder(self, prompt: Prompt, response: str) -> Callable[..., None]:
        """The use case answering `prompt`, given the answer's details; it touches no widget."""
        patient_id, rule_id, author, today = self.patient_id, prompt.rule_id, self.author, today_of(self.host)

        def respond(session: RecordSession, **details: Any) -> None:
            decision_support.respond(session, patient_id, rule_id, response, author, today=today, **details)

        return respond

    def acknowledge(self, prompt: Prompt) -> Outcome:
        outcome = attempt(self, None, "Acknowledgement", self.host.database,
                          self._responder(prompt, "acknowledged"))
        if outcome is Outcome.STALE:
            self.host.record_changed()
        return outcome

    def defer(self, prompt: Prompt) -> DeferDialog:
        respond = self._responder(prompt, "deferred")

        def save(session: RecordSession, values: dict) -> None:
            respond(session, reason=values["reason"], deferred_until=values["deferred_until"])

        return self._open(DeferDialog(self.window(), save, prompt))

    def create_action(self, prompt: Prompt) -> TeamActionDialog:
        respond = self._responder(prompt, "action_created")

        def save(session: RecordSession, values: dict) -> None:
            action = ActionRequest(values["owner_discipline"], values["description"] or "", values["due_on"])
            respond(session, action=action)

        return self._open(TeamActionDialog(self.window(), save, prompt))

    def decline(self, prompt: Prompt) -> DeclineDialog:
        respond = self._responder(prompt, "declined")

        def save(session: RecordSession, values: dict) -> None:
            respond(session, reason=values["reason"] or None)

        return self._open(DeclineDialog(self.window(), save, prompt, today_of(self.host)))

    def _open(self, dialog: OpenedDialog) -> OpenedDialog:
        # The window reads again what the answer changed (or everything, after a stale refusal).
        self.host.open_dialog(dialog)
        return dialog
