"""The ENCALS survival model: a research estimate of time from onset to death, tracheostomy or
NIV more than 23 hours a day (Westeneng et al., Lancet Neurol 2018;17:423-33).

The formula is the one the clinical reference (section 10) gives from the authors' code:

    slope = (ALSFRS-R total − 48) / months from onset
    tSLOPE = (−slope + 0.1)^−0.5
    tDX    = (delay months / 10)^−0.5 + ln(delay months / 10)
    tAGE   = (age at onset / 100)^−2
    tFVC   = (FVC % / 100)^−1 + (FVC % / 100)^−0.5
    LP     = −1.837·tSLOPE − 2.373·tDX − 0.267·tAGE + 0.477·tFVC
             + 0.269·bulbar onset + 0.233·definite El Escorial + 0.388·FTD + 0.256·C9orf72
    S(t)   = 1 / (1 + exp(s(x) + LP)),  x = ln(months from onset)
    s(x)   = −6.409 + 2.643·x − 0.546·v1 + 0.585·v2
    v_j    = (x − k_j)₊³ − λ_j·(x − k_min)₊³ − (1 − λ_j)·(x − k_max)₊³,  λ_j = (k_max − k_j)/(k_max − k_min)

Every predictor must be recorded: a missing one is named, never replaced by a default. Which
record supplies each predictor (clinical/prognosis_record.py) is the program's choice where the
reference leaves it open. This module is pure arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from . import sources

SOURCE = sources.ENCALS
OUTCOME = "survival without tracheostomy or NIV more than 23 hours a day"
NOT_A_CERTAINTY = "A research estimate for a group of patients like this one, not a certainty for this patient."

# The model's coefficients and spline knots, as published (reference section 10).
COEF_SLOPE = -1.837
COEF_DX = -2.373
COEF_AGE = -0.267
COEF_FVC = 0.477
COEF_BULBAR = 0.269
COEF_DEFINITE = 0.233
COEF_FTD = 0.388
COEF_C9ORF72 = 0.256
SPLINE_INTERCEPT = -6.409
SPLINE_X = 2.643
SPLINE_V1 = -0.546
SPLINE_V2 = 0.585
K_MIN = 0.081
K1 = 3.108
K2 = 3.638
K_MAX = 5.917

SURVIVAL_MONTHS = (12, 24, 36)  # months from onset at which S(t) is shown

# ln(months) searched for the median; s(x) rises throughout, so one crossing at most.
_MEDIAN_BRACKET = (-10.0, 20.0)
_BISECTION_STEPS = 200


@dataclass(frozen=True)
class EncalsInputs:
    """The predictors as recorded; None = not recorded (named in EncalsMissing)."""

    alsfrs_total: int | None  # 0-48
    months_onset_to_alsfrs: float | None  # from symptom onset to the day that total was scored
    diagnostic_delay_months: float | None
    age_at_onset_years: float | None
    fvc_percent: float | None  # % predicted
    bulbar_onset: bool | None
    definite_el_escorial: bool | None
    ftd: bool | None
    c9orf72: bool | None


# What each input is called when it is missing.
INPUT_NAMES: dict[str, str] = {
    "alsfrs_total": "ALSFRS-R total",
    "months_onset_to_alsfrs": "months from symptom onset to that ALSFRS-R",
    "diagnostic_delay_months": "diagnostic delay",
    "age_at_onset_years": "age at onset",
    "fvc_percent": "FVC % predicted",
    "bulbar_onset": "onset region (bulbar or not)",
    "definite_el_escorial": "El Escorial category (definite or not)",
    "ftd": "frontotemporal dementia (FTD): yes or no",
    "c9orf72": "C9orf72 result: positive or negative",
}


@dataclass(frozen=True)
class EncalsEstimate:
    inputs: EncalsInputs
    slope: float  # ALSFRS-R points per month (negative when falling)
    linear_predictor: float
    survival: tuple[tuple[int, float], ...]  # (months from onset, probability 0-1)
    median_months: float | None  # months from onset at which S = 0.5; None outside the searched range
    source: str = SOURCE


@dataclass(frozen=True)
class EncalsMissing:
    """Why there is no estimate: each predictor not recorded (or not usable), in words."""

    missing: tuple[str, ...]
    source: str = SOURCE


EncalsResult = EncalsEstimate | EncalsMissing


def unusable(inputs: EncalsInputs) -> list[str]:
    """Recorded values the formula cannot take (a power or logarithm of zero or less)."""
    problems = []
    if inputs.months_onset_to_alsfrs is not None and inputs.months_onset_to_alsfrs <= 0:
        problems.append("the ALSFRS-R must be scored after symptom onset")
    if inputs.diagnostic_delay_months is not None and inputs.diagnostic_delay_months <= 0:
        problems.append("the diagnosis must be after symptom onset (diagnostic delay above 0)")
    if inputs.age_at_onset_years is not None and inputs.age_at_onset_years <= 0:
        problems.append("symptom onset must be after the date of birth")
    if inputs.fvc_percent is not None and inputs.fvc_percent <= 0:
        problems.append("FVC % predicted must be above 0")
    if inputs.alsfrs_total is not None and not 0 <= inputs.alsfrs_total <= 48:
        problems.append("the ALSFRS-R total must be 0-48")
    return problems


def encals(inputs: EncalsInputs, reasons: dict[str, str] | None = None) -> EncalsResult:
    """The estimate, or every missing predictor named (with `reasons[field]` when given)."""
    reasons = reasons or {}
    missing = [
        f"{INPUT_NAMES[f.name]}: {reasons[f.name]}" if f.name in reasons else INPUT_NAMES[f.name]
        for f in fields(inputs) if getattr(inputs, f.name) is None
    ]
    missing += unusable(inputs)
    if missing:
        return EncalsMissing(tuple(missing))
    slope = alsfrs_slope(inputs.alsfrs_total, inputs.months_onset_to_alsfrs)  # type: ignore[arg-type]
    lp = linear_predictor(
        slope, inputs.diagnostic_delay_months, inputs.age_at_onset_years, inputs.fvc_percent,  # type: ignore[arg-type]
        bulbar_onset=bool(inputs.bulbar_onset), definite_el_escorial=bool(inputs.definite_el_escorial),
        ftd=bool(inputs.ftd), c9orf72=bool(inputs.c9orf72),
    )
    return EncalsEstimate(
        inputs=inputs,
        slope=slope,
        linear_predictor=lp,
        survival=tuple((months, survival_at(months, lp)) for months in SURVIVAL_MONTHS),
        median_months=median_months(lp),
    )


# ---------------------------------------------------------------------------- the formula


def alsfrs_slope(total: int, months_from_onset: float) -> float:
    return (total - 48) / months_from_onset


def linear_predictor(
    slope: float, delay_months: float, age_at_onset: float, fvc_percent: float, *,
    bulbar_onset: bool, definite_el_escorial: bool, ftd: bool, c9orf72: bool,
) -> float:
    t_slope = (-slope + 0.1) ** -0.5
    t_dx = (delay_months / 10) ** -0.5 + math.log(delay_months / 10)
    t_age = (age_at_onset / 100) ** -2
    t_fvc = (fvc_percent / 100) ** -1 + (fvc_percent / 100) ** -0.5
    return (
        COEF_SLOPE * t_slope + COEF_DX * t_dx + COEF_AGE * t_age + COEF_FVC * t_fvc
        + COEF_BULBAR * bulbar_onset + COEF_DEFINITE * definite_el_escorial
        + COEF_FTD * ftd + COEF_C9ORF72 * c9orf72
    )


def _cube_plus(value: float) -> float:
    return value ** 3 if value > 0 else 0.0


def spline_basis(x: float, knot: float) -> float:
    """v_j of the restricted cubic spline for interior knot `knot`."""
    lam = (K_MAX - knot) / (K_MAX - K_MIN)
    return _cube_plus(x - knot) - lam * _cube_plus(x - K_MIN) - (1 - lam) * _cube_plus(x - K_MAX)


def spline(x: float) -> float:
    """s(x), the baseline log-odds of the event by ln(months from onset)."""
    return SPLINE_INTERCEPT + SPLINE_X * x + SPLINE_V1 * spline_basis(x, K1) + SPLINE_V2 * spline_basis(x, K2)


def survival_at(months_from_onset: float, lp: float) -> float:
    """S(t): the predicted probability of being event-free `months_from_onset` after onset."""
    return 1.0 / (1.0 + math.exp(spline(math.log(months_from_onset)) + lp))


def median_months(lp: float) -> float | None:
    """Months from onset at which S(t) = 0.5, i.e. s(x) + LP = 0, found by bisection (s rises
    with x). None when the crossing lies outside ln(months) in _MEDIAN_BRACKET."""
    low, high = _MEDIAN_BRACKET
    if spline(low) + lp > 0 or spline(high) + lp < 0:
        return None
    for _ in range(_BISECTION_STEPS):
        middle = (low + high) / 2
        if spline(middle) + lp < 0:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return math.exp((low + high) / 2)
