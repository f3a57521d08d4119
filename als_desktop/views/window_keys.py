"""The keys every secondary window (worklist, clinic day) answers as desktop windows do."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def close_keys(window: QWidget) -> list[QShortcut]:
    """Ctrl+W (and the platform's own Close key, e.g. Ctrl+F4 on Windows) closes `window`.

    Ctrl+Q, which quits from any window, is the main window's (it asks about unsaved input)."""
    keys = [QKeySequence("Ctrl+W")]
    keys += [key for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Close) if key not in keys]
    return [QShortcut(key, window, window.close) for key in keys]


def add_session_actions(window) -> dict[str, QAction]:  # noqa: ANN001 (the MainWindow)
    """File ▸ Switch user…, Lock (Ctrl+L) and Sign out, just above Quit.

    Kept here rather than with the other menus: they belong to who is signed in
    (views/window_session.py), not to the record."""
    file_menu = window.quit_action.associatedObjects()[0]
    before = window.quit_action
    actions = file_menu.actions()
    index = actions.index(before)
    if index > 0 and actions[index - 1].isSeparator():
        before = actions[index - 1]
    made = {}
    for key, text, slot, shortcut in (
        ("switch_user", "S&witch user…", window.switch_user, None),
        ("lock", "&Lock", window.lock, "Ctrl+L"),
        ("sign_out", "Sign &out", window.sign_out, None),
    ):
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        file_menu.insertAction(before, action)
        made[key] = action
    file_menu.insertSeparator(before)
    window.switch_user_action, window.lock_action, window.sign_out_action = (
        made["switch_user"], made["lock"], made["sign_out"])
    return made
