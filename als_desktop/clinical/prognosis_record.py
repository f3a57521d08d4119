"""The ENCALS predictors read from a patient's record, and the estimate in words.

The model was built on patients' values at diagnosis, and the reference does not say which
ALSFRS-R and FVC to use. The program's choice, shown beside every estimate:
- ALSFRS-R: the first complete form (all twelve items) scored on or after the diagnosis date;
  the slope counts the months from symptom onset to that form's visit.
- FVC: the first sitting FVC % predicted measured on or after the diagnosis date.
- Age at onset: days from birth to onset / 365.25 (a year of 12 of the program's months).
- Bulbar onset: onset region "bulbar" (any other recorded region counts as not bulbar).
- Definite El Escorial: an El Escorial category recorded; Gold Coast or "other" criteria do
  not say whether El Escorial would be definite, so the predictor is named as missing.
- FTD: "yes" or "no"; "not assessed" is missing. C9orf72: positive or negative; not tested,
  pending or a variant of uncertain significance is missing.
Only what is recorded on or before the snapshot's day is read. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from . import alsfrs
from .prognosis import (
    NOT_A_CERTAINTY,
    OUTCOME,
    EncalsEstimate,
    EncalsInputs,
    EncalsResult,
    encals,
)
from .snapshot import PatientSnapshot
from .timing import DAYS_PER_MONTH, months_between

DAYS_PER_YEAR = 365.25
BASIS_NOTE = (
    "ALSFRS-R and FVC: the first recorded on or after the diagnosis date (the model was built "
    "on values at diagnosis)."
)


@dataclass(frozen=True)
class EncalsBasis:
    """Where the predictors came from, for the words beside the estimate."""

    onset_date: date | None
    alsfrs_on: date | None
    fvc_on: date | None


@dataclass(frozen=True)
class EncalsOutcome:
    result: EncalsResult
    basis: EncalsBasis

    @property
    def estimate(self) -> EncalsEstimate | None:
        return self.result if isinstance(self.result, EncalsEstimate) else None


def encals_from_record(snapshot: PatientSnapshot) -> EncalsOutcome:
    today = snapshot.today
    onset, diagnosis = snapshot.onset_date, snapshot.diagnosis_date
    reasons: dict[str, str] = {}

    form = None
    if diagnosis is None:
        reasons["alsfrs_total"] = "needs the diagnosis date (the first complete form on or after it is used)"
    else:
        form = next((entry for entry in snapshot.alsfrs
                     if diagnosis <= entry.visit_date <= today and alsfrs.total(entry.scores) is not None), None)
        if form is None:
            reasons["alsfrs_total"] = "no complete ALSFRS-R on or after the diagnosis date"
    fvc = None
    if diagnosis is None:
        reasons["fvc_percent"] = "needs the diagnosis date (the first sitting FVC on or after it is used)"
    else:
        fvc = next((entry for entry in snapshot.respiratory
                    if diagnosis <= entry.visit_date <= today and entry.measures.fvc_percent is not None), None)
        if fvc is None:
            reasons["fvc_percent"] = "no sitting FVC on or after the diagnosis date"
    if onset is None:
        for name in ("months_onset_to_alsfrs", "diagnostic_delay_months", "age_at_onset_years"):
            reasons[name] = "symptom onset date not recorded"
    if diagnosis is None:
        reasons["diagnostic_delay_months"] = "diagnosis date not recorded" + (
            "" if onset else "; symptom onset date not recorded")
    if form is None and onset is not None:
        reasons["months_onset_to_alsfrs"] = "needs that ALSFRS-R"

    criteria = snapshot.diagnostic_criteria
    if criteria is not None and not criteria.startswith("el_escorial"):
        reasons["definite_el_escorial"] = "the criteria recorded are not El Escorial"

    inputs = EncalsInputs(
        alsfrs_total=alsfrs.total(form.scores) if form else None,
        months_onset_to_alsfrs=months_between(onset, form.visit_date) if onset and form else None,
        diagnostic_delay_months=months_between(onset, diagnosis) if onset and diagnosis else None,
        age_at_onset_years=(onset - snapshot.date_of_birth).days / DAYS_PER_YEAR if onset else None,
        fvc_percent=fvc.measures.fvc_percent if fvc else None,
        bulbar_onset=None if snapshot.onset_region is None else snapshot.onset_region == "bulbar",
        definite_el_escorial=(criteria == "el_escorial_definite"
                              if criteria is not None and criteria.startswith("el_escorial") else None),
        ftd={"yes": True, "no": False}.get(snapshot.ftd or ""),
        c9orf72={"positive": True, "negative": False}.get(snapshot.c9orf72_status or ""),
    )
    basis = EncalsBasis(onset, form.visit_date if form else None, fvc.visit_date if fvc else None)
    return EncalsOutcome(encals(inputs, reasons), basis)


# ---------------------------------------------------------------------------- in words


def _date(day: date) -> str:
    return f"{day:%d %b %Y}"


def _signed(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace("-", "−")


def _yes_no(value: bool | None) -> str:
    return "yes" if value else "no"


def survival_text(estimate: EncalsEstimate) -> str:
    """'12 months 93 % · 24 months 64 % · 36 months 38 %'"""
    return " · ".join(f"{months} months {probability * 100:.0f} %" for months, probability in estimate.survival)


def median_text(estimate: EncalsEstimate, onset: date | None) -> str:
    if estimate.median_months is None:
        return "beyond the range the model covers"
    text = f"{estimate.median_months:.0f} months from onset"
    if onset is not None:
        text += f" (about {onset + timedelta(days=estimate.median_months * DAYS_PER_MONTH):%b %Y})"
    return text


def predictors_text(estimate: EncalsEstimate, basis: EncalsBasis) -> str:
    i = estimate.inputs
    alsfrs_on = f" on {_date(basis.alsfrs_on)}" if basis.alsfrs_on else ""
    fvc_on = f" on {_date(basis.fvc_on)}" if basis.fvc_on else ""
    return (
        f"ALSFRS-R {i.alsfrs_total}/48{alsfrs_on}, {i.months_onset_to_alsfrs:.1f} months from onset "
        f"(slope {_signed(estimate.slope)} points/month); diagnostic delay {i.diagnostic_delay_months:.1f} months; "
        f"age at onset {i.age_at_onset_years:.0f}; FVC {i.fvc_percent:g} % predicted{fvc_on}; "
        f"bulbar onset {_yes_no(i.bulbar_onset)}; definite El Escorial {_yes_no(i.definite_el_escorial)}; "
        f"FTD {_yes_no(i.ftd)}; C9orf72 {'positive' if i.c9orf72 else 'negative'}"
    )


def encals_lines(outcome: EncalsOutcome) -> list[tuple[str, str]]:
    """(label, value) lines for the Overview, the command line and the team's copy of the plan."""
    estimate = outcome.estimate
    if estimate is None:
        missing = outcome.result.missing  # type: ignore[union-attr]
        return [("Not estimated", "every predictor must be recorded. Missing: " + "; ".join(missing))]
    return [
        ("Predicted survival from onset", f"{survival_text(estimate)} ({OUTCOME})"),
        ("Median", median_text(estimate, outcome.basis.onset_date)),
        ("Linear predictor", _signed(estimate.linear_predictor)),
        ("Predictors", predictors_text(estimate, outcome.basis)),
        ("Read this as", f"{NOT_A_CERTAINTY} {BASIS_NOTE}"),
    ]


