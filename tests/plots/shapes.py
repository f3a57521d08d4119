"""Synthetic patients' records of several shapes, as PatientSnapshot values, for the plot tests."""

from __future__ import annotations

from datetime import date, timedelta

from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import (
    AlsfrsEntry,
    InterventionEntry,
    PatientSnapshot,
    RespiratoryEntry,
    WeightEntry,
)
from als_desktop.clinical.trends import PatientTrends, patient_trends

FIRST_VISIT = date(2016, 3, 1)


def visit_dates(count: int, start: date = FIRST_VISIT, every_days: int = 91) -> list[date]:
    return [start + timedelta(days=every_days * n) for n in range(count)]


def scores(loss: int) -> dict[str, int]:
    """Twelve item scores losing `loss` points in all, spread from the last item (breathing) back."""
    items = dict.fromkeys(ITEMS, 4)
    for n in range(loss):
        item = ITEMS[(n * 5) % len(ITEMS)]
        if items[item] > 0:
            items[item] -= 1
    return items


def snapshot(days: list[date], *, premorbid_kg: float | None = 70.0, height_cm: float | None = 168.0,
             weight_kg=lambda n: 70.0 - 0.5 * n, fvc=lambda n: 95.0 - 1.5 * n,
             supine=lambda n: 88.0 - 1.8 * n if n % 3 == 0 else None, snip=lambda n: 80.0 - 1.2 * n,
             pcf=lambda n: 380.0 - 6.0 * n, loss=lambda n: n,
             interventions: tuple[InterventionEntry, ...] = (), today: date | None = None) -> PatientSnapshot:
    """One visit on each day with every measure; a function returning None leaves that measure out."""
    weights, breathing, alsfrs = [], [], []
    for n, day in enumerate(days):
        if (kg := weight_kg(n)) is not None:
            weights.append(WeightEntry(day, kg))
        measures = Measures(fvc_percent=fvc(n), snip_cmh2o=snip(n), peak_cough_flow_l_min=pcf(n))
        if any(v is not None for v in (measures.fvc_percent, measures.snip_cmh2o, measures.peak_cough_flow_l_min)):
            breathing.append(RespiratoryEntry(day, measures, fvc_percent_supine=supine(n)))
        if (lost := loss(n)) is not None:
            alsfrs.append(AlsfrsEntry(day, scores(lost), "5a"))
    return PatientSnapshot(
        today=today or (days[-1] if days else FIRST_VISIT), date_of_birth=date(1958, 6, 1), sex="female",
        height_cm=height_cm, premorbid_weight_kg=premorbid_kg, onset_date=date(2015, 6, 1),
        visit_dates=tuple(days), weights=tuple(weights), respiratory=tuple(breathing), alsfrs=tuple(alsfrs),
        interventions=interventions,
    )


def trends_of(snap: PatientSnapshot) -> PatientTrends:
    return patient_trends(snap, ClinicSettings())


def ten_years() -> PatientTrends:
    """Forty quarterly visits, slowly falling, with the five marked interventions."""
    days = visit_dates(40)
    return trends_of(snapshot(
        days, weight_kg=lambda n: 71.0 - 0.22 * n, fvc=lambda n: 98.0 - 1.3 * n, snip=lambda n: 85.0 - 1.4 * n,
        pcf=lambda n: 420.0 - 7.0 * n, loss=lambda n: min(n, 40),
        interventions=(
            InterventionEntry("aac_device", days[14]), InterventionEntry("cough_assist", days[18]),
            InterventionEntry("niv", days[19] + timedelta(days=20), niv_hours_per_day=8.0),
            InterventionEntry("gastrostomy", days[22], detail="PEG"), InterventionEntry("tracheostomy", days[37]),
        ),
    ))


def falling_fast() -> PatientTrends:
    """Six visits a quarter apart, FVC and weight falling fast enough to project a crossing."""
    days = visit_dates(6, start=date(2024, 1, 10))
    return trends_of(snapshot(
        days, weight_kg=lambda n: 70.0 - 0.9 * n, fvc=lambda n: 82.0 - 4.0 * n, supine=lambda n: None,
        snip=lambda n: None, pcf=lambda n: 300.0 - 12.0 * n, loss=lambda n: 3 * n,
        interventions=(InterventionEntry("niv", days[4] + timedelta(days=5), niv_hours_per_day=6.0),),
    ))


def one_visit() -> PatientTrends:
    return trends_of(snapshot([date(2024, 5, 14)], supine=lambda n: None, snip=lambda n: None, pcf=lambda n: None))


def with_gap() -> PatientTrends:
    """Visits in 2021, none for two years, then again in 2023-2024."""
    days = visit_dates(4, start=date(2021, 1, 5)) + visit_dates(4, start=date(2023, 6, 1))
    return trends_of(snapshot(days, premorbid_kg=None, height_cm=None, snip=lambda n: None, pcf=lambda n: None))


def nothing() -> PatientTrends:
    return trends_of(snapshot([]))
