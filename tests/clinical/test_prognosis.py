"""The ENCALS estimate against the clinical reference, section 10, computed by hand here.

The expected numbers are worked out in each test with the reference's coefficients written out
again (not read from the module), so a changed coefficient or transform fails a test.
"""

from __future__ import annotations

import itertools
import math
from datetime import date

import pytest

from als_desktop.clinical import prognosis as p
from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.prognosis import (
    EncalsEstimate,
    EncalsInputs,
    EncalsMissing,
    encals,
)
from als_desktop.clinical.prognosis_record import encals_from_record, encals_lines
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.snapshot import AlsfrsEntry, PatientSnapshot, RespiratoryEntry

# Reference knots, written out again.
KMIN, K1, K2, KMAX = 0.081, 3.108, 3.638, 5.917


def hand_v(x: float, k: float) -> float:
    lam = (KMAX - k) / (KMAX - KMIN)
    cube = lambda u: u ** 3 if u > 0 else 0.0
    return cube(x - k) - lam * cube(x - KMIN) - (1 - lam) * cube(x - KMAX)


def hand_s(x: float) -> float:
    return -6.409 + 2.643 * x - 0.546 * hand_v(x, K1) + 0.585 * hand_v(x, K2)


WORKED = EncalsInputs(alsfrs_total=38, months_onset_to_alsfrs=12.0, diagnostic_delay_months=10.0,
                      age_at_onset_years=60.0, fvc_percent=80.0, bulbar_onset=True,
                      definite_el_escorial=False, ftd=False, c9orf72=False)


def test_worked_case_linear_predictor_by_hand():
    # slope = (38 - 48) / 12 = -0.83333; tSLOPE = (0.83333 + 0.1)^-0.5 = 1.035098
    # tDX = (10/10)^-0.5 + ln(1) = 1; tAGE = 0.6^-2 = 2.777778; tFVC = 1/0.8 + 0.8^-0.5 = 2.368034
    # LP = -1.837*1.035098 - 2.373*1 - 0.267*2.777778 + 0.477*2.368034 + 0.269*1
    t_slope = (10 / 12 + 0.1) ** -0.5
    assert t_slope == pytest.approx(1.035098, abs=1e-6)
    expected = -1.837 * t_slope - 2.373 * 1 - 0.267 * (1 / 0.36) + 0.477 * (1.25 + 0.8 ** -0.5) + 0.269
    assert expected == pytest.approx(-3.61759, abs=1e-5)

    result = encals(WORKED)
    assert isinstance(result, EncalsEstimate)
    assert result.slope == pytest.approx(-10 / 12)
    assert result.linear_predictor == pytest.approx(expected, abs=1e-9)
    assert result.source == "Westeneng et al., Lancet Neurol 2018;17:423-33 (ENCALS survival model)"


def test_worked_case_survival_and_median():
    result = encals(WORKED)
    lp = -3.617590102800824
    by_months = dict(result.survival)
    assert set(by_months) == {12, 24, 36}
    for months in (12, 24, 36):
        x = math.log(months)
        assert by_months[months] == pytest.approx(1 / (1 + math.exp(hand_s(x) + lp)), abs=1e-9)
    # ln 12 = 2.4849 lies below k1: only the k_min term of each v_j is non-zero.
    x12 = math.log(12)
    lam1, lam2 = (KMAX - K1) / (KMAX - KMIN), (KMAX - K2) / (KMAX - KMIN)
    s12 = -6.409 + 2.643 * x12 - 0.546 * (-lam1 * (x12 - KMIN) ** 3) + 0.585 * (-lam2 * (x12 - KMIN) ** 3)
    assert by_months[12] == pytest.approx(1 / (1 + math.exp(s12 + lp)), abs=1e-12)
    assert by_months[12] == pytest.approx(0.9517, abs=1e-4)
    assert by_months[12] > by_months[24] > by_months[36]
    # The median solves s(x) + LP = 0: survival there is one half.
    median = result.median_months
    assert median == pytest.approx(28.35, abs=0.01)
    assert hand_s(math.log(median)) + lp == pytest.approx(0.0, abs=1e-9)
    assert 24 < median < 36


