"""What every discipline tab shares: the patient and visit it shows, and when to reload.

A tab is told the selected patient and visit; it reloads (`refresh`) only when it is on
screen, so switching patients costs one tab's queries, not six. A tab built later in the
product adds its form to `DisciplineTab` without changing the window.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from als_desktop.db import Database
from als_desktop.services.queries import PatientFacts, VisitRow

from ..unsaved import InputPart, watch_input

# A session on the record (a reading one, or a save's transaction): views only hand it on to
# service functions, never use it themselves.
RecordSession = Any

# (title, module, class): modules are imported when the tab is first shown.
TAB_ORDER: tuple[tuple[str, str, str], ...] = (
    ("Overview", "overview", "OverviewTab"),
    ("Neurology", "neurology", "NeurologyTab"),
    ("SLP", "slp", "SlpTab"),
    ("Nutrition", "nutrition", "NutritionTab"),
    ("Pulmonary", "pulmonary", "PulmonaryTab"),
    ("Palliative", "palliative", "PalliativeTab"),
    # What the team looks at together at the end of the visit.
    ("Trends", "trends", "TrendsTab"),
    ("Team plan", "team_plan", "TeamPlanTab"),
)


class TabHost(Protocol):
    """What a tab needs from the window."""

    database: Database
    author: str

    def record_changed(self) -> None:
        """Read the whole record again: after a save refused as stale, when what changed is
        unknown. (A save that went through is announced by `tasks.hub().changed`, and the
        window reads again only what it changed.)"""

    def open_dialog(self, dialog: QWidget) -> None:
        """Show a dialog without blocking (the window keeps a reference to it)."""


class DisciplineTab(QWidget):
    title = ""
    # The vocab.DISCIPLINE code whose prompts this tab shows at the top ("" for none).
    discipline = ""

    # True when the tab starts or stops holding input not yet saved (the window marks its title).
    unsaved_changed = Signal(bool)

    def __init__(self, host: TabHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.patient: PatientFacts | None = None
        self.visit: VisitRow | None = None
        self.input_parts: list[InputPart] = []
        self.unsaved = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        # Tab goes straight to the first field: the scrolling frame itself takes no focus (it
        # still scrolls to the field that has it).
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Wide tables scroll inside themselves; the tab itself only scrolls down.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget(scroll)
        self.content = QVBoxLayout(self.body)
        self.content.setContentsMargins(12, 12, 12, 12)
        self.content.setSpacing(12)
        scroll.setWidget(self.body)
        outer.addWidget(scroll)
        self.prompts_panel = None
        if self.discipline:
            # Imported here: the panel pulls in the rule table, which only tabs with prompts need.
            from ..prompts_panel import PromptsPanel

            self.prompts_panel = PromptsPanel(host, self.discipline, self.body)
            self.content.addWidget(self.prompts_panel)

    def set_patient(self, patient: PatientFacts | None) -> None:
        self.patient = patient

    def set_visit(self, visit: VisitRow | None) -> None:
        self.visit = visit

    def refresh(self) -> None:
        """Reload what the tab shows for the current patient and visit."""
        if self.patient is None:
            return
        with self.host.database.reading() as session:
            self.load(session)
            if self.prompts_panel is not None:
                self.prompts_panel.load(session, self.patient.id)
        self.check_unsaved()

    def load(self, session: RecordSession) -> None:
        """Fill the tab from the record (subclasses)."""

    def save_current(self) -> bool:
        """Save what the user has entered on this tab (the window's Ctrl+S).

        Returns True when something was saved. A tab with nothing to save (or whose entry
        was refused: the message is then shown at the field) returns False.
        """
        return False

    # ------------------------------------------------------------------ unsaved input

    def add_input_part(self, part: InputPart) -> InputPart:
        """A form of this tab whose input the window must not throw away unasked."""
        self.input_parts.append(part)
        return part

    def unsaved_parts(self) -> list[InputPart]:
        return [part for part in self.input_parts if part.has_unsaved_input()]

    def has_unsaved_input(self) -> bool:
        return any(part.has_unsaved_input() for part in self.input_parts)

    def check_unsaved(self) -> None:
        """Look again whether the tab holds unsaved input; says so when that changed."""
        unsaved = self.has_unsaved_input()
        if unsaved != self.unsaved:
            self.unsaved = unsaved
            self.unsaved_changed.emit(unsaved)

    def finish_building(self) -> None:
        """Called once the tab's widgets exist: watch every input, and let Tab leave tables."""
        if self.input_parts:
            watch_input(self.body, self.check_unsaved)
        for table in self.body.findChildren(QAbstractItemView):
            # Tab moves to the next field; the arrows move inside the table.
            table.setTabKeyNavigation(False)
        for button in self.body.findChildren(QAbstractButton):
            # A button is announced by what it says ("Export…" reads "Export").
            if not button.accessibleName() and button.text():
                button.setAccessibleName(button.text().replace("&", "").rstrip("…").strip())

    # Layout helpers shared by the tabs.
    def section(self, title: str) -> QVBoxLayout:
        box = QGroupBox(title, self.body)
        layout = QVBoxLayout(box)
        self.content.addWidget(box)
        return layout

    def note(self, text: str, layout: QVBoxLayout | None = None) -> QLabel:
        label = QLabel(text, self.body)
        label.setObjectName("muted")
        label.setWordWrap(True)
        (layout or self.content).addWidget(label)
        return label


def build_tab(module: str, class_name: str, host: TabHost) -> DisciplineTab:
    tab_class = getattr(importlib.import_module(f"{__package__}.{module}"), class_name)
    tab = tab_class(host)
    tab.finish_building()
    return tab
