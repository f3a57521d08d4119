"""Small display widgets shared by the header and the tabs."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget


def plain(label: QLabel) -> QLabel:
    """`label` showing its text exactly as recorded.

    QLabel reads text that looks like HTML as HTML: a family name "<b>X</b>" would show as a
    bold X, and "<font size=40>" would take over the window. Every label that shows what
    someone typed is made plain.
    """
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as typed (Qt reads a tooltip as HTML when it looks like it)."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text).replace("\n", "<br/>") + "</p>"


class FactGrid(QWidget):
    """Label: value pairs in a few columns, values selectable (to copy an MRN, a date)."""

    def __init__(self, names: Sequence[str], columns: int = 2, parent: QWidget | None = None,
                 wrap: bool = True) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.values: dict[str, QLabel] = {}
        for number, name in enumerate(names):
            row, column = divmod(number, columns)
            title = QLabel(f"{name}:", self)
            title.setObjectName("factName")
            title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = plain(QLabel("—", self))
            value.setObjectName("factValue")
            value.setWordWrap(wrap)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(name)
            title.setBuddy(value)
            self.values[name] = value
            grid.addWidget(title, row, column * 2)
            grid.addWidget(value, row, column * 2 + 1)
        for column in range(columns):
            grid.setColumnStretch(column * 2 + 1, 1)

    def set(self, name: str, text: str) -> None:
        self.values[name].setText(text or "—")

    def text(self, name: str) -> str:
        return self.values[name].text()
