"""One way to run a save from any form, so every refusal reaches the user the same way.

A save reads the form on the GUI thread (`collect`), then runs the use case (`work`) in one
transaction on the task runner's worker, which announces what it changed. The window waits
for it with its event loop running: it keeps painting and its timers fire, the status bar
says "Saving…" when it takes a moment (another workstation holding a write lock makes it
wait up to the database's busy timeout), and the user's clicks and keys are held back until
it is done, so no second save starts and no other patient is chosen meanwhile.

This module then decides what the user sees when it is refused: field messages stay at the
fields, a stale edit is explained (the caller reloads), a locked or failing database keeps the
form and its input as they were, a save the user's roles do not allow says which role it needs
and offers to write anyway with a reason (views/break_glass.py: the same save is made again);
and when it went through, the window says what was saved for
whom (`announce_saved`), where it stays in view for a few seconds.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any, Self

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
)
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QStatusBar, QWidget

from als_desktop.db import DatabaseProblem
from als_desktop.services.errors import (
    NotFoundError,
    RefusedByDatabase,
    RoleRequired,
    StaleRecordError,
    ValidationError,
)

from . import break_glass, messages
from .fields import Form
from .tasks import run_use_case

log = logging.getLogger(__name__)

SAVING = "Saving…"
# How long "Saved …" stays in view: long enough to read after looking back from the patient.
SAVED_SHOWN_MS = 8000
# A save usually takes milliseconds: saying so (and the wait cursor) only once it takes longer
# keeps the status bar and the cursor from flickering on every save.
SHOW_SAVING_AFTER_MS = 200


class Outcome(enum.Enum):
    SAVED = "saved"
    INVALID = "invalid"  # messages shown at the fields; input kept
    STALE = "stale"  # someone else changed or removed the record; caller reloads
    FAILED = "failed"  # database unavailable; input kept for another try
    REFUSED = "refused"  # the account lacks the role and did not write anyway; input kept


def attempt(
    parent: QWidget,
    form: Form | None,
    what: str,
    database: Any,
    work: Callable[..., object],
    collect: Callable[[], Any] | None = None,
    *,
    saved: str | Callable[[Any], str] | None = None,
) -> Outcome:
    """Save and report any refusal; a save that went through is announced (`announce_saved`).

    `collect()` reads the widgets (on the GUI thread; a ValidationError it raises is shown at the
    fields); `work(session, collected)` — or `work(session)` without `collect` — calls the use
    cases and must not touch any widget: it runs on a worker thread, in one transaction.
    `saved` names what was saved for the confirmation ("weight 68.4 kg"), or computes it from
    what `collect` read; by default `what`.
    """
    if form is not None:
        form.clear_errors()
    arguments: tuple[Any, ...] = ()
    try:
        arguments = () if collect is None else (collect(),)
        try:
            save_and_wait(parent, database, work, *arguments)
        except RoleRequired as refusal:
            reason = break_glass.ask(parent, what, refusal)
            if reason is None:
                return Outcome.REFUSED
            # The same save with the values already read: nothing typed meanwhile is lost.
            save_and_wait(parent, database, break_glass.anyway(work, reason), *arguments)
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
    except RefusedByDatabase as error:
        # Validation should have caught this; the database's own check is the last guard.
        log.error("database constraint refused %s: %s", what, error.detail)
        messages.warn(parent, f"{what} not saved",
                      f"{error.message}\n\nThe database refused this entry (perhaps another workstation saved "
                      "meanwhile). Reload the patient, check the values and try again. What you entered is "
                      "still in the form.", detail=error.detail)
        return Outcome.FAILED
    except RoleRequired as error:  # only if the reason was not taken: the message says why
        messages.warn(parent, f"{what} not saved", str(error), detail=break_glass.KEPT)
        return Outcome.REFUSED
    if callable(saved):
        described = saved(arguments[0] if arguments else None)
    else:
        described = saved or _as_in_a_sentence(what)
    announce_saved(parent, described)
    return Outcome.SAVED


def _as_in_a_sentence(what: str) -> str:
    # "Weight" reads "weight" inside a sentence; "ALSFRS-R" and "SpO₂" stay as they are.
    return what[:1].lower() + what[1:] if what[1:2].islower() else what


def announce_saved(source: QWidget | None, what: str) -> None:
    """Say "Saved <what> for <patient> at <time>" in the window `source` is in.

    A dialog's save is named by its title (“Void weight”, “New visit”). The main window shows
    it where nothing covers it (`show_saved`); any other window in its status bar, if it has one.
    """
    dialog = source.window() if source is not None else None
    if isinstance(dialog, QDialog):
        if dialog.property("announcesSaved") is False:
            return  # whoever opened it says what was saved, once it is shown
        what = f"“{dialog.windowTitle().split(' — ')[0]}”"  # "Saved “Void weight” for …"
    window = _main_window(source)
    show_saved = getattr(window, "show_saved", None)
    if callable(show_saved):
        show_saved(what)
        return
    bar = _status_bar(source)
    if bar is not None:
        bar.showMessage(f"Saved {what}.", SAVED_SHOWN_MS)


def save_and_wait(parent: QWidget | None, database: Any, use_case: Callable[..., Any], *args: Any) -> Any:
    """Run `use_case(session, *args)` on the saving worker and wait for it, the window live.

    Returns the use case's result, or raises what it raised (on the GUI thread)."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    task = run_use_case(database, use_case, *args, pool=_saving_pool(),
                        on_done=lambda result: outcome.setdefault("result", result),
                        on_error=lambda error: outcome.setdefault("error", error))
    task.ended.connect(loop.quit)
    with _WhileSaving(parent):
        if task.is_running:  # the outcome is posted to this thread: it cannot have come yet
            loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


