"""Small display widgets shared by the header and the tabs."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# Sections opened or closed by the user, by key, for as long as the program runs: a section
# closed on one patient stays closed on the next.
_remembered: dict[str, bool] = {}


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


class CollapsibleSection(QFrame):
    """A titled section whose content the user can hide: a header button with an arrow
    (click, or Space / Enter when it has the focus) and a short summary beside it, read
    even while the section is closed ("3 recorded", "2 urgent")."""

    toggled = Signal(bool)

    def __init__(self, title: str, parent: QWidget | None = None, *, key: str = "",
                 expanded: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("collapsibleSection")
        self.key = key
        self.title = title
        self.header = QToolButton(self)
        self.header.setObjectName("sectionHeader")
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setCheckable(True)
        self.header.setAutoRaise(True)
        self.header.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.header.setStyleSheet("QToolButton#sectionHeader { font-weight: 600; border: none; }")
        self.summary = plain(QLabel(self))
        self.summary.setObjectName("muted")
        # A long summary is cut at the window's edge rather than widening the tab.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.header)
        top.addWidget(self.summary, 1)
        self.body = QWidget(self)
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.content = QVBoxLayout(self.body)
        self.content.setContentsMargins(16, 2, 0, 0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addLayout(top)
        outer.addWidget(self.body)
        self.header.toggled.connect(self._show)
        self.header.toggled.connect(self._remember)
        self.header.setChecked(_remembered.get(key, expanded) if key else expanded)
        self._show(self.header.isChecked())

    def _show(self, expanded: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.header.setText(self.title)
        state = "open" if expanded else "closed"
        self.header.setAccessibleName(f"{self.title} ({state})")
        self.header.setToolTip(("Hide" if expanded else "Show") + f" {self.title} (Space)")
        self.body.setVisible(expanded)
        self.toggled.emit(expanded)

    def _remember(self, expanded: bool) -> None:
        if self.key:
            _remembered[self.key] = expanded

    def is_expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.header.setChecked(expanded)

    def set_title(self, title: str) -> None:
        self.title = title
        self._show(self.is_expanded())

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)

    def add(self, widget: QWidget) -> QWidget:
        self.content.addWidget(widget)
        return widget
