from datetime import date, timedelta

import pytest

from als_desktop.clinical import measures
from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import (
    AlsfrsEntry,
    InterventionEntry,
    LiverTestEntry,
    MedicationEntry,
    NutritionEntry,
    PatientSnapshot,
    RespiratoryEntry,
    WeightEntry,
)

SETTINGS = ClinicSettings()
WORKED = dict(zip(ITEMS, (4, 4, 4, 3, 3, 4, 4, 3, 3, 4, 4, 4), strict=True))


def snap(**kw: object) -> PatientSnapshot:
    base: dict[str, object] = {"today": date(2024, 3, 1), "date_of_birth": date(1960, 6, 1)}
    base.update(kw)
    return PatientSnapshot(**base)  # type: ignore[arg-type]


def derive(**kw: object) -> measures.PatientMeasures:
    return measures.derive(snap(**kw), SETTINGS)


def test_empty_record_is_not_recorded_everywhere() -> None:
    m = derive()
    assert m.age_years == 63
    for name in ("disease_duration_months", "diagnostic_delay_months", "alsfrs", "kings", "mitos", "delta_frs",
                 "progression_band", "slope_per_month", "latest_weight", "bmi", "reference_weight",
                 "weight_loss_percent", "fvc_sitting", "fvc_supine", "niv_status", "gastrostomy_status",
                 "riluzole_next_alt", "edaravone_next_cycle", "tofersen_next_dose", "speech_item"):
        assert getattr(m, name) is None, name


def test_worked_example_stages_subscores_and_delta_frs() -> None:
    onset = date(2023, 1, 15)
    m = derive(onset_date=onset, alsfrs=(AlsfrsEntry(date(2024, 1, 15), WORKED, "5a"),))
    assert m.alsfrs is not None and m.alsfrs.total == 44
    assert dict(m.alsfrs.subscores) == {"bulbar": 12, "fine_motor": 10, "gross_motor": 10, "respiratory": 12}
    assert m.kings is not None and m.kings.stage == "2"
    assert m.mitos is not None and m.mitos.stage == 0
    # Same months as the worked example (11.99): ΔFRS for total 44 = 4 / 11.99
    assert m.delta_frs == pytest.approx(4 / 11.99, abs=0.001)


def test_worked_example_delta_frs_38_is_intermediate() -> None:
    scores = dict(WORKED, speech=1, handwriting=1, walking=1, cutting_food=4)  # 44 - 3 - 2 - 2 + 1 = 38
    m = derive(onset_date=date(2023, 1, 15), alsfrs=(AlsfrsEntry(date(2024, 1, 15), scores, "5a"),))
    assert m.alsfrs is not None and m.alsfrs.total == 38
    assert m.delta_frs == pytest.approx(0.834, abs=0.0005)
    assert m.progression_band == "intermediate"


def test_half_filled_form_gives_no_total_and_the_previous_complete_one_is_used() -> None:
    half = dict(WORKED, walking=None)
    m = derive(alsfrs=(AlsfrsEntry(date(2023, 6, 1), WORKED, "5a"), AlsfrsEntry(date(2024, 1, 1), half, "5a")))
    assert m.alsfrs is not None and m.alsfrs.visit_date == date(2023, 6, 1)
    only_half = derive(alsfrs=(AlsfrsEntry(date(2024, 1, 1), half, "5a"),))
    assert only_half.alsfrs is None and only_half.kings is None and only_half.mitos is None


def test_slope_between_last_two_complete_assessments() -> None:
    lower = dict(WORKED, walking=1)  # 42
    m = derive(alsfrs=(
        AlsfrsEntry(date(2023, 1, 1), WORKED, "5a"),
        AlsfrsEntry(date(2023, 7, 1), dict(WORKED, speech=None), "5a"),  # half-filled: skipped
        AlsfrsEntry(date(2024, 1, 1), lower, "5a"),
    ))
    assert m.slope_per_month == pytest.approx(-2 / (365 / (365.25 / 12)))


def test_kings_uses_gastrostomy_and_niv_in_place_today() -> None:
    entry = AlsfrsEntry(date(2024, 1, 1), WORKED, "5a")
    peg = InterventionEntry("gastrostomy", date(2024, 2, 1))
    assert derive(alsfrs=(entry,), interventions=(peg,)).kings.stage == "4A"  # type: ignore[union-attr]
    niv = InterventionEntry("niv", date(2024, 2, 1))
    both = derive(alsfrs=(entry,), interventions=(peg, niv)).kings
    assert both is not None and both.stage == "4B" and both.nutritional_failure
    ended = InterventionEntry("niv", date(2023, 1, 1), ended_on=date(2023, 6, 1))
    assert derive(alsfrs=(entry,), interventions=(ended,)).kings.stage == "2"  # type: ignore[union-attr]


