"""One visit-level assessment on a tab: its form for the selected visit, its history beneath.

A tab declares the assessment's fields (record column, label, kind) in sections and the use
case that saves it; the component shows the form for the selected visit (the visit's stored
row, ready to edit, or an empty form for a new one), saves it through that use case in one
transaction, and lists earlier visits (newest first) with Edit and Void. Example, a cut-down
SLP tab::

    from als_desktop.domain import vocab
    from als_desktop.services import assessments
    from ..assessment import Section, VisitAssessment, choice, number, optional_date, yes_no

    SECTIONS = (
        Section("Speech", (
            number("intelligibility_percent", "Speech intelligibility", "%"),
            yes_no("voice_banking", "Voice / message banking"),
        )),
        Section("Swallowing", (
            choice("iddsi_drink_level", "IDDSI drinks", vocab.IDDSI_DRINK),
            optional_date("slp_referral_date", "SLP referral"),
        )),
    )

    class SlpTab(DisciplineTab):
        def __init__(self, host):
            super().__init__(host)
            self.assessment = VisitAssessment(self, "slp", SECTIONS, assessments.save_slp)

        def load(self, session):
            self.assessment.load(session)

        def save_current(self):
            return self.assessment.save()

The use case is called `save(session, visit_id, values, author, row_id=, version=, today=,
**seen)` with every field of the form (those with `stored=False` are the use case's to keep
elsewhere, e.g. the gastrostomy placed at this visit). Hooks: `seen()` gives, when Save is
pressed, what the form showed of those other records (passed to the use case, so a change
made meanwhile elsewhere is refused rather than overwritten); `load_extra(session, row)` gives
the values of fields with `stored=False`; `add_line(title)` adds a read-only computed line
beside the form.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.domain import limits
from als_desktop.domain.limits import LIMITS
from als_desktop.services import assessments, kinds
from als_desktop.services.errors import ValidationError
from als_desktop.services.queries_assessment import VisitRecordRow

from . import unsaved
from .dialogs import VoidDialog
from .fields import (
    CodeCombo,
    ErrorLabel,
    Form,
    NoteField,
    NumberField,
    OptionalDateField,
    TextField,
    WholeNumberField,
    YesNoField,
)
from .saving import Outcome, attempt
from .table import (
    Column,
    RecordTableModel,
    date_text,
    datetime_text,
    history_button,
    number_text,
    record_table,
)
from .table import yes_no as yes_no_text
from .tabs.base import DisciplineTab, RecordSession
from .unsaved import InputPart

# Field kinds.
NUMBER, WHOLE, CHOICE, YES_NO, DATE, TEXT, NOTE = "number", "whole", "choice", "yes_no", "date", "text", "note"

HISTORY_TEXT_LENGTH = 30  # longer free text is cut in the history table (full text in the form)


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the record's column (or, with stored=False, a name the use case understands)
    label: str
    kind: str
    unit: str = ""
    choices: Mapping | None = None  # CHOICE: code (or level number) -> label
    hint: str = ""  # grey line under the field, e.g. a published cut-off
    stored: bool = True  # False: not a column of the assessment; the use case keeps it elsewhere
    in_history: bool = True
    heading: str = ""  # shorter history column heading than the label

    def widget(self) -> QWidget:
        accessible = f"{self.label} ({self.unit})" if self.unit else self.label
        if self.kind == NUMBER:
            decimals = LIMITS[self.name].decimals if self.name in LIMITS else 1
            return NumberField(self.label, self.unit, decimals=decimals)
        if self.kind == WHOLE:
            return WholeNumberField(self.label, self.unit)
        if self.kind == CHOICE:
            return CodeCombo(accessible, self.choices or {})
        if self.kind == YES_NO:
            return YesNoField(self.label)
        if self.kind == DATE:
            return OptionalDateField(self.label)
        if self.kind == NOTE:
            return NoteField(self.label)
        return TextField(self.label, max_length=2000)

    def column_title(self) -> str:
        title = self.heading or self.label
        return f"{title} ({self.unit})" if self.unit else title

    def shown(self, value: object) -> str:
        """The value as the history table shows it: labels, not codes."""
        if value is None or value == "":
            return "—"
        if self.kind == NUMBER:
            return number_text(value, decimals=LIMITS[self.name].decimals if self.name in LIMITS else 1)
        if self.kind == CHOICE:
            return str((self.choices or {}).get(value, value))
        if self.kind == YES_NO:
            return yes_no_text(value)
        if self.kind == DATE:
            return date_text(value)
        text = " ".join(str(value).split())
        return text if len(text) <= HISTORY_TEXT_LENGTH else text[:HISTORY_TEXT_LENGTH - 1] + "…"


def number(name: str, label: str, unit: str, **options) -> FieldSpec:
    return FieldSpec(name, label, NUMBER, unit, **options)


def whole_number(name: str, label: str, unit: str, **options) -> FieldSpec:
    return FieldSpec(name, label, WHOLE, unit, **options)


def choice(name: str, label: str, choices: Mapping, **options) -> FieldSpec:
    """A coded choice, or a numbered level with its name (IDDSI): the form shows the labels."""
    return FieldSpec(name, label, CHOICE, choices=choices, **options)


def yes_no(name: str, label: str, **options) -> FieldSpec:
    return FieldSpec(name, label, YES_NO, **options)


def optional_date(name: str, label: str, **options) -> FieldSpec:
    return FieldSpec(name, label, DATE, **options)


def text(name: str, label: str, **options) -> FieldSpec:
    return FieldSpec(name, label, TEXT, **options)


def note(name: str, label: str, **options) -> FieldSpec:
    """Several lines of free text; left out of the history table unless asked."""
    return FieldSpec(name, label, NOTE, **{"in_history": False, **options})


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[FieldSpec, ...]


class SectionForms:
    """Several Forms (one per section, side by side) read and checked as one."""

    def __init__(self, forms: Sequence[Form], general: ErrorLabel) -> None:
        self.forms = list(forms)
        self.general_error = general
        self.fields = {name: w for form in self.forms for name, w in form.fields.items()}

    def values(self) -> dict:
        values, problems = {}, {}
        for form in self.forms:
            try:
                values.update(form.values())
            except ValidationError as error:
                problems.update(error.errors)
        if problems:
            raise ValidationError(problems)
        return values

    def set_values(self, values: Mapping) -> None:
        for form in self.forms:
            form.set_values(values)

    def clear_errors(self) -> None:
        for form in self.forms:
            form.clear_errors()
        self.general_error.show_message(None)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        # Backwards, so the focus ends on the first form with a problem.
        for form in reversed(self.forms):
            form.show_errors({name: message for name, message in errors.items() if name in form.fields})
        self.general_error.show_message(
            "\n".join(message for name, message in errors.items() if name not in self.fields) or None)

    def error_text(self, name: str) -> str:
        return next(form.error_text(name) for form in self.forms if name in form.fields)

    def set_field_visible(self, name: str, visible: bool) -> None:
        next(form for form in self.forms if name in form.fields).set_field_visible(name, visible)


SaveUseCase = Callable[..., object]  # (session, visit_id, values, author, *, row_id, version, today, **seen)
Seen = Callable[[], dict]
LoadExtra = Callable[[RecordSession, VisitRecordRow | None], dict]


@dataclass(frozen=True)
class Target:
    """What the form is editing: a visit, and that visit's stored row if there is one."""

    patient_id: uuid.UUID
    visit_id: uuid.UUID
    visit_date: date
    visit_label: str
    row: VisitRecordRow | None


