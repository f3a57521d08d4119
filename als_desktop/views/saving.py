"""One way to run a save from any form, so every refusal reaches the user the same way.

A save is one `database.transaction()`; this module decides what the user sees when it is
refused: field messages stay at the fields, a stale edit is explained (the caller reloads),
a locked or failing database keeps the form and its input as they were.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable

from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import IntegrityError

from als_desktop.db import DatabaseProblem
from als_desktop.services.errors import NotFoundError, StaleRecordError, ValidationError

from . import messages
from .fields import Form

log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    SAVED = "saved"
    INVALID = "invalid"  # messages shown at the fields; input kept
    STALE = "stale"  # someone else changed or removed the record; caller reloads
    FAILED = "failed"  # database unavailable; input kept for another try


def attempt(parent: QWidget, form: Form | None, action: Callable[[], object], what: str) -> Outcome:
    """Run `action` (which reads the form and saves in one transaction) and report any refusal."""
    if form is not None:
        form.clear_errors()
    try:
        action()
    except ValidationError as error:
        if form is not None:
            form.show_errors(error.errors)
        else:
            messages.warn(parent, f"{what} not saved", "\n".join(error.errors.values()))
        return Outcome.INVALID
    except (StaleRecordError, NotFoundError) as error:
        messages.warn(parent, f"{what} not saved", str(error))
        return Outcome.STALE
    except DatabaseProblem as problem:
        messages.show(parent, messages.WARNING, f"{what} not saved", problem.what,
                      detail=f"{problem.advice}\n\nWhat you entered is still in the form.")
        return Outcome.FAILED
    except IntegrityError as error:
        # Validation should have caught this; the database's own check is the last guard.
        log.error("database constraint refused %s: %s", what, error.orig)
        messages.warn(parent, f"{what} not saved",
                      "The database refused this entry: a value is outside what the record allows, "
                      "or it conflicts with an entry saved meanwhile (perhaps on another workstation). "
                      "Reload the patient, check the values and try again. What you entered is still "
                      "in the form.", detail=str(error.orig))
        return Outcome.FAILED
    return Outcome.SAVED