def test_binary_predictors_add_their_coefficients():
    base = encals(WORKED)
    everything = encals(EncalsInputs(**{**WORKED.__dict__, "definite_el_escorial": True, "ftd": True,
                                        "c9orf72": True}))
    not_bulbar = encals(EncalsInputs(**{**WORKED.__dict__, "bulbar_onset": False}))
    assert everything.linear_predictor - base.linear_predictor == pytest.approx(0.233 + 0.388 + 0.256)
    assert base.linear_predictor - not_bulbar.linear_predictor == pytest.approx(0.269)
    # A higher LP means a higher odds of the event: lower survival, earlier median.
    assert everything.median_months < base.median_months < not_bulbar.median_months


def test_transforms_of_delay_age_and_fvc_by_hand():
    # delay 5 months: tDX = 0.5^-0.5 + ln 0.5; age 45: 0.45^-2; FVC 100: 1 + 1 = 2; slope 0: (0.1)^-0.5
    inputs = EncalsInputs(48, 6.0, 5.0, 45.0, 100.0, False, False, False, False)
    expected = (-1.837 * 0.1 ** -0.5 - 2.373 * (0.5 ** -0.5 + math.log(0.5)) - 0.267 * 0.45 ** -2
                + 0.477 * 2)
    assert encals(inputs).linear_predictor == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("x", [KMIN - 1e-6, KMIN, KMIN + 1e-6, K1 - 1e-6, K1, K1 + 1e-6,
                               K2 - 1e-6, K2, K2 + 1e-6, KMAX - 1e-6, KMAX, KMAX + 1e-6, KMAX + 2])
def test_spline_at_each_knot_region_boundary(x):
    assert p.spline(x) == pytest.approx(hand_s(x), abs=1e-12)


def test_spline_regions_by_hand():
    # Below k_min every v_j is 0: s is a straight line.
    assert p.spline(0.0) == pytest.approx(-6.409)
    assert p.spline(KMIN) == pytest.approx(-6.409 + 2.643 * KMIN)
    # At k1, v1 = -lam1 (k1 - kmin)^3 and v2 = -lam2 (k1 - kmin)^3.
    lam1, lam2 = (KMAX - K1) / (KMAX - KMIN), (KMAX - K2) / (KMAX - KMIN)
    d = K1 - KMIN
    assert p.spline(K1) == pytest.approx(-6.409 + 2.643 * K1 + 0.546 * lam1 * d ** 3 - 0.585 * lam2 * d ** 3)
    # Beyond k_max the restricted spline is linear: equal steps give equal rises.
    rise1 = p.spline(KMAX + 1) - p.spline(KMAX)
    rise2 = p.spline(KMAX + 2) - p.spline(KMAX + 1)
    assert rise1 == pytest.approx(rise2, rel=1e-9)


def test_spline_rises_so_the_median_is_unique():
    xs = [i / 100 for i in range(-500, 1500)]
    values = [p.spline(x) for x in xs]
    assert all(b > a for a, b in itertools.pairwise(values))


def test_median_outside_the_searched_range_is_none():
    assert p.median_months(100.0) is None  # s(x) + LP never falls to 0 in range
    assert p.median_months(-100.0) is None


@pytest.mark.parametrize("missing_field", list(p.INPUT_NAMES))
def test_each_missing_predictor_is_named(missing_field):
    inputs = EncalsInputs(**{**WORKED.__dict__, missing_field: None})
    result = encals(inputs)
    assert isinstance(result, EncalsMissing)
    assert result.missing == (p.INPUT_NAMES[missing_field],)


def test_every_missing_predictor_named_with_its_reason():
    result = encals(EncalsInputs(None, None, None, None, None, None, None, None, None),
                    {"ftd": "not assessed"})
    assert isinstance(result, EncalsMissing)
    assert len(result.missing) == 9
    assert "frontotemporal dementia (FTD): yes or no: not assessed" in result.missing


def test_values_the_formula_cannot_take_are_named():
    result = encals(EncalsInputs(**{**WORKED.__dict__, "diagnostic_delay_months": 0.0}))
    assert isinstance(result, EncalsMissing)
    assert any("diagnostic delay above 0" in item for item in result.missing)


# ---------------------------------------------------------------------------- from the record

ALL_FOURS = {name: 4 for name in ITEMS}


def _scores(total_down: int) -> dict[str, int]:
    scores = dict(ALL_FOURS)
    for name in list(scores)[:total_down]:
        scores[name] = 3
    return scores


