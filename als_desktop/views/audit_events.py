"""Recording what the window let out of the record: a file exported, a report saved, a page printed.

The event is written once the file is written or the pages sent (`services.audit.record_in`),
in a small transaction of its own on a worker, so a busy database never holds the window. An
event that cannot be written is logged and said in the status bar: the clinic must know that
its trail misses it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QStatusBar, QWidget

from als_desktop.services import audit

from .tasks import Task, run_task

log = logging.getLogger(__name__)


def record_event(source: QWidget | None, database: Any, actor: Any, event: str, *,
                 patient_id: uuid.UUID | None = None, detail: str | None = None,
                 file_name: str | None = None) -> Task:
    """Append `event` for `actor` (the signed-in person) on a worker; `source` is the widget it
    came from (its window's status bar says so when it could not be recorded)."""

    def work(_job: object) -> None:
        audit.record_in(database, actor, event, patient_id=patient_id, detail=detail, source=file_name)

    def failed(error: BaseException) -> None:
        log.error("audit event %s not recorded", event, exc_info=error)
        bar = _status_bar(source)
        if bar is not None:
            bar.showMessage("This action could not be written to the audit trail; the details are in the log.",
                            15000)

    return run_task(work, on_error=failed)


def _status_bar(widget: QWidget | None) -> QStatusBar | None:
    while widget is not None:
        window = widget.window()
        if isinstance(window, QMainWindow):
            return window.findChild(QStatusBar)
        parent: QObject | None = window.parentWidget()
        widget = parent if isinstance(parent, QWidget) else None
    return None
