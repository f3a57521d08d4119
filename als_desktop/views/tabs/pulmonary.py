"""Pulmonary: the respiratory assessment on the selected visit, its history, and the
ventilation, cough assist and tracheostomy interventions of the patient.

NIV started and cough assist in use are asked on the visit form because that is where the
respiratory team decides them; `services.respiratory.save_respiratory` keeps them as
interventions of the patient (with their start date), in the same transaction as the assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

from als_desktop.domain import vocab
from als_desktop.services import queries_pulmonary, respiratory
from als_desktop.services.queries_assessment import VisitRecordRow
from als_desktop.services.queries_pulmonary import InterventionEntry

from ..assessment import (
    NUMBER,
    FieldSpec,
    Section,
    VisitAssessment,
    choice,
    note,
    number,
    optional_date,
    yes_no,
)
from ..fields import Form, NumberField
from ..patient_records import PatientRecordSection
from ..table import RecordTableModel, date_text, number_text
from .base import DisciplineTab, RecordSession, TabHost
from .layout import collapse, explain_headings, short_histories
from .pulmonary_fields import RESPIRATORY_INTERVENTIONS, Co2Field, both_units


@dataclass(frozen=True)
class Co2Spec(FieldSpec):
    """CO₂ typed in mmHg or kPa; the history shows the stored mmHg in both units."""

    def widget(self) -> Co2Field:
        return Co2Field(self.label)

    def shown(self, value: object) -> str:
        return both_units(value) if value is not None else "—"


SECTIONS = (
    Section("Spirometry, pressures and cough", (
        number("fvc_percent_sitting", "FVC sitting", "% predicted", heading="FVC sitting"),
        number("fvc_percent_supine", "FVC supine (optional)", "% predicted", heading="FVC supine"),
        number("snip_cmh2o", "SNIP", "cmH₂O"),
        number("mip_cmh2o", "MIP", "cmH₂O", hint="As a positive magnitude: 55, not −55."),
        number("peak_cough_flow_l_min", "Peak cough flow", "L/min", heading="PCF"),
    )),
    Section("Oxygen and CO₂", (
        number("spo2_percent", "SpO₂ (awake)", "%", heading="SpO₂"),
        number("oximetry_minutes_le88", "Overnight SpO₂ ≤ 88 %", "min", heading="Night ≤ 88 %"),
        number("oximetry_recording_hours", "Oximetry recording", "h", in_history=False),
        Co2Spec("co2_mmhg", "CO₂", NUMBER, heading="CO₂",
                hint="In the unit of the report; stored in mmHg."),
        choice("co2_source", "CO₂ sample", vocab.CO2_SOURCE, heading="CO₂ sample"),
    )),
    Section("Symptoms", (
        yes_no("dyspnoea_on_exertion", "Dyspnoea on exertion", heading="Dyspnoea"),
        yes_no("orthopnoea", "Orthopnoea"),
        yes_no("morning_headache", "Morning headache", heading="Headache"),
        yes_no("daytime_sleepiness", "Daytime sleepiness", heading="Sleepiness"),
        yes_no("disturbed_sleep", "Disturbed sleep", heading="Sleep"),
        yes_no("weak_cough", "Weak cough"),
    )),
    Section("Ventilation and airway clearance", (
        choice("niv_status", "NIV status", vocab.NIV_STATUS, heading="NIV"),
        optional_date("niv_started_on", "NIV started on", stored=False),
        FieldSpec("niv_hours_per_day", "NIV use", NUMBER, "h/day", stored=False),
        yes_no("cough_assist_in_use", "Cough assist (MI-E) in use", stored=False),
        optional_date("cough_assist_started_on", "Cough assist since", stored=False),
        yes_no("tracheostomy_discussed", "Tracheostomy discussed", heading="Trach. discussed"),
        note("notes", "Notes"),
    )),
)


@dataclass
class FvcEntry:
    """FVC sitting as a single entry: its input, the save button and the history (FVC in column 1)."""

    input: NumberField
    record_button: object
    form: Form
    model: RecordTableModel


class PulmonaryTab(DisciplineTab):
    title = "Pulmonary"
    discipline = "pulmonary"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        # The interventions as loaded with the form: saving quotes their version, so a change
        # made meanwhile on another workstation is refused rather than overwritten.
        self.niv_loaded: InterventionEntry | None = None
        self.cough_assist_loaded: InterventionEntry | None = None
        self.assessment = VisitAssessment(self, "respiratory", SECTIONS, respiratory.save_respiratory,
                                          seen=self._seen, load_extra=self._load_extra)
        fields = self.assessment.fields
        fields["niv_status"].currentIndexChanged.connect(lambda _index: self._show_applicable())
        fields["cough_assist_in_use"].currentIndexChanged.connect(lambda _index: self._show_applicable())
        self.in_place = self.assessment.add_line("Interventions in place")
        self.interventions = PatientRecordSection(self, RESPIRATORY_INTERVENTIONS)
        self.fvc = FvcEntry(fields["fvc_percent_sitting"], self.assessment.save_button, self.assessment.forms,
                            self.assessment.model_)
        explain_headings(self.assessment.model_, self.assessment.specs.values())
        short_histories(self)
        # The form's "Interventions in place" line says what the list holds; the list folds away.
        self.interventions_section = collapse(self, self.interventions.table.parentWidget(), "interventions",
                                              expanded=False)
        self.content.addStretch(1)
        self._show_applicable()

    def _show_applicable(self) -> None:
        fields, forms = self.assessment.fields, self.assessment.forms
        started = fields["niv_status"].value() == "started"
        forms.set_field_visible("niv_started_on", started)
        forms.set_field_visible("niv_hours_per_day", started)
        forms.set_field_visible("cough_assist_started_on", fields["cough_assist_in_use"].value() is True)

    def load(self, session: RecordSession) -> None:
        self.assessment.load(session)
        self.interventions.load(session)
        live = [row for row in self.interventions.rows if not row.voided]
        self.interventions_section.set_summary(f"{len(live)} recorded" if live else "none recorded")
        self._show_applicable()

    def save_current(self) -> bool:
        return self.assessment.save()

    # ------------------------------------------------------------------ interventions from the form

    def _load_extra(self, session: RecordSession, _row: VisitRecordRow | None) -> dict:
        patient_id = self.patient.id
        self.niv_loaded = queries_pulmonary.in_place(session, patient_id, "niv")
        self.cough_assist_loaded = queries_pulmonary.in_place(session, patient_id, "cough_assist")
        niv, cough = self.niv_loaded, self.cough_assist_loaded
        shown = [f"NIV since {date_text(niv.started_on)}, {number_text(niv.niv_hours_per_day, 'h/day')}"
                 if niv else "no NIV", f"cough assist since {date_text(cough.started_on)}"
                 if cough else "no cough assist"]
        self.in_place.setText("; ".join(shown) + " (patient record, list below).")
        return {
            "niv_started_on": niv.started_on if niv else None,
            "niv_hours_per_day": niv.niv_hours_per_day if niv else None,
            "cough_assist_in_use": True if cough else None,
            "cough_assist_started_on": cough.started_on if cough else None,
        }

    def _seen(self) -> dict:
        return {"niv_seen": self.niv_loaded, "cough_assist_seen": self.cough_assist_loaded}
