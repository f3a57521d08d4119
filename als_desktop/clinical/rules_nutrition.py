"""Nutrition prompts (reference sections 3 and 11).

Gaps in the reference, deliberately not filled with invented numbers:
- "Significant dysphagia" has no definition, so no prompt fires on dysphagia severity alone.
- "FVC approaching 50 %" has no number, so the gastrostomy-timing prompt fires whenever FVC
  is recorded for a patient with dysphagia (ALSFRS-R swallowing < 4) or weight loss at the
  early-warning setting, and says whether FVC is still above 50 % (EFNS 2012).

Care in place (reference section 11): the gastrostomy prompts are quiet once a gastrostomy is
placed or planned; once declined, the decline is shown as a fact and they return only when the
weight or the swallowing item is lower than at the decision. With a gastrostomy in place,
weight loss asks the dietitian to review the feeding regimen; with oral supplements in use,
it asks for a review rather than to start them. The patient can decline oral nutritional
supplements (the early weight-loss prompt's answer, while it advises them): it returns when the
weight loss is greater than at the decision.
"""

from __future__ import annotations

from . import sources
from .care_state import (
    Declinable,
    ReturnsOn,
    Series,
    Worsening,
    first_worsening,
    worsened_since,
    worsening_text,
)
from .measures import PatientMeasures
from .nutrition import GASTROSTOMY_WEIGHT_LOSS_PERCENT, UNDERWEIGHT_BMI, weight_loss_percent
from .prompts import Severity
from .rules_common import Finding, declined_fact, measured, num, rule, shown_date, with_estimates
from .settings import ClinicSettings
from .snapshot import PatientSnapshot

EFNS_FVC_PERCENT = 50.0  # offer gastrostomy while FVC > 50 % predicted
NORMAL_ITEM = 4  # ALSFRS-R: 4 = normal


def _weight_values(m: PatientMeasures) -> tuple[tuple[str, str], ...]:
    assert m.weight_loss_percent is not None and m.reference_weight and m.latest_weight
    return (
        ("Weight loss", f"{num(m.weight_loss_percent, 2)} % against {m.reference_weight.description}"),
        ("Latest weight", measured(f"{num(m.latest_weight.value)} kg", m.latest_weight.on)),
    )


def _swallowing(s: PatientSnapshot) -> Series:
    return tuple(
        (e.visit_date, float(e.scores["swallowing"])) for e in s.alsfrs
        if e.scores.get("swallowing") is not None and e.visit_date <= s.today
    )


def gastrostomy_worsening(s: PatientSnapshot, m: PatientMeasures) -> Worsening | None:
    """Weight or ALSFRS-R swallowing lower than when gastrostomy was declined."""
    declined = m.care.gastrostomy_declined_on
    if declined is None:
        return None
    weights = tuple((w.visit_date, w.weight_kg) for w in s.weights if w.visit_date <= s.today)
    return first_worsening(
        worsened_since("Weight", "kg", weights, declined),
        worsened_since("ALSFRS-R swallowing", "of 4", _swallowing(s), declined),
    )


def gastrostomy_quiet(s: PatientSnapshot, m: PatientMeasures) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """Whether the gastrostomy prompts stay quiet and, when a decline is overtaken, what changed."""
    care = m.care
    if care.gastrostomy_placed or care.gastrostomy_planned:
        return True, ()
    if care.gastrostomy_declined_on is None:
        return False, ()
    worsening = gastrostomy_worsening(s, m)
    if worsening is None:
        return True, ()
    return False, (("Gastrostomy declined",
                    f"{shown_date(care.gastrostomy_declined_on)}; since then {worsening_text(worsening)}"),)