class VisitAssessment:
    """The form for one kind of assessment on the selected visit, and its history beneath."""

    def __init__(self, tab: DisciplineTab, kind: str, sections: Sequence[Section], save: SaveUseCase, *,
                 columns: int = 2, seen: Seen | None = None, load_extra: LoadExtra | None = None) -> None:
        self.tab = tab
        self.kind = kind
        self.what = kinds.name_of(kind)
        self.specs = {spec.name: spec for section in sections for spec in section.fields}
        self.stored = tuple(name for name, spec in self.specs.items() if spec.stored)
        self.use_case = save
        self.seen = seen
        self.load_extra = load_extra
        self.history_rows: list[VisitRecordRow] = []
        self.target: Target | None = None
        self.other_visit = False  # editing a history row of a visit other than the selected one
        self.loaded_values: dict | None = None
        parent = tab.body

        box = tab.section(self.what[0].upper() + self.what[1:])
        context = QHBoxLayout()
        self.visit_label = QLabel(parent)
        self.visit_label.setObjectName("visitContext")
        self.visit_label.setWordWrap(True)
        self.back_button = QPushButton("Back to the selected visit", parent)
        self.back_button.setAccessibleName("Back to the selected visit")
        self.back_button.hide()
        context.addWidget(self.visit_label, 1)
        context.addWidget(self.back_button)
        box.addLayout(context)
        general = ErrorLabel(parent)
        box.addWidget(general)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        forms = []
        for number_, section in enumerate(sections):
            group = QGroupBox(section.title, parent)
            group.setFlat(True)
            inner = QVBoxLayout(group)
            inner.setContentsMargins(0, 4, 0, 0)
            form = Form(group)
            for spec in section.fields:
                form.add(spec.name, spec.label, spec.widget(), hint=spec.hint)
            inner.addWidget(form)
            inner.addStretch(1)
            grid.addWidget(group, number_ // columns, number_ % columns)
            forms.append(form)
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        self.forms = SectionForms(forms, general)
        self.fields = self.forms.fields
        box.addLayout(grid)

        # Read-only lines a tab computes (BMI, weight loss), under the form.
        self.lines = QFormLayout()
        self.lines.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        box.addLayout(self.lines)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(f"Save {self.what}", parent)
        self.save_button.setAccessibleName(f"Save {self.what}")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.undo_button = QPushButton("Undo changes", parent)
        self.undo_button.setAccessibleName(f"Undo changes to the {self.what}")
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.undo_button.clicked.connect(self._undo)
        self.back_button.clicked.connect(self._back_to_visit)

        history = tab.section(f"Earlier {self.what}s (newest visit first)")
        table_columns = [Column("Visit date", lambda r: date_text(r.visit_date))]
        for spec in self.specs.values():
            if spec.stored and spec.in_history:
                table_columns.append(Column(spec.column_title(), lambda r, s=spec: s.shown(r.values.get(s.name)),
                                            spec.kind in (NUMBER, WHOLE)))
        table_columns += [Column("Recorded by", lambda r: r.recorded_by), Column("Status", self._status)]
        self.model_ = RecordTableModel(table_columns, parent)
        self.table = record_table(self.model_, f"Earlier {self.what}s", parent, min_rows=2, max_rows=8)
        history.addWidget(self.table)
        self.empty_note = tab.note(f"No {self.what} recorded yet.", history)
        row = QHBoxLayout()
        self.show_voided = QCheckBox("Show voided entries", parent)
        self.show_voided.setAccessibleName(f"Show voided {self.what}s")
        self.edit_button = QPushButton("Edit selected", parent)
        self.edit_button.setAccessibleName(f"Edit selected {self.what}")
        self.void_button = QPushButton("Void selected…", parent)
        self.void_button.setAccessibleName(f"Void selected {self.what}")
        row.addWidget(self.show_voided)
        row.addStretch(1)
        row.addWidget(self.edit_button)
        row.addWidget(self.void_button)
        row.addWidget(history_button(self.table, tab.host, parent, self.what))
        history.addLayout(row)
        self.show_voided.toggled.connect(lambda _checked: self.tab.refresh())
        self.edit_button.clicked.connect(self.edit_selected)
        self.void_button.clicked.connect(self.void_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        tab.add_input_part(InputPart(self.what, self.is_dirty, self.save, self.discard))

    # ------------------------------------------------------------------ hooks for tabs

    def add_line(self, title: str) -> QLabel:
        """A read-only line beside the form; the tab sets its text when it loads."""
        label = QLabel(self.tab.body)
        label.setTextFormat(Qt.TextFormat.PlainText)  # recorded values and notes, as typed
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(title)
        self.lines.addRow(QLabel(title + ":", self.tab.body), label)
        return label

    # ------------------------------------------------------------------ loading

    def load(self, session: RecordSession) -> None:
        """Read the history and put the selected visit's row (or an empty form) in the form."""
        self.history_rows = assessments.history(session, self.kind, self.tab.patient.id, self.stored,
                                                self.show_voided.isChecked())
        self.model_.set_rows(self.history_rows)
        self.empty_note.setVisible(not self.history_rows)
        self._update_buttons()
        if self.other_visit and self.target is not None:
            row = self._current_row(self.target.row.id if self.target.row else None)
            if row is not None:
                self._show(session, Target(self.tab.patient.id, row.visit_id, row.visit_date, date_text(row.visit_date), row))
                return
            self.other_visit = False
        visit = self.tab.visit
        if visit is None:
            self.target = None
            self.loaded_values = None
            self._set_enabled(False)
            self.visit_label.setText("This patient has no visit yet: create one first "
                                     "(Patient ▸ New visit, Ctrl+Shift+V).")
            self.back_button.hide()
            return
        row = next((r for r in self.history_rows if r.visit_id == visit.id and not r.voided), None)
        self._show(session, Target(self.tab.patient.id, visit.id, visit.visit_date, visit.label, row))

    def _current_row(self, row_id: uuid.UUID | None) -> VisitRecordRow | None:
        return next((r for r in self.history_rows if r.id == row_id and not r.voided), None)

    def _show(self, session: RecordSession, target: Target) -> None:
        # A refresh while the user has typed into the form keeps the input and the version it
        # started from: if someone else saved meanwhile, Save is refused as stale and the user
        # told, rather than the typing silently replaced. Choosing another visit of the same
        # patient keeps it too (saved to the visit it was typed for, or undone); another
        # patient's record never keeps it, so nothing is saved on the wrong patient by mistake.
        keep = (self.target is not None and self.loaded_values is not None
                and self.target.patient_id == target.patient_id and self.is_dirty())
        moved = keep and self.target.visit_id != target.visit_id
        if keep:
            target = self.target
        else:
            values = {name: None for name in self.specs}
            if target.row is not None:
                values.update(target.row.values)
            if self.load_extra is not None:
                values.update(self.load_extra(session, target.row))
            self.forms.clear_errors()
            self.forms.set_values(values)
            self.target = target
            self.loaded_values = self._typed_values()
        self._set_enabled(True)
        self.back_button.setVisible(self.other_visit)
        if target.row is None:
            state = f"new {self.what}"
        else:
            state = f"editing the {self.what} recorded by {target.row.recorded_by}"
            if target.row.changed:
                state += f", last changed by {target.row.updated_by} {datetime_text(target.row.updated_at)}"
        if moved:
            self.visit_label.setText(f"<b>Unsaved input for the visit of {html.escape(target.visit_label)}</b> — save it "
                                     "there, or choose Undo changes to show the selected visit.")
            return
        where = "Correcting an earlier visit" if self.other_visit else "Visit"
        self.visit_label.setText(f"<b>{where}: {html.escape(target.visit_label)}</b> — {html.escape(state)}")

    def _typed_values(self) -> dict | None:
        try:
            return self.forms.values()
        except ValidationError:
            return None

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (*self.fields.values(), self.save_button, self.undo_button):
            widget.setEnabled(enabled)

    def is_dirty(self) -> bool:
        return self.target is not None and self._typed_values() != self.loaded_values

    def _undo(self) -> None:
        self.loaded_values = None  # so the refresh replaces the input
        self.tab.refresh()

    def discard(self) -> None:
        """Throw the input away: the form shows the selected visit's record as stored."""
        self.other_visit = False
        self._undo()

    def _back_to_visit(self) -> None:
        self.other_visit = False
        self.loaded_values = None
        self.tab.refresh()

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        """Save the form in one transaction; True when saved."""
        target = self.target
        if target is None:
            return False
        host, use_case = self.tab.host, self.use_case
        # Read on this thread, now: the use case gets plain values only.
        author, today = host.author, getattr(host, "today", None)
        seen = self.seen() if self.seen is not None else {}
        row_id, version = (target.row.id, target.row.version) if target.row is not None else (None, None)

        def work(session: RecordSession, values: dict) -> None:
            use_case(session, target.visit_id, values, author, row_id=row_id, version=version, today=today, **seen)

        outcome = attempt(self.tab, self.forms, self.what[0].upper() + self.what[1:], host.database, work,
                          self._read, saved=f"{self.what} of the visit of {target.visit_label}")
        if outcome in (Outcome.SAVED, Outcome.STALE):
            # Saved, or someone else changed it: show the record as it now is, not as typed input.
            self.other_visit = False
            self.loaded_values = None
            if outcome is Outcome.STALE:
                host.record_changed()
            else:
                # The window reads the patient again when the save is announced, before this
                # returns, while the form still held the input as unsaved; the rest of the
                # window is current, this form is read again now that the input is stored.
                self.tab.refresh()
        return outcome is Outcome.SAVED

    def _read(self) -> dict:
        """The form's values; when some cannot be read (a word in a number box), the range
        messages of the readable ones come too, so the user sees every problem at once."""
        values, problems = {}, {}
        for name, widget in self.fields.items():
            try:
                values[name] = widget.value()
            except ValueError as error:
                problems[name] = str(error)
        if problems:
            for name, value in values.items():
                message = limits.check(name, value) if name in LIMITS and value is not None else None
                if message:
                    problems[name] = message
            raise ValidationError(problems)
        return values

    # ------------------------------------------------------------------ history

    @staticmethod
    def _status(row: VisitRecordRow) -> str:
        if row.voided:
            return f"Voided by {row.voided_by}: {row.void_reason}"
        if row.changed:
            return f"Changed by {row.updated_by}, {datetime_text(row.updated_at)}"
        return ""

    def selected(self) -> VisitRecordRow | None:
        return self.table.selected_row()  # type: ignore[return-value]

    def _update_buttons(self) -> None:
        editable = self.table.selected_editable()
        self.edit_button.setEnabled(editable)
        self.void_button.setEnabled(editable)

    def edit_selected(self) -> None:
        """Load the selected earlier row into the form (the selected visit stays chosen)."""
        row = self.selected()
        if row is None or row.voided:
            return
        if self.is_dirty():
            # The earlier entry would replace what was typed: ask first, as leaving the form does.
            answer = unsaved.ask(self.tab, [self.tab], self.tab.patient.display_name, "showing the earlier entry")
            if answer == unsaved.CANCEL or (answer == unsaved.SAVE and not self.save()):
                return
        selected_visit = self.tab.visit
        self.other_visit = selected_visit is None or row.visit_id != selected_visit.id
        self.loaded_values = None
        with self.tab.host.database.reading() as session:
            self._show(session, Target(self.tab.patient.id, row.visit_id, row.visit_date, date_text(row.visit_date), row))
        next(iter(self.fields.values())).setFocus()

    def void_selected(self) -> VoidDialog | None:
        row = self.selected()
        if row is None or row.voided:
            return None
        host, kind, author = self.tab.host, self.kind, self.tab.host.author

        def save(session: RecordSession, values: dict) -> None:
            assessments.void_assessment(session, kind, row.id, row.version, values["void_reason"], author)

        dialog = VoidDialog(self.tab, save, self.what,
                            f"The {self.what} of the visit of {date_text(row.visit_date)}, "
                            f"recorded by {row.recorded_by}.")

        def closed(_result: int) -> None:
            if dialog.outcome not in (Outcome.SAVED, Outcome.STALE):
                return
            voided_in_form = self.target is not None and self.target.row is not None and self.target.row.id == row.id
            if voided_in_form:
                self.other_visit = False
                self.loaded_values = None
            if dialog.outcome is Outcome.STALE:
                host.record_changed()
            elif voided_in_form:
                self.tab.refresh()  # the form shows the visit without the voided row

        dialog.finished.connect(closed)
        host.open_dialog(dialog)
        return dialog
