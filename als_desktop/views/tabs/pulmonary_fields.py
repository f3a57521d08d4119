"""Pieces of the Pulmonary tab: CO₂ typed in mmHg or kPa (stored in mmHg), and the list of
ventilation, cough assist and tracheostomy interventions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from als_desktop.clinical.respiratory import kpa_to_mmhg, mmhg_to_kpa
from als_desktop.domain import vocab
from als_desktop.domain.limits import LIMITS
from als_desktop.services import queries_pulmonary
from als_desktop.services.queries_neurology import RecordSnapshot

from ..fields import CodeCombo, DateField, NumberField, OptionalDateField, TextField
from ..patient_records import FieldSpec, PatientListSpec, text_column
from ..table import Column, date_text, number_text
from .base import RecordSession

MMHG, KPA = "mmHg", "kPa"


def both_units(mmhg: float | None) -> str:
    """A stored CO₂ as clinicians on either side of the Atlantic read it: '45.0 mmHg (6.00 kPa)'."""
    if mmhg is None:
        return "—"
    return f"{mmhg:.1f} mmHg ({mmhg_to_kpa(mmhg):.2f} kPa)"


class Co2Field(QWidget):
    """CO₂ typed in the unit of the blood gas report; `value()` is always mmHg.

    A value out of range is reported in the unit it was typed in, so "25 kPa" is not answered
    with a sentence about 187.5 mmHg.
    """

    def __init__(self, label: str = "CO₂", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.edit = QLineEdit(self)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setMaximumWidth(110)
        # Room for the largest value (150.0 mmHg, 20.00 kPa): the row's other parts must not
        # squeeze it to a sliver that shows "0.7" for 50.7.
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("000.00") + 20)
        self.unit = QComboBox(self)
        self.unit.addItems([MMHG, KPA])
        self.unit.setAccessibleName(f"{label}: unit entered")
        self.shown = QLabel(self)
        self.shown.setObjectName("unit")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.unit)
        row.addWidget(self.shown)
        row.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._show_conversion)
        self.unit.currentTextChanged.connect(self._unit_changed)
        self._unit_changed(MMHG)

    def _unit_changed(self, unit: str) -> None:
        self.edit.setAccessibleName(f"{self.label} ({unit})")
        self._show_conversion()

    def _typed(self) -> float | None:
        text = self.edit.text().strip().replace(",", ".").replace(" ", "")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{self.label} must be a number in {self.unit.currentText()} "
                             f"(entered '{self.edit.text().strip()}').") from None

    def _show_conversion(self) -> None:
        try:
            mmhg = self.value()
        except ValueError:
            mmhg = None
        self.shown.setText(f"= {both_units(mmhg)}" if mmhg is not None else "")

    def value(self) -> float | None:
        typed = self._typed()
        if typed is None or self.unit.currentText() == MMHG:
            return typed
        mmhg = kpa_to_mmhg(typed)
        limit = LIMITS["co2_mmhg"]
        if not limit.low <= mmhg <= limit.high:
            raise ValueError(
                f"{limit.label} must be between {mmhg_to_kpa(limit.low):.1f} and {mmhg_to_kpa(limit.high):.1f} kPa "
                f"({limit.low:g}-{limit.high:g} mmHg; entered {typed:g} kPa)."
            )
        return mmhg

    def set_value(self, mmhg: float | None) -> None:
        """Show a stored value in the unit currently chosen."""
        if mmhg is None:
            self.edit.clear()
        elif self.unit.currentText() == KPA:
            self.edit.setText(f"{mmhg_to_kpa(mmhg):.2f}")
        else:
            self.edit.setText(f"{mmhg:.1f}".rstrip("0").rstrip("."))
        self._show_conversion()


# ---------------------------------------------------------------- interventions list

RESPIRATORY_KINDS = {code: vocab.INTERVENTION_KIND[code] for code in queries_pulmonary.RESPIRATORY_KINDS}


def _load_respiratory(session: RecordSession, patient_id: object, include_voided: bool) -> list:
    return queries_pulmonary.intervention_records(session, patient_id, tuple(RESPIRATORY_KINDS), include_voided)


def _describe(row: RecordSnapshot) -> str:
    return f"{vocab.label(vocab.INTERVENTION_KIND, row['kind'])}, started {date_text(row['started_on'])}"


RESPIRATORY_INTERVENTIONS = PatientListSpec(
    kind="intervention",
    title="Ventilation, cough assist and tracheostomy (patient record)",
    noun="respiratory intervention",
    fields=(
        FieldSpec("kind", "Intervention", lambda: CodeCombo("Intervention", RESPIRATORY_KINDS, optional=False)),
        FieldSpec("detail", "Device / detail", lambda: TextField("Device or detail", max_length=120)),
        FieldSpec("started_on", "Started", lambda: DateField("Start date")),
        FieldSpec("niv_hours_per_day", "NIV use",
                  lambda: NumberField("NIV use", "h/day", decimals=LIMITS["niv_hours_per_day"].decimals)),
        FieldSpec("ended_on", "Ended", lambda: OptionalDateField("End date")),
        FieldSpec("notes", "Notes", lambda: TextField("Notes", max_length=2000)),
    ),
    columns=(
        Column("Intervention", lambda r: vocab.label(vocab.INTERVENTION_KIND, r["kind"])),
        text_column("Device / detail", "detail"),
        Column("Started", lambda r: date_text(r["started_on"])),
        Column("NIV use", lambda r: number_text(r["niv_hours_per_day"], "h/day")),
        Column("Ended", lambda r: date_text(r["ended_on"]) if r["ended_on"] else "in place"),
    ),
    describe=_describe,
    newest_by="started_on",
    defaults={"kind": "niv", "started_on": None, "ended_on": None},
    load=_load_respiratory,
    intro="NIV and cough assist started on the visit form above are listed here; add, correct or end them here.",
)
