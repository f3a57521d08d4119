"""A tab section for a list that belongs to the patient, not to one visit.

Medicines, liver tests, interventions, care planning decisions, team actions: a table of
the stored rows, "Add…" and "Edit selected…" (a form dialog built from field specs) and
"Void selected…" with a reason. Lists are named by their kind of record ("medication"); saves go
through services.patient_lists; an edit of a row someone else changed meanwhile is refused and
the record read again.

Usage: describe the list with a `PatientListSpec` and create a `PatientRecordSection(tab,
spec)` in the tab's constructor; call `section.load(session)` from the tab's `load`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from als_desktop.services import kinds, patient_lists
from als_desktop.services.queries_neurology import RecordSnapshot

from .dialogs import FormDialog, VoidDialog
from .table import Column, RecordTableModel, datetime_text, history_button, record_table
from .tabs.base import DisciplineTab, RecordSession


@dataclass(frozen=True)
class FieldSpec:
    """One input of the Add/Edit dialog: the model column, its label and a widget factory
    (a widget from views/fields.py, e.g. `lambda: NumberField("ALT", "U/L", decimals=0)`)."""

    name: str
    label: str
    widget: Callable[[], QWidget]


Loader = Callable[[RecordSession, Any, bool], list[RecordSnapshot]]


@dataclass(frozen=True)
class PatientListSpec:
    kind: str  # the kind of record listed (services.kinds): "medication", "liver_test", ...
    title: str  # section title, "Medicines"
    noun: str  # "medicine": as it reads inside a sentence
    fields: tuple[FieldSpec, ...]
    columns: tuple[Column, ...]
    # How the void dialog names a row: "Riluzole 50 mg, started 01 Feb 2024".
    describe: Callable[[RecordSnapshot], str]
    newest_by: str = "created_at"  # column the list is sorted on, newest first
    defaults: dict[str, object] = field(default_factory=dict)  # starting values of "Add…"
    load: Loader | None = None  # a loader of its own (medicines with their doses)
    # Called with each new dialog, e.g. to fill the category once a medicine is chosen.
    prepare_dialog: Callable[[FormDialog, RecordSnapshot | None], None] | None = None
    intro: str = ""


def status_text(row: RecordSnapshot) -> str:
    if row.voided:
        return f"Voided by {row.voided_by}: {row.void_reason}"
    if row.changed:
        return f"Changed by {row.updated_by}, {datetime_text(row.updated_at)}"
    return ""


class PatientRecordSection:
    """Table plus Add / Edit / Void for one patient-level list."""

    def __init__(self, tab: DisciplineTab, spec: PatientListSpec, layout: QVBoxLayout | None = None) -> None:
        self.tab = tab
        self.spec = spec
        self.rows: list[RecordSnapshot] = []
        parent = tab.body
        self.layout = layout if layout is not None else tab.section(spec.title)
        if spec.intro:
            tab.note(spec.intro, self.layout)
        self.model = RecordTableModel([*spec.columns, Column("Recorded by", lambda row: row.created_by),
                                       Column("Status", status_text)], parent)
        self.table = record_table(self.model, spec.title, parent, min_rows=2, max_rows=8)
        self.layout.addWidget(self.table)
        self.empty_label = QLabel(f"No {spec.noun} recorded.", parent)
        self.empty_label.setObjectName("muted")
        self.layout.addWidget(self.empty_label)
        self.buttons = QHBoxLayout()
        self.show_voided = QCheckBox("Show voided entries", parent)
        self.show_voided.setAccessibleName(f"Show voided {spec.noun} entries")
        self.add_button = self._button(f"Add {spec.noun}…", f"Add {spec.noun}")
        self.edit_button = self._button("Edit selected…", f"Edit selected {spec.noun}")
        self.void_button = self._button("Void selected…", f"Void selected {spec.noun}")
        self.buttons.addWidget(self.show_voided)
        self.buttons.addStretch(1)
        for button in (self.add_button, self.edit_button, self.void_button):
            self.buttons.addWidget(button)
        self.buttons.addWidget(history_button(self.table, tab.host, parent, spec.noun))
        self.layout.addLayout(self.buttons)
        self.show_voided.toggled.connect(lambda _checked: self.tab.refresh())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.void_button.clicked.connect(self.void_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed())
        self.selection_changed()

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self.tab.body)
        button.setAccessibleName(name)
        return button

    def add_action(self, text: str, name: str, slot: Callable[[], object], needs_row: bool = True) -> QPushButton:
        """Another button in the row (e.g. "Record dose…"), enabled with a selection when `needs_row`."""
        button = self._button(text, name)
        button.setProperty("needs_row", needs_row)
        self.buttons.insertWidget(self.buttons.indexOf(self.add_button), button)
        button.clicked.connect(slot)
        self.selection_changed()
        return button

    # ------------------------------------------------------------------ reading

    def load(self, session: RecordSession) -> None:
        patient = self.tab.patient
        loader = self.spec.load or (
            lambda s, pid, voided: patient_lists.rows(s, self.spec.kind, pid, self.spec.newest_by, voided))
        keep = self.selected()
        self.rows = loader(session, patient.id, self.show_voided.isChecked())
        self.model.set_rows(self.rows)
        fit_columns(self.table)
        self.table.setVisible(bool(self.rows))
        self.empty_label.setVisible(not self.rows)
        if keep is not None:
            for number, row in enumerate(self.rows):
                if row.id == keep.id:
                    self.table.selectRow(number)
        self.selection_changed()

    def selected(self) -> RecordSnapshot | None:
        return self.table.selected_row()  # type: ignore[return-value]

    def selection_changed(self) -> None:
        editable = self.table.selected_editable()
        self.edit_button.setEnabled(editable)
        self.void_button.setEnabled(editable)
        for number in range(self.buttons.count()):
            button = self.buttons.itemAt(number).widget()
            if isinstance(button, QPushButton) and button.property("needs_row"):
                button.setEnabled(editable)

    # ------------------------------------------------------------------ changing

    def _dialog(self, title: str, save: Callable[[RecordSession, dict], object], row: RecordSnapshot | None,
                save_label: str) -> FormDialog:
        dialog = FormDialog(self.tab, title, save, self.spec.noun.capitalize(), save_label=save_label)
        for spec in self.spec.fields:
            dialog.form.add(spec.name, spec.label, spec.widget())
        dialog.form.set_values(row.values if row is not None else self.spec.defaults)
        if self.spec.prepare_dialog is not None:
            self.spec.prepare_dialog(dialog, row)
        dialog.setMinimumWidth(560)
        return dialog

    def _open(self, dialog: FormDialog) -> FormDialog:
        # The window reads again what the save changed (or everything, after a stale refusal).
        self.tab.host.open_dialog(dialog)
        return dialog

    def add(self) -> FormDialog | None:
        patient = self.tab.patient
        if patient is None:
            return None
        kind, author = self.spec.kind, self.tab.host.author

        def save(session: RecordSession, values: dict) -> None:
            patient_lists.add(session, kind, patient.id, values, author)

        return self._open(self._dialog(f"Add {self.spec.noun} — {patient.display_name}", save, None,
                                       f"Add {self.spec.noun}"))

    def edit_selected(self) -> FormDialog | None:
        row = self.selected()
        if row is None or row.voided:
            return None
        kind, author = self.spec.kind, self.tab.host.author

        def save(session: RecordSession, values: dict) -> None:
            patient_lists.change(session, kind, row.id, row.version, values, author)

        return self._open(self._dialog(f"Edit {self.spec.noun}", save, row, "Save changes"))

    def void_selected(self) -> VoidDialog | None:
        row = self.selected()
        if row is None or row.voided:
            return None
        return self.void(self.spec.kind, row, self.spec.describe(row), kinds.name_of(self.spec.kind))

    def void(self, kind: str, row: RecordSnapshot, description: str, what: str) -> VoidDialog:
        """Void any row shown by this section (a medicine, or one of its doses)."""
        author = self.tab.host.author

        def save(session: RecordSession, values: dict) -> None:
            patient_lists.void(session, kind, row.id, row.version, values["void_reason"], author)

        return self._open(VoidDialog(self.tab, save, what, description))


MAX_COLUMN_WIDTH = 260  # px: a long free text (a frequency, a note) must not push the rest off screen


def fit_columns(table: QTableView) -> None:
    """Columns as wide as their contents, but none wider than MAX_COLUMN_WIDTH (the user may
    widen one by dragging its header)."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    for column in range(header.count() - 1):
        if header.sectionSize(column) > MAX_COLUMN_WIDTH:
            header.resizeSection(column, MAX_COLUMN_WIDTH)


def text_column(title: str, name: str, empty: str = "—") -> Column:
    """A column showing a stored text as it is."""
    return Column(title, lambda row: str(row[name]) if row[name] not in (None, "") else empty)
