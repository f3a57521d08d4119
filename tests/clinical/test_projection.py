"""The estimate of when FVC reaches 50 % or weight reaches the 10 % loss line: drawn only from
enough recent values of a falling trend, and shown beside the prompts it concerns."""

from datetime import date, timedelta

import pytest

from als_desktop.clinical import rules
from als_desktop.clinical.projection import HORIZON_MONTHS, crossing
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import PatientSnapshot, RespiratoryEntry, WeightEntry
from als_desktop.clinical.timing import DAYS_PER_MONTH

START = date(2025, 1, 6)


def months(n: float) -> date:
    return START + timedelta(days=round(n * DAYS_PER_MONTH))


def fvc(points: list[tuple[float, float]], threshold: float = 50.0):
    return crossing([(months(m), v) for m, v in points], threshold, measure="FVC", target="50 % predicted",
                    unit="% predicted")


def test_a_steady_fall_projects_from_the_latest_value_at_the_fitted_rate():
    # 80 → 74 → 68 over six months: 2 % a month; 18 % to go from 68 is nine months.
    estimate = fvc([(0, 80), (3, 74), (6, 68)])
    assert estimate is not None
    assert estimate.rate_per_month == pytest.approx(-2.0, abs=0.01)
    assert abs((estimate.crosses_on - (months(6) + timedelta(days=round(9 * DAYS_PER_MONTH)))).days) <= 1
    assert estimate.points == 3 and estimate.since == months(0)
    assert estimate.text() == (
        f"Estimate: FVC reaches 50 % predicted around {estimate.crosses_on:%b %Y} "
        "(falling 2 % predicted per month over 3 values since 06 Jan 2025)."
    )


def test_an_uneven_fall_uses_the_least_squares_rate_not_the_last_step():
    # Values 80, 70, 72, 62 at 0-9 months: least-squares slope −78/45 = −1.73 per month (the last
    # step alone would say −3.3).
    estimate = fvc([(0, 80), (3, 70), (6, 72), (9, 62)])
    assert estimate is not None
    assert estimate.rate_per_month == pytest.approx(-78 / 45, abs=0.01)


@pytest.mark.parametrize("points", [
    [(0, 80), (3, 74)],  # two values are not a trend
    [(0, 80), (1, 77), (2, 74)],  # three values over two months: too short a span
    [(0, 60), (3, 62), (6, 64)],  # rising
    [(0, 70), (3, 70), (6, 70)],  # flat
    [(0, 60), (3, 55), (6, 49)],  # already below 50 %
    [(0, 60), (3, 55), (6, 50)],  # at 50 %: reached, nothing to project
], ids=["two", "short", "rising", "flat", "below", "at"])
def test_no_estimate_without_a_falling_trend_of_enough_values(points):
    assert fvc(points) is None


def test_only_the_last_twelve_months_set_the_rate():
    # A high value two years back is ignored: the recent three values fall 1 % a month.
    estimate = fvc([(-24, 110), (0, 60), (3, 57), (6, 54)])
    assert estimate is not None
    assert estimate.points == 3
    assert estimate.rate_per_month == pytest.approx(-1.0, abs=0.01)


def test_a_crossing_beyond_the_horizon_is_not_shown():
    slow = fvc([(0, 90), (3, 89.5), (6, 89)])  # 39 points to go at 0.17 a month
    assert slow is None
    just_inside = fvc([(0, 50 + 3 * (HORIZON_MONTHS - 1) + 12), (6, 50 + 3 * (HORIZON_MONTHS - 1) + 6),
                       (12, 50 + 3 * (HORIZON_MONTHS - 1))])
    assert just_inside is None  # 1 a month with 69 to go: beyond 24 months
    near = fvc([(0, 62), (6, 56), (12, 50.5)])
    assert near is not None


# ---------------------------------------------------------------------------- beside prompts


def snapshot(**kw: object) -> PatientSnapshot:
    base: dict[str, object] = {"today": months(7), "date_of_birth": date(1960, 1, 1)}
    base.update(kw)
    return PatientSnapshot(**base)  # type: ignore[arg-type]


def prompt(rule_id: str, s: PatientSnapshot):
    return next((p for p in rules.prompts_for(s, ClinicSettings()) if p.rule_id == rule_id), None)


def test_the_early_weight_loss_prompt_carries_the_weight_estimate():
    # Premorbid 80 kg: 10 % loss is 72 kg. 78 → 76.5 → 75 kg: 0.5 kg a month, 6 months to go.
    s = snapshot(premorbid_weight_kg=80.0, weights=(
        WeightEntry(months(0), 78.0), WeightEntry(months(3), 76.5), WeightEntry(months(6), 75.0)))
    found = prompt("NUT-WEIGHT-EARLY", s)
    assert found is not None
    estimate = dict(found.values)["Estimate"]
    assert estimate.startswith("weight reaches 10 % loss (72.0 kg) around")
    assert "falling 0.5 kg per month over 3 values" in estimate


def test_no_estimate_beside_the_prompt_with_too_few_weights():
    s = snapshot(premorbid_weight_kg=80.0, weights=(WeightEntry(months(3), 76.0), WeightEntry(months(6), 75.0)))
    found = prompt("NUT-WEIGHT-EARLY", s)
    assert found is not None
    assert "Estimate" not in dict(found.values)


def test_the_niv_card_raised_by_symptoms_carries_the_fvc_estimate():
    def entry(m: float, value: float) -> RespiratoryEntry:
        return RespiratoryEntry(months(m), Measures(fvc_percent=value), symptoms={"orthopnoea": True})

    s = snapshot(respiratory=(entry(0, 80), entry(3, 74), entry(6, 68)))
    found = prompt("RESP-NIV-NICE", s)
    assert found is not None
    assert dict(found.values)["Estimate"].startswith("FVC reaches 50 % predicted around")
