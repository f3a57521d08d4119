"""The rule table: every prompt the program raises, with its owner, severity, logic and source.

docs/clinical.md is generated from this table (python -m als_desktop.clinical.docs). The
rules themselves live by discipline in rules_nutrition, rules_respiratory, rules_neurology
and rules_care; each reads the snapshot and the derived measures (measures.derive) only.
Missing data never fires a numeric rule; deceased patients get no prompts (evaluate_all).
"""

from __future__ import annotations

from . import rules_care, rules_neurology, rules_nutrition, rules_respiratory
from .prompts import Prompt, Rule, evaluate_all
from .settings import ClinicSettings
from .snapshot import PatientSnapshot

RULES: tuple[Rule, ...] = (
    *rules_neurology.RULES,
    *rules_respiratory.RULES,
    *rules_nutrition.RULES,
    *rules_care.RULES,
)

# Where the reference gives no number, no number is invented; what the rules do instead.
REFERENCE_GAPS: tuple[str, ...] = (
    ("'Significant dysphagia' (gastrostomy indication) is not defined: no prompt fires on "
    "dysphagia severity alone; dysphagia (ALSFRS-R swallowing < 4) feeds the gastrostomy-timing "
    "prompt only."),
    ("'FVC approaching 50 %' has no number: the gastrostomy-timing prompt fires with any recorded "
    "FVC and says whether FVC is still above 50 % (EFNS 2012)."),
    ("Tracheostomy discussion 'as the disease progresses' has no stage or number: NIV in use "
    "without a recorded tracheostomy or ventilatory-support discussion is the trigger."),
    ("Riluzole ALT after the first year is 'periodically' without an interval: no date is "
    "prompted after the 12-month test."),
    ("SpO₂ < 94 % applies 'with no lung disease', which the record does not hold: the blood-gas "
    "prompt says so in its message."),
    ("The 'about 12 months' diagnostic delay is context only: the delay is shown for every "
    "patient with onset and diagnosis dates, never graded."),
    ("The FVC trend plot draws an 80 % predicted line as the clinic asked, but the reference "
    "gives it no source: it is a visual reference only and no prompt uses it."),
    ("The reference gives no method for projecting FVC or weight: the estimates use the "
    "program's own statistical choices (see 'Estimates' above) and are always labelled as such."),
)

RULES_BY_ID: dict[str, Rule] = {r.rule_id: r for r in RULES}
assert len(RULES_BY_ID) == len(RULES), "rule ids must be unique"


def prompts_for(snapshot: PatientSnapshot, settings: ClinicSettings) -> list[Prompt]:
    """Every prompt for one patient, most urgent first."""
    return evaluate_all(RULES, snapshot, settings)
