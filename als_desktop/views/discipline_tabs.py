"""The discipline tabs of the main window: each built the first time it is shown, reloaded only
when visible, and marked ("Pulmonary •") while it holds input not yet saved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from als_desktop.services.queries import PatientFacts, VisitRow

from .tabs import TAB_ORDER, DisciplineTab, build_tab
from .tabs.base import TabHost

UNSAVED_MARK = " •"


class DisciplineTabs(QTabWidget):
    """The tabs; each is built the first time it is shown and reloaded only when visible."""

    # Any tab started or stopped holding unsaved input.
    unsaved_changed = Signal()

    def __init__(self, host: TabHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.patient: PatientFacts | None = None
        self.visit: VisitRow | None = None
        self.built: dict[str, DisciplineTab] = {}
        self.stale: set[str] = set()
        self.pages: dict[str, QWidget] = {}
        self.specs = {title: (module, name) for title, module, name in TAB_ORDER}
        self.titles = list(self.specs)
        for title in self.titles:
            page = QWidget(self)
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self.pages[title] = page
            self.addTab(page, title)
        self.currentChanged.connect(lambda _index: self._show_current())

    def title_at(self, index: int) -> str:
        """The tab's title without its unsaved mark ("" when there is no such tab)."""
        return self.titles[index] if 0 <= index < len(self.titles) else ""

    def current_title(self) -> str:
        return self.title_at(self.currentIndex())

    def tab(self, title: str) -> DisciplineTab:
        """The tab called `title`, built now if it was not yet."""
        if title not in self.built:
            module, name = self.specs[title]
            tab = build_tab(module, name, self.host)
            self.pages[title].layout().addWidget(tab)
            tab.show()  # visible at once, not only after the next round of events
            self._tab_into_tab_bar(tab)
            self.built[title] = tab
            self.stale.add(title)
            tab.unsaved_changed.connect(lambda unsaved, title=title: self._mark(title, unsaved))
        return self.built[title]

    def show_tab(self, title: str) -> DisciplineTab:
        self.setCurrentIndex(self.titles.index(title))
        self._show_current()
        return self.built[title]

    def set_context(self, patient: PatientFacts | None, visit: VisitRow | None) -> None:
        self.patient, self.visit = patient, visit
        self.stale = set(self.built)
        self._show_current()

    def with_unsaved_input(self) -> list[DisciplineTab]:
        """The tabs holding input not yet saved, in the order they are shown."""
        return [self.built[title] for title in self.titles
                if title in self.built and self.built[title].has_unsaved_input()]

    def _tab_into_tab_bar(self, tab: DisciplineTab) -> None:
        """Tab from the tab bar goes to the tab's first field, then through the tab in order.

        A tab built later than the window joins the end of the window's focus chain, so Tab
        from the tab bar would first visit the rest of the window."""
        stops, widget = [], tab.nextInFocusChain()
        while widget is not tab and tab.isAncestorOf(widget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
                stops.append(widget)
            widget = widget.nextInFocusChain()
        previous: QWidget = self.tabBar()
        for widget in stops:
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def _mark(self, title: str, unsaved: bool) -> None:
        index = self.titles.index(title)
        self.setTabText(index, title + UNSAVED_MARK if unsaved else title)
        self.setTabToolTip(index, "Input not yet saved (Ctrl+S saves it)" if unsaved else "")
        self.unsaved_changed.emit()

    def _show_current(self) -> None:
        title = self.current_title()
        if not title:
            return
        tab = self.tab(title)
        if title in self.stale:
            tab.set_patient(self.patient)
            tab.set_visit(self.visit)
            tab.refresh()
            self.stale.discard(title)
