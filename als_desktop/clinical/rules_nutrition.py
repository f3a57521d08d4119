"""Nutrition prompts (reference section 3).

Gaps in the reference, deliberately not filled with invented numbers:
- "Significant dysphagia" has no definition, so no prompt fires on dysphagia severity alone.
- "FVC approaching 50 %" has no number, so the gastrostomy-timing prompt fires whenever FVC
  is recorded for a patient with dysphagia (ALSFRS-R swallowing < 4) or weight loss at the
  early-warning setting, and says whether FVC is still above 50 % (EFNS 2012).
"""

from __future__ import annotations

from . import sources
from .measures import PatientMeasures
from .nutrition import GASTROSTOMY_WEIGHT_LOSS_PERCENT, UNDERWEIGHT_BMI
from .prompts import Severity
from .rules_common import Finding, measured, num, rule, shown_date, with_estimates
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


@rule(
    "NUT-GASTROSTOMY-10PC", "nutrition", Severity.ACTION,
    "Gastrostomy: weight loss above 10 %",
    "Weight loss against the reference weight > 10 % and no gastrostomy placed.",
    f"{sources.GUIDE}: gastrostomy when weight loss > 10 % (PEG preferred, RIG for frail patients)",
)
def gastrostomy_weight_loss(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.weight_loss_percent is None or m.gastrostomy_placed:
        return None
    if not m.weight_loss_percent > GASTROSTOMY_WEIGHT_LOSS_PERCENT:
        return None
    values = _weight_values(m)
    if m.gastrostomy_status:
        values += (("Gastrostomy", m.gastrostomy_status.replace("_", " ")),)
    return Finding(
        "Weight loss is above 10 % (about 2.5 times higher mortality): gastrostomy is indicated "
        "(PEG preferred, RIG for frail patients).",
        values,
    )


@rule(
    "NUT-WEIGHT-EARLY", "nutrition", Severity.ACTION,
    "Early weight-loss warning",
    "Weight loss against the reference weight ≥ the early-warning setting.",
    f"{sources.GUIDE}: start nutritional interventions before significant loss",
    ("early_weight_loss_percent",),
)
def weight_early(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.weight_loss_percent is None or m.weight_loss_percent < c.early_weight_loss_percent:
        return None
    return Finding(
        "Weight is falling: dietitian review; enrich and fractionate meals, consider oral "
        "nutritional supplements.",
        with_estimates(_weight_values(m), m.weight_estimate),
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
    "No gastrostomy placed and its status not yet discussed/planned/declined; dysphagia "
    "(latest ALSFRS-R swallowing item < 4) or weight loss ≥ the early-warning setting; and "
    "an FVC recorded. The reference gives no number for 'FVC approaching 50 %', so any "
    "recorded FVC qualifies; the message says whether FVC is still above 50 %.",
    f"{sources.EFNS_2012}: offer gastrostomy while FVC > 50 %; {sources.MND_ASSOCIATION}: RIG with poor respiratory function",
    ("early_weight_loss_percent",),
)
def gastrostomy_timing(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.gastrostomy_placed or m.gastrostomy_status in ("discussed", "planned", "declined", "placed"):
        return None
    if m.fvc_sitting is None:
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
    if m.fvc_sitting.value > EFNS_FVC_PERCENT:
        message = ("Discuss gastrostomy now, while FVC is above 50 % and placement is safe; "
                   "with poorer respiratory function RIG is preferred.")
    else:
        message = ("Discuss gastrostomy now: FVC is 50 % or less, so respiratory function is poor "
                   "and RIG is preferred.")
    return Finding(message, with_estimates(values, m.fvc_estimate, m.weight_estimate))


RULES = (gastrostomy_weight_loss, weight_early, underweight, gastrostomy_timing)
