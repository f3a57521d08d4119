"""Advance care planning: the four decisions of the guide as a grid, one row per topic.

Each topic holds one current decision (what was decided, when it was discussed, the document
and the proxy decision-maker); a topic nobody has discussed yet says so plainly, because an
undiscussed topic is what the team needs to notice. One live decision per topic is the rule
of `services.care_planning`, which refuses a second one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from als_desktop.domain import vocab
from als_desktop.services import care_planning, queries_palliative
from als_desktop.services.queries_palliative import CarePlanningEntry

from .dialogs import FormDialog
from .fields import OptionalDateField, TextField
from .saving import Outcome
from .table import date_text, datetime_text
from .tabs.base import RecordSession, TabHost

NOT_DISCUSSED = "Not yet discussed"
# Documents the guide names; any other can be typed.
DOCUMENTS = ("Advance directive", "POLST", "ReSPECT form")
# Decisions the clinic tends to write per topic, offered as examples in the empty input.
EXAMPLES = {
    "resuscitation": "e.g. Do not attempt CPR",
    "ventilatory_support": "e.g. NIV yes; no tracheostomy ventilation",
    "nutrition_hydration": "e.g. Gastrostomy accepted if needed",
    "place_of_death": "e.g. Home, with hospice support",
}
HEADINGS = ("Topic", "Decision", "Discussed", "Document", "Proxy decision-maker", "")


class DocumentField(QComboBox):
    """A document named in the guide, or any other typed in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("Document (advance directive, POLST, ReSPECT…)")
        self.addItem("")
        self.addItems(DOCUMENTS)
        self.lineEdit().setMaxLength(120)
        self.lineEdit().setPlaceholderText("None, or choose / type the document")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def value(self) -> str | None:
        return self.currentText().strip() or None

    def set_value(self, value: str | None) -> None:
        self.setCurrentText(value or "")


class CarePlanningDialog(FormDialog):
    def __init__(self, parent: QWidget | None, save: Callable[[RecordSession, dict], object], topic: str,
                 entry: CarePlanningEntry | None) -> None:
        title = vocab.ACP_TOPIC[topic]
        intro = (f"Last changed by {entry.updated_by}, {datetime_text(entry.updated_at)}." if entry
                 else "Not discussed yet. Record what was decided; the date, document and proxy "
                      "may be left empty if there are none.")
        super().__init__(parent, f"Advance care planning — {title}", save, "Advance care planning decision",
                         intro=intro, save_label="Save changes" if entry else "Record decision")
        decision = self.form.add("decision", "Decision", TextField(f"{title}: decision", max_length=2000))
        decision.setPlaceholderText(EXAMPLES[topic])
        self.form.add("discussed_on", "Date discussed", OptionalDateField("Date discussed"))
        self.form.add("document", "Document", DocumentField())
        proxy = self.form.add("proxy_name", "Proxy decision-maker",
                              TextField("Proxy decision-maker", max_length=120))
        proxy.setPlaceholderText("Name and relationship, e.g. Sam Example (spouse)")
        self.form.add("notes", "Notes", TextField(f"{title}: notes", max_length=2000))
        if entry is not None:
            self.form.set_values(entry.form_values())
        else:
            self.form.fields["discussed_on"].set_value(None)
        self.setMinimumWidth(560)


class CarePlanningGrid(QWidget):
    """The four topics with their current decision and a Record/Edit button each."""

    def __init__(self, host: TabHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.patient_id: uuid.UUID | None = None
        self.entries: dict[str, CarePlanningEntry | None] = dict.fromkeys(vocab.ACP_TOPIC)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        for column, heading in enumerate(HEADINGS):
            label = QLabel(heading, self)
            label.setObjectName("factName")
            grid.addWidget(label, 0, column)
        self.cells: dict[str, dict[str, QLabel]] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, (topic, title) in enumerate(vocab.ACP_TOPIC.items(), start=1):
            topic_label = QLabel(title, self)
            topic_label.setStyleSheet("font-weight: 600")
            topic_label.setWordWrap(True)
            grid.addWidget(topic_label, row, 0)
            cells = {}
            for column, name in enumerate(("decision", "discussed_on", "document", "proxy_name"), start=1):
                cell = QLabel("—", self)
                cell.setTextFormat(Qt.TextFormat.PlainText)
                cell.setWordWrap(True)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                cell.setAccessibleName(f"{title}: {HEADINGS[column].lower()}")
                grid.addWidget(cell, row, column)
                cells[name] = cell
            button = QPushButton("Record…", self)
            button.clicked.connect(lambda _checked=False, t=topic: self.edit_topic(t))
            grid.addWidget(button, row, 5)
            self.cells[topic] = cells
            self.buttons[topic] = button
        # Topic names fit on two lines at most; the decision gets the most room.
        grid.setColumnMinimumWidth(0, self.fontMetrics().horizontalAdvance("Artificial nutrition and") + 8)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 4)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(4, 2)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        grid.addWidget(self.summary, len(vocab.ACP_TOPIC) + 1, 0, 1, len(HEADINGS))

    def load(self, session: RecordSession, patient_id: uuid.UUID) -> None:
        self.patient_id = patient_id
        self.entries = queries_palliative.care_planning_by_topic(session, patient_id)
        for topic, title in vocab.ACP_TOPIC.items():
            entry, cells, button = self.entries[topic], self.cells[topic], self.buttons[topic]
            if entry is None:
                cells["decision"].setText(NOT_DISCUSSED)
                cells["decision"].setStyleSheet("color: #8a4b00; font-weight: 600")
                for name in ("discussed_on", "document", "proxy_name"):
                    cells[name].setText("—")
            else:
                cells["decision"].setText(entry.decision or "—")
                cells["decision"].setStyleSheet("")
                cells["discussed_on"].setText(date_text(entry.discussed_on) if entry.discussed_on else "date not recorded")
                cells["document"].setText(entry.document or "none")
                cells["proxy_name"].setText(entry.proxy_name or "none named")
            button.setText("Edit…" if entry else "Record…")
            button.setAccessibleName(f"{'Edit' if entry else 'Record'} decision: {title}")
        missing = [vocab.ACP_TOPIC[t] for t, e in self.entries.items() if e is None]
        self.summary.setText(
            "All four topics have a recorded decision." if not missing
            else f"Not yet discussed: {', '.join(t.lower() for t in missing)}."
        )

    def edit_topic(self, topic: str) -> CarePlanningDialog | None:
        if self.patient_id is None:
            return None
        host, patient_id, entry = self.host, self.patient_id, self.entries[topic]
        author, today = host.author, getattr(host, "today", None)
        # A new decision when the grid showed none (refused if one was recorded meanwhile), else
        # a change of the one shown, at the version shown.
        decision_id, version = (entry.id, entry.version) if entry is not None else (None, None)

        def save(session: RecordSession, values: dict) -> None:
            care_planning.save_decision(session, patient_id, topic, values, author, decision_id=decision_id,
                                        version=version, today=today)

        dialog = CarePlanningDialog(self, save, topic, entry)
        # A saved decision reaches the window as a change to the patient; a refused one means the
        # grid is out of date.
        dialog.finished.connect(lambda _result: host.record_changed() if dialog.outcome is Outcome.STALE else None)
        host.open_dialog(dialog)
        return dialog
