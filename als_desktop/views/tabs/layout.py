"""Arranging a tab's sections so a tab fits about two screens at 1366×768.

The sections are built by the shared components (`DisciplineTab.section`, `VisitAssessment`,
`MeasurementSection`, `PatientRecordSection`); a tab then folds away what is looked at less
often, puts short sections side by side and keeps its history tables to a few rows (they
scroll inside themselves).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QWidget

from ..table import RecordTable, RecordTableModel
from ..widgets import CollapsibleSection
from .base import DisciplineTab

# Rows a history table shows before it scrolls: the last few visits are what is compared.
HISTORY_ROWS = 5


def collapse(tab: DisciplineTab, box: QWidget, key: str, *, expanded: bool = True,
             title: str = "") -> CollapsibleSection:
    """Put `box` (a section of the tab) inside a CollapsibleSection at the same place.

    `key` names the section for the session: opened or closed once, it stays so for every
    patient until the program is closed."""
    if isinstance(box, QGroupBox):
        title = title or box.title()
        box.setTitle("")
    section = CollapsibleSection(title, tab.body, key=f"{type(tab).__name__}.{key}", expanded=expanded)
    _replace(tab, box, section)
    section.add(box)
    return section


def side_by_side(tab: DisciplineTab, *boxes: QWidget, stretches: Iterable[int] = ()) -> QWidget:
    """Put sections of the tab in one row, where the first of them was."""
    row = QWidget(tab.body)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(tab.content.spacing())
    _replace(tab, boxes[0], row)
    stretch = list(stretches) or [1] * len(boxes)
    for box, factor in zip(boxes, stretch, strict=True):
        tab.content.removeWidget(box)
        layout.addWidget(box, factor)
    return row


def short_histories(tab: DisciplineTab, rows: int = HISTORY_ROWS) -> None:
    """Every history table of the tab shows at most `rows` rows."""
    for table in tab.body.findChildren(RecordTable):
        table.set_max_rows(min(table.max_rows, rows))


def explain_headings(model: RecordTableModel, specs: Iterable[object]) -> None:
    """Column titles shortened by a field's `heading` get the field's full label as a tooltip."""
    tips = {}
    for spec in specs:
        heading = getattr(spec, "heading", "")
        if heading and heading != spec.label:
            full = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
            tips[spec.column_title()] = full
    model.explain(tips)


def _replace(tab: DisciplineTab, old: QWidget, new: QWidget) -> None:
    index = tab.content.indexOf(old)
    if index < 0:
        tab.content.addWidget(new)
        return
    tab.content.removeWidget(old)
    tab.content.insertWidget(index, new)