_pool: QThreadPool | None = None


def _saving_pool() -> QThreadPool:
    """One thread for every save: saves reach the database one at a time, in the order made."""
    global _pool
    if _pool is None:
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setMaxThreadCount(1)
    return _pool


class _HoldInput(QObject):
    """Swallows the user's clicks, keys and shortcuts while a save is under way.

    Only input: painting, timers, the worker's answer and programmatic calls go through, so
    the window stays drawn and live while nothing the user does can start a second save,
    choose another patient or close the window under the save."""

    HELD = frozenset({
        QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
        QEvent.Type.NonClientAreaMouseButtonPress, QEvent.Type.NonClientAreaMouseButtonRelease,
        QEvent.Type.NonClientAreaMouseButtonDblClick,
        QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride, QEvent.Type.Shortcut,
        QEvent.Type.Wheel, QEvent.Type.ContextMenu, QEvent.Type.InputMethod,
        QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop,
        QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress, QEvent.Type.TabletRelease,
    })

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in self.HELD:
            return True
        if kind == QEvent.Type.Close and event.spontaneous():  # the window's close button
            event.ignore()
            return True
        return False


class _WhileSaving:
    """Holds the user's input back, and says "Saving…" once the save takes a moment."""

    def __init__(self, parent: QWidget | None) -> None:
        self.bar = _status_bar(parent)
        self.hold = _HoldInput()
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._show)
        self.shown = False

    def __enter__(self) -> Self:
        QCoreApplication.instance().installEventFilter(self.hold)
        self.timer.start(SHOW_SAVING_AFTER_MS)
        return self

    def _show(self) -> None:
        self.shown = True
        # The wait cursor, not the busy one: the window takes no input until the save is done.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        if self.bar is not None:
            self.bar.showMessage(SAVING)

    def __exit__(self, *_exception: object) -> None:
        self.timer.stop()
        QCoreApplication.instance().removeEventFilter(self.hold)
        if self.shown:
            QApplication.restoreOverrideCursor()
            if self.bar is not None and self.bar.currentMessage() == SAVING:
                self.bar.clearMessage()


def _main_window(widget: QWidget | None) -> QMainWindow | None:
    """The main window `widget` is in (a dialog's or a secondary window's: its parent's)."""
    while widget is not None:
        window = widget.window()
        if isinstance(window, QMainWindow):
            return window
        widget = window.parentWidget()
    return None


def _status_bar(widget: QWidget | None) -> QStatusBar | None:
    """The status bar of the main window `widget` is in (a dialog's: its parent window's), if
    it has one (asking QMainWindow.statusBar() would add one to a window without)."""
    window = _main_window(widget)
    if window is None:
        return None
    return window.findChild(QStatusBar, "", Qt.FindChildOption.FindDirectChildrenOnly)
