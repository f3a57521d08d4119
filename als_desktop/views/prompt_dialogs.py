"""Dialogs that answer a prompt: defer it (with a reason), turn it into a team action, or record
that the patient declined the care it asks for (an optional note); and the one that reopens an
answered prompt (with a reason).

They only collect input; the prompts panel hands them the function that records the
response in one transaction, so a refusal (no reason, a date in the past) is shown at the
field and nothing is stored.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from als_desktop.clinical.prompts import Prompt
from als_desktop.domain import vocab
from als_desktop.services.decision_support import AnsweredPrompt

from .dialogs import FormDialog, SaveFunction
from .fields import CodeCombo, NoteField, OptionalDateField, TextField
from .table import date_text, datetime_text


def no_date(field: OptionalDateField) -> OptionalDateField:
    """A date the user may leave out: "No date" reads better here than "Not recorded"."""
    field.not_recorded.setText("No date")
    field.not_recorded.setAccessibleName(f"{field.date_edit.accessibleName()}: no date")
    return field


class DeferDialog(FormDialog):
    """Defer a prompt: a reason is required; a date brings it back on that day."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, prompt: Prompt) -> None:
        super().__init__(
            parent, "Defer prompt", save, "Deferral",
            intro=f"{prompt.message}\n\nThe prompt is hidden until the date given (or, with no date, "
                  "until what it is about changes). Your name, the time and the reason are recorded.",
            save_label="Defer",
        )
        reason = self.form.add("reason", "Reason", TextField("Reason for deferring", max_length=500))
        reason.setPlaceholderText("e.g. patient wants to discuss at home first")
        self.form.add("deferred_until", "Defer until", no_date(OptionalDateField("Defer until")),
                      hint="Optional: the prompt shows again on this date.")
        self.setMinimumWidth(520)


class TeamActionDialog(FormDialog):
    """Turn a prompt into a team action one discipline owns, with a due date."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, prompt: Prompt) -> None:
        super().__init__(
            parent, "Create team action", save, "Team action",
            intro=f"{prompt.message}\n\nSource: {prompt.source}. The action is kept in the patient's "
                  "record with this source, and the prompt is no longer shown (until what it is about "
                  "changes).",
            save_label="Create action",
        )
        owner = self.form.add("owner_discipline", "Owner", CodeCombo("Owner discipline", vocab.DISCIPLINE,
                                                                     optional=False))
        owner.set_value(prompt.discipline)
        description = self.form.add("description", "Action", NoteField("Action to take", lines=3))
        description.set_value(prompt.message)
        due = self.form.add("due_on", "Due", no_date(OptionalDateField("Action due date")))
        if prompt.due_on is not None:
            due.set_value(prompt.due_on)
        self.setMinimumWidth(560)


class DeclineDialog(FormDialog):
    """Record that the patient declined what the prompt asks for: dated today, a note optional."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, prompt: Prompt, today: date) -> None:
        super().__init__(
            parent, "Declined by the patient", save, "Decline",
            intro=f"{prompt.message}\n\nRecords that the patient declined this on {date_text(today)}. "
                  "The prompt then shows as a dated fact, and comes back when the measure that "
                  "raised it has worsened since. Your name and the time are recorded.",
            save_label="Record decline",
        )
        note = self.form.add("reason", "Note", TextField("Note on the decline (optional)", max_length=500))
        note.setPlaceholderText("Optional, e.g. wants to revisit after the family meeting")
        self.setMinimumWidth(520)


def answer_text(entry: AnsweredPrompt) -> str:
    """How the prompt was answered, by whom and when, in one sentence."""
    how = vocab.label(vocab.PROMPT_RESPONSE, entry.response)
    if entry.response == "declined":  # the patient declined; the clinician recorded it
        return f"{how}; recorded by {entry.answered_by} on {datetime_text(entry.answered_at)}."
    text = f"{how} by {entry.answered_by} on {datetime_text(entry.answered_at)}"
    if entry.response == "deferred":
        text += f", until {date_text(entry.deferred_until)}" if entry.deferred_until else ", with no date"
    return text + "."


TEAM_ACTION_STAYS = ("The team action made from this prompt stays on the team plan: reopening the prompt "
                     "does not cancel it.")


class ReopenDialog(FormDialog):
    """Reopen an answered prompt: a reason is required; the answer stays in the record, withdrawn."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, entry: AnsweredPrompt) -> None:
        lines = [entry.title, answer_text(entry)]
        if entry.reason:
            lines.append(f"Reason given: {entry.reason}")
        lines.append("")
        lines.append("Reopening withdraws this answer so the prompt shows again"
                     + (" at once." if entry.raised_today else " when the record raises it again.")
                     + " The answer stays in the record, marked as withdrawn with your name, the time and "
                       "the reason.")
        if entry.response == "action_created":
            lines.append(TEAM_ACTION_STAYS)
        super().__init__(parent, "Reopen prompt", save, "Reopening", intro="\n".join(lines),
                         save_label="Reopen prompt")
        reason = self.form.add("reason", "Reason", TextField("Reason for reopening", max_length=500))
        reason.setPlaceholderText("e.g. acknowledged by mistake")
        self.setMinimumWidth(520)
