"""Who is at the keyboard: the signed-in person, lock, automatic lock, switch user, sign out
(mixed into `MainWindow`).

Locked, the window shows only the lock screen: the record's widgets are hidden (so neither the
screen nor a screen reader holds a patient), every dialog and secondary window of the window is
hidden with them, the title names no patient and no action works. Input not yet saved stays in
the hidden widgets, and the same person signing in again finds it as they left it.

Another member signing in on the lock screen never inherits that input. When the window holds
any (a form of a tab, an open dialog), it is *kept* as it is for its owner — hidden and locked,
still writing under their name only — and the other member gets a window of their own on the
same database. When the owner signs in again (on any locked window of this workstation) their
kept window comes back exactly as they left it, with the version each edit was based on, so a
change made meanwhile by the other member is still detected rather than overwritten. A window
holding nothing simply changes hands.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QStackedWidget,
    QToolTip,
    QWidget,
)

from als_desktop import APP_NAME, config
from als_desktop.db import DatabaseProblem, open_database
from als_desktop.services import audit, auto_lock, demo_accounts
from als_desktop.services.accounts import SignedIn
from als_desktop.services.operations import perform, read
from als_desktop.services.writer import this_workstation

from . import audit_events, messages
from .lock_screen import LockScreen
from .sign_in import attempt, finish_sign_in

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

LOCKED_TITLE = f"{APP_NAME} — Locked"
SIGNED_OUT_TITLE = f"{APP_NAME} — Signed out"
# Input of any kind keeps the workstation in use.
ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                      QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress})
KEEP, CLOSE = "Keep the window", "Close and discard it"

# Windows kept for a member while another works (see the module's docstring); the open ones,
# so that each lives as long as it is used.
kept_windows: list[MainWindow] = []
open_windows: list[MainWindow] = []


def _session_window_of(widget: QWidget) -> QWidget | None:
    """The main window a widget belongs to (across window boundaries), None for none."""
    while widget is not None:
        if isinstance(widget, WindowSession):
            return widget
        widget = widget.parentWidget()
    return None


class _InputWatch(QObject):
    """Restarts the automatic-lock timer at every key press, click or mouse move in the program."""

    def __init__(self, window: WindowSession) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() not in ACTIVITY or self.window.locked:
            return False
        self.window.auto_lock_timer.start()
        # Ctrl+L locks from the window's dialogs and secondary windows too (a dialog open on
        # the window would otherwise keep the window's own shortcut from working).
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QWidget)
                and QKeySequence(event.keyCombination()).matches(self.window.lock_action.shortcut())
                == QKeySequence.SequenceMatch.ExactMatch and _session_window_of(watched) is self.window):
            self.window.lock()
            return True
        return False


class WindowSession:
    """The signed-in person's part of the window; `self` is the MainWindow."""

    def _build_session(self, work: QWidget) -> None:
        """Make `work` (the record) and the lock screen the two faces of the window."""
        self.locked = False
        self.signed_out = False
        self.hidden_while_locked: list[QWidget] = []
        self.enabled_before_lock: dict[QAction, bool] = {}
        self.lock_screen = LockScreen(self)
        self.lock_screen.sign_in_requested.connect(self.sign_in_on_lock_screen)
        self.screens = QStackedWidget(self)
        self.screens.addWidget(work)
        self.screens.addWidget(self.lock_screen)
        self.setCentralWidget(self.screens)
        self.user_label = QLabel(self)
        self.user_label.setAccessibleName("Signed in")
        self.statusBar().addPermanentWidget(self.user_label)
        # "Saved weight … for <patient>" may arrive from a save finishing after the lock.
        self.statusBar().messageChanged.connect(self._no_message_while_locked)
        self.auto_lock_timer = QTimer(self)
        self.auto_lock_timer.setSingleShot(True)
        self.auto_lock_timer.timeout.connect(lambda: self.lock(automatic=True))
        self.input_watch = _InputWatch(self)
        QApplication.instance().installEventFilter(self.input_watch)
        open_windows.append(self)

    # ------------------------------------------------------------------ who

    def set_user(self, user: SignedIn) -> None:
        self.user = user
        self.author = user.actor(this_workstation())
        self.signed_out = False
        self.user_label.setText(f"Signed in: {user.describe()}")
        self.update_admin_menu()

    def record_event(self, event: str, detail: str | None = None, *, patient_id=None) -> None:  # noqa: ANN001
        """A quick audit write on the GUI thread (sign-in, lock: the person waits for them anyway)."""
        try:
            perform(self.database, audit.record, self.author, event, detail=detail, patient_id=patient_id)
        except DatabaseProblem as problem:
            log.error("audit event %s not recorded: %s", event, problem.what)

    def record_opened(self, patient_id) -> None:  # noqa: ANN001
        """The audit's "who opened this record": written on a worker, the window goes on."""
        audit_events.record_event(self, self.database, self.author, "open_record", patient_id=patient_id)

    def read_auto_lock(self) -> None:
        minutes = read(self.database, auto_lock.auto_lock_minutes)
        self.auto_lock_timer.setInterval(minutes * 60_000)
        if not self.locked:
            self.auto_lock_timer.start()

    def demo_lines(self) -> list[str]:
        return demo_accounts.banner_lines() if self.database.is_demo else []

    # ------------------------------------------------------------------ lock

    def lock(self, *, automatic: bool = False, someone_else: bool = False, record: bool = True) -> None:
        """Hide everything of the record behind the lock screen (Ctrl+L, inactivity, switch user)."""
        if self.locked:
            if someone_else:
                self.lock_screen.someone_else()
            return
        self.locked = True
        self.auto_lock_timer.stop()
        QToolTip.hideText()
        self._hide_own_windows()
        for action in self.findChildren(QAction):
            self.enabled_before_lock.setdefault(action, action.isEnabled())
            action.setEnabled(False)
        self.menuBar().setEnabled(False)
        self.statusBar().clearMessage()
        self.screens.setCurrentWidget(self.lock_screen)
        self.lock_screen.show_locked(None if self.signed_out else self.user, demo_lines=self.demo_lines())
        if someone_else:
            self.lock_screen.someone_else()
        self._show_title()
        if record and not self.signed_out:
            minutes = self.auto_lock_timer.interval() // 60_000
            detail = (f"after {minutes} minutes without input" if automatic
                      else "to switch user" if someone_else else None)
            self.record_event("lock", detail)
        log.info("window locked%s", " after inactivity" if automatic else "")

    def _hide_own_windows(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible() or isinstance(widget, WindowSession):
                continue
            if _session_window_of(widget) in (self, None):
                widget.hide()
                self.hidden_while_locked.append(widget)

    def _reshown(self) -> list[QWidget]:
        # Qt's own dialogs (message boxes, file and print dialogs) run their own event loop,
        # which hiding ended (answered as Cancel): they are not shown again.
        return [widget for widget in self.hidden_while_locked
                if not type(widget).__module__.startswith("PySide6")]

    def holds_input(self) -> bool:
        """Input not yet saved: in a tab, or in a dialog of the window (conservatively, any)."""
        return bool(self.tabs.with_unsaved_input()) or any(isinstance(w, QDialog) for w in self._reshown())

    def unlock(self) -> None:
        self.locked = False
        self.screens.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        for action, enabled in self.enabled_before_lock.items():
            action.setEnabled(enabled)
        self.enabled_before_lock.clear()
        self._update_actions()
        for widget in self._reshown():
            widget.show()
        self.hidden_while_locked.clear()
        self._show_title()
        self.read_auto_lock()
        self.raise_()
        self.activateWindow()

    def _close_hidden_windows(self) -> None:
        """The previous member's dialogs and windows, when the window changes hands."""
        for widget in self._reshown():
            if isinstance(widget, QDialog):
                widget.reject()
            widget.close()
        self.hidden_while_locked.clear()

    def _no_message_while_locked(self, text: str) -> None:
        if self.locked and text:
            self.statusBar().clearMessage()

    # ------------------------------------------------------------------ menus

    def switch_user(self) -> None:
        self.lock(someone_else=True)

    def sign_out(self) -> None:
        if self.locked or not self.may_leave("signing out"):
            return
        self.record_event("sign_out")
        self._hide_own_windows()
        self._close_hidden_windows()
        self.show_patient(None)
        self._reselect_shown_patient()
        self.signed_out = True
        self.user_label.setText("Nobody signed in")
        self.lock(record=False)

    # ------------------------------------------------------------------ signing in again

    def sign_in_on_lock_screen(self, user_name: str, password: str) -> None:
        result = attempt(self.database, user_name, password)
        if result.signed_in is None:
            self.lock_screen.refuse(result.message)
            return
        who = finish_sign_in(self.database, result.signed_in, self)
        if who is None:
            self.lock_screen.refuse("Your new password was not set: sign in again to choose it.")
            return
        self.continue_as(who)

    def continue_as(self, who: SignedIn) -> None:
        """`who` signed in on this window's lock screen (their password was right)."""
        if not self.signed_out and who.account_id == self.user.account_id:
            self.set_user(who)  # roles may have changed meanwhile
            self.record_event("unlock")
            self.unlock()
            return
        kept = next((w for w in kept_windows if w.database.url == self.database.url
                     and w.user.account_id == who.account_id), None)
        keep_this = not self.signed_out and self.holds_input()
        if kept is not None:
            # Their own window first, so that the program never has no window on screen.
            kept_windows.remove(kept)
            kept.setGeometry(self.geometry())
            kept.set_user(who)
            kept.show()
            kept.record_event("unlock", "their kept input waiting for them")
            kept.unlock()
            if keep_this:
                self._keep_for_owner()
            else:
                self._hand_over()
                self.close_quietly()
            return
        if keep_this:
            if self._window_for(who) is not None:
                self._keep_for_owner()
            return
        self._hand_over()
        self._close_hidden_windows()
        self.show_patient(None)
        self._reselect_shown_patient()
        self.set_user(who)
        self.unlock()

    def _hand_over(self) -> None:
        """The previous member leaves this window (nothing of theirs is waiting in it)."""
        if not self.signed_out:
            self.record_event("sign_out", "another member signed in on the locked window")

    def _keep_for_owner(self) -> None:
        log.info("window with input not yet saved kept, locked, for its owner")
        kept_windows.append(self)
        self.hide()

    def _window_for(self, who: SignedIn) -> MainWindow | None:
        """A window of the other member's own, on a connection of its own to the same database."""
        try:
            database = open_database(self.database.url, backups=config.paths().backups, is_demo=self.database.is_demo)
        except DatabaseProblem as problem:
            messages.show(self, messages.WARNING, "Database not opened", problem.what, detail=problem.advice)
            kept_windows.remove(self)
            self.show()
            return None
        window = type(self)(database, user=who, today=self.today)
        window.clinic_url = self.clinic_url
        window.setGeometry(self.geometry())
        window.show()
        window.record_event("sign_in", "on a workstation locked by another member")
        return window

    def close_quietly(self) -> None:
        """Close a locked window holding nothing of anyone's (its member signed in elsewhere)."""
        self._close_hidden_windows()
        self.locked = False
        self.close()

    # ------------------------------------------------------------------ closing

    def may_close(self) -> bool:
        """Closing asks about unsaved input; a locked window names only whose input it is."""
        if not self.isVisible() and self not in kept_windows:
            return True
        if not self.locked:
            return self.may_leave("closing the window")
        if not self.holds_input():
            return True
        answer = messages.show(
            self, messages.QUESTION, "Close the locked window",
            f"{self.user.full_name} has input in this window that is not saved yet. Only they can save it, "
            "by signing in. Closing the window discards it.", (KEEP, CLOSE))
        if answer != CLOSE:
            return False
        for widget in self._reshown():
            widget.close()
        self.hidden_while_locked.clear()
        from . import unsaved

        unsaved.discard_all(self.tabs.with_unsaved_input())
        return True

    def session_closed(self, event: QCloseEvent) -> None:
        """The window is closing: stop watching input; bring back a window kept for someone."""
        QApplication.instance().removeEventFilter(self.input_watch)
        self.auto_lock_timer.stop()
        if self in kept_windows:
            kept_windows.remove(self)
        if self in open_windows:
            open_windows.remove(self)
        if kept_windows and not any(w.isVisible() for w in open_windows if w is not self):
            # The program must not end while a member's input waits for them: their window
            # shows again, locked (closing it asks first), before this one is gone.
            waiting = kept_windows.pop(0)
            waiting.setGeometry(self.geometry())
            waiting.show()
