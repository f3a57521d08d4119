"""Neurology: ALSFRS-R on the selected visit with its history, disease details, medicines and
liver tests."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from als_desktop.services import neurology, queries_neurology
from als_desktop.services.queries_neurology import AlsfrsEntry

from ..alsfrs_form import AlsfrsDialog, AlsfrsForm
from ..dialogs import VoidDialog
from ..saving import Outcome, attempt
from ..table import (
    Column,
    RecordTableModel,
    date_text,
    datetime_text,
    history_button,
    record_table,
)
from ..unsaved import InputPart
from ..widgets import plain
from .base import DisciplineTab, RecordSession, TabHost
from .layout import collapse, short_histories
from .neurology_details import DiseaseDetails
from .neurology_medicines import LiverTestsSection, MedicinesSection


def score(value: int | None) -> str:
    # The column title carries the maximum ("Total (/48)"), so the cell shows the score alone.
    return "—" if value is None else str(value)


def alsfrs_status(row: AlsfrsEntry) -> str:
    if row.voided:
        return f"Voided by {row.voided_by}: {row.void_reason}"
    if row.changed:
        return f"Corrected by {row.updated_by}, {datetime_text(row.updated_at)}"
    if row.total is None:
        scored = sum(value is not None for value in row.scores.values())
        return f"Incomplete: {scored} of 12 items scored"
    return ""


def _count(rows: list, one: str, many: str) -> str:
    live = [row for row in rows if not row.voided]
    if not live:
        return f"no {one} recorded"
    return f"{len(live)} {one if len(live) == 1 else many} recorded"


def _medicines_summary(rows: list) -> str:
    """The current medicines by name, for the folded section's header."""
    live = [row for row in rows if not row.voided]
    if not live:
        return "no medicine recorded"
    current = [str(row["drug_name"]) for row in live if row["stopped_on"] is None]
    stopped = len(live) - len(current)
    text = "current: " + ", ".join(current) if current else "none current"
    return text + (f"; {stopped} stopped" if stopped else "")