def test_weight_loss_against_premorbid_else_first_weight() -> None:
    weights = (WeightEntry(date(2023, 1, 1), 78.0), WeightEntry(date(2024, 1, 1), 72.0))
    m = derive(premorbid_weight_kg=80.0, weights=weights, height_cm=180.0)
    assert m.reference_weight is not None and m.reference_weight.basis == "premorbid"
    assert m.weight_loss_percent == pytest.approx(10.0)
    assert m.bmi == pytest.approx(72 / 1.8 ** 2)
    first = derive(weights=weights)
    assert first.reference_weight is not None and first.reference_weight.basis == "first recorded"
    assert first.weight_loss_percent == pytest.approx(6 / 78 * 100)
    assert first.bmi is None  # no height


def test_latest_fvc_and_respiratory_values_keep_their_own_dates() -> None:
    m = derive(respiratory=(
        RespiratoryEntry(date(2024, 1, 1), Measures(fvc_percent=62, spo2_percent=95), fvc_percent_supine=55),
        RespiratoryEntry(date(2024, 2, 1), Measures(snip_cmh2o=38)),
    ))
    assert m.fvc_sitting == measures.Dated(62, date(2024, 1, 1))
    assert m.fvc_supine == measures.Dated(55, date(2024, 1, 1))
    assert m.respiratory_latest.snip_cmh2o == 38 and m.respiratory_dates["snip_cmh2o"] == date(2024, 2, 1)
    assert m.respiratory_latest.fvc_percent == 62


def test_gastrostomy_placed_from_intervention_or_nutrition_status() -> None:
    assert derive(nutrition=(NutritionEntry(date(2024, 1, 1), "placed"),)).gastrostomy_placed
    removed = InterventionEntry("gastrostomy", date(2023, 1, 1), ended_on=date(2023, 6, 1))
    m = derive(nutrition=(NutritionEntry(date(2023, 2, 1), "placed"),), interventions=(removed,))
    assert not m.gastrostomy_placed


RILUZOLE = MedicationEntry("Riluzole", "disease_modifying", started_on=date(2024, 1, 31))


@pytest.mark.parametrize(("tests", "expected"), [
    ((), date(2024, 1, 31)),  # the pre-treatment test is due first
    ((date(2024, 1, 25),), date(2024, 2, 29)),  # baseline done early; month-end rolls back
    ((date(2024, 1, 25), date(2024, 2, 29)), date(2024, 3, 31)),  # on the day counts
    ((date(2024, 1, 25), date(2024, 3, 5)), date(2024, 3, 31)),  # late test counts for Feb, not March
    ((date(2024, 2, 14),), date(2024, 2, 29)),  # nearer Jan 31 (14 days) than Feb 29 (15)
    ((date(2024, 4, 15),), date(2024, 7, 31)),  # 15 days from Mar 31 and Apr 30: the later counts
    ((date(2024, 4, 30),), date(2024, 7, 31)),  # missed dates are not made up afterwards
    ((date(2025, 1, 31),), None),  # 12-month test done: "periodically" has no interval
])
def test_riluzole_next_alt(tests: tuple[date, ...], expected: date | None) -> None:
    m = derive(today=date(2024, 2, 10), medications=(RILUZOLE,),
               liver_tests=tuple(LiverTestEntry(t, 30, 40) for t in tests))
    assert m.riluzole_started == date(2024, 1, 31)
    assert m.riluzole_next_alt == expected


def test_stopped_riluzole_has_no_schedule() -> None:
    stopped = MedicationEntry("riluzole", "disease_modifying", date(2024, 1, 1), stopped_on=date(2024, 2, 1))
    assert derive(today=date(2024, 3, 1), medications=(stopped,)).riluzole_next_alt is None


def test_edaravone_next_cycle_and_tofersen_next_dose() -> None:
    start = date(2025, 3, 1)
    edaravone = MedicationEntry("Edaravone", "disease_modifying", started_on=start)
    m = derive(today=start + timedelta(days=30), medications=(edaravone,))
    assert m.edaravone_next_cycle == start + timedelta(days=56)
    day0 = date(2025, 1, 6)
    doses = (day0, day0 + timedelta(days=14), day0 + timedelta(days=28), day0 + timedelta(days=60))
    tofersen = MedicationEntry("Tofersen", "disease_modifying", started_on=day0, doses_given=doses)
    assert derive(today=date(2025, 3, 10), medications=(tofersen,)).tofersen_next_dose == day0 + timedelta(days=88)


def test_diagnostic_delay_and_duration_in_clinic_months() -> None:
    m = derive(today=date(2024, 1, 15), onset_date=date(2023, 1, 15), diagnosis_date=date(2024, 1, 15))
    assert m.diagnostic_delay_months == pytest.approx(11.99, abs=0.005)
    assert m.disease_duration_months == pytest.approx(11.99, abs=0.005)