def _snapshot(**changes) -> PatientSnapshot:
    values: dict[str, object] = {
        "today": date(2025, 6, 1), "date_of_birth": date(1960, 1, 1), "onset_date": date(2023, 1, 1),
        "diagnosis_date": date(2023, 11, 1), "onset_region": "bulbar", "diagnostic_criteria": "el_escorial_definite",
        "ftd": "no", "c9orf72_status": "negative",
        "alsfrs": (AlsfrsEntry(date(2023, 10, 1), _scores(2), "5a"),  # before diagnosis: not used
                AlsfrsEntry(date(2023, 11, 1), {**_scores(4), "walking": None}, "5a"),  # incomplete
                AlsfrsEntry(date(2023, 12, 1), _scores(6), "5a"),
                AlsfrsEntry(date(2024, 6, 1), _scores(10), "5a")),
        "respiratory": (RespiratoryEntry(date(2023, 10, 1), Measures(fvc_percent=95)),
                        RespiratoryEntry(date(2023, 12, 1), Measures(fvc_percent=82)),
                        RespiratoryEntry(date(2024, 6, 1), Measures(fvc_percent=70))),
    }
    values.update(changes)
    return PatientSnapshot(**values)  # type: ignore[arg-type]


def test_record_uses_first_complete_alsfrs_and_fvc_on_or_after_diagnosis():
    outcome = encals_from_record(_snapshot())
    estimate = outcome.estimate
    assert estimate is not None
    assert estimate.inputs.alsfrs_total == 42  # the 1 Dec 2023 form
    assert estimate.inputs.months_onset_to_alsfrs == pytest.approx((date(2023, 12, 1) - date(2023, 1, 1)).days / 30.4375)
    assert estimate.inputs.diagnostic_delay_months == pytest.approx(304 / 30.4375)
    assert estimate.inputs.age_at_onset_years == pytest.approx((date(2023, 1, 1) - date(1960, 1, 1)).days / 365.25)
    assert estimate.inputs.fvc_percent == 82
    assert (estimate.inputs.bulbar_onset, estimate.inputs.definite_el_escorial) == (True, True)
    assert (estimate.inputs.ftd, estimate.inputs.c9orf72) == (False, False)
    assert outcome.basis.alsfrs_on == date(2023, 12, 1) and outcome.basis.fvc_on == date(2023, 12, 1)


def test_record_ignores_values_after_the_snapshot_day():
    outcome = encals_from_record(_snapshot(today=date(2023, 11, 15)))
    assert outcome.estimate is None
    assert any("no complete ALSFRS-R on or after the diagnosis date" in m for m in outcome.result.missing)
    assert any("no sitting FVC on or after the diagnosis date" in m for m in outcome.result.missing)


@pytest.mark.parametrize(("changes", "named"), [
    ({"ftd": "unknown"}, "frontotemporal dementia"),
    ({"ftd": None}, "frontotemporal dementia"),
    ({"c9orf72_status": "not_tested"}, "C9orf72"),
    ({"c9orf72_status": "vus"}, "C9orf72"),
    ({"diagnostic_criteria": "gold_coast"}, "El Escorial category (definite or not): the criteria recorded are not El Escorial"),
    ({"diagnostic_criteria": None}, "El Escorial category"),
    ({"onset_region": None}, "onset region"),
    ({"onset_date": None}, "age at onset: symptom onset date not recorded"),
    ({"diagnosis_date": None}, "diagnostic delay: diagnosis date not recorded"),
])
def test_record_names_what_is_missing(changes, named):
    outcome = encals_from_record(_snapshot(**changes))
    assert outcome.estimate is None
    assert any(named in item for item in outcome.result.missing), outcome.result.missing
    (label, text), = encals_lines(outcome)
    assert label == "Not estimated" and named in text


def test_probable_el_escorial_counts_as_not_definite():
    outcome = encals_from_record(_snapshot(diagnostic_criteria="el_escorial_probable"))
    assert outcome.estimate is not None and outcome.estimate.inputs.definite_el_escorial is False


def test_lines_say_research_estimate_not_certainty():
    lines = dict(encals_lines(encals_from_record(_snapshot())))
    assert "not a certainty" in lines["Read this as"]
    assert lines["Predicted survival from onset"].startswith("12 months ")
    assert "months from onset (about " in lines["Median"]