@rule(
    "NUT-GASTROSTOMY-10PC", "nutrition", Severity.ACTION,
    "Gastrostomy: weight loss above 10 %",
    "Weight loss against the reference weight > 10 %, and no gastrostomy placed or planned; "
    "after a decline, only when the weight or the ALSFRS-R swallowing item is lower than at "
    "the decision.",
    f"{sources.GUIDE}: gastrostomy when weight loss > 10 % (PEG preferred, RIG for frail patients)",
)
def gastrostomy_weight_loss(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.weight_loss_percent is None or not m.weight_loss_percent > GASTROSTOMY_WEIGHT_LOSS_PERCENT:
        return None
    quiet, declined = gastrostomy_quiet(s, m)
    if quiet:
        return None
    values = _weight_values(m) + declined
    if m.gastrostomy_status and not declined:
        values += (("Gastrostomy", m.gastrostomy_status.replace("_", " ")),)
    return Finding(
        "Weight loss is above 10 % (about 2.5 times higher mortality): gastrostomy is indicated "
        "(PEG preferred, RIG for frail patients).",
        values,
    )


def weight_loss_series(s: PatientSnapshot, m: PatientMeasures) -> Series:
    """Weight loss at each weighing against the reference weight the prompts use."""
    # Rounded as the prompts show it, so a weight shown as unchanged is not read as a worsening.
    return tuple((w.visit_date, round(loss, 2)) for w in s.weights
                 if w.visit_date <= s.today and (loss := weight_loss_percent(m.reference_weight, w.weight_kg)) is not None)


WEIGHT_LOSS = ReturnsOn("Weight loss", "%", weight_loss_series, higher_is_worse=True)


@rule(
    "NUT-WEIGHT-EARLY", "nutrition", Severity.ACTION,
    "Early weight-loss warning",
    "Weight loss against the reference weight ≥ the early-warning setting. With a gastrostomy "
    "in place it asks the dietitian to review the feeding regimen; with oral supplements in "
    "use, to review the nutrition plan; otherwise to start nutritional interventions.",
    f"{sources.GUIDE}: start nutritional interventions before significant loss",
    ("early_weight_loss_percent",),
    declinable=Declinable("Oral nutritional supplements", (WEIGHT_LOSS,)),
)
def weight_early(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.weight_loss_percent is None or m.weight_loss_percent < c.early_weight_loss_percent:
        return None
    loss = f"Weight loss is {num(m.weight_loss_percent, 1)} % of the reference weight"
    values = with_estimates(_weight_values(m), m.weight_estimate)
    if m.care.gastrostomy_placed:
        return Finding(f"{loss}, with a gastrostomy in place: dietitian review of the feeding regimen.",
                       values + (("Gastrostomy", "in place"),), declinable=False)
    if m.care.supplements_in_use:
        return Finding(f"{loss}, with oral nutritional supplements already in use: dietitian review "
                       "of the nutrition plan.", values + (("Oral supplements", "in use"),), declinable=False)
    return Finding(
        f"{loss}: dietitian review; enrich and fractionate meals, consider oral nutritional "
        "supplements.",
        values,
    )


@rule(
    "NUT-BMI-UNDERWEIGHT", "nutrition", Severity.ACTION,
    "Underweight (BMI below 18.5)",
    "BMI from the latest weight and the recorded height < 18.5 kg/m².",
    sources.WHO_BMI,
)
def underweight(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.bmi is None or not m.bmi < UNDERWEIGHT_BMI or m.latest_weight is None:
        return None
    return Finding(
        "BMI is in the underweight range: dietitian review.",
        (
            ("BMI", f"{num(m.bmi)} kg/m² (weight {num(m.latest_weight.value)} kg, height {num(s.height_cm or 0)} cm)"),
            ("Weighed", shown_date(m.latest_weight.on)),
        ),
    )


@rule(
    "NUT-GASTROSTOMY-TIMING", "nutrition", Severity.ACTION,
    "Gastrostomy discussion while respiratory function allows it",
    "No gastrostomy placed and its status not yet discussed or planned (after a decline, only "
    "when the weight or the swallowing item is lower than at the decision); dysphagia "
    "(latest ALSFRS-R swallowing item < 4) or weight loss ≥ the early-warning setting; and "
    "an FVC recorded. The reference gives no number for 'FVC approaching 50 %', so any "
    "recorded FVC qualifies; the message says whether FVC is still above 50 %.",
    f"{sources.EFNS_2012}: offer gastrostomy while FVC > 50 %; {sources.MND_ASSOCIATION}: RIG with poor respiratory function",
    ("early_weight_loss_percent",),
)
def gastrostomy_timing(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    quiet, declined = gastrostomy_quiet(s, m)
    if quiet or m.gastrostomy_status == "discussed" or m.fvc_sitting is None:
        return None
    swallowing = next(
        ((e.scores["swallowing"], e.visit_date) for e in reversed(s.alsfrs) if e.scores.get("swallowing") is not None),
        None,
    )
    dysphagia = swallowing is not None and swallowing[0] < NORMAL_ITEM  # type: ignore[operator]
    losing = m.weight_loss_percent is not None and m.weight_loss_percent >= c.early_weight_loss_percent
    if not (dysphagia or losing):
        return None
    values: tuple[tuple[str, str], ...] = (
        ("FVC", measured(f"{num(m.fvc_sitting.value)} % predicted", m.fvc_sitting.on)),
    )
    if dysphagia and swallowing:
        values += (("ALSFRS-R swallowing", f"{swallowing[0]} of 4 ({shown_date(swallowing[1])})"),)
    if losing:
        values += _weight_values(m)[:1]
    values += declined
    if m.fvc_sitting.value > EFNS_FVC_PERCENT:
        message = ("Discuss gastrostomy now, while FVC is above 50 % and placement is safe; "
                   "with poorer respiratory function RIG is preferred.")
    else:
        message = ("Discuss gastrostomy now: FVC is 50 % or less, so respiratory function is poor "
                   "and RIG is preferred.")
    return Finding(message, with_estimates(values, m.fvc_estimate, m.weight_estimate))


@rule(
    "NUT-GASTROSTOMY-DECLINED", "nutrition", Severity.INFO,
    "Gastrostomy declined",
    "The latest gastrostomy status is 'declined' and no gastrostomy is in place: the decision "
    "is shown with its date; the gastrostomy prompts return when the weight or the ALSFRS-R "
    "swallowing item is lower than at that date.",
    "Clinical reference section 11: a declined decision is shown as a fact with its date",
)
def gastrostomy_declined(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    declined = m.care.gastrostomy_declined_on
    if declined is None or m.care.gastrostomy_placed or gastrostomy_worsening(s, m) is not None:
        return None
    values: tuple[tuple[str, str], ...] = (("Gastrostomy", f"declined ({shown_date(declined)})"),)
    before = [w for w in s.weights if w.visit_date <= declined]
    if before:
        values += (("Weight at the decision", measured(f"{num(before[-1].weight_kg)} kg", before[-1].visit_date)),)
    return Finding(
        f"Gastrostomy was declined on {shown_date(declined)}. The gastrostomy prompts return if the "
        "weight or the swallowing score falls below its value at that decision.",
        values,
    )


RULES = (gastrostomy_weight_loss, weight_early, underweight, gastrostomy_timing, gastrostomy_declined,
         declined_fact(weight_early))
