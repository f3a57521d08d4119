"""The medicines of one synthetic patient: riluzole with its liver tests, edaravone cycles and
tofersen doses, and the symptomatic treatments that go with the region of onset."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from als_desktop.models import LiverTest, Medication, MedicationDose

from .demo_rows import (
    Rows,
    add_calendar_months,
    clamp,
    clinic_time,
    days,
    within,
    working_day,
)


@dataclass
class MedicineRecorder:
    """Writes one patient's medicines into `rows`, drawing from the patient's generator."""

    rng: random.Random
    rows: Rows
    patient_id: uuid.UUID

    def record(self, diagnosis: date, visit_days: list[date], end: date, region: str,
               sod1_positive: bool) -> None:
        """Every medicine started from diagnosis to `end` (yesterday, or the death)."""
        rng = self.rng
        if rng.random() < 0.85:
            self.riluzole(max(diagnosis, visit_days[0]) + days(rng.uniform(0, 21)), end)
        if rng.random() < 0.12:
            self.edaravone(visit_days[0] + days(rng.uniform(14, 120)), end)
        if sod1_positive:
            self.tofersen(visit_days[0] + days(rng.uniform(14, 60)), end)
        self.symptomatic(visit_days, end, region)

    def medication(self, started: date, stopped: date | None, **values: Any) -> uuid.UUID:
        row = {"indication": None, "dose_amount": None, "dose_unit": None, "frequency": None,
               "route": None, "stop_reason": None, "notes": None, **values}
        created = clinic_time(self.rng, started)
        updated = clinic_time(self.rng, stopped) if stopped else created
        return self.rows.add(Medication, created, updated_at=max(created, updated), patient_id=self.patient_id,
                             started_on=started, stopped_on=stopped, **row)

    def riluzole(self, started: date, end: date) -> None:
        rng = self.rng
        if started > end:
            return
        baseline, uln = clamp(rng.gauss(22, 7), 8, 60), 35.0 if rng.random() < 0.5 else 45.0
        raised_at = rng.choice((1, 2, 3)) if rng.random() < 0.1 else None
        stop_for_alt = rng.random() < 0.015
        tests, stopped, reason = [], None, None
        for step in [0, 1, 2, 3, 6, 9, 12] + list(range(18, 121, 6)):
            taken = add_calendar_months(started, step)
            if taken > end:
                break
            taken = working_day(taken, latest=end)  # blood is taken on the clinic's working days
            alt = baseline + rng.gauss(0, 3)
            if step == raised_at:
                alt = uln * rng.uniform(1.5, 3) if not stop_for_alt else uln * rng.uniform(5.5, 7)
            tests.append((taken, within("alt_u_l", alt)))
            if stop_for_alt and step == raised_at:
                stopped, reason = taken, "ALT above 5 × upper limit of normal."
                break
        if stopped is None and rng.random() < 0.05:
            stopped = min(started + days(rng.uniform(20, 200)), end)
            reason = rng.choice(("Nausea.", "Asthenia."))
        self.medication(started, stopped, drug_name="riluzole", category="disease_modifying", indication="als",
                        dose_amount=50.0, dose_unit="mg", frequency="twice daily", route="oral", stop_reason=reason)
        for taken, alt in tests:
            self.rows.add(LiverTest, clinic_time(rng, taken), patient_id=self.patient_id, taken_on=taken,
                          alt_u_l=alt, alt_uln_u_l=uln, notes=None)

    def edaravone(self, started: date, end: date) -> None:
        rng = self.rng
        if started > end:
            return
        oral = rng.random() < 0.5
        cycles = rng.randint(3, 14)
        # Cycle 1: 14 daily doses; later cycles: the first 10 days of each 28-day cycle.
        offsets = list(range(14)) + [28 * c + d for c in range(1, cycles) for d in range(10)]
        given = [started + days(o) for o in offsets if started + days(o) <= end]
        stopped = None
        if started + days(28 * cycles) <= end:
            stopped = started + days(28 * cycles)
        medication_id = self.medication(
            started, stopped, drug_name="edaravone", category="disease_modifying", indication="als",
            dose_amount=105.0 if oral else 60.0, dose_unit="mg",
            frequency="each morning after an overnight fast, in 28-day cycles" if oral else "over 60 minutes, in 28-day cycles",
            route="oral" if oral else "iv",
            stop_reason=rng.choice(("Burden of treatment.", "Patient's choice.")) if stopped else None)
        self.doses(medication_id, given)

    def tofersen(self, started: date, end: date) -> None:
        if started > end:
            return
        given, day = [], started
        for loading in (0, 14, 28):
            day = started + days(loading)
            if day <= end:
                given.append(day)
        while True:
            # A late maintenance dose moves the next one to 28 days after the dose given.
            day = day + days(28 + (self.rng.randint(2, 7) if self.rng.random() < 0.1 else 0))
            if day > end:
                break
            given.append(day)
        medication_id = self.medication(started, None, drug_name="tofersen", category="disease_modifying",
                                        indication="als", dose_amount=100.0, dose_unit="mg",
                                        frequency="loading doses then every 28 days", route="intrathecal")
        self.doses(medication_id, given)

    def doses(self, medication_id: uuid.UUID, given: list[date]) -> None:
        for day in given:
            self.rows.add(MedicationDose, clinic_time(self.rng, day), medication_id=medication_id,
                          given_on=day, notes=None)

    def symptomatic(self, visit_days: list[date], end: date, region: str) -> None:
        rng = self.rng
        drugs = (
            # drug, indication, amount, unit, frequency, route, chance
            ("baclofen", "spasticity", 10.0, "mg", "three times daily", "oral", 0.4 if "limb" in region else 0.2),
            ("mexiletine", "cramps", 150.0, "mg", "twice daily", "oral", 0.2),
            ("glycopyrronium", "sialorrhoea", 1.0, "mg", "three times daily", "oral", 0.3 if region == "bulbar" else 0.1),
            ("hyoscine hydrobromide", "sialorrhoea", 1.5, "mg", "patch every 72 hours", "transdermal", 0.1),
            ("dextromethorphan/quinidine", "pseudobulbar_affect", 20.0, "mg", "twice daily", "oral",
             0.2 if region == "bulbar" else 0.03),
            ("sertraline", "mood", 50.0, "mg", "once daily", "oral", 0.2),
            ("paracetamol", "pain", 1000.0, "mg", "up to four times daily", "oral", 0.2),
            ("melatonin", "sleep", 2.0, "mg", "at night", "oral", 0.1),
        )
        for drug, indication, amount, unit, frequency, route, chance in drugs:
            if rng.random() >= chance:
                continue
            started = min(rng.choice(visit_days) + days(rng.uniform(0, 7)), end)
            stopped = None
            if rng.random() < 0.2 and started + days(60) < end:
                stopped = started + days(rng.uniform(60, 300))
                stopped = min(stopped, end)
            self.medication(started, stopped, drug_name=drug, category="symptomatic", indication=indication,
                            dose_amount=amount, dose_unit=unit, frequency=frequency, route=route,
                            stop_reason="No longer needed." if stopped else None)
