"""Medicines (with the doses given of edaravone and tofersen) and liver tests on the Neurology tab."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from als_desktop.clinical.medications import alt_multiple_of_uln, alt_requires_stop
from als_desktop.domain import vocab
from als_desktop.domain.limits import LIMITS
from als_desktop.services import patient_lists
from als_desktop.services.queries_neurology import RecordSnapshot, medications_with_doses

from ..dialogs import FormDialog
from ..fields import CodeCombo, DateField, NumberField, OptionalDateField, TextField
from ..patient_records import FieldSpec, PatientListSpec, PatientRecordSection, text_column
from ..table import Column, RecordTableModel, date_text, history_button, number_text, record_table
from ..widgets import plain
from .base import DisciplineTab, RecordSession

# Medicines whose doses are recorded one by one (infusion days, intrathecal injections).
DOSED_MEDICINES = ("edaravone", "tofersen")
DOSE_UNITS = ("mg", "g", "µg", "mL", "units", "drops", "puffs", "patch")
FREQUENCIES = ("once daily", "twice daily", "three times daily", "four times daily", "at night",
               "as needed", "weekly", "in 28-day cycles", "every 14 days (loading)", "every 28 days")


class ChoiceOrText(QComboBox):
    """Pick a usual entry or type another one."""

    def __init__(self, label: str, usual: Sequence[str], placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName(label)
        self.addItem("")
        self.addItems(list(usual))
        self.lineEdit().setPlaceholderText(placeholder)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def value(self) -> str:
        return self.currentText().strip()

    def set_value(self, value: str | None) -> None:
        self.setCurrentText(value or "")


def is_dosed(row: RecordSnapshot) -> bool:
    return str(row["drug_name"] or "").strip().lower() in DOSED_MEDICINES


def dose_text(row: RecordSnapshot) -> str:
    amount = number_text(row["dose_amount"], str(row["dose_unit"] or ""), 3) if row["dose_amount"] is not None else ""
    return " ".join(part for part in (amount, str(row["frequency"] or "")) if part) or "—"


def stopped_text(row: RecordSnapshot) -> str:
    if row["stopped_on"] is None:
        return "—"
    reason = f" ({row['stop_reason']})" if row["stop_reason"] else ""
    return date_text(row["stopped_on"]) + reason


def doses_text(row: RecordSnapshot) -> str:
    if not row.children:
        return "—" if not is_dosed(row) else "none recorded"
    return f"{len(row.children)}, last {date_text(row.children[0]['given_on'])}"


def fill_from_medicine(dialog: FormDialog, _row: RecordSnapshot | None) -> None:
    """Choosing riluzole, edaravone or tofersen marks the medicine disease-modifying (for ALS)."""
    fields = dialog.form.fields

    def chosen(text: str) -> None:
        if text.strip().lower() in vocab.DISEASE_MODIFYING_DRUGS:
            fields["category"].set_value("disease_modifying")
            if fields["indication"].value() is None:
                fields["indication"].set_value("als")

    fields["drug_name"].currentTextChanged.connect(chosen)


MEDICINES = PatientListSpec(
    kind="medication",
    title="Medicines (current first)",
    noun="medicine",
    fields=(
        FieldSpec("drug_name", "Medicine", lambda: ChoiceOrText(
            "Medicine", ("Riluzole", "Edaravone", "Tofersen"), "Riluzole, Edaravone, Tofersen, or type a medicine")),
        FieldSpec("category", "Category", lambda: CodeCombo("Category", vocab.MEDICATION_CATEGORY, optional=False)),
        FieldSpec("indication", "Given for", lambda: CodeCombo("Given for (indication)", vocab.SYMPTOM_TARGET)),
        FieldSpec("dose_amount", "Dose amount", lambda: NumberField(
            "Dose amount", "", decimals=LIMITS["dose_amount"].decimals)),
        FieldSpec("dose_unit", "Dose unit", lambda: ChoiceOrText("Dose unit", DOSE_UNITS, "mg, mL, ...")),
        FieldSpec("frequency", "Frequency", lambda: ChoiceOrText("Frequency", FREQUENCIES, "e.g. twice daily")),
        FieldSpec("route", "Route", lambda: CodeCombo("Route", vocab.ROUTE)),
        FieldSpec("started_on", "Started", lambda: OptionalDateField("Start date")),
        FieldSpec("stopped_on", "Stopped", lambda: OptionalDateField("Stop date")),
        FieldSpec("stop_reason", "Stop reason", lambda: TextField("Reason for stopping", max_length=500)),
        FieldSpec("notes", "Notes", lambda: TextField("Medicine notes", max_length=2000)),
    ),
    columns=(
        text_column("Medicine", "drug_name"),
        Column("For", lambda r: vocab.label(vocab.SYMPTOM_TARGET, r["indication"], "—")),
        Column("Dose", dose_text),
        Column("Doses given", doses_text),
        Column("Route", lambda r: vocab.label(vocab.ROUTE, r["route"], "—")),
        Column("Started", lambda r: date_text(r["started_on"])),
        Column("Stopped (reason)", stopped_text),
    ),
    describe=lambda r: f"{r['drug_name']} {dose_text(r)}, started {date_text(r['started_on'])}.",
    defaults={"category": "symptomatic"},
    load=lambda session, patient_id, voided: medications_with_doses(session, patient_id, voided),
    prepare_dialog=fill_from_medicine,
)


def alt_multiple_text(row: RecordSnapshot) -> str:
    multiple = alt_multiple_of_uln(row["alt_u_l"], row["alt_uln_u_l"])
    text = f"{multiple:.1f} × ULN"
    if alt_requires_stop(row["alt_u_l"], row["alt_uln_u_l"]):
        text += " — above the riluzole stop limit (> 5 × ULN)"
    return text


LIVER_TESTS = PatientListSpec(
    kind="liver_test",
    title="Liver tests (newest first)",
    noun="liver test",
    fields=(
        FieldSpec("taken_on", "Date taken", lambda: DateField("Date taken")),
        FieldSpec("alt_u_l", "ALT", lambda: NumberField("ALT", "U/L", decimals=LIMITS["alt_u_l"].decimals)),
        FieldSpec("alt_uln_u_l", "ALT upper limit of normal", lambda: NumberField(
            "ALT upper limit of normal", "U/L", decimals=LIMITS["alt_uln_u_l"].decimals)),
        FieldSpec("notes", "Notes", lambda: TextField("Liver test notes", max_length=2000)),
    ),
    columns=(
        Column("Date taken", lambda r: date_text(r["taken_on"])),
        Column("ALT (U/L)", lambda r: number_text(r["alt_u_l"], decimals=0), True),
        Column("Upper limit of normal (U/L)", lambda r: number_text(r["alt_uln_u_l"], decimals=0), True),
        Column("ALT / ULN", alt_multiple_text, True),
        text_column("Notes", "notes", ""),
    ),
    describe=lambda r: f"ALT {number_text(r['alt_u_l'], 'U/L', 0)} on {date_text(r['taken_on'])}.",
    newest_by="taken_on",
)


class MedicinesSection(PatientRecordSection):
    """The medicines list, with the doses given of the selected medicine listed beneath it."""

    def __init__(self, tab: DisciplineTab) -> None:
        super().__init__(tab, MEDICINES)
        parent = tab.body
        self.dose_button = self.add_action("Record dose given…", "Record dose given of selected medicine",
                                           self.record_dose)
        self.dose_title = plain(QLabel(parent))  # names the medicine as typed
        self.dose_title.setObjectName("visitContext")
        self.layout.addWidget(self.dose_title)
        self.doses = RecordTableModel([
            Column("Date given", lambda r: date_text(r["given_on"])),
            Column("Notes", lambda r: str(r["notes"] or "")),
            Column("Recorded by", lambda r: r.created_by),
        ], parent)
        self.dose_table = record_table(self.doses, "Doses given of the selected medicine", parent, min_rows=1, max_rows=6)
        self.layout.addWidget(self.dose_table)
        row = QHBoxLayout()
        row.addStretch(1)
        self.void_dose_button = QPushButton("Void selected dose…", parent)
        self.void_dose_button.setAccessibleName("Void selected dose")
        row.addWidget(self.void_dose_button)
        row.addWidget(history_button(self.dose_table, self.tab.host, parent, "dose"))
        self.layout.addLayout(row)
        self.void_dose_button.clicked.connect(self.void_dose)
        self.dose_table.selectionModel().selectionChanged.connect(lambda *_: self._dose_buttons())
        self.selection_changed()

    def load(self, session: RecordSession) -> None:
        super().load(session)
        if self.selected() is None:
            # Show the doses of the first medicine given dose by dose, without a click.
            first = next((n for n, r in enumerate(self.rows) if is_dosed(r) and not r.voided), None)
            if first is not None:
                self.table.selectRow(first)

    def selection_changed(self) -> None:
        super().selection_changed()
        if not hasattr(self, "doses"):
            return  # still being built
        row = self.selected()
        shown = row is not None and (is_dosed(row) or bool(row.children))
        self.dose_title.setVisible(shown)
        self.dose_table.setVisible(shown)
        self.void_dose_button.setVisible(shown)
        self.doses.set_rows(list(row.children) if shown else [])
        if shown:
            count = len(row.children)
            self.dose_title.setText(f"Doses given of {row['drug_name']} (newest first): "
                                    + (f"{count}" if count else "none recorded yet"))
        self._dose_buttons()

    def _dose_buttons(self) -> None:
        index = self.dose_table.selectionModel().currentIndex()
        self.void_dose_button.setEnabled(index.isValid())

    def record_dose(self) -> FormDialog | None:
        row = self.selected()
        if row is None or row.voided:
            return None
        author = self.tab.host.author

        def save(session: RecordSession, values: dict) -> None:
            patient_lists.record_dose(session, row.id, values, author)

        dialog = FormDialog(self.tab, f"Record dose given — {row['drug_name']}", save, "Dose",
                            intro=f"A dose of {row['drug_name']} actually given (infusion day, injection).",
                            save_label="Record dose")
        given = dialog.form.add("given_on", "Date given", DateField("Date given"))
        given.setDate(QDate.currentDate())
        dialog.form.add("notes", "Notes", TextField("Dose notes", max_length=500))
        dialog.setMinimumWidth(460)
        return self._open(dialog)

    def selected_dose(self) -> RecordSnapshot | None:
        index = self.dose_table.selectionModel().currentIndex()
        return self.doses.row_at(index.row()) if index.isValid() else None

    def void_dose(self) -> object:
        medicine, dose = self.selected(), self.selected_dose()
        if medicine is None or dose is None:
            return None
        return self.void("dose", dose, f"Dose of {medicine['drug_name']} given on {date_text(dose['given_on'])}.",
                         "dose")


class LiverTestsSection(PatientRecordSection):
    def __init__(self, tab: DisciplineTab) -> None:
        super().__init__(tab, LIVER_TESTS)
