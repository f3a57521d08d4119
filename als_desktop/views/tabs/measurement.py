"""A tab section that records one number on the selected visit, with its history beneath.

Used for the weight (Nutrition). History rows can be corrected (refused when someone changed
the row meanwhile) and voided with a reason, each through the use cases the spec names.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from als_desktop.domain import numbers
from als_desktop.domain.limits import LIMITS
from als_desktop.services.queries import MeasurementRow

from ..dialogs import ValueDialog, VoidDialog
from ..fields import Form, NumberField
from ..saving import Outcome, attempt
from ..table import (
    Column,
    RecordTableModel,
    date_text,
    datetime_text,
    history_button,
    number_text,
    record_table,
)
from ..unsaved import InputPart
from ..widgets import plain
from .base import DisciplineTab, RecordSession

# Use cases, each called with the transaction's session first:
Recorder = Callable[..., object]  # (session, visit_id, value, author, *, today)
Corrector = Callable[..., object]  # (session, row_id, version, value, author, *, today)
Voider = Callable[..., object]  # (session, row_id, version, reason, author)
Loader = Callable[[RecordSession, uuid.UUID, bool], list[MeasurementRow]]  # (reading session, patient, voided too)


@dataclass(frozen=True)
class MeasureSpec:
    field: str  # the record's column, also the form field name
    label: str  # "Weight"
    noun: str  # "weight", "FVC": as the label reads inside a sentence
    unit: str  # "kg"
    what: str  # the record as the void dialog names it: "weight"
    record: Recorder
    correct: Corrector
    void: Voider
    load: Loader
    extra_columns: tuple[Column, ...] = ()

    @property
    def decimals(self) -> int:
        return LIMITS[self.field].decimals


class MeasurementSection:
    """Entry on the selected visit plus the history table, for one MeasureSpec."""

    def __init__(self, tab: DisciplineTab, spec: MeasureSpec) -> None:
        self.tab = tab
        self.spec = spec
        self.history_rows: list[MeasurementRow] = []
        parent = tab.body

        entry = tab.section(f"Record {spec.noun} on the selected visit")
        self.entry_layout = entry  # a tab may add lines under the entry (e.g. BMI)
        self.visit_label = plain(QLabel(parent))  # the visit's site is typed text
        self.visit_label.setObjectName("visitContext")
        entry.addWidget(self.visit_label)
        self.form = Form(parent)
        self.input = self.form.add(spec.field, spec.label, NumberField(spec.label, spec.unit, decimals=spec.decimals))
        self.record_button = QPushButton(f"Record {spec.noun}", parent)
        self.record_button.setAccessibleName(f"Record {spec.noun}")
        self.record_button.setDefault(True)
        self.input.add_beside(self.record_button)
        # What is already recorded on this visit, beside the (empty) box: the value just saved
        # stays in view, not only further down in the history.
        self.on_visit = plain(QLabel(parent))
        self.on_visit.setAccessibleName(f"{spec.label} recorded on this visit")
        self.on_visit.setWordWrap(True)  # the entry may share its row with the history
        entry.addWidget(self.form)
        entry.addWidget(self.on_visit)
        self.input.edit.returnPressed.connect(self.record)
        self.record_button.clicked.connect(self.record)

        history = tab.section(f"{spec.label} history (newest visit first)")
        self.history_box = history.parentWidget()  # a tab may move the history further down
        columns = [
            Column("Visit date", lambda r: date_text(r.visit_date)),
            Column(f"{spec.label} ({spec.unit})",
                   lambda r: "—" if r.value is None else numbers.digits(r.value, spec.unit, spec.decimals), True),
            *spec.extra_columns,
            Column("Recorded by", lambda r: r.recorded_by),
            Column("Recorded at", lambda r: datetime_text(r.recorded_at)),
            Column("Status", self._status),
        ]
        self.model = RecordTableModel(columns, parent)
        self.table = record_table(self.model, f"{spec.label} history", parent, min_rows=3, max_rows=10)
        history.addWidget(self.table)
        buttons = QHBoxLayout()
        self.show_voided = QCheckBox("Show voided entries", parent)
        self.show_voided.setAccessibleName(f"Show voided {spec.noun} entries")
        self.edit_button = QPushButton("Correct selected…", parent)
        self.edit_button.setAccessibleName(f"Correct selected {spec.noun}")
        self.void_button = QPushButton("Void selected…", parent)
        self.void_button.setAccessibleName(f"Void selected {spec.noun}")
        buttons.addWidget(self.show_voided)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.void_button)
        buttons.addWidget(history_button(self.table, tab.host, parent, spec.noun))
        history.addLayout(buttons)
        self.show_voided.toggled.connect(lambda _checked: self.tab.refresh())
        self.edit_button.clicked.connect(self.correct_selected)
        self.void_button.clicked.connect(self.void_selected)
        self.table.doubleClicked.connect(lambda _index: self.correct_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        QWidget.setTabOrder(self.input.edit, self.record_button)
        QWidget.setTabOrder(self.record_button, self.table)
        self._update_buttons()
        tab.add_input_part(InputPart(spec.noun, lambda: bool(self.input.text()),
                                     lambda: self.record() is Outcome.SAVED, lambda: self.input.set_value(None)))

    @staticmethod
    def _status(row: MeasurementRow) -> str:
        if row.voided:
            return f"Voided by {row.voided_by}: {row.void_reason}"
        if row.changed:
            return f"Corrected by {row.updated_by}, {datetime_text(row.updated_at)}"
        return ""

    def load(self, session: RecordSession) -> None:
        visit = self.tab.visit
        if visit is None:
            self.visit_label.setText("This patient has no visit yet: create one first (Patient ▸ New visit, Ctrl+Shift+V).")
        else:
            self.visit_label.setText(f"Visit of {visit.label}")
        self.input.setEnabled(visit is not None)
        self.record_button.setEnabled(visit is not None)
        self.history_rows = self.spec.load(session, self.tab.patient.id, self.show_voided.isChecked())
        self.model.set_rows(self.history_rows)
        self._update_buttons()
        recorded = [row for row in self.history_rows if visit is not None and row.visit_id == visit.id and not row.voided]
        self.on_visit.setText("Recorded on this visit: " + ", ".join(
            f"{number_text(row.value, self.spec.unit, self.spec.decimals)} ({datetime_text(row.recorded_at)})"
            for row in recorded) if recorded else "")

    def selected(self) -> MeasurementRow | None:
        return self.table.selected_row()  # type: ignore[return-value]

    def _update_buttons(self) -> None:
        editable = self.table.selected_editable()
        self.edit_button.setEnabled(editable)
        self.void_button.setEnabled(editable)

    def record(self) -> Outcome | None:
        visit = self.tab.visit
        if visit is None:
            return None
        host, spec = self.tab.host, self.spec
        author, today = host.author, getattr(host, "today", None)

        def work(session: RecordSession, value: float | None) -> None:
            spec.record(session, visit.id, value, author, today=today)

        outcome = attempt(self.tab, self.form, spec.label, host.database, work,
                          lambda: self.form.values()[spec.field],
                          saved=lambda value: f"{spec.noun} {number_text(value, spec.unit, spec.decimals)}")
        if outcome is Outcome.SAVED:
            self.input.set_value(None)  # the window shows the new entry in the history
        elif outcome is Outcome.STALE:
            host.record_changed()
        return outcome

    def correct_selected(self) -> ValueDialog | None:
        row = self.selected()
        if row is None or row.voided:
            return None
        host, spec = self.tab.host, self.spec
        author, today = host.author, getattr(host, "today", None)

        def save(session: RecordSession, values: dict) -> None:
            spec.correct(session, row.id, row.version, values[spec.field], author, today=today)

        dialog = ValueDialog(self.tab, save, spec.field, spec.label, spec.unit, row.value,
                             f"{spec.label} recorded on the visit of {date_text(row.visit_date)}.")
        self._reload_when_stale(dialog)
        host.open_dialog(dialog)
        return dialog

    def void_selected(self) -> VoidDialog | None:
        row = self.selected()
        if row is None or row.voided:
            return None
        host, spec = self.tab.host, self.spec
        author = host.author

        def save(session: RecordSession, values: dict) -> None:
            spec.void(session, row.id, row.version, values["void_reason"], author)

        shown = number_text(row.value, spec.unit, spec.decimals)
        dialog = VoidDialog(self.tab, save, spec.what,
                            f"{spec.label} {shown} on the visit of {date_text(row.visit_date)}.")
        self._reload_when_stale(dialog)
        host.open_dialog(dialog)
        return dialog

    def _reload_when_stale(self, dialog: ValueDialog | VoidDialog) -> None:
        # A saved change reaches the window as a change to the patient; a refused stale one
        # means the history shown is out of date.
        host = self.tab.host
        dialog.finished.connect(lambda _result: host.record_changed() if dialog.outcome is Outcome.STALE else None)
