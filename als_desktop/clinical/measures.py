"""Derived measures of one patient, as of the snapshot's `today`.

Everything here is read from a PatientSnapshot; None means "not recorded" (a missing date,
weight or a half-filled ALSFRS-R never yields a number).

Choices made where the reference leaves the detail open:
- Stages, ΔFRS and subscores come from the latest *complete* ALSFRS-R (all twelve items).
- King's "gastrostomy recorded" = a gastrostomy in place today, from an intervention or the
  nutrition record's status "placed" (item 5b on the form counts as well, inside
  alsfrs.kings_stage); "NIV in use" = NIV in place today, from an intervention or the
  respiratory record's status "started" (reference section 2 names both sources), and
  tracheostomy ventilation, the stronger support, counts as well. Both are taken as of today,
  so the stage is the current estimate. care_state.py says when a recorded status holds.
- Riluzole liver tests: the schedule is riluzole_alt_due_dates(start). Each liver test
  counts for the scheduled date nearest to it (a tie goes to the later date), so a test a few
  days early or late counts for the date it was meant for. The next ALT due is the first
  scheduled date after the latest date a test counted for: a missed date is not made up
  afterwards (a later test resolves it). Without any test the pre-treatment date is due.
  After the 12-month test the reference says "periodically" without an interval, so no
  further date is computed (None).
- The estimates (FVC reaching 50 %, weight reaching 10 % loss) are those the trend plots draw
  (clinical/projection.py says how they are made); rules show them beside related prompts.
- Each respiratory measure is its latest recorded value (with its date), not only the
  latest assessment's, so a visit that measured only SNIP does not hide last month's FVC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from . import alsfrs, medications, nutrition, trends
from .care_state import CareState, care_state
from .projection import Estimate
from .respiratory import Measures
from .settings import ClinicSettings
from .snapshot import AlsfrsEntry, MedicationEntry, PatientSnapshot
from .timing import age_in_years, months_between


@dataclass(frozen=True)
class LatestAlsfrs:
    visit_date: date
    total: int
    subscores: Mapping[str, int | None]
    cutting_form: str
    scores: Mapping[str, int | None]


@dataclass(frozen=True)
class Dated:
    value: float
    on: date


@dataclass(frozen=True)
class PatientMeasures:
    today: date
    age_years: int
    disease_duration_months: float | None  # onset to today
    diagnostic_delay_months: float | None  # onset to diagnosis
    alsfrs: LatestAlsfrs | None
    kings: alsfrs.KingsStage | None
    mitos: alsfrs.MitosStage | None
    delta_frs: float | None
    progression_band: alsfrs.ProgressionBand | None
    slope_per_month: float | None  # between the last two complete assessments
    latest_weight: Dated | None
    bmi: float | None
    reference_weight: nutrition.ReferenceWeight | None
    weight_loss_percent: float | None
    fvc_sitting: Dated | None
    fvc_supine: Dated | None
    fvc_estimate: Estimate | None  # sitting FVC reaching 50 % at the recent rate
    weight_estimate: Estimate | None  # weight reaching the 10 % loss line at the recent rate
    respiratory_latest: Measures  # latest recorded value of each measure
    respiratory_dates: Mapping[str, date]  # Measures field -> date of that value
    symptoms_present: tuple[str, ...]  # on the latest assessment that recorded symptoms
    niv_status: str | None  # latest recorded
    niv_in_use: bool
    tracheostomy_in_place: bool
    tracheostomy_discussed: bool
    gastrostomy_status: str | None  # latest recorded
    gastrostomy_placed: bool
    aac_status: str | None  # latest recorded
    aac_device_in_place: bool
    speech_item: Dated | None  # latest scored ALSFRS-R item 1 (a single item needs no full form)
    speaking_rate: Dated | None
    riluzole_started: date | None
    riluzole_next_alt: date | None
    edaravone_next_cycle: date | None
    tofersen_next_dose: date | None
    care: CareState  # care in place, planned or declined today (reference section 11)


def _complete(entries: tuple[AlsfrsEntry, ...]) -> list[tuple[AlsfrsEntry, int]]:
    out = []
    for entry in entries:
        score = alsfrs.total(entry.scores)
        if score is not None:
            out.append((entry, score))
    return out


def _in_place(snapshot: PatientSnapshot, kind: str) -> bool:
    return any(i.kind == kind and i.in_place(snapshot.today) for i in snapshot.interventions)


def active_medication(snapshot: PatientSnapshot, drug: str) -> MedicationEntry | None:
    """The latest-started active medication whose name contains `drug` (case-insensitive)."""
    found = [
        m for m in snapshot.medications
        if drug in m.drug_name.strip().lower() and m.active(snapshot.today)
    ]
    if not found:
        return None
    return max(found, key=lambda m: m.started_on or date.min)


def riluzole_next_alt(started: date, liver_tests_taken: list[date]) -> date | None:
    """The first scheduled ALT date after the latest one a liver test counted for (see above)."""
    due = medications.riluzole_alt_due_dates(started)
    if not liver_tests_taken:
        return due[0]
    # Each test counts for its nearest scheduled date (a tie goes to the later date).
    counted = max(
        min(range(len(due)), key=lambda i: (abs((due[i] - taken).days), -i))
        for taken in liver_tests_taken
    )
    return due[counted + 1] if counted + 1 < len(due) else None


def _latest_respiratory(snapshot: PatientSnapshot) -> tuple[Measures, dict[str, date]]:
    latest: dict[str, object] = {}
    dates: dict[str, date] = {}
    for entry in snapshot.respiratory:  # oldest first: later values overwrite
        m = entry.measures
        for name in ("fvc_percent", "snip_cmh2o", "mip_cmh2o", "spo2_percent", "peak_cough_flow_l_min"):
            value = getattr(m, name)
            if value is not None:
                latest[name] = value
                dates[name] = entry.visit_date
        if m.co2_mmhg is not None:  # the CO₂ value and how it was sampled belong together
            latest["co2_mmhg"], latest["co2_arterial"] = m.co2_mmhg, m.co2_arterial
            dates["co2_mmhg"] = entry.visit_date
        if m.overnight_minutes_le88 is not None:  # minutes and recording length: one oximetry
            latest["overnight_minutes_le88"] = m.overnight_minutes_le88
            latest["oximetry_recording_hours"] = m.oximetry_recording_hours
            dates["overnight_minutes_le88"] = entry.visit_date
    return Measures(**latest), dates  # type: ignore[arg-type]


def derive(snapshot: PatientSnapshot, settings: ClinicSettings) -> PatientMeasures:
    today = snapshot.today
    onset, diagnosis = snapshot.onset_date, snapshot.diagnosis_date

    complete = _complete(snapshot.alsfrs)
    care = care_state(snapshot)
    niv_in_use = care.niv_in_use
    gastrostomy_status = next(
        (n.gastrostomy_status for n in reversed(snapshot.nutrition) if n.gastrostomy_status), None
    )

    latest = kings = mitos = None
    rate = slope = None
    if complete:
        entry, score = complete[-1]
        latest = LatestAlsfrs(entry.visit_date, score, alsfrs.subscores(entry.scores), entry.cutting_form, entry.scores)
        kings = alsfrs.kings_stage(
            entry.scores, entry.cutting_form,  # type: ignore[arg-type]
            gastrostomy_recorded=care.gastrostomy_placed,
            niv_in_use=niv_in_use or care.tracheostomy_ventilation,
        )
        mitos = alsfrs.mitos_stage(entry.scores)
        rate = alsfrs.delta_frs(score, onset, entry.visit_date)
        if len(complete) >= 2:
            before, before_total = complete[-2]
            slope = alsfrs.slope_per_month(before_total, before.visit_date, score, entry.visit_date)

    latest_weight = Dated(snapshot.weights[-1].weight_kg, snapshot.weights[-1].visit_date) if snapshot.weights else None
    first_weight = snapshot.weights[0].weight_kg if snapshot.weights else None
    reference = nutrition.reference_weight(snapshot.premorbid_weight_kg, first_weight)
    current_kg = latest_weight.value if latest_weight else None

    fvc_entries = [r for r in snapshot.respiratory if r.measures.fvc_percent is not None]
    supine_entries = [r for r in snapshot.respiratory if r.fvc_percent_supine is not None]
    respiratory_latest, respiratory_dates = _latest_respiratory(snapshot)
    with_symptoms = [r for r in snapshot.respiratory if any(v is not None for v in r.symptoms.values())]
    symptoms = tuple(k for k, v in with_symptoms[-1].symptoms.items() if v) if with_symptoms else ()
    niv_status = next((r.niv_status for r in reversed(snapshot.respiratory) if r.niv_status), None)

    speech = next(
        (Dated(e.scores["speech"], e.visit_date) for e in reversed(snapshot.alsfrs)  # type: ignore[arg-type]
         if e.scores.get("speech") is not None),
        None,
    )
    rate_entry = next((s for s in reversed(snapshot.slp) if s.speaking_rate_wpm is not None), None)

    riluzole = active_medication(snapshot, "riluzole")
    riluzole_started = riluzole.started_on if riluzole else None
    next_alt = (
        riluzole_next_alt(riluzole_started, [t.taken_on for t in snapshot.liver_tests])
        if riluzole_started else None
    )
    edaravone = active_medication(snapshot, "edaravone")
    next_cycle = (
        medications.edaravone_next_cycle_start(edaravone.started_on, today)
        if edaravone and edaravone.started_on else None
    )
    tofersen = active_medication(snapshot, "tofersen")
    next_tofersen = medications.tofersen_next_dose(list(tofersen.doses_given)) if tofersen else None

    return PatientMeasures(
        today=today,
        age_years=age_in_years(snapshot.date_of_birth, today),
        disease_duration_months=months_between(onset, today) if onset else None,
        diagnostic_delay_months=months_between(onset, diagnosis) if onset and diagnosis else None,
        alsfrs=latest,
        kings=kings,
        mitos=mitos,
        delta_frs=rate,
        progression_band=alsfrs.progression_band(rate),
        slope_per_month=slope,
        latest_weight=latest_weight,
        bmi=nutrition.bmi(current_kg, snapshot.height_cm),
        reference_weight=reference,
        weight_loss_percent=nutrition.weight_loss_percent(reference, current_kg),
        fvc_sitting=Dated(fvc_entries[-1].measures.fvc_percent, fvc_entries[-1].visit_date) if fvc_entries else None,  # type: ignore[arg-type]
        fvc_supine=Dated(supine_entries[-1].fvc_percent_supine, supine_entries[-1].visit_date) if supine_entries else None,  # type: ignore[arg-type]
        fvc_estimate=trends.fvc_estimate(snapshot),
        weight_estimate=trends.weight_estimate(snapshot),
        respiratory_latest=respiratory_latest,
        respiratory_dates=respiratory_dates,
        symptoms_present=symptoms,
        niv_status=niv_status,
        niv_in_use=niv_in_use,
        tracheostomy_in_place=_in_place(snapshot, "tracheostomy"),
        tracheostomy_discussed=any(r.tracheostomy_discussed for r in snapshot.respiratory),
        gastrostomy_status=gastrostomy_status,
        gastrostomy_placed=care.gastrostomy_placed,
        aac_status=next((s.aac_status for s in reversed(snapshot.slp) if s.aac_status), None),
        aac_device_in_place=_in_place(snapshot, "aac_device"),
        speech_item=speech,
        speaking_rate=Dated(rate_entry.speaking_rate_wpm, rate_entry.visit_date) if rate_entry else None,  # type: ignore[arg-type]
        riluzole_started=riluzole_started,
        riluzole_next_alt=next_alt,
        edaravone_next_cycle=next_cycle,
        tofersen_next_dose=next_tofersen,
        care=care,
    )


# Rules read the same measures many times per patient: keep the last one derived.
_last: tuple[PatientSnapshot, ClinicSettings, PatientMeasures] | None = None


def cached(snapshot: PatientSnapshot, settings: ClinicSettings) -> PatientMeasures:
    """derive(), reusing the result for the very same snapshot and settings objects."""
    global _last
    last = _last
    if last is not None and last[0] is snapshot and last[1] is settings:
        return last[2]
    result = derive(snapshot, settings)
    _last = (snapshot, settings, result)
    return result