class NeurologyTab(DisciplineTab):
    title = "Neurology"
    discipline = "neurology"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        parent = self.body
        self.entry: AlsfrsEntry | None = None  # the selected visit's stored ALSFRS-R, if any
        self.loaded_values: dict = {}
        self.shown_visit_id = None
        # Set after a save or a refused stale save: the next load shows the record as stored.
        self.discard_input = False
        # Scores typed on a visit and not saved when another visit or patient was chosen,
        # with the stored assessment they were typed over: shown again on coming back.
        self.drafts: dict[object, tuple[dict, AlsfrsEntry | None]] = {}

        layout = self.section("ALSFRS-R on the selected visit")
        self.visit_label = plain(QLabel(parent))  # the visit's site is typed text
        self.visit_label.setObjectName("visitContext")
        self.visit_label.setWordWrap(True)
        layout.addWidget(self.visit_label)
        self.alsfrs_form = AlsfrsForm(parent)
        layout.addWidget(self.alsfrs_form)
        buttons = QHBoxLayout()
        self.alsfrs_state = QLabel(parent)
        self.alsfrs_state.setObjectName("muted")
        self.alsfrs_state.setWordWrap(True)
        self.clear_button = QPushButton("Undo changes", parent)
        self.clear_button.setAccessibleName("Undo ALSFRS-R changes not saved")
        self.save_alsfrs_button = QPushButton("Save ALSFRS-R", parent)
        self.save_alsfrs_button.setAccessibleName("Save ALSFRS-R")
        self.save_alsfrs_button.setObjectName("primary")
        # The total again beside Save: the summary at the top is off screen after item 12.
        self.total_beside_save = QLabel(parent)
        self.total_beside_save.setAccessibleName("ALSFRS-R total")
        self.alsfrs_form.changed.connect(
            lambda: self.total_beside_save.setText(f"Total: {self.alsfrs_form.total_text()}"))
        buttons.addWidget(self.alsfrs_state, 1)
        buttons.addWidget(self.total_beside_save)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_alsfrs_button)
        layout.addLayout(buttons)
        self.save_alsfrs_button.clicked.connect(self.save_alsfrs)
        self.clear_button.clicked.connect(self.undo_alsfrs)
        QWidget.setTabOrder(self.alsfrs_form.notes, self.save_alsfrs_button)

        history = self.section("ALSFRS-R history (newest visit first)")
        self.history = RecordTableModel([
            Column("Visit date", lambda r: date_text(r.visit_date)),
            Column("Total (/48)", lambda r: score(r.total), True),
            Column("Bulbar (/12)", lambda r: score(r.subscores["bulbar"]), True),
            Column("Fine motor (/12)", lambda r: score(r.subscores["fine_motor"]), True),
            Column("Gross motor (/12)", lambda r: score(r.subscores["gross_motor"]), True),
            Column("Respiratory (/12)", lambda r: score(r.subscores["respiratory"]), True),
            Column("Item 5", lambda r: r.cutting_form),
            Column("Recorded by", lambda r: r.recorded_by),
            Column("Status", alsfrs_status),
        ], parent)
        self.history_table = record_table(self.history, "ALSFRS-R history", parent, min_rows=2, max_rows=8)
        history.addWidget(self.history_table)
        row = QHBoxLayout()
        self.show_voided = QCheckBox("Show voided entries", parent)
        self.show_voided.setAccessibleName("Show voided ALSFRS-R entries")
        self.edit_button = QPushButton("Correct selected…", parent)
        self.edit_button.setAccessibleName("Correct selected ALSFRS-R")
        self.void_button = QPushButton("Void selected…", parent)
        self.void_button.setAccessibleName("Void selected ALSFRS-R")
        row.addWidget(self.show_voided)
        row.addStretch(1)
        row.addWidget(self.edit_button)
        row.addWidget(self.void_button)
        row.addWidget(history_button(self.history_table, self.host, parent, "ALSFRS-R assessment"))
        history.addLayout(row)
        self.show_voided.toggled.connect(lambda _checked: self.refresh())
        self.edit_button.clicked.connect(self.correct_selected)
        self.void_button.clicked.connect(self.void_selected)
        self.history_table.doubleClicked.connect(lambda _index: self.correct_selected())
        self.history_table.selectionModel().selectionChanged.connect(lambda *_: self._history_buttons())

        self.details = DiseaseDetails(self)
        self.medicines = MedicinesSection(self)
        self.liver_tests = LiverTestsSection(self)
        # The visit's scoring stays open; the patient's facts, medicines and liver tests fold
        # away (each says in its header what it holds), so the tab is about two screens tall.
        self.details_section = collapse(self, self.details.save_button.parentWidget(), "details", expanded=False)
        self.medicines_section = collapse(self, self.medicines.table.parentWidget(), "medicines", expanded=False)
        self.liver_tests_section = collapse(self, self.liver_tests.table.parentWidget(), "liver_tests",
                                            expanded=False)
        short_histories(self)
        self.content.addStretch(1)
        self._history_buttons()
        # What the window asks about before another patient or visit is shown (views/unsaved.py).
        self.add_input_part(InputPart("ALSFRS-R", lambda: self.visit is not None and self.alsfrs_dirty(),
                                      lambda: self.save_alsfrs() is Outcome.SAVED, self.undo_alsfrs))
        self.add_input_part(InputPart("disease details", lambda: self.patient is not None and self.details.dirty(),
                                      lambda: self.details.save() is Outcome.SAVED, self.details.discard))

    # ------------------------------------------------------------------ loading

    def load(self, session: RecordSession) -> None:
        patient, visit = self.patient, self.visit
        # A save elsewhere on the tab (a medicine, a liver test) reloads it: scores typed but
        # not yet saved on the same visit are kept rather than silently thrown away.
        keep = (visit is not None and visit.id == self.shown_visit_id and not self.discard_input
                and self.alsfrs_dirty())
        if not keep:
            if self.shown_visit_id is not None and not self.discard_input and self.alsfrs_dirty():
                self.drafts[self.shown_visit_id] = (self.alsfrs_form.values(), self.entry)
            self._load_alsfrs(session)
            if visit is not None and visit.id in self.drafts:
                self._restore_draft(*self.drafts.pop(visit.id))
        self.shown_visit_id = visit.id if visit else None
        self.discard_input = False
        self.details.load()
        if visit is None:
            self.visit_label.setText("This patient has no visit yet: create one first (Patient ▸ New visit, Ctrl+Shift+V).")
        else:
            self.visit_label.setText(f"Visit of {visit.label}")
        for widget in (self.alsfrs_form, self.save_alsfrs_button, self.clear_button):
            widget.setEnabled(visit is not None)
        self.history.set_rows(queries_neurology.alsfrs_history(session, patient.id, self.show_voided.isChecked()))
        self._history_buttons()
        self.medicines.load(session)
        self.liver_tests.load(session)
        self.details_section.set_summary(self.details.summary())
        self.medicines_section.set_summary(_medicines_summary(self.medicines.rows))
        self.liver_tests_section.set_summary(_count(self.liver_tests.rows, "liver test", "liver tests"))

    def _load_alsfrs(self, session: RecordSession) -> None:
        """Show the visit's stored ALSFRS-R in the form (or an empty form with 5a/5b from the record)."""
        visit = self.visit
        self.entry = queries_neurology.alsfrs_on_visit(session, visit.id) if visit else None
        evidence = queries_neurology.gastrostomy_evidence(session, self.patient.id)
        form = self.alsfrs_form
        form.clear()
        if self.entry is not None:
            form.set_cutting_form(self.entry.cutting_form, "(as recorded on this visit)")
            form.set_values({**self.entry.scores, "notes": self.entry.notes})
            self.alsfrs_state.setText(
                f"Recorded by {self.entry.recorded_by}"
                + (f", last changed by {self.entry.updated_by} {datetime_text(self.entry.updated_at)}"
                   if self.entry.changed else "")
                + ". Saving (Ctrl+S) changes this visit's assessment.")
        else:
            form.set_cutting_form("5b" if evidence.in_use else "5a", f"(from the record: {evidence.reason})")
            self.alsfrs_state.setText("Not yet scored on this visit. Ctrl+S saves.")
        self.loaded_values = form.values()

    def _restore_draft(self, values: dict, entry: AlsfrsEntry | None) -> None:
        # The save quotes the assessment the scores were typed over, so a change made on
        # another workstation meanwhile is still detected.
        self.entry = entry
        self.alsfrs_form.set_cutting_form(values["cutting_form"], "(as chosen before)")
        self.alsfrs_form.set_values(values)
        self.alsfrs_state.setText("Scores typed earlier on this visit and not yet saved are shown: "
                                  "save them (Ctrl+S) or undo them.")

    def undo_alsfrs(self) -> None:
        """Back to the visit's assessment as stored (an empty form when there is none)."""
        self.drafts.pop(self.shown_visit_id, None)
        self.discard_input = True
        self.refresh()

    def alsfrs_dirty(self) -> bool:
        return self.alsfrs_form.values() != self.loaded_values

    # ------------------------------------------------------------------ saving

    def save_current(self) -> bool:
        """Ctrl+S: save the ALSFRS-R and the disease details when they were changed."""
        saved = False
        if self.visit is not None and self.alsfrs_dirty():
            if self.save_alsfrs() is not Outcome.SAVED:
                return False
            saved = True
        if self.patient is not None and self.details.dirty():
            if self.details.save() is not Outcome.SAVED:
                return False
            saved = True
        return saved

    def save_alsfrs(self) -> Outcome | None:
        visit, entry, host = self.visit, self.entry, self.host
        if visit is None:
            return None
        author = host.author
        row_id, version = (entry.id, entry.version) if entry is not None else (None, None)

        def work(session: RecordSession, values: dict) -> None:
            neurology.save_alsfrs(session, visit.id, values, author, row_id=row_id, version=version)

        # Set before saving: the window reloads the tab as soon as the save is announced, and
        # that reload must show the record as stored, not keep the scores as typed.
        self.discard_input = True
        outcome = attempt(self, self.alsfrs_form, "ALSFRS-R", host.database, work, collect=self.alsfrs_form.values)
        if outcome is Outcome.STALE:
            host.record_changed()
        elif outcome is not Outcome.SAVED or not self.alsfrs_dirty():
            # Refused, or saved and shown as stored already (or nothing was changed): input
            # typed from now on is kept by the next reload.
            self.discard_input = False
        return outcome

    # ------------------------------------------------------------------ history

    def selected(self) -> AlsfrsEntry | None:
        return self.history_table.selected_row()  # type: ignore[return-value]

    def _history_buttons(self) -> None:
        editable = self.history_table.selected_editable()
        self.edit_button.setEnabled(editable)
        self.void_button.setEnabled(editable)

    def correct_selected(self) -> AlsfrsDialog | None:
        row = self.selected()
        if row is None or row.voided:
            return None
        author = self.host.author

        def save(session: RecordSession, values: dict) -> None:
            neurology.correct_alsfrs(session, row.id, row.version, values, author)

        dialog = AlsfrsDialog(self, save, {**row.scores, "notes": row.notes}, row.cutting_form,
                              f"ALSFRS-R recorded by {row.recorded_by} on the visit of {date_text(row.visit_date)}.")
        self.host.open_dialog(dialog)
        return dialog

    def void_selected(self) -> VoidDialog | None:
        row = self.selected()
        if row is None or row.voided:
            return None
        author = self.host.author

        def save(session: RecordSession, values: dict) -> None:
            neurology.void_alsfrs(session, row.id, row.version, values["void_reason"], author)

        total = "incomplete" if row.total is None else f"total {row.total} / 48"
        dialog = VoidDialog(self, save, "ALSFRS-R assessment",
                            f"ALSFRS-R ({total}) on the visit of {date_text(row.visit_date)}.")
        self.host.open_dialog(dialog)
        return dialog
