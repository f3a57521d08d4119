"""Restoring a voided entry: a reason is required, and the restore is kept in the history.

Opened from the history dialog (`views.history_dialog`), which hands it the save function.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from .dialogs import FormDialog
from .fields import TextField


@dataclass(frozen=True)
class Restorable:
    """A voided entry the user may restore, as the history last read it."""

    kind: str
    row_id: uuid.UUID
    version: int
    description: str
    voided_by: str | None
    void_reason: str | None

    @property
    def heading(self) -> str:
        return self.description[:1].upper() + self.description[1:]


class RestoreDialog(FormDialog):
    """Restore a voided entry: a reason is required; the restore is kept in the history."""

    def __init__(self, parent: QWidget | None, save: Callable[[Any, dict], object], target: Restorable,
                 database: Any) -> None:
        voided = (f"Voided by {target.voided_by}: {target.void_reason}" if target.voided_by
                  else "This entry is voided.")
        super().__init__(
            parent, "Restore entry", save, "Restore",
            intro=f"{target.heading}.\n{voided}\n\nRestoring makes it count again in the record. The "
                  "restore is kept in the history with your name, the time and the reason.",
            save_label="Restore", database=database)
        reason = self.form.add("restore_reason", "Reason", TextField("Reason for restoring", max_length=500))
        reason.setPlaceholderText("e.g. voided by mistake")
        self.setMinimumWidth(480)