def encals_document(outcome: EncalsOutcome) -> dict[str, object]:
    """The estimate for `summary --json`: numbers unrounded by words, plus its source."""
    estimate = outcome.estimate
    basis = {"alsfrs_on": outcome.basis.alsfrs_on, "fvc_on": outcome.basis.fvc_on}
    if estimate is None:
        return {"model": "ENCALS", "source": outcome.result.source, "estimated": False,
                "missing": list(outcome.result.missing), "basis": basis}  # type: ignore[union-attr]
    return {
        "model": "ENCALS",
        "source": estimate.source,
        "estimated": True,
        "research_estimate": NOT_A_CERTAINTY,
        "outcome": OUTCOME,
        "linear_predictor": estimate.linear_predictor,
        "slope_points_per_month": estimate.slope,
        "survival": {f"{months}_months": probability for months, probability in estimate.survival},
        "median_months_from_onset": estimate.median_months,
        "predictors": {
            "alsfrs_total": estimate.inputs.alsfrs_total,
            "months_onset_to_alsfrs": estimate.inputs.months_onset_to_alsfrs,
            "diagnostic_delay_months": estimate.inputs.diagnostic_delay_months,
            "age_at_onset_years": estimate.inputs.age_at_onset_years,
            "fvc_percent": estimate.inputs.fvc_percent,
            "bulbar_onset": estimate.inputs.bulbar_onset,
            "definite_el_escorial": estimate.inputs.definite_el_escorial,
            "ftd": estimate.inputs.ftd,
            "c9orf72": estimate.inputs.c9orf72,
        },
        "basis": basis,
    }
