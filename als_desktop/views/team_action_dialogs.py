"""Dialogs that change a team action: make one by hand, mark it done, cancel it or reopen it.

They only collect input; the team actions panel hands them the function that records the
change in one transaction (`services.team_actions`), so a refusal (no note where one is
needed, a date after today) is shown at the field and nothing is stored.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from als_desktop.domain import vocab
from als_desktop.services.team_actions import ActionRow

from .dialogs import FormDialog, SaveFunction
from .fields import CodeCombo, DateField, NoteField, OptionalDateField
from .prompt_dialogs import no_date
from .table import date_text, datetime_text

RECORDED = "Your name, the time and the note are kept in the action's history."


def action_text(row: ActionRow) -> str:
    """The action as the dialogs name it: owner, what, and when it is due."""
    due = f"due {date_text(row.due_on)}" if row.due_on else "no due date"
    overdue = " — overdue" if row.overdue else ""
    return f"{row.owner_label}: {row.description}\n({due}{overdue})"


def closing_text(row: ActionRow) -> str:
    """How a closed action was closed, by whom and when."""
    change = row.last_change
    text = f"{row.status_label}"
    if row.closed_on is not None:
        text += f" on {date_text(row.closed_on)}"
    if change is not None:
        text += f", recorded by {change.by} at {datetime_text(change.at)}"
        if change.note:
            text += f"\nNote: {change.note}"
    return text + "."


def _note(dialog: FormDialog, label: str, placeholder: str, hint: str = "") -> NoteField:
    note = dialog.form.add("note", label, NoteField(label, lines=3), hint=hint)
    note.setPlaceholderText(placeholder)
    return note


class NewActionDialog(FormDialog):
    """A team action made by hand: the owner discipline, what to do and when it is due."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, patient_name: str) -> None:
        super().__init__(
            parent, f"New team action — {patient_name}", save, "Team action",
            intro="An action one discipline owns, kept on the patient's record and team plan until it is "
                  "marked done or cancelled.",
            save_label="Create action",
        )
        self.form.add("owner_discipline", "Owner", CodeCombo("Owner discipline", vocab.DISCIPLINE, optional=False))
        description = self.form.add("description", "Action", NoteField("Action to take", lines=3))
        description.setPlaceholderText("e.g. Refer to the wheelchair service")
        self.form.add("due_on", "Due", no_date(OptionalDateField("Action due date")),
                      hint="Optional: after this date the action is marked overdue.")
        self.setMinimumWidth(560)


class ActionDoneDialog(FormDialog):
    """Mark an open action done: the day it was done (today unless changed) and a note if useful."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, row: ActionRow, today: date) -> None:
        super().__init__(parent, "Mark team action done", save, "Action done",
                         intro=f"{action_text(row)}\n\n{RECORDED}", save_label="Mark done")
        done_on = self.form.add("completed_on", "Done on", DateField("Date the action was done"))
        done_on.set_value(today)
        _note(self, "Note", "e.g. referral sent to the wheelchair service", hint="Optional.")
        self.setMinimumWidth(520)


class CancelActionDialog(FormDialog):
    """Cancel an open action: a note saying why is required."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, row: ActionRow) -> None:
        super().__init__(parent, "Cancel team action", save, "Cancellation",
                         intro=f"{action_text(row)}\n\nA cancelled action leaves the open list and the team "
                               f"plan; it can be reopened. {RECORDED}",
                         save_label="Cancel action")
        _note(self, "Why", "e.g. patient declined the referral")
        self.setMinimumWidth(520)


class ReopenActionDialog(FormDialog):
    """Reopen a done or cancelled action: a note saying why is required."""

    def __init__(self, parent: QWidget | None, save: SaveFunction, row: ActionRow) -> None:
        super().__init__(parent, "Reopen team action", save, "Reopening",
                         intro=f"{action_text(row)}\n{closing_text(row)}\n\nReopening puts the action back on "
                               f"the open list and the team plan. {RECORDED}",
                         save_label="Reopen action")
        _note(self, "Why", "e.g. marked done on the wrong patient")
        self.setMinimumWidth(520)
