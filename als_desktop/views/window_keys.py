"""The keys every secondary window (worklist, clinic day) answers as desktop windows do."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def close_keys(window: QWidget) -> list[QShortcut]:
    """Ctrl+W (and the platform's own Close key, e.g. Ctrl+F4 on Windows) closes `window`.

    Ctrl+Q, which quits from any window, is the main window's (it asks about unsaved input)."""
    keys = [QKeySequence("Ctrl+W")]
    keys += [key for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Close) if key not in keys]
    return [QShortcut(key, window, window.close) for key in keys]
